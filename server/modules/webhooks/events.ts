/**
 * What the webhooks module tells other modules, as jobs sent in the webhook's transaction (transactional outbox).
 *
 * `room-finished` — LiveKit reported a room finished (`room_finished`): one job per room session (singleton key:
 * the LiveKit room sid, so webhook retries queue nothing twice). lti/ handles it (grade passback,
 * lti/grades.ts) through the composition root; the core knows nothing of LTI.
 * Imports: server/jobs and server/db (types) only.
 */
import type { Deps } from '../../deps.js';
import type { Transaction } from '../../db/db.js';
import type { RetryOptions } from '../../jobs/queue.js';
import type { JobModule } from '../../jobs/workers.js';

export const ROOM_FINISHED_QUEUE = 'room-finished';
/** `room-finished` retries: 8 times, 5 s · 2^n apart (the queue's policy and every send). */
const ROOM_FINISHED_RETRY: RetryOptions = { retryLimit: 8, retryDelay: 5, retryBackoff: true };

/** Data of a `room-finished` job. */
export interface RoomFinished {
  roomName: string;
  /** The LiveKit room sid: one session of the room. */
  roomSid: string;
}

/** Queue `room-finished` in the webhook's transaction `tx` (retried 8 times, 5 s · 2^n). */
export async function sendRoomFinished(deps: Pick<Deps, 'jobs'>, tx: Transaction, data: RoomFinished): Promise<void> {
  await deps.jobs.boss.send(ROOM_FINISHED_QUEUE, data, { singletonKey: data.roomSid, ...ROOM_FINISHED_RETRY, ...deps.jobs.inTx(tx) });
}

/** The webhooks module's jobs: it owns `room-finished` (handled by lti/jobs.ts). */
export const webhooksJobs: JobModule = {
  name: 'webhooks',
  queues: () => [{ name: ROOM_FINISHED_QUEUE, options: { policy: 'short', ...ROOM_FINISHED_RETRY } }],
};
