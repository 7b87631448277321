/**
 * The invitations module's job handlers, registered by the composition root (server/main.ts):
 *  - `meeting-changed` (owned by the meetings module, sent in the transaction of the change) → email every attendee
 *    the REQUEST or CANCEL (service.ts `notifyAttendees`). Runs after the commit, so SMTP never waits inside a
 *    transaction, and a crash between the commit and the emails loses nothing: the job is still queued and the
 *    next worker to start sends them.
 *  - `lifecycle-reminder-24h` / `lifecycle-reminder-15m` (planned by the scheduling module) → reminders.ts.
 * Imports: this module, meetings (events), scheduling (queues), server/jobs.
 */
import type { JobModule } from '../../jobs/workers.js';
import { MEETING_CHANGED_QUEUE, occurrenceFromJson, type MeetingChanged } from '../meetings/events.js';
import { queueFor, type LifecycleJobData } from '../scheduling/queues.js';
import { runReminderJob } from './reminders.js';
import { notifyAttendees } from './service.js';

export const invitationsJobs: JobModule = {
  name: 'invitations',
  async work({ work, deps, workerId, pollingIntervalSeconds }) {
    await work<MeetingChanged>(MEETING_CHANGED_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
      const { meetingId, method, occurrence } = job!.data;
      await notifyAttendees(deps, meetingId, { method, occurrence: occurrence ? occurrenceFromJson(occurrence) : undefined });
    });
    for (const kind of ['reminder-24h', 'reminder-15m'] as const) {
      await work<LifecycleJobData>(queueFor(kind), { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
        try {
          return { result: await runReminderJob(deps, job!.data, { jobId: job!.id, worker: workerId }) };
        } catch (e) {
          deps.log.warn('reminder job failed; pg-boss will retry', { kind, meetingId: job!.data.meetingId, error: String((e as Error).message ?? e) });
          throw e;
        }
      });
    }
  },
};
