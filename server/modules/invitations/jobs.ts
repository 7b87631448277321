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
import { workLifecycleQueues } from '../scheduling/queues.js';
import { runReminderJob } from './reminders.js';
import { notifyAttendees } from './service.js';

export const invitationsJobs: JobModule = {
  name: 'invitations',
  async work(ctx) {
    const { work, deps, pollingIntervalSeconds } = ctx;
    await work<MeetingChanged>(MEETING_CHANGED_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
      const { meetingId, method, occurrence } = job!.data;
      await notifyAttendees(deps, meetingId, { method, occurrence: occurrence ? occurrenceFromJson(occurrence) : undefined });
    });
    await workLifecycleQueues(ctx, ['reminder-24h', 'reminder-15m'], 'reminder', runReminderJob);
  },
};
