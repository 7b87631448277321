/**
 * The room-activity module's jobs: it owns `poll-close` (handled here: a poll's timer ran out) and `quiz-closed`
 * (handled by lti/jobs.ts: gradebook passback). At start-up, open polls whose timer ran out while no worker ran are
 * closed (idempotent). Imports: server/jobs (types), this module's poll service.
 */
import type { JobModule } from '../../jobs/workers.js';
import { POLL_CLOSE_QUEUE, QUIZ_CLOSED_QUEUE, type PollJob } from './poll-events.js';
import { closeExpiredPoll, closeExpiredPolls } from './poll-service.js';

export const pollJobs: JobModule = {
  name: 'polls',
  queues: () => [
    { name: POLL_CLOSE_QUEUE, options: { policy: 'short', retryLimit: 8, retryDelay: 2, retryBackoff: true } },
    { name: QUIZ_CLOSED_QUEUE, options: { policy: 'short', retryLimit: 8, retryDelay: 5, retryBackoff: true } },
  ],
  async work({ work, deps, pollingIntervalSeconds }) {
    await closeExpiredPolls(deps);
    await work<PollJob>(POLL_CLOSE_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => ({ closed: await closeExpiredPoll(deps, job!.data.pollId) }));
  },
};
