/**
 * lti/'s job handlers, registered by the composition root (server/main.ts) next to the core modules':
 *  - `room-finished` (owned by the core's webhooks module, sent in the webhook's transaction) → grade the session
 *    (lti/grades.ts), which queues one `lti-ags-score` job per learner;
 *  - `quiz-closed` (owned by the core's room-activity module, sent in the close's transaction) → grade the quiz on
 *    its own line item (lti/quizzes.ts), which queues one `lti-ags-score` job per learner;
 *  - `lti-ags-score` → post that one score (lti/ags.ts `sendScore`), retried by pg-boss with backoff;
 *  - `lti-roster-sync` → refresh an NRPS roster (lti/nrps.ts).
 * At start-up, pending scores without a job (queued before scores were jobs) get their job (idempotent: job id =
 * score id). Imports: lti/, the core's public module APIs, server/jobs.
 */
import type { JobModule } from '../server/jobs/workers.js';
import { ROOM_FINISHED_QUEUE, type RoomFinished } from '../server/modules/webhooks/events.js';
import { pendingScoreIds, sendScore, sendScoreJob } from './ags.js';
import { gradeSession } from './grades.js';
import { gradeQuiz } from './quizzes.js';
import { QUIZ_CLOSED_QUEUE, type PollJob } from '../server/modules/room-activity/poll-events.js';
import { syncRoster } from './nrps.js';
import { AGS_SCORE_QUEUE, ltiQueues, ROSTER_QUEUE, type ScoreJob } from './queues.js';

export const ltiJobs: JobModule = {
  name: 'lti',
  queues: ltiQueues,
  async work({ work, deps, pollingIntervalSeconds }) {
    for (const id of await pendingScoreIds(deps)) await sendScoreJob(deps, id);
    await work<{ resourceLinkUuid: string }>(ROSTER_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => syncRoster(deps, job!.data.resourceLinkUuid));
    await work<RoomFinished>(ROOM_FINISHED_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => gradeSession(deps, job!.data));
    await work<PollJob>(QUIZ_CLOSED_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => gradeQuiz(deps, job!.data));
    await work<ScoreJob>(AGS_SCORE_QUEUE, { pollingIntervalSeconds, batchSize: 1, includeMetadata: true }, async ([job]) => {
      const j = job as typeof job & { retryCount: number; retryLimit: number };
      return { outcome: await sendScore(deps, j.data.scoreId, { finalAttempt: j.retryCount >= j.retryLimit }) };
    });
  },
};
