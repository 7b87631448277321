/**
 * Raised hands (issue 11), with the server as the source of truth: an ordered queue per meeting session (first
 * raised, first listed) in PostgreSQL, so a participant who reconnects or a moderator who joins late sees the same
 * queue. Who acts comes from their room session (session.ts), never from the widget:
 * - anyone in the room (host, moderator, participant, viewer) raises and lowers their own hand;
 * - lowering someone else's hand, or every hand, is for hosts, moderators and the API key (403 otherwise, nothing
 *   changes);
 * - the API key reads the queue but raises no hand (it is nobody in the room).
 * Every change is announced by the server to the room as a LiveKit data packet on topic `vr.hands` (reliable): the
 * whole queue with its version (`HandQueue`), or `{version, truncated: true}` when the queue is too large for one
 * packet (widgets then read it over HTTP). Widgets trust only packets the server sent. The answer does not wait for
 * the announcement; changes made while one is being sent are announced together, by the newest queue.
 * Hands belong to the meeting's current session: when it ends (end for all, the schedule's end) its queue is gone,
 * and a later session starts with none.
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { sendToRoom } from './host-access.js';
import type { HandQueue } from './hands-schemas.js';
import * as store from './hands-store.js';
import type { Tx } from '../../db/db.js';
import type { MeetingRow } from '../meetings/store.js';
import { isModerator, requireModerator, type RoomCaller } from './session.js';

/** LiveKit data topic on which the server announces the queue after each change (reliable). */
export const HANDS_TOPIC = 'vr.hands';
/** Largest announcement sent with the queue in it, bytes of JSON (LiveKit advises reliable packets under ~15 KiB). */
export const MAX_ANNOUNCED_BYTES = 14_000;

function toQueue(q: { version: number; hands: store.RaisedHandRow[] }): HandQueue {
  return {
    version: q.version,
    items: q.hands.map((h, i) => ({ identity: h.identity, name: h.name, role: h.role, raisedAt: h.raisedAt.toISOString(), position: i + 1 })),
  };
}

/**
 * The queue of the meeting's current session (GET /meetings/{id}/hands): room session or API key. An ended session
 * has no queue (`items` empty).
 */
export async function handQueue(deps: Deps, caller: RoomCaller): Promise<HandQueue> {
  const session = await store.findOpenSession(deps.sql, caller.meeting.roomName);
  if (!session) return { version: 0, items: [] };
  return toQueue(await store.readQueue(deps.sql, session));
}

/**
 * Change the queue in one transaction (the queue locked, the version bumped when `change` changed something), then
 * announce it to the room (not waited for).
 * @throws AppError 409 `meeting_ended` when the meeting has no open session
 */
async function changeQueue(deps: Deps, caller: RoomCaller, change: (tx: Tx, session: string) => Promise<boolean>): Promise<HandQueue> {
  const { queue, changed } = await deps.sql.begin(async (tx) => {
    const session = await store.findOpenSession(tx, caller.meeting.roomName);
    if (!session) throw new AppError(409, 'meeting_ended', 'This meeting has ended: its raised hands are gone');
    // Four round trips while the queue is locked (lock, change, bump + read, commit): they bound one meeting's changes
    // per second (bench/hands.ts).
    await store.lockQueue(tx, session);
    const changed = await change(tx, session);
    return { queue: toQueue(await store.readQueue(tx, session, { bump: changed })), changed };
  });
  if (changed) announceQueue(deps, caller.meeting, queue);
  return queue;
}

/**
 * Announcements on their way, per room (this process): the queue to send next. Each announcement carries the whole
 * queue, so while one is being sent, the changes made meanwhile need only the newest queue sent after it (a class
 * raising hands at once costs a few packets, not one per hand; widgets never apply an older version anyway).
 */
const outbox = new Map<string, { next?: HandQueue }>();

/** Announce `queue` to the meeting's room on `vr.hands` (after the one being sent, if any; only the newest waits). */
function announceQueue(deps: Deps, meeting: MeetingRow, queue: HandQueue): void {
  const waiting = outbox.get(meeting.roomName);
  if (waiting) {
    if (!waiting.next || waiting.next.version < queue.version) waiting.next = queue;
    return;
  }
  const o: { next?: HandQueue } = { next: queue };
  outbox.set(meeting.roomName, o);
  void (async () => {
    try {
      for (let q = o.next; q; q = o.next) {
        o.next = undefined;
        const small = Buffer.byteLength(JSON.stringify(q)) <= MAX_ANNOUNCED_BYTES;
        await sendToRoom(deps, meeting, HANDS_TOPIC, small ? q : { version: q.version, truncated: true });
      }
    } finally {
      outbox.delete(meeting.roomName);
    }
  })();
}

/**
 * Raise the caller's own hand (POST /meetings/{id}/hands): at the end of the queue; already raised: it keeps its
 * place (idempotent). Announced on `vr.hands`.
 * @throws AppError 403 `forbidden` for an API key (nobody in the room); 409 `meeting_ended`
 */
export async function raiseHand(deps: Deps, caller: RoomCaller): Promise<HandQueue> {
  if (caller.kind !== 'session') throw new AppError(403, 'forbidden', 'Only a participant in the room can raise their hand');
  return changeQueue(deps, caller, (tx, session) => store.insertHand(tx, session, { identity: caller.identity, name: caller.name, role: caller.role }));
}

/**
 * Lower the hand of `identity` (DELETE /meetings/{id}/hands/{identity}): one's own (anyone in the room), or anyone's
 * (hosts, moderators, the API key). Not raised: nothing changes (idempotent). Announced on `vr.hands`.
 * @throws AppError 403 `forbidden` when a participant or viewer lowers another's hand (nothing changes);
 *   409 `meeting_ended`
 */
export async function lowerHand(deps: Deps, caller: RoomCaller, identity: string): Promise<HandQueue> {
  const own = caller.kind === 'session' && caller.identity === identity;
  if (!own && !isModerator(caller)) throw new AppError(403, 'forbidden', "Only a host or moderator can lower someone else's hand");
  return changeQueue(deps, caller, (tx, session) => store.deleteHand(tx, session, identity));
}

/**
 * Lower every hand (DELETE /meetings/{id}/hands): hosts, moderators, the API key. Announced on `vr.hands`.
 * @throws AppError 403 `forbidden` for participants and viewers (nothing changes); 409 `meeting_ended`
 */
export async function lowerAllHands(deps: Deps, caller: RoomCaller): Promise<HandQueue> {
  requireModerator(caller, 'Only a host or moderator can lower every hand');
  return changeQueue(deps, caller, async (tx, session) => (await store.deleteAllHands(tx, session)) > 0);
}
