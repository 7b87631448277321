/**
 * Attendance → gradebook. When LiveKit reports a room finished, the core's webhook transaction queues a
 * `room-finished` job (server/modules/webhooks/events.ts; so a crash right after cannot lose it); lti/jobs.ts runs
 * `gradeSession` for it, which computes the attendance report and queues one score (one `lti-ags-score` job) per
 * learner of each LTI resource link of the meeting (lti/ags.ts):
 * scoreGiven = attendance percent, scoreMaximum 100, comment = the status. Idempotent per room session (the
 * LiveKit room sid is the dedupe key), so webhook retries and job retries queue nothing twice.
 */
import type { Deps } from '../server/deps.js';
import { getAttendanceReport } from '../server/modules/attendance/service.js';
import { findMeetingByRoomName } from '../server/modules/meetings/store.js';
import type { RoomFinished } from '../server/modules/webhooks/events.js';
import { queueScores } from './ags.js';
import { syncRoster } from './nrps.js';
import { resourceLinksOfMeeting } from './store.js';

export type GradeJob = RoomFinished;

/**
 * Grade one finished session (the job's handler; callable directly).
 * @returns how many scores were queued (0 for meetings without an LTI resource link)
 */
export async function gradeSession(deps: Deps, job: GradeJob): Promise<{ queued: number }> {
  const meeting = await findMeetingByRoomName(deps.sql, job.roomName);
  if (!meeting) return { queued: 0 };
  // The links this meeting was a session of (an ended session stays graded after the link opened a new one).
  const links = (await resourceLinksOfMeeting(deps.sql, meeting.id)).map((id) => ({ id }));
  if (links.length === 0) return { queued: 0 };
  // Latest roster first, so learners who never came get their 0 too; without it, grade who we know.
  for (const l of links) {
    await syncRoster(deps, l.id).catch((e) => deps.log.warn('NRPS roster not refreshed before grading', { resourceLink: l.id, error: String((e as Error).message) }));
  }
  const report = await getAttendanceReport(deps, { id: meeting.organizationId, name: '', slug: '' }, meeting.id);
  const byIdentity = new Map(report.people.map((p) => [p.identity, p]));
  let queued = 0;
  await deps.sql.begin(async (tx) => {
    for (const link of links) {
      // Learners: who launched as one, and the roster's learners (NRPS), once each.
      const learners = await tx<{ sub: string; identity: string }[]>`
        SELECT sub, identity FROM lti_launch_users WHERE resource_link_uuid = ${link.id} AND role = 'participant' AND identity IS NOT NULL
        UNION
        SELECT sub, identity FROM lti_members WHERE resource_link_uuid = ${link.id} AND role = 'participant'`;
      const scores = learners.map((u) => {
        const p = byIdentity.get(u.identity);
        const percent = p ? Math.round(p.percent * 100) / 100 : 0;
        return { userSub: u.sub, scoreGiven: percent, scoreMaximum: 100, comment: `Attendance: ${p?.status ?? 'absent'} (${percent} %)` };
      });
      queued += await queueScores(deps, tx, link.id, `attendance:${job.roomSid}`, scores);
    }
  });
  return { queued };
}
