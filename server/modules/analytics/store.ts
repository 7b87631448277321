/**
 * Analytics sources: one small read per source, each counting per LiveKit identity within one meeting session.
 * The analytics module owns `screen_shares` (migration 1764200000000_screen-shares.sql); the other tables are read
 * only, never written: `chat_messages` (room-activity, 1763950000000_room-chat.sql), `hand_raises` and `polls`
 * (room-activity), `meeting_sessions` (meetings).
 * Attendance (join/leave cycles) comes from the attendance module's report, not from here.
 * Instants are Date (UTC).
 */
import type { Tx } from '../../db/db.js';

/**
 * The span of one meeting session for sources kept per meeting rather than per room (chat…): from the session's
 * opening to the next session's opening. The first session has no lower bound and the latest no upper bound, so
 * each row of a meeting lands in exactly one of its sessions.
 */
export interface SessionSpan {
  meetingId: string;
  sessionId: string;
  /** inclusive; null: since the meeting began */
  from: Date | null;
  /** exclusive; null: still the latest session */
  to: Date | null;
}

/** The span of session `sessionId` of meeting `meetingId` (undefined when it is not one of its sessions). */
export async function sessionSpan(sql: Tx, meetingId: string, sessionId: string): Promise<SessionSpan | undefined> {
  const [row] = await sql<{ number: number; openedAt: Date; nextOpenedAt: Date | null }[]>`
    SELECT s.number, s.opened_at AS "openedAt",
      (SELECT min(n.opened_at) FROM meeting_sessions n WHERE n.meeting_id = s.meeting_id AND n.number > s.number) AS "nextOpenedAt"
    FROM meeting_sessions s WHERE s.id = ${sessionId} AND s.meeting_id = ${meetingId}`;
  if (!row) return undefined;
  return { meetingId, sessionId, from: row.number === 1 ? null : row.openedAt, to: row.nextOpenedAt };
}

const within = (sql: Tx, column: string, span: SessionSpan) =>
  sql`${span.from ? sql`AND ${sql(column)} >= ${span.from}` : sql``} ${span.to ? sql`AND ${sql(column)} < ${span.to}` : sql``}`;

/**
 * Chat messages sent in the span, per sender identity: public and private ones, those a moderator deleted later
 * included (they were sent).
 */
export async function chatMessagesBy(sql: Tx, span: SessionSpan): Promise<Map<string, number>> {
  const rows = await sql<{ identity: string; n: number }[]>`
    SELECT sender_identity AS identity, count(*)::int AS n FROM chat_messages
    WHERE meeting_id = ${span.meetingId} ${within(sql, 'created_at', span)}
    GROUP BY sender_identity`;
  return new Map(rows.map((r) => [r.identity, r.n]));
}

/**
 * Hands raised in the session, per identity (each raise counts once, however long the hand stayed up; lowering does
 * not count; raising a hand already raised does not either): room-activity's `hand_raises` counter
 * (1764400000000_hand-raises.sql), kept per meeting session.
 */
export async function handsRaisedBy(sql: Tx, span: SessionSpan): Promise<Map<string, number>> {
  const rows = await sql<{ identity: string; n: number }[]>`SELECT identity, raises AS n FROM hand_raises WHERE session_id = ${span.sessionId}`;
  return new Map(rows.map((r) => [r.identity, r.n]));
}

/**
 * Polls launched in the session (`polls.session_id`, room-activity's 1764100000000_polls.sql), every answer given
 * to them (`answers`, anonymous ones included) and, per identity, how many of them that person answered (anonymous
 * answers carry no identity: they count in `answers` only).
 */
export async function pollParticipation(sql: Tx, span: SessionSpan): Promise<{ polls: number; answers: number; answeredBy: Map<string, number> }> {
  const [launched] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM polls WHERE meeting_id = ${span.meetingId} AND session_id = ${span.sessionId} AND launched_at IS NOT NULL`;
  const rows = await sql<{ identity: string | null; polls: number; answers: number }[]>`
    SELECT identity, count(DISTINCT poll_id)::int AS polls, count(*)::int AS answers FROM poll_answers
    WHERE meeting_id = ${span.meetingId} AND session_id = ${span.sessionId}
    GROUP BY identity`;
  return {
    polls: launched?.n ?? 0,
    answers: rows.reduce((n, r) => n + r.answers, 0),
    answeredBy: new Map(rows.flatMap((r) => (r.identity === null ? [] : [[r.identity, r.polls] as const]))),
  };
}

/** One screen-share track of a session: when it was published and unpublished (either may be missing). */
export interface ScreenShareRow {
  trackSid: string;
  identity: string;
  startedAt: Date | null;
  endedAt: Date | null;
}

/** The screen-share tracks published in a session (its LiveKit room), oldest first. */
export function screenSharesOf(sql: Tx, span: SessionSpan): Promise<ScreenShareRow[]> {
  return sql<ScreenShareRow[]>`
    SELECT track_sid AS "trackSid", identity, started_at AS "startedAt", ended_at AS "endedAt"
    FROM screen_shares WHERE session_id = ${span.sessionId}
    ORDER BY COALESCE(started_at, ended_at), track_sid`;
}

export interface ScreenShareEdge {
  roomName: string;
  trackSid: string;
  identity: string;
  participantSid: string | null;
  /** 'published' sets the start, 'unpublished' the end */
  edge: 'published' | 'unpublished';
  at: Date;
}

/**
 * Record one edge of a screen share in the session whose room is `roomName` (one statement). Idempotent and
 * order-free: the earliest start and the latest end stand, whatever order and however often they arrive.
 * @returns false when no meeting session has that room
 */
export async function recordScreenShareEdge(sql: Tx, e: ScreenShareEdge): Promise<boolean> {
  const started = e.edge === 'published' ? e.at : null;
  const ended = e.edge === 'unpublished' ? e.at : null;
  const rows = await sql`
    INSERT INTO screen_shares (track_sid, meeting_id, session_id, identity, participant_sid, started_at, ended_at)
    SELECT ${e.trackSid}, s.meeting_id, s.id, ${e.identity}, ${e.participantSid}, ${started}, ${ended}
    FROM meeting_sessions s WHERE s.room_name = ${e.roomName}
    ON CONFLICT (session_id, track_sid) DO UPDATE SET
      started_at = LEAST(screen_shares.started_at, EXCLUDED.started_at),
      ended_at = GREATEST(screen_shares.ended_at, EXCLUDED.ended_at)
    RETURNING 1`;
  return rows.length === 1;
}
