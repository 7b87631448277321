/**
 * LiveKit webhooks (https://docs.livekit.io/home/server/webhooks/): verified, stored once per event id,
 * and applied idempotently. Attendance from participant events builds on the stored rows.
 *
 * Participant events (nearly all of the volume) are written by a small group-commit writer: the first event
 * goes to PostgreSQL at once; events that arrive while MAX_IN_FLIGHT statements are running wait for the next
 * free slot and then go together in one statement (store.insertWebhooksWithAttendance). Under light load
 * nothing waits; under heavy load one round trip and one commit carry many events. Every delivery is answered
 * only after the statement holding its event committed.
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import * as store from '../meetings/store.js';
import type { Sql } from '../../db/db.js';
import { sendRoomFinished } from './events.js';
import { attendanceRowFor, ingestAttendanceEvent } from '../attendance/service.js';
import { ingestScreenShareEvent } from '../analytics/service.js';
import { insertWebhooksWithAttendance, insertWebhookWithAttendance, type AttendanceEventInsert, type WebhookInsert } from '../attendance/store.js';

/**
 * Verify and record one delivery.
 * @param rawBody the request body exactly as received (re-serialised JSON fails the sha256 check)
 * @param authorization the Authorization header as sent (a JWT signed with the API secret)
 * @returns whether the event was new (false: a retry we had already stored)
 * @throws AppError 401 when the signature or body hash does not match (nothing is stored); the database error
 *   when storing failed (HTTP 500: LiveKit delivers the event again)
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
  // Participant events (nearly all of the volume): webhook row + attendance row in one statement, shared with
  // the participant events that arrive at the same moment (group commit, below).
  if (ev.event === 'participant_joined' || ev.event === 'participant_left') {
    const row = attendanceRowFor(ev, createdAt);
    if (row) {
      const fresh = await writerFor(deps.sql).write({ id: ev.id, event: ev.event, roomName, createdAt, payload }, row);
      return { event: ev.event, duplicate: !fresh };
    }
  }
  const fresh = await deps.sql.begin(async (tx) => {
    const inserted = await store.insertWebhookEvent(tx, { id: ev.id, event: ev.event, roomName, createdAt, payload });
    if (!inserted) return false;
    if (ev.event === 'room_started' && roomName) await store.markLiveByRoomName(tx, roomName, createdAt);
    await ingestAttendanceEvent(tx, ev, createdAt);
    await ingestScreenShareEvent(tx, ev, createdAt);
    // A finished session: other modules react through a job queued in this transaction (e.g. lti/ grades it).
    if (ev.event === 'room_finished' && roomName && ev.room?.sid) await sendRoomFinished(deps, tx, { roomName, roomSid: ev.room.sid });
    return true;
  });
  return { event: ev.event, duplicate: !fresh };
}

/** Batch statements of participant events running at once per pool; more events wait and go together. */
const MAX_IN_FLIGHT = 4;
/** Events per statement at most. */
const MAX_BATCH = 256;

interface Pending {
  w: WebhookInsert;
  e: AttendanceEventInsert;
  resolve(fresh: boolean): void;
  reject(err: unknown): void;
}

/** Group-commit writer of participant events for one database pool. */
class ParticipantEventWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  constructor(private readonly sql: Sql) {}

  /** Store the webhook row and its attendance row; resolves with whether the event id was new, once committed. */
  write(w: WebhookInsert, e: AttendanceEventInsert): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ w, e, resolve, reject });
      this.schedule();
    });
  }

  /** Flush after the current I/O callbacks, so requests read in the same turn of the event loop go together. */
  private schedule() {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        this.inFlight++;
        void this.run(batch).finally(() => {
          this.inFlight--;
          this.schedule();
        });
      }
    });
  }

  private async run(batch: Pending[]) {
    // One row per event id (a retry can arrive next to its original): the first holds it, the others are
    // answered as duplicates once it is stored. Sorted by id: concurrent statements lock keys in one order.
    const byId = new Map<string, Pending[]>();
    for (const p of batch) {
      const same = byId.get(p.w.id);
      if (same) same.push(p);
      else byId.set(p.w.id, [p]);
    }
    const firsts = [...byId.values()].map((g) => g[0]!).sort((a, b) => (a.w.id < b.w.id ? -1 : a.w.id > b.w.id ? 1 : 0));
    const settle = (group: Pending[], fresh: boolean) => group.forEach((p, i) => p.resolve(i === 0 && fresh));
    try {
      const fresh = firsts.length === 1
        ? ((await insertWebhookWithAttendance(this.sql, firsts[0]!.w, firsts[0]!.e)) ? new Set([firsts[0]!.w.id]) : new Set<string>())
        : await insertWebhooksWithAttendance(this.sql, firsts);
      for (const [id, group] of byId) settle(group, fresh.has(id));
    } catch (err) {
      if (firsts.length === 1) {
        for (const p of batch) p.reject(err);
        return;
      }
      // One bad event must not fail the others: store them one by one, each answered with its own outcome.
      await Promise.all(
        firsts.map(async (p) => {
          const group = byId.get(p.w.id)!;
          try {
            settle(group, await insertWebhookWithAttendance(this.sql, p.w, p.e));
          } catch (e) {
            for (const q of group) q.reject(e);
          }
        }),
      );
    }
  }
}

const writers = new WeakMap<Sql, ParticipantEventWriter>();
function writerFor(sql: Sql): ParticipantEventWriter {
  let w = writers.get(sql);
  if (!w) writers.set(sql, (w = new ParticipantEventWriter(sql)));
  return w;
}
