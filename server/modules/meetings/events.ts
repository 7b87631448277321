/**
 * What the meetings module tells other modules, as jobs sent in the transaction of the change (a transactional
 * outbox: the job exists if and only if the change committed, and survives a crash right after the commit).
 *
 * `meeting-changed` — a scheduled meeting's attendees must hear of a change (RFC 5546 iTIP): `REQUEST` after a
 * new time, title or description, or a moved occurrence; `CANCEL` after the meeting or one occurrence was
 * cancelled. The invitations module handles it (modules/invitations/jobs.ts) and emails every attendee the
 * meeting as it is when the job runs. The scheduling module sends it too (occurrence cancel/move).
 * Imports: server/jobs and server/db (types), scheduling/recurrence (types) only.
 */
import type { Deps } from '../../deps.js';
import type { Transaction } from '../../db/db.js';
import type { QueueSpec, RetryOptions } from '../../jobs/queue.js';
import type { Occurrence } from '../scheduling/recurrence.js';

export const MEETING_CHANGED_QUEUE = 'meeting-changed';

/** An occurrence in job data (JSON): instants as ISO 8601 UTC strings. */
export type OccurrenceJson = Omit<Occurrence, 'recurrenceId' | 'startAt' | 'endAt'> & { recurrenceId: string | null; startAt: string; endAt: string };

/** Data of a `meeting-changed` job. */
export interface MeetingChanged {
  meetingId: string;
  method: 'REQUEST' | 'CANCEL';
  /** Only this occurrence (RECURRENCE-ID) changed: moved (REQUEST) or cancelled (CANCEL). */
  occurrence?: OccurrenceJson;
}

/** `meeting-changed` retries with backoff (5 s · 2^n, 8 times) when the database fails (the queue's policy and every send). */
const MEETING_CHANGED_RETRY: RetryOptions = { retryLimit: 8, retryDelay: 5, retryBackoff: true };

/** The queues the meetings module owns. */
export const meetingQueues = (): QueueSpec[] => [{ name: MEETING_CHANGED_QUEUE, options: { policy: 'standard', ...MEETING_CHANGED_RETRY } }];

/**
 * Queue `meeting-changed` in transaction `tx` (nothing is queued if it rolls back).
 * @throws the database error (the caller's transaction then rolls back)
 */
export async function sendMeetingChanged(deps: Pick<Deps, 'jobs'>, tx: Transaction, data: MeetingChanged): Promise<string | null> {
  return deps.jobs.boss.send(MEETING_CHANGED_QUEUE, data, { ...deps.jobs.inTx(tx), ...MEETING_CHANGED_RETRY });
}

/** An occurrence as job data. */
export function occurrenceJson(o: Occurrence): OccurrenceJson {
  return { ...o, recurrenceId: o.recurrenceId ? o.recurrenceId.toISOString() : null, startAt: o.startAt.toISOString(), endAt: o.endAt.toISOString() };
}

/** An occurrence from job data. */
export function occurrenceFromJson(o: OccurrenceJson): Occurrence {
  return { ...o, recurrenceId: o.recurrenceId ? new Date(o.recurrenceId) : null, startAt: new Date(o.startAt), endAt: new Date(o.endAt) } as Occurrence;
}
