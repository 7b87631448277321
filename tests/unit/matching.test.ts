import { describe, expect, it } from 'vitest';
import {
  candidateGraph,
  exactMatching,
  heuristicMatching,
  matchingWeight,
  matchRound,
  pairWeight,
  prepare,
  prng,
  type Graph,
  type MatchPerson,
} from '../../server/modules/coffee/matching.js';
import { fitsAvailability, mondayUtc, overlapSlots, weekMask, weeklyIntervalsUtc } from '../../server/modules/coffee/availability.js';
import { canTransition } from '../../server/modules/coffee/state.js';
import { syntheticPeople } from '../../bench/support/matching-data.js';

function randomGraph(n: number, density: number, seed: number): Graph {
  const r = prng(seed);
  const u: number[] = [];
  const v: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (r() < density) [u.push(i), v.push(j), w.push(1 + Math.floor(r() * 50))];
  return { n, u: Int32Array.from(u), v: Int32Array.from(v), w: Int32Array.from(w) };
}

/** Best matching weight by trying every matching (fine for n ≤ 10). */
function bruteForce(g: Graph): number {
  const wt = new Map<number, number>();
  for (let e = 0; e < g.u.length; e++) wt.set(g.u[e]! * g.n + g.v[e]!, g.w[e]!);
  const used = new Array(g.n).fill(false);
  const go = (i: number): number => {
    while (i < g.n && used[i]) i++;
    if (i >= g.n) return 0;
    used[i] = true;
    let best = go(i + 1); // i stays single
    for (let j = i + 1; j < g.n; j++) {
      const w = wt.get(i * g.n + j);
      if (used[j] || w === undefined) continue;
      used[j] = true;
      best = Math.max(best, w + go(i + 1));
      used[j] = false;
    }
    used[i] = false;
    return best;
  };
  return go(0);
}

function assertValid(g: Graph, mate: Int32Array) {
  const edges = new Set<number>();
  for (let e = 0; e < g.u.length; e++) edges.add(g.u[e]! * g.n + g.v[e]!);
  for (let i = 0; i < g.n; i++) {
    const j = mate[i]!;
    if (j < 0) continue;
    expect(mate[j]).toBe(i);
    expect(edges.has(Math.min(i, j) * g.n + Math.max(i, j))).toBe(true);
  }
}

const weekStartMs = Date.UTC(2027, 0, 11); // a Monday in winter

describe('the matcher', () => {
  it('exact matching equals brute force on small random graphs; the heuristic is valid and close', () => {
    let exactSum = 0;
    let heurSum = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const n = 2 + (seed % 9);
      const g = randomGraph(n, 0.2 + (seed % 5) * 0.15, seed);
      const best = bruteForce(g);
      const exact = exactMatching(g);
      assertValid(g, exact);
      expect(matchingWeight(g, exact), `seed ${seed}`).toBe(best);
      const h = heuristicMatching(g);
      assertValid(g, h);
      expect(matchingWeight(g, h)).toBeLessThanOrEqual(best);
      exactSum += best;
      heurSum += matchingWeight(g, h);
    }
    expect(heurSum / exactSum).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed and keeps every hard constraint, with either solver', () => {
    const people = syntheticPeople(600, 7);
    const recentPairs: [string, string][] = [];
    const first = matchRound(people, { weekStartMs, seed: 3 });
    for (const g of first.groups) recentPairs.push([g.members[0]!, g.members[1]!]);
    const recent = new Set(recentPairs.map(([a, b]) => [a, b].sort().join('+')));
    const byId = new Map(people.map((p) => [p.id, p]));
    for (const solver of ['exact', 'heuristic'] as const) {
      const opts = { weekStartMs, seed: 5, recentPairs, solver, k: 8 };
      const a = matchRound(people, opts);
      expect(matchRound(people, opts)).toEqual(a);
      expect(a.groups.length).toBeGreaterThan(250);
      const seen = new Set<string>();
      for (const g of a.groups) {
        const [x, y] = g.members.map((id) => byId.get(id)!) as [MatchPerson, MatchPerson];
        expect(recent.has([x.id, y.id].sort().join('+'))).toBe(false);
        expect(x.blocked).not.toContain(y.id);
        expect(y.blocked).not.toContain(x.id);
        expect(x.languages.some((l) => y.languages.includes(l))).toBe(true);
        expect(g.slots.length).toBeGreaterThan(0);
        for (const slot of g.slots) {
          expect(fitsAvailability(x.availability, x.timezone, slot, 30 * 60_000)).toBe(true);
          expect(fitsAvailability(y.availability, y.timezone, slot, 30 * 60_000)).toBe(true);
        }
        for (const m of g.members) {
          expect(seen.has(m)).toBe(false);
          seen.add(m);
        }
      }
    }
  });

  it('the exact solver scores at least as well as the heuristic on the same candidate graph', () => {
    const people = syntheticPeople(400, 11);
    const P = prepare(people, { weekStartMs });
    const g = candidateGraph(P, { weekStartMs, k: 8, denseLimit: 0 });
    const exact = matchingWeight(g, exactMatching(g));
    const heur = matchingWeight(g, heuristicMatching(g));
    expect(heur).toBeLessThanOrEqual(exact);
    expect(heur / exact).toBeGreaterThan(0.95);
  });

  it('gives the odd person out priority: they are matched first next time', () => {
    const base = { role: 'alumnus' as const, interests: [], languages: ['en'], timezone: 'UTC', availability: [{ weekday: 2, start: '10:00', end: '11:00' }] };
    const people: MatchPerson[] = [
      { ...base, id: 'a', interests: ['x', 'y'] },
      { ...base, id: 'b', interests: ['x', 'y'] },
      { ...base, id: 'c', priority: true },
    ];
    const r = matchRound(people, { weekStartMs });
    expect(r.groups[0]!.members).toContain('c');
    const P = prepare(people, { weekStartMs });
    expect(pairWeight(P, 0, 2)).toBeGreaterThan(pairWeight(P, 0, 1));
  });
});

describe('availability across zones', () => {
  it('turns weekly windows into UTC with each zone’s offset on that date (DST included)', () => {
    const berlin = [{ weekday: 1, start: '15:00', end: '17:00' }];
    const ny = [{ weekday: 1, start: '09:00', end: '11:00' }];
    // winter: Berlin UTC+1, New York UTC−5 → both 14:00–16:00 UTC
    expect(weeklyIntervalsUtc(berlin, 'Europe/Berlin', weekStartMs)).toEqual([[weekStartMs + 14 * 3600_000, weekStartMs + 16 * 3600_000]]);
    expect(weeklyIntervalsUtc(ny, 'America/New_York', weekStartMs)).toEqual([[weekStartMs + 14 * 3600_000, weekStartMs + 16 * 3600_000]]);
    expect(overlapSlots(weekMask(berlin, 'Europe/Berlin', weekStartMs), weekMask(ny, 'America/New_York', weekStartMs))).toBe(4);
    // 2027-03-15: New York already on daylight time (UTC−4), Berlin not yet → 13:00–15:00 vs 14:00–16:00 UTC
    const march = Date.UTC(2027, 2, 15);
    expect(mondayUtc(march + 3 * 86_400_000)).toBe(march);
    expect(weeklyIntervalsUtc(ny, 'America/New_York', march)).toEqual([[march + 13 * 3600_000, march + 15 * 3600_000]]);
    expect(overlapSlots(weekMask(berlin, 'Europe/Berlin', march), weekMask(ny, 'America/New_York', march))).toBe(2);
    // a Sunday-evening window in Los Angeles is Monday morning UTC, inside the week
    expect(weeklyIntervalsUtc([{ weekday: 7, start: '20:00', end: '22:00' }], 'America/Los_Angeles', weekStartMs)[0]).toEqual([weekStartMs + 4 * 3600_000, weekStartMs + 6 * 3600_000]);
    expect(fitsAvailability(berlin, 'Europe/Berlin', weekStartMs + 14.5 * 3600_000, 30 * 60_000)).toBe(true);
    expect(fitsAvailability(berlin, 'Europe/Berlin', weekStartMs + 15.75 * 3600_000, 30 * 60_000)).toBe(false);
  });
});

describe('the request state machine', () => {
  it('allows only its transitions', () => {
    expect(canTransition('pending', 'accepted')).toBe(true);
    expect(canTransition('pending', 'expired')).toBe(true);
    expect(canTransition('accepted', 'completed')).toBe(true);
    expect(canTransition('accepted', 'declined')).toBe(false);
    expect(canTransition('expired', 'accepted')).toBe(false);
    expect(canTransition('declined', 'accepted')).toBe(false);
    expect(canTransition('completed', 'no_show')).toBe(false);
  });
});
