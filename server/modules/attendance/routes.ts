/**
 * Attendance (API key required):
 *   GET   /api/v1/meetings/{id}/attendance       JSON report of one session (?session=<id>, else the latest)
 *   GET   /api/v1/meetings/{id}/attendance.csv   CSV export (RFC 4180), same `session` parameter
 *   GET   /api/v1/attendance/settings            the organisation's thresholds
 *   PATCH /api/v1/attendance/settings            change them
 */
import type { Deps } from '../../deps.js';
import { AttendanceReportSchema, AttendanceSettingsSchema, AttendanceSettingsUpdateSchema } from './schemas.js';
import { MeetingIdParamsSchema, MeetingSessionQuerySchema } from '../meetings/schemas.js';
import { attendanceCsv, getAttendanceReport, getAttendanceSettings, updateAttendanceSettings } from './service.js';
import { apiKeyOperations, reportOperations } from '../../shared/routes.js';

export function attendanceRoutes(deps: Deps) {
  // The meetings router, mounted at /meetings, may already have authenticated the request: apiKeyAuth does not ask twice.
  const { app, route } = apiKeyOperations(deps, ['Attendance'], ['/meetings/:id/attendance', '/meetings/:id/attendance.csv', '/attendance/*']);
  reportOperations(route, '/meetings/{id}/attendance', {
    params: MeetingIdParamsSchema,
    query: MeetingSessionQuerySchema,
    summary: 'Attendance of a meeting',
    description:
      'Per person (LiveKit identity): join/leave cycles (a re-join within `rejoinMergeSeconds` continues the previous cycle; a cycle open when the room finished ends there), total time, share of the reference duration (the schedule, else the room\'s actual start and end) and a status, for one session of the meeting (`session`, else the latest: ending a meeting ends its session, and the next LTI launch opens a new one with its own attendance); people expected (LTI launches, `meeting_expected_attendees`) who never joined are absent. Computed from LiveKit webhooks by the time each event happened, so retries and out-of-order deliveries do not change it.',
    schema: AttendanceReportSchema,
    csv: {
      summary: 'Attendance as CSV',
      description:
        'RFC 4180 (CRLF, header row, quoted fields where needed), UTF-8. Columns: identity, name, lti_sub, role, status, percent, minutes, seconds, first_joined_at, last_left_at, cycle_count, cycles (ISO 8601 intervals, space-separated), expected_source.',
    },
    load: ({ param, query, vars }) => getAttendanceReport(deps, vars.org, param.id, { sessionId: query.session }),
    toCsv: attendanceCsv,
    filename: (report) => `attendance-${report.meeting.id}.csv`,
  });

  route('get /attendance/settings', { summary: 'Attendance thresholds of your organisation', ok: [200, AttendanceSettingsSchema, 'The thresholds (defaults until changed)'] },
    (c) => getAttendanceSettings(deps, c.var.org));

  route('patch /attendance/settings', {
    summary: 'Change attendance thresholds',
    description: 'Fields left out stay as they are. `partialPercent` must stay below `presentPercent` (400). Reports use the new values at once.',
    body: AttendanceSettingsUpdateSchema,
    ok: [200, AttendanceSettingsSchema, 'The thresholds now'],
  }, (c) => updateAttendanceSettings(deps, c.var.org, c.req.valid('json')));
  return app;
}
