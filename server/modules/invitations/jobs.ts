/**
 * The invitations module's job handler: `meeting-changed` (owned by the meetings module, sent in the transaction of
 * the change) → email every attendee the REQUEST or CANCEL (service.ts `notifyAttendees`). Runs after the commit,
 * so SMTP never waits inside a transaction, and a crash between the commit and the emails loses nothing: the job is
 * still queued and the next worker to start sends them. Registered by the composition root (server/main.ts).
 * Imports: this module, meetings/events, server/jobs.
 */
import type { JobModule } from '../../jobs/workers.js';
import { MEETING_CHANGED_QUEUE, occurrenceFromJson, type MeetingChanged } from '../meetings/events.js';
import { notifyAttendees } from './service.js';

export const invitationsJobs: JobModule = {
  name: 'invitations',
  async work({ boss, deps, pollingIntervalSeconds }) {
    await boss.work<MeetingChanged>(MEETING_CHANGED_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
      const { meetingId, method, occurrence } = job!.data;
      await notifyAttendees(deps, meetingId, { method, occurrence: occurrence ? occurrenceFromJson(occurrence) : undefined });
    });
  },
};
