/**
 * What polls tell other modules and themselves, as pg-boss jobs sent in the transaction of the change
 * (transactional outbox).
 *
 * `poll-close` — a poll with a timer closes at `closes_at`: sent at launch with `startAfter` = that instant
 * (singleton key: the poll id), handled by this module (poll-jobs.ts). Answers are refused past `closes_at` even
 * before the job runs (the check is in SQL), so a late job changes nothing but the stored status, the announcement
 * and the quiz passback. Survives restarts; with several instances the job runs once.
 *
 * `quiz-closed` — a quiz (a named poll with a correct answer) closed: lti/ handles it (grade passback, one line item per
 * quiz) through the composition root; the core knows nothing of LTI. Data `{pollId}`; singleton key the poll id.
 * Imports: server/jobs and server/db (types) only.
 */
import type { Deps } from '../../deps.js';
import type { Transaction } from '../../db/db.js';

export const POLL_CLOSE_QUEUE = 'poll-close';
export const QUIZ_CLOSED_QUEUE = 'quiz-closed';

/** Data of `poll-close` and `quiz-closed` jobs. */
export interface PollJob {
  pollId: string;
}

/** Queue the close of `pollId` at `at` (UTC) in `tx`. */
export async function sendPollClose(deps: Pick<Deps, 'jobs'>, tx: Transaction, pollId: string, at: Date): Promise<void> {
  await deps.jobs.boss.send(POLL_CLOSE_QUEUE, { pollId } satisfies PollJob, { startAfter: at, singletonKey: pollId, retryLimit: 8, retryDelay: 2, retryBackoff: true, ...deps.jobs.inTx(tx) });
}

/** Queue `quiz-closed` for `pollId` in `tx` (retried 8 times, 5 s · 2^n). */
export async function sendQuizClosed(deps: Pick<Deps, 'jobs'>, tx: Transaction, pollId: string): Promise<void> {
  await deps.jobs.boss.send(QUIZ_CLOSED_QUEUE, { pollId } satisfies PollJob, { singletonKey: pollId, retryLimit: 8, retryDelay: 5, retryBackoff: true, ...deps.jobs.inTx(tx) });
}
