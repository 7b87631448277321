/**
 * Matching rounds: an admin opens a round for a week (people opt in until `optInClosesAt`, or have
 * `matchingOptIn` on their profile), then runs the match. The match pairs people with the matcher
 * (matching.ts) and writes one `matched` request (an intro with up to 3 proposed slots) per group.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import type { Round, RoundCreate } from './schemas.js';
import * as store from './store.js';
import type { RequestInsert, RoundRow } from './store.js';
import type { Organization } from '../organizations/store.js';
import { matchRound } from './matching.js';
import { requireProfile, toMatchPerson } from './profiles.js';

function toRound(r: RoundRow, groups?: Awaited<ReturnType<typeof store.listRoundGroups>>): Round {
  return {
    id: r.id,
    status: r.status,
    weekStart: r.weekStartAt.toISOString().slice(0, 10),
    optInClosesAt: r.optInClosesAt.toISOString(),
    durationMinutes: r.durationMinutes,
    repeatWindow: r.repeatWindow,
    oddPolicy: r.oddPolicy,
    introExpiresInHours: r.introExpiresHours,
    participants: r.participants,
    stats: r.stats,
    ...(groups ? { groups: groups.map((g) => ({ members: [g.a, g.b, ...(g.c ? [g.c] : [])], score: g.score, requestId: g.requestId })) } : {}),
    createdAt: r.createdAt.toISOString(),
    matchedAt: r.matchedAt?.toISOString() ?? null,
  };
}

/** Open a round for the ISO week starting `weekStart` (a Monday, UTC). */
export async function createRound(deps: Deps, org: Organization, input: RoundCreate): Promise<Round> {
  const row = await store.insertRound(deps.sql, {
    id: randomUUID(),
    organizationId: org.id,
    weekStartAt: new Date(`${input.weekStart}T00:00:00Z`),
    optInClosesAt: new Date(input.optInClosesAt),
    durationMinutes: input.durationMinutes,
    repeatWindow: input.repeatWindow,
    oddPolicy: input.oddPolicy,
    introExpiresHours: input.introExpiresInHours,
    seed: input.seed,
  });
  return toRound(row);
}

/** The round, with its groups once matched. @throws AppError 404 */
export async function getRound(deps: Deps, org: Organization, id: string): Promise<Round> {
  const r = await store.findRound(deps.sql, org.id, id);
  if (!r) throw notFound('coffee round');
  return toRound(r, r.status === 'matched' ? await store.listRoundGroups(deps.sql, r.id) : undefined);
}

/**
 * Opt `userId` in to an open round (idempotent).
 * @throws AppError 404 round or profile; 409 `invalid_state` (already matched), `opt_in_closed`, `paused`
 */
export async function joinRound(deps: Deps, org: Organization, id: string, userId: string, now = new Date()): Promise<Round> {
  const r = await store.findRound(deps.sql, org.id, id);
  if (!r) throw notFound('coffee round');
  if (r.status !== 'open') throw new AppError(409, 'invalid_state', `This round is ${r.status}; opt-ins are closed`, 'status');
  if (r.optInClosesAt.getTime() <= now.getTime()) throw new AppError(409, 'opt_in_closed', 'The opt-in window of this round has closed');
  const p = await requireProfile(deps, org, userId);
  if (p.paused) throw new AppError(409, 'paused', `${userId} has paused coffee chats`, 'userId');
  await store.addRoundParticipant(deps.sql, r.id, userId);
  return getRound(deps, org, id);
}

/**
 * Run the match (the admin decides when; it closes opt-ins). People: explicit opt-ins and profiles with
 * `matchingOptIn`, never paused or skipping. Constraints and scores: matching.ts; history: the groups of the
 * organisation's last `repeatWindow` rounds. Each group gets a `matched` request with up to 3 proposed slots
 * (UTC, from the intersection of everyone's availability, not before `now`) expiring after
 * `introExpiresInHours`. People left out (the odd one out, or no feasible partner) get `matchPriority` for the
 * next round; under `trio` the odd one out joins a pair where both are feasible partners when there is one.
 * @throws AppError 404; 409 `invalid_state` when the round is already matched
 */
export async function runRound(deps: Deps, org: Organization, id: string, now = new Date()): Promise<Round> {
  await deps.sql.begin(async (tx) => {
    const r = await store.findRound(tx, org.id, id, { forUpdate: true });
    if (!r) throw notFound('coffee round');
    if (r.status !== 'open') throw new AppError(409, 'invalid_state', `This round is ${r.status}; it cannot be matched again`, 'status');
    const people = await store.roundPeople(tx, org.id, r.id);
    const recent: [string, string][] = [];
    for (const g of await store.recentGroups(tx, org.id, r.repeatWindow)) {
      for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) recent.push([g[i]!, g[j]!]);
    }
    const t0 = performance.now();
    const result = matchRound(people.map(toMatchPerson), {
      weekStartMs: r.weekStartAt.getTime(),
      durationMinutes: r.durationMinutes,
      recentPairs: recent,
      oddPolicy: r.oddPolicy,
      notBeforeMs: now.getTime(),
      seed: r.seed,
    });
    const ms = Math.round(performance.now() - t0);
    const expiresAt = new Date(now.getTime() + r.introExpiresHours * 3600_000);
    const requests: RequestInsert[] = [];
    const pairs: Parameters<typeof store.insertRoundPairs>[1] = [];
    const leftOut = [...result.unmatched];
    for (const g of result.groups) {
      if (!g.slots.length) {
        leftOut.push(...g.members); // every common slot already passed
        continue;
      }
      const requestId = randomUUID();
      requests.push({
        id: requestId,
        organizationId: org.id,
        kind: 'matched',
        fromUserId: g.members[0]!,
        toUserId: g.members[1]!,
        otherUserIds: g.members.slice(2),
        roundId: r.id,
        criteria: null,
        message: '',
        slots: g.slots.map((s) => new Date(s)),
        durationMinutes: r.durationMinutes,
        expiresAt,
      });
      pairs.push({ roundId: r.id, organizationId: org.id, members: g.members, score: g.score, requestId });
    }
    await store.insertRequests(tx, requests);
    await store.insertRoundPairs(tx, pairs);
    const placed = pairs.flatMap((p) => p.members);
    await store.finishRound(
      tx,
      org.id,
      r.id,
      { participants: people.length, groups: pairs.length, unmatched: leftOut, solver: result.solver, totalScore: pairs.reduce((s, p) => s + p.score, 0), ms },
      placed,
      leftOut,
    );
  });
  return getRound(deps, org, id);
}
