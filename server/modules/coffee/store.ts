/**
 * Coffee-chat tables (profiles, requests, rounds). Rows come back camelCase with Date instants (UTC).
 * A pending request past `expires_at` reads as `expired` everywhere (`status` below), before any sweep.
 */
import type { Tx } from '../../db/db.js';
import type { WeeklyWindow } from './availability.js';

export interface ProfileRow {
  organizationId: string;
  userId: string;
  displayName: string;
  email: string | null;
  headline: string;
  industry: string | null;
  location: string | null;
  interests: string[];
  role: 'alumnus' | 'student' | 'staff';
  languages: string[];
  timezone: string;
  availability: WeeklyWindow[];
  matchingOptIn: boolean;
  paused: boolean;
  pausedReason: 'self' | 'unanswered_intros' | null;
  skipNextRound: boolean;
  blocked: string[];
  unansweredIntros: number;
  matchPriority: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const profileColumns = (sql: Tx) => sql`
  organization_id AS "organizationId", user_id AS "userId", display_name AS "displayName", email, headline, industry, location,
  interests, role, languages, timezone, availability, matching_opt_in AS "matchingOptIn", paused, paused_reason AS "pausedReason",
  skip_next_round AS "skipNextRound", blocked, unanswered_intros AS "unansweredIntros", match_priority AS "matchPriority",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export type ProfileWrite = Omit<ProfileRow, 'createdAt' | 'updatedAt' | 'unansweredIntros' | 'matchPriority'>;

/** Insert or replace the editable fields of a profile. */
export async function upsertProfile(sql: Tx, p: ProfileWrite): Promise<ProfileRow> {
  const [row] = await sql<ProfileRow[]>`
    INSERT INTO coffee_profiles (organization_id, user_id, display_name, email, headline, industry, location, interests, role, languages,
      timezone, availability, matching_opt_in, paused, paused_reason, skip_next_round, blocked)
    VALUES (${p.organizationId}, ${p.userId}, ${p.displayName}, ${p.email}, ${p.headline}, ${p.industry}, ${p.location}, ${p.interests}, ${p.role},
      ${p.languages}, ${p.timezone}, ${sql.json(p.availability as never)}, ${p.matchingOptIn}, ${p.paused}, ${p.pausedReason},
      ${p.skipNextRound}, ${p.blocked})
    ON CONFLICT (organization_id, user_id) DO UPDATE SET display_name = EXCLUDED.display_name, email = EXCLUDED.email, headline = EXCLUDED.headline,
      industry = EXCLUDED.industry, location = EXCLUDED.location, interests = EXCLUDED.interests, role = EXCLUDED.role,
      languages = EXCLUDED.languages, timezone = EXCLUDED.timezone, availability = EXCLUDED.availability,
      matching_opt_in = EXCLUDED.matching_opt_in, paused = EXCLUDED.paused, paused_reason = EXCLUDED.paused_reason,
      skip_next_round = EXCLUDED.skip_next_round, blocked = EXCLUDED.blocked,
      unanswered_intros = CASE WHEN coffee_profiles.paused AND NOT EXCLUDED.paused THEN 0 ELSE coffee_profiles.unanswered_intros END,
      updated_at = now()
    RETURNING ${profileColumns(sql)}`;
  return row!;
}

/** One profile, or undefined. */
export async function findProfile(sql: Tx, organizationId: string, userId: string): Promise<ProfileRow | undefined> {
  const [row] = await sql<ProfileRow[]>`SELECT ${profileColumns(sql)} FROM coffee_profiles WHERE organization_id = ${organizationId} AND user_id = ${userId}`;
  return row;
}

/** The profiles of `userIds` that exist (any order). */
export async function findProfiles(sql: Tx, organizationId: string, userIds: string[]): Promise<ProfileRow[]> {
  return sql<ProfileRow[]>`SELECT ${profileColumns(sql)} FROM coffee_profiles WHERE organization_id = ${organizationId} AND user_id = ANY(${userIds})`;
}

/**
 * Profiles `userId` could meet: not paused, not `userId`, no block either way, and not met since `since`
 * (an accepted or completed chat) or in the org's last `recentRounds` rounds.
 */
export async function listSuggestionPool(sql: Tx, organizationId: string, me: ProfileRow, since: Date, recentRounds: number): Promise<ProfileRow[]> {
  return sql<ProfileRow[]>`
    SELECT ${profileColumns(sql)} FROM coffee_profiles p
    WHERE p.organization_id = ${organizationId} AND p.user_id <> ${me.userId} AND NOT p.paused
      AND NOT (p.user_id = ANY(${me.blocked})) AND NOT (${me.userId} = ANY(p.blocked))
      AND NOT EXISTS (
        SELECT 1 FROM coffee_requests r
        WHERE r.organization_id = ${organizationId} AND r.status IN ('accepted', 'completed') AND r.created_at >= ${since}
          AND ${me.userId} IN (r.from_user_id, r.to_user_id) AND p.user_id IN (r.from_user_id, r.to_user_id))
      AND NOT EXISTS (
        SELECT 1 FROM coffee_round_pairs rp
        WHERE rp.round_id IN (SELECT id FROM coffee_rounds WHERE organization_id = ${organizationId} AND status = 'matched'
                              ORDER BY matched_at DESC LIMIT ${recentRounds})
          AND ${me.userId} IN (rp.user_a, rp.user_b, rp.user_c) AND p.user_id IN (rp.user_a, rp.user_b, rp.user_c))
    LIMIT 5000`;
}

// ---------------------------------------------------------------------------------------------- requests

export type RequestStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'completed' | 'no_show';

export interface RequestRow {
  id: string;
  organizationId: string;
  kind: 'direct_request' | 'open_invitation' | 'matched';
  fromUserId: string;
  toUserId: string | null;
  otherUserIds: string[];
  roundId: string | null;
  criteria: { role?: string; industry?: string; interests?: string[] } | null;
  message: string;
  slots: Date[];
  durationMinutes: number;
  /** Effective status: a pending request past its expiry reads as `expired`. */
  status: RequestStatus;
  expiresAt: Date;
  acceptedBy: string | null;
  acceptedSlot: Date | null;
  meetingId: string | null;
  declinedBy: string | null;
  feedback: Record<string, boolean>;
  createdAt: Date;
  updatedAt: Date;
}

const requestColumns = (sql: Tx) => sql`
  id, organization_id AS "organizationId", kind, from_user_id AS "fromUserId", to_user_id AS "toUserId",
  other_user_ids AS "otherUserIds", round_id AS "roundId", criteria, message, slots, duration_minutes AS "durationMinutes",
  CASE WHEN status = 'pending' AND expires_at <= now() THEN 'expired' ELSE status END AS status,
  expires_at AS "expiresAt", accepted_by AS "acceptedBy", accepted_slot AS "acceptedSlot", meeting_id AS "meetingId",
  declined_by AS "declinedBy", feedback, created_at AS "createdAt", updated_at AS "updatedAt"`;

export type RequestInsert = Pick<
  RequestRow,
  'id' | 'organizationId' | 'kind' | 'fromUserId' | 'toUserId' | 'otherUserIds' | 'roundId' | 'criteria' | 'message' | 'slots' | 'durationMinutes' | 'expiresAt'
>;

/** Insert one request (status `pending`). */
export async function insertRequest(sql: Tx, r: RequestInsert): Promise<RequestRow> {
  const [row] = await sql<RequestRow[]>`
    INSERT INTO coffee_requests (id, organization_id, kind, from_user_id, to_user_id, other_user_ids, round_id, criteria, message, slots,
      duration_minutes, expires_at)
    VALUES (${r.id}, ${r.organizationId}, ${r.kind}, ${r.fromUserId}, ${r.toUserId}, ${r.otherUserIds}, ${r.roundId},
      ${r.criteria ? sql.json(r.criteria as never) : null}, ${r.message}, ${r.slots.map((d) => d.toISOString())}::timestamptz[], ${r.durationMinutes}, ${r.expiresAt})
    RETURNING ${requestColumns(sql)}`;
  return row!;
}

/** Many requests in one statement (a round's intros). */
export async function insertRequests(sql: Tx, rows: RequestInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000).map((r) => ({
      id: r.id,
      organization_id: r.organizationId,
      kind: r.kind,
      from_user_id: r.fromUserId,
      to_user_id: r.toUserId,
      other_user_ids: `{${r.otherUserIds.map((x) => JSON.stringify(x)).join(',')}}`,
      round_id: r.roundId,
      message: r.message,
      slots: `{${r.slots.map((d) => `"${d.toISOString()}"`).join(',')}}`,
      duration_minutes: r.durationMinutes,
      expires_at: r.expiresAt,
    }));
    await sql`INSERT INTO coffee_requests ${sql(chunk)}`;
  }
}

/** One request of the organisation; `forUpdate` locks the row until the transaction ends. */
export async function findRequest(sql: Tx, organizationId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<RequestRow | undefined> {
  const [row] = await sql<RequestRow[]>`
    SELECT ${requestColumns(sql)} FROM coffee_requests WHERE id = ${id} AND organization_id = ${organizationId}
    ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`;
  return row;
}

/** Requests `userId` is in (sender, recipient, third member), newest first, filtered on the effective status. */
export async function listRequests(sql: Tx, organizationId: string, q: { userId: string; status?: string; limit: number }): Promise<RequestRow[]> {
  return sql<RequestRow[]>`
    SELECT * FROM (
      SELECT ${requestColumns(sql)} FROM coffee_requests
      WHERE organization_id = ${organizationId}
        AND (from_user_id = ${q.userId} OR to_user_id = ${q.userId} OR ${q.userId} = ANY(other_user_ids))
    ) r
    ${q.status ? sql`WHERE status = ${q.status}` : sql``}
    ORDER BY "createdAt" DESC, id LIMIT ${q.limit}`;
}

/** Write the state fields of `r` back. */
export async function updateRequestState(
  sql: Tx,
  r: Pick<RequestRow, 'id' | 'status' | 'toUserId' | 'acceptedBy' | 'acceptedSlot' | 'meetingId' | 'declinedBy' | 'feedback'>,
): Promise<RequestRow> {
  const [row] = await sql<RequestRow[]>`
    UPDATE coffee_requests SET status = ${r.status}, to_user_id = ${r.toUserId}, accepted_by = ${r.acceptedBy},
      accepted_slot = ${r.acceptedSlot}, meeting_id = ${r.meetingId}, declined_by = ${r.declinedBy},
      feedback = ${sql.json(r.feedback as never)}, updated_at = now(),
      responded_at = CASE WHEN ${r.status} IN ('accepted', 'declined') THEN now() ELSE responded_at END
    WHERE id = ${r.id}
    RETURNING ${requestColumns(sql)}`;
  return row!;
}

/** A person answered an intro: their unanswered count starts again. */
export async function resetUnanswered(sql: Tx, organizationId: string, userIds: string[]): Promise<void> {
  await sql`UPDATE coffee_profiles SET unanswered_intros = 0 WHERE organization_id = ${organizationId} AND user_id = ANY(${userIds})`;
}

/**
 * Mark pending requests past expiry `expired` (one organisation, or all when `organizationId` is null) and count an unanswered intro for each
 * person of an expired `matched` request; at `pauseAfter` unanswered intros a person is paused
 * (`paused_reason = 'unanswered_intros'`). @returns the number of requests expired
 */
export async function expireRequests(sql: Tx, now: Date, pauseAfter: number, organizationId: string | null = null): Promise<{ expired: number; paused: number }> {
  const expired = await sql<{ organizationId: string; kind: string; users: string[] }[]>`
    UPDATE coffee_requests SET status = 'expired', updated_at = now()
    WHERE status = 'pending' AND expires_at <= ${now} ${organizationId ? sql`AND organization_id = ${organizationId}` : sql``}
    RETURNING organization_id AS "organizationId", kind, array_remove(array[from_user_id, to_user_id] || other_user_ids, NULL) AS users`;
  const counts = new Map<string, { org: string; user: string; n: number }>();
  for (const r of expired) {
    if (r.kind !== 'matched') continue;
    for (const u of r.users) {
      const k = `${r.organizationId}\u0000${u}`;
      const c = counts.get(k) ?? { org: r.organizationId, user: u, n: 0 };
      c.n++;
      counts.set(k, c);
    }
  }
  let paused = 0;
  if (counts.size) {
    const rows = [...counts.values()];
    const res = await sql<{ paused: boolean }[]>`
      UPDATE coffee_profiles p SET unanswered_intros = p.unanswered_intros + c.n,
        paused = p.paused OR p.unanswered_intros + c.n >= ${pauseAfter},
        paused_reason = CASE WHEN p.paused THEN p.paused_reason WHEN p.unanswered_intros + c.n >= ${pauseAfter} THEN 'unanswered_intros' ELSE NULL END,
        updated_at = now()
      FROM (SELECT * FROM unnest(${rows.map((r) => r.org)}::text[], ${rows.map((r) => r.user)}::text[], ${rows.map((r) => r.n)}::int[]) AS t(org, usr, n)) c
      WHERE p.organization_id = c.org AND p.user_id = c.usr
      RETURNING p.paused_reason = 'unanswered_intros' AND p.unanswered_intros >= ${pauseAfter} AND p.unanswered_intros - c.n < ${pauseAfter} AS paused`;
    paused = res.filter((r) => r.paused).length;
  }
  return { expired: expired.length, paused };
}

// ---------------------------------------------------------------------------------------------- rounds

export interface RoundRow {
  id: string;
  organizationId: string;
  status: 'open' | 'matched';
  weekStartAt: Date;
  optInClosesAt: Date;
  durationMinutes: number;
  repeatWindow: number;
  oddPolicy: 'priority' | 'trio';
  introExpiresHours: number;
  seed: number;
  stats: { participants: number; groups: number; unmatched: string[]; solver: string; totalScore: number; ms: number } | null;
  createdAt: Date;
  matchedAt: Date | null;
  participants: number;
}

const roundColumns = (sql: Tx) => sql`
  id, organization_id AS "organizationId", status, week_start_at AS "weekStartAt", opt_in_closes_at AS "optInClosesAt",
  duration_minutes AS "durationMinutes", repeat_window AS "repeatWindow", odd_policy AS "oddPolicy",
  intro_expires_hours AS "introExpiresHours", seed, stats, created_at AS "createdAt", matched_at AS "matchedAt",
  (SELECT count(*)::int FROM coffee_round_participants rp WHERE rp.round_id = coffee_rounds.id) AS participants`;

/** Insert an `open` round. */
export async function insertRound(
  sql: Tx,
  r: Pick<RoundRow, 'id' | 'organizationId' | 'weekStartAt' | 'optInClosesAt' | 'durationMinutes' | 'repeatWindow' | 'oddPolicy' | 'introExpiresHours' | 'seed'>,
): Promise<RoundRow> {
  const [row] = await sql<RoundRow[]>`
    INSERT INTO coffee_rounds (id, organization_id, week_start_at, opt_in_closes_at, duration_minutes, repeat_window, odd_policy, intro_expires_hours, seed)
    VALUES (${r.id}, ${r.organizationId}, ${r.weekStartAt}, ${r.optInClosesAt}, ${r.durationMinutes}, ${r.repeatWindow}, ${r.oddPolicy},
      ${r.introExpiresHours}, ${r.seed})
    RETURNING ${roundColumns(sql)}`;
  return row!;
}

/** One round of the organisation; `forUpdate` locks it (one match at a time). */
export async function findRound(sql: Tx, organizationId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<RoundRow | undefined> {
  const [row] = await sql<RoundRow[]>`
    SELECT ${roundColumns(sql)} FROM coffee_rounds WHERE id = ${id} AND organization_id = ${organizationId}
    ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`;
  return row;
}

/** Opt a person in to a round (idempotent). */
export async function addRoundParticipant(sql: Tx, roundId: string, userId: string): Promise<void> {
  await sql`INSERT INTO coffee_round_participants (round_id, user_id) VALUES (${roundId}, ${userId}) ON CONFLICT DO NOTHING`;
}

/** Everyone in a round: explicit opt-ins plus profiles opted in to every round; never paused or skipping. */
export async function roundPeople(sql: Tx, organizationId: string, roundId: string): Promise<ProfileRow[]> {
  return sql<ProfileRow[]>`
    SELECT ${profileColumns(sql)} FROM coffee_profiles
    WHERE organization_id = ${organizationId} AND NOT paused AND NOT skip_next_round
      AND (matching_opt_in OR user_id IN (SELECT user_id FROM coffee_round_participants WHERE round_id = ${roundId}))
    ORDER BY user_id`;
}

/** Groups of the org's last `k` matched rounds (other than `exceptRoundId`): who met whom. */
export async function recentGroups(sql: Tx, organizationId: string, k: number): Promise<string[][]> {
  if (k <= 0) return [];
  const rows = await sql<{ a: string; b: string; c: string | null }[]>`
    SELECT user_a AS a, user_b AS b, user_c AS c FROM coffee_round_pairs
    WHERE round_id IN (SELECT id FROM coffee_rounds WHERE organization_id = ${organizationId} AND status = 'matched'
                       ORDER BY matched_at DESC LIMIT ${k})`;
  return rows.map((r) => (r.c ? [r.a, r.b, r.c] : [r.a, r.b]));
}

/** The groups a round produced (bulk insert). */
export async function insertRoundPairs(
  sql: Tx,
  rows: { roundId: string; organizationId: string; members: string[]; score: number; requestId: string | null }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000).map((r) => ({
      round_id: r.roundId,
      organization_id: r.organizationId,
      user_a: r.members[0]!,
      user_b: r.members[1]!,
      user_c: r.members[2] ?? null,
      score: r.score,
      request_id: r.requestId,
    }));
    await sql`INSERT INTO coffee_round_pairs ${sql(chunk)}`;
  }
}

/** A round's groups, best score first. */
export async function listRoundGroups(sql: Tx, roundId: string) {
  return sql<{ a: string; b: string; c: string | null; score: number; requestId: string | null }[]>`
    SELECT user_a AS a, user_b AS b, user_c AS c, score, request_id AS "requestId" FROM coffee_round_pairs WHERE round_id = ${roundId} ORDER BY score DESC, user_a`;
}

/** After a match: close the round, set priority for those left out, clear it (and skip flags) for everyone placed. */
export async function finishRound(
  sql: Tx,
  organizationId: string,
  roundId: string,
  stats: NonNullable<RoundRow['stats']>,
  placed: string[],
  leftOut: string[],
): Promise<void> {
  await sql`UPDATE coffee_rounds SET status = 'matched', matched_at = now(), stats = ${sql.json(stats as never)} WHERE id = ${roundId}`;
  await sql`UPDATE coffee_profiles SET match_priority = false WHERE organization_id = ${organizationId} AND user_id = ANY(${placed}) AND match_priority`;
  if (leftOut.length) await sql`UPDATE coffee_profiles SET match_priority = true WHERE organization_id = ${organizationId} AND user_id = ANY(${leftOut})`;
  await sql`UPDATE coffee_profiles SET skip_next_round = false WHERE organization_id = ${organizationId} AND skip_next_round`;
}
