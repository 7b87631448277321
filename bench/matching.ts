/**
 * Coffee-round matching: time, quality against the exact optimum, matched fraction, repeats; then a full round
 * with its database writes at 10k.
 *   npx tsx bench/matching.ts                 (embedded PostgreSQL in .data/bench-matching; or DATABASE_URL)
 *   BENCH_SKIP_DB=1 npx tsx bench/matching.ts (matcher only) · BENCH_ONLY_DB=1 (the database round only)
 *   BENCH_EXACT_SAMPLE=2000 (a smaller sample for the exact optimum: the 5k one takes 1–2 min of blossom)
 *
 * People are synthetic (bench/support/matching-data.ts, seeded). "Optimum" is the exact maximum-weight matching
 * (Edmonds' blossom) on the same candidate graph: on the whole 1k round, on a 5k sample for the 10k figure, and
 * on partitions (BFS blocks of 1k people of the 100k candidate graph) for 100k. "Matched" counts people with at
 * least one feasible partner. "Repeats": pairs that also met in the previous two rounds (must be 0).
 */
import { benchDatabase } from './support/bench-db.js';
import {
  candidateGraph,
  exactMatching,
  heuristicMatching,
  matchingWeight,
  matchRound,
  prepare,
  type Graph,
  type MatchOptions,
  prng,
  type MatchPerson,
} from '../server/modules/coffee/matching.js';
import { syntheticPeople } from './support/matching-data.js';

const weekStartMs = Date.UTC(2027, 0, 11);
const line = (name: string, value: number | string, unit: string, target?: string) =>
  console.log(`${name} ${value} ${unit}${target ? ` (target ${target})` : ''}`);
const pct = (x: number) => (100 * x).toFixed(2);

/** Two earlier rounds, as the pairs history the next round must avoid. */
function history(people: MatchPerson[], opts: Partial<MatchOptions>) {
  const recent: [string, string][] = [];
  for (let r = 1; r <= 2; r++) {
    const res = matchRound(people, { weekStartMs, seed: 100 + r, recentPairs: recent, ...opts });
    for (const g of res.groups) recent.push([g.members[0]!, g.members[1]!]);
  }
  return recent;
}

/**
 * The yardstick measured right before each timed run: sorting 2M seeded doubles (ms). These machines are shared:
 * the `…-per-baseline` ratios stay comparable when the absolute times do not.
 */
function baselineMs(): number {
  const r = prng(9);
  const a = new Float64Array(2_000_000);
  for (let i = 0; i < a.length; i++) a[i] = r();
  const t = performance.now();
  a.sort();
  return performance.now() - t;
}

function measure(n: number, opts: Partial<MatchOptions> = {}) {
  const people = syntheticPeople(n, 42);
  const recentPairs = history(people, opts);
  const baseline = baselineMs();
  const recent = new Set(recentPairs.map(([a, b]) => (a < b ? `${a}+${b}` : `${b}+${a}`)));
  const t = performance.now();
  const res = matchRound(people, { weekStartMs, seed: 7, recentPairs, ...opts });
  const ms = performance.now() - t;
  let repeats = 0;
  let matched = 0;
  for (const g of res.groups) {
    matched += g.members.length;
    const [a, b] = [...g.members].sort();
    if (recent.has(`${a}+${b}`)) repeats++;
  }
  return { ms, baseline, res, repeats, matchedFraction: matched / res.matchable, people, recentPairs };
}

/** Heuristic and exact on the same graph. */
function ratioOn(g: Graph) {
  const h = matchingWeight(g, heuristicMatching(g));
  const x = matchingWeight(g, exactMatching(g));
  return { h, x };
}

/** Induced subgraph on `nodes`. */
function induced(g: Graph, nodes: number[]): Graph {
  const idx = new Map(nodes.map((v, i) => [v, i]));
  const u: number[] = [];
  const v: number[] = [];
  const w: number[] = [];
  for (let e = 0; e < g.u.length; e++) {
    const a = idx.get(g.u[e]!);
    const b = idx.get(g.v[e]!);
    if (a !== undefined && b !== undefined) [u.push(a), v.push(b), w.push(g.w[e]!)];
  }
  return { n: nodes.length, u: Int32Array.from(u), v: Int32Array.from(v), w: Int32Array.from(w) };
}

/** BFS blocks of `size` nodes (neighbours stay together, so few edges cross blocks). */
function bfsBlocks(g: Graph, size: number, count: number): number[][] {
  const adj: number[][] = Array.from({ length: g.n }, () => []);
  for (let e = 0; e < g.u.length; e++) [adj[g.u[e]!]!.push(g.v[e]!), adj[g.v[e]!]!.push(g.u[e]!)];
  const seen = new Uint8Array(g.n);
  const blocks: number[][] = [];
  let start = 0;
  while (blocks.length < count && start < g.n) {
    const block: number[] = [];
    const queue: number[] = [];
    while (block.length < size && start < g.n) {
      if (!queue.length) {
        while (start < g.n && seen[start]) start++;
        if (start >= g.n) break;
        seen[start] = 1;
        queue.push(start);
      }
      const x = queue.shift()!;
      block.push(x);
      for (const y of adj[x]!) if (!seen[y]) [(seen[y] = 1), queue.push(y)];
    }
    blocks.push(block);
  }
  return blocks;
}

if (!process.env.BENCH_ONLY_DB) {
  // ------------------------------------------------------------------------------------------------ 1k
  const m1 = measure(1000);
  line('match-1k-ms', m1.ms.toFixed(0), 'ms', '≤ 1000, exact blossom');
  line('match-1k-baseline-sort-2m-ms', m1.baseline.toFixed(0), 'ms');
  {
    const P = prepare(m1.people, { weekStartMs, recentPairs: m1.recentPairs });
    const g = candidateGraph(P, { weekStartMs, seed: 7 });
    const { h, x } = ratioOn(g);
    line('match-1k-heuristic-score-vs-optimum', pct(h / x), '%', '≥ 97');
  }
  line('match-1k-matched', pct(m1.matchedFraction), '%', '≥ 99.5');
  line('match-1k-repeats-within-k', m1.repeats, 'pairs', '0');

  // ------------------------------------------------------------------------------------------------ 10k
  const m10 = measure(10_000);
  line('match-10k-ms', m10.ms.toFixed(0), 'ms', '≤ 500');
  line('match-10k-baseline-sort-2m-ms', m10.baseline.toFixed(0), 'ms');
  line('match-10k-per-baseline', (m10.ms / m10.baseline).toFixed(2), 'x sort-2m');
  line('match-10k-solver', m10.res.solver, '', 'heuristic');
  {
    // quality: a 5k sample, same candidate-graph construction, heuristic vs exact
    const sample = syntheticPeople(Number(process.env.BENCH_EXACT_SAMPLE ?? 5000), 4242);
    const P = prepare(sample, { weekStartMs });
    const g = candidateGraph(P, { weekStartMs, seed: 7, scanLimit: 0 });
    const t = performance.now();
    const { h, x } = ratioOn(g);
    const tag = `match-${sample.length / 1000}k-sample`;
    line(`${tag}-score-vs-optimum`, pct(h / x), '%', '≥ 97');
    line(`${tag}-exact-ms`, (performance.now() - t).toFixed(0), 'ms');
  }
  line('match-10k-matched', pct(m10.matchedFraction), '%', '≥ 99.5');
  line('match-10k-repeats-within-k', m10.repeats, 'pairs', '0');

  // ------------------------------------------------------------------------------------------------ 100k
  const m100 = measure(100_000);
  line('match-100k-ms', m100.ms.toFixed(0), 'ms', '≤ 5000');
  line('match-100k-baseline-sort-2m-ms', m100.baseline.toFixed(0), 'ms');
  line('match-100k-per-baseline', (m100.ms / m100.baseline).toFixed(2), 'x sort-2m');
  {
    const P = prepare(m100.people, { weekStartMs, recentPairs: m100.recentPairs });
    const g = candidateGraph(P, { weekStartMs, seed: 7 });
    let hs = 0;
    let xs = 0;
    for (const block of bfsBlocks(g, 1000, 6)) {
      const { h, x } = ratioOn(induced(g, block));
      hs += h;
      xs += x;
    }
    line('match-100k-score-vs-partition-optimum', pct(hs / xs), '%', '≥ 95');
  }
  line('match-100k-matched', pct(m100.matchedFraction), '%', '≥ 99.5');
  line('match-100k-repeats-within-k', m100.repeats, 'pairs', '0');
}

// ------------------------------------------------------------------------------------------------ full round with the database
if (!process.env.BENCH_SKIP_DB) {
  const { createDeps } = await import('../server/main.js');
  const { loadConfig } = await import('../server/config.js');
  const { createOrganization } = await import('../server/modules/organizations/service.js');
  const { createRound, runRound } = await import('../server/modules/coffee/rounds.js');
  const db = await benchDatabase('vr_bench_matching');
  try {
    const dbUrl = db.url;
    const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), dbUrl, { url: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret' });
    const org = await createOrganization(deps.sql, { name: 'Bench', slug: 'bench' });
    const people = syntheticPeople(10_000, 42);
    for (let i = 0; i < people.length; i += 2000) {
      const rows = people.slice(i, i + 2000).map((p) => ({
        organization_id: org.id, user_id: p.id, display_name: p.id, role: p.role, industry: p.industry ?? null,
        interests: `{${p.interests.join(',')}}`, languages: `{${p.languages.join(',')}}`, timezone: p.timezone,
        availability: deps.sql.json(p.availability as never), matching_opt_in: true, blocked: `{${(p.blocked ?? []).join(',')}}`,
      }));
      await deps.sql`INSERT INTO coffee_profiles ${deps.sql(rows)}`;
    }
    const input = { weekStart: '2027-01-11', optInClosesAt: '2027-01-04T00:00:00Z', durationMinutes: 30, repeatWindow: 6, oddPolicy: 'priority' as const, introExpiresInHours: 72, seed: 1 };
    const now = new Date('2027-01-05T00:00:00Z');
    await runRound(deps, org, (await createRound(deps, org, input)).id, now); // warm-up + history
    const round = await createRound(deps, org, input);
    const t = performance.now();
    const res = await runRound(deps, org, round.id, now);
    const ms = performance.now() - t;
    line('round-10k-with-db-ms', ms.toFixed(0), 'ms', '≤ 5000');
    line('round-10k-with-db-matcher-share', pct(res.stats!.ms / ms), '%');
    line('round-10k-groups', res.stats!.groups, 'groups');
    await deps.sql.end();
  } finally {
    await db.stop();
  }
}
process.exit(0);
