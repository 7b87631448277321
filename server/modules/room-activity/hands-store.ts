/**
 * Raised-hand tables (raised_hands, hand_queues; migration 1764000000000_raised-hands.sql; hand_raises, the count of
 * raises per identity that analytics reads, 1764400000000_hand-raises.sql). A queue belongs to one
 * meeting session, found by its LiveKit room (meeting_sessions.room_name); ended sessions have no queue.
 * Instants are Date in UTC.
 */
import type { Tx } from '../../db/db.js';

export interface RaisedHandRow {
  seq: string;
  identity: string;
  name: string;
  role: 'host' | 'moderator' | 'participant' | 'viewer';
  raisedAt: Date;
}

/** The open session of the LiveKit room `roomName` (undefined when it ended or does not exist). */
export async function findOpenSession(sql: Tx, roomName: string): Promise<string | undefined> {
  const [row] = await sql<{ id: string }[]>`SELECT id FROM meeting_sessions WHERE room_name = ${roomName} AND ended_at IS NULL`;
  return row?.id;
}

/**
 * Lock the queue of `sessionId` for this transaction (creating its version row the first time): changes of one
 * queue run one after the other, so versions follow the order of the changes. One round trip once the row exists.
 */
export async function lockQueue(sql: Tx, sessionId: string): Promise<void> {
  const lock = () => sql`SELECT 1 FROM hand_queues WHERE session_id = ${sessionId} FOR UPDATE`;
  if ((await lock()).length) return;
  await sql`INSERT INTO hand_queues (session_id) VALUES (${sessionId}) ON CONFLICT (session_id) DO NOTHING`;
  await lock();
}

/**
 * The queue of a session (first raised first) and its version (0: never changed), read in one snapshot; with `bump`
 * (a locked queue that just changed), the version goes up by one first, in the same statement.
 */
export async function readQueue(sql: Tx, sessionId: string, opts: { bump?: boolean } = {}): Promise<{ version: number; hands: RaisedHandRow[] }> {
  const version = opts.bump
    ? sql`(SELECT version FROM bumped)`
    : sql`(SELECT version FROM hand_queues WHERE session_id = ${sessionId})`;
  const rows = await sql<(RaisedHandRow & { version: string | null })[]>`
    WITH bumped AS (${opts.bump ? sql`UPDATE hand_queues SET version = version + 1 WHERE session_id = ${sessionId} RETURNING version` : sql`SELECT NULL::bigint AS version WHERE false`})
    SELECT h.seq::text AS seq, h.identity, h.name, h.role, h.raised_at AS "raisedAt", ${version}::text AS version
    FROM (SELECT 1) one LEFT JOIN raised_hands h ON h.session_id = ${sessionId}
    ORDER BY h.seq`;
  return { version: Number(rows[0]?.version ?? 0), hands: rows.filter((r) => r.identity !== null).map(({ version: _v, ...h }) => h) };
}

/**
 * Raise `identity`'s hand at the end of the queue and count the raise (hand_raises), in one statement; false when it
 * was already raised (its place is kept, nothing counted).
 */
export async function insertHand(sql: Tx, sessionId: string, h: { identity: string; name: string; role: RaisedHandRow['role'] }): Promise<boolean> {
  const rows = await sql`
    WITH raised AS (
      INSERT INTO raised_hands (session_id, identity, name, role) VALUES (${sessionId}, ${h.identity}, ${h.name}, ${h.role})
      ON CONFLICT (session_id, identity) DO NOTHING RETURNING session_id, identity
    ), counted AS (
      INSERT INTO hand_raises (session_id, identity, raises) SELECT session_id, identity, 1 FROM raised
      ON CONFLICT (session_id, identity) DO UPDATE SET raises = hand_raises.raises + 1
    )
    SELECT 1 FROM raised`;
  return rows.length === 1;
}

/** Lower `identity`'s hand; false when it was not raised. */
export async function deleteHand(sql: Tx, sessionId: string, identity: string): Promise<boolean> {
  const rows = await sql`DELETE FROM raised_hands WHERE session_id = ${sessionId} AND identity = ${identity} RETURNING seq`;
  return rows.length === 1;
}

/** Lower every hand of a session; returns how many were raised. */
export async function deleteAllHands(sql: Tx, sessionId: string): Promise<number> {
  const rows = await sql`DELETE FROM raised_hands WHERE session_id = ${sessionId} RETURNING seq`;
  return rows.length;
}
