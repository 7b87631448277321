/**
 * Running a planned lifecycle job exactly once: the (meeting, occurrence, kind) row of `meeting_jobs` is locked
 * FOR UPDATE in the handler's transaction; a job whose id is no longer the row's (superseded by a reschedule) is
 * `stale`, one already done is `already-done`. Used by the handlers of the modules above (meetings/lifecycle.ts:
 * open/end rooms; invitations/reminders.ts: reminders). Imports: this module's store, server/db.
 */
import type { Tx } from '../../db/db.js';
import type { LifecycleJobData } from './queues.js';
import * as store from './store.js';

/** What running a lifecycle job did: `done`, or why nothing was done. */
export type LifecycleResult = 'done' | 'stale' | 'already-done' | 'meeting-closed' | 'occurrence-gone';

/**
 * Lock the job's row in `tx`. @returns `stale` or `already-done` when the job must do nothing, else null (the row
 * stays locked until `tx` ends)
 */
export async function lockLifecycleJob(tx: Tx, data: LifecycleJobData, jobId: string | null): Promise<'stale' | 'already-done' | null> {
  const job = await store.lockJob(tx, data.meetingId, data.occurrenceKey, data.kind);
  if (!job || (jobId && job.jobId !== jobId)) return 'stale';
  if (job.doneAt) return 'already-done';
  return null;
}

/**
 * Lock the job's row and check its meeting (loaded by `load` in `tx`) is still scheduled or live; a closed
 * (cancelled, ended, deleted) meeting marks the job done as `meeting-closed`.
 */
export async function claimLifecycleJob<M extends { status: string }>(
  tx: Tx,
  data: LifecycleJobData,
  ctx: { jobId: string | null; now: Date },
  load: () => Promise<M | undefined>,
): Promise<{ result: 'stale' | 'already-done' | 'meeting-closed' } | { meeting: M }> {
  const locked = await lockLifecycleJob(tx, data, ctx.jobId);
  if (locked) return { result: locked };
  const m = await load();
  if (!m || (m.status !== 'scheduled' && m.status !== 'live')) {
    await store.markJobDone(tx, data.meetingId, data.occurrenceKey, data.kind, ctx.now);
    return { result: 'meeting-closed' };
  }
  return { meeting: m };
}

/** Mark the job done without recording it as run (its occurrence is gone). */
export const markLifecycleJobDone = (tx: Tx, data: LifecycleJobData, now: Date) => store.markJobDone(tx, data.meetingId, data.occurrenceKey, data.kind, now);

/** Mark the job done and record who ran it (`room_lifecycle_events`). */
export async function completeLifecycleJob(tx: Tx, data: LifecycleJobData, ctx: { jobId: string | null; worker: string; now: Date }): Promise<'done'> {
  await store.markJobDone(tx, data.meetingId, data.occurrenceKey, data.kind, ctx.now);
  await store.insertLifecycleEvent(tx, { ...data, jobId: ctx.jobId, worker: ctx.worker, at: ctx.now });
  return 'done';
}
