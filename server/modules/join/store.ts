/** Waiting-room requests (join_requests table). */
import type { Tx } from '../../db/db.js';

export interface JoinRequestRow {
  id: string;
  meetingId: string;
  identity: string;
  name: string;
  status: 'pending' | 'admitted' | 'denied';
  createdAt: Date;
}

const cols = (sql: Tx) => sql`id, meeting_id AS "meetingId", identity, name, status, created_at AS "createdAt"`;

export async function insertJoinRequest(sql: Tx, r: { id: string; meetingId: string; identity: string; name: string }): Promise<JoinRequestRow> {
  const [row] = await sql<JoinRequestRow[]>`
    INSERT INTO join_requests (id, meeting_id, identity, name) VALUES (${r.id}, ${r.meetingId}, ${r.identity}, ${r.name})
    RETURNING ${cols(sql)}`;
  return row!;
}

export async function findJoinRequest(sql: Tx, id: string): Promise<JoinRequestRow | undefined> {
  const [row] = await sql<JoinRequestRow[]>`SELECT ${cols(sql)} FROM join_requests WHERE id = ${id}`;
  return row;
}

/** Pending requests of a meeting, oldest first (at most 200). */
export function listPendingJoinRequests(sql: Tx, meetingId: string): Promise<JoinRequestRow[]> {
  return sql<JoinRequestRow[]>`
    SELECT ${cols(sql)} FROM join_requests WHERE meeting_id = ${meetingId} AND status = 'pending'
    ORDER BY created_at, id LIMIT 200`;
}

/**
 * Admit or deny a pending request. Deciding again the same way is a no-op that returns the row;
 * a request already decided the other way is returned unchanged (the first decision stands).
 */
export async function decideJoinRequest(sql: Tx, meetingId: string, id: string, status: 'admitted' | 'denied', by: string) {
  const [row] = await sql<JoinRequestRow[]>`
    UPDATE join_requests SET status = ${status}, decided_at = now(), decided_by = ${by}
    WHERE id = ${id} AND meeting_id = ${meetingId} AND status = 'pending'
    RETURNING ${cols(sql)}`;
  if (row) return row;
  const [existing] = await sql<JoinRequestRow[]>`SELECT ${cols(sql)} FROM join_requests WHERE id = ${id} AND meeting_id = ${meetingId}`;
  return existing;
}
