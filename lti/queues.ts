/**
 * The queues lti/ owns (names, job data, retry policy). Separate from lti/jobs.ts (the handlers) so the code that
 * sends these jobs and the handlers do not import each other. Imports: server/jobs (types) only.
 */
import type { QueueSpec, RetryOptions } from '../server/jobs/queue.js';

/** Refreshes an LTI context roster (lti/nrps.ts); data `{resourceLinkUuid}`, singleton key the link. */
export const ROSTER_QUEUE = 'lti-roster-sync';
/** Posts one score to the platform (lti/ags.ts `sendScore`); data `{scoreId}`, job id = the score row's id. */
export const AGS_SCORE_QUEUE = 'lti-ags-score';

export interface ScoreJob {
  scoreId: string;
}

/** AGS score delivery: 12 tries, 5 s · 2^n apart (with jitter): the LMS may be down for hours. */
export const AGS_SCORE_RETRY: RetryOptions = { retryLimit: 12, retryDelay: 5, retryBackoff: true };
/** NRPS roster refresh: 5 tries, 10 s · 2^n apart. */
export const ROSTER_RETRY: RetryOptions = { retryLimit: 5, retryDelay: 10, retryBackoff: true };

export const ltiQueues = (): QueueSpec[] => [
  { name: ROSTER_QUEUE, options: { policy: 'short', ...ROSTER_RETRY } },
  { name: AGS_SCORE_QUEUE, options: { policy: 'standard', ...AGS_SCORE_RETRY } },
];
