/**
 * LiveKit webhooks (https://docs.livekit.io/home/server/webhooks/): verified, stored once per event id,
 * and applied idempotently. Attendance from participant events builds on the stored rows.
 */
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import * as store from '../store/meetings.js';
import { requestSessionGrades } from '../../lti/grades.js';
import { attendanceRowFor, ingestAttendanceEvent } from './attendance.js';
import { insertWebhookWithAttendance } from '../store/attendance.js';

/**
 * Verify and record one delivery.
 * @param rawBody the request body exactly as received (re-serialised JSON fails the sha256 check)
 * @param authorization the Authorization header as sent (a JWT signed with the API secret)
 * @returns whether the event was new (false: a retry we had already stored)
 * @throws AppError 401 when the signature or body hash does not match (nothing is stored)
 */
export async function receiveWebhook(deps: Deps, rawBody: string, authorization: string | undefined): Promise<{ event: string; duplicate: boolean }> {
  let ev;
  try {
    ev = await deps.livekit.webhooks.receive(rawBody, authorization);
  } catch {
    throw new AppError(401, 'invalid_signature', 'Webhook signature does not match');
  }
  const roomName = ev.room?.name ?? null;
  const createdAt = new Date(Number(ev.createdAt ?? 0n) * 1000 || Date.now());
  const payload = rawBody; // stored as jsonb by PostgreSQL: no re-serialising here
  // Participant events (nearly all of the volume): one statement, one round trip.
  if (ev.event === 'participant_joined' || ev.event === 'participant_left') {
    const row = attendanceRowFor(ev, createdAt);
    if (row) {
      const fresh = await insertWebhookWithAttendance(deps.sql, { id: ev.id, event: ev.event, roomName, createdAt, payload }, row);
      return { event: ev.event, duplicate: !fresh };
    }
  }
  const fresh = await deps.sql.begin(async (tx) => {
    const inserted = await store.insertWebhookEvent(tx, { id: ev.id, event: ev.event, roomName, createdAt, payload });
    if (!inserted) return false;
    if (ev.event === 'room_started' && roomName) await store.markLiveByRoomName(tx, roomName, createdAt);
    await ingestAttendanceEvent(tx, ev, createdAt);
    // A finished session of an LTI-linked meeting sends attendance to the gradebook (lti/grades.ts).
    if (ev.event === 'room_finished' && roomName && ev.room?.sid) await requestSessionGrades(deps, tx, { roomName, roomSid: ev.room.sid });
    return true;
  });
  return { event: ev.event, duplicate: !fresh };
}
