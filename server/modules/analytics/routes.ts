/**
 * Engagement analytics (API key required), HTTP only:
 *   GET /api/v1/meetings/{id}/analytics       JSON: summary and per-person figures of one session (?session=<id>)
 *   GET /api/v1/meetings/{id}/analytics.csv   the per-person figures as CSV (RFC 4180), same `session` parameter
 */
import type { Deps } from '../../deps.js';
import { apiKeyOperations, reportOperations } from '../../shared/routes.js';
import { MeetingIdParamsSchema, MeetingSessionQuerySchema } from '../meetings/schemas.js';
import { MeetingAnalyticsSchema } from './schemas.js';
import { analyticsCsv, getMeetingAnalytics } from './service.js';

export function analyticsRoutes(deps: Deps) {
  // The meetings router, mounted at /meetings, may already have authenticated the request: apiKeyAuth does not ask twice.
  const { app, route } = apiKeyOperations(deps, ['Analytics'], ['/meetings/:id/analytics', '/meetings/:id/analytics.csv']);
  reportOperations(route, '/meetings/{id}/analytics', {
    params: MeetingIdParamsSchema,
    query: MeetingSessionQuerySchema,
    summary: 'Engagement analytics of a meeting',
    description:
      'For one session of the meeting (`session`, else the latest): peak and time-weighted average participants (from the attendance join/leave cycles, between the first join and the last leave), and per person (LiveKit identity) the time in the room, chat messages sent, hands raised, polls answered and screen-share time (LiveKit `track_published`/`track_unpublished` webhooks of SCREEN_SHARE tracks). Durations in whole seconds and rounded minutes; instants UTC. Computed on read, so webhook retries and out-of-order deliveries change nothing. 404 when the meeting is not in your organisation or the session is not one of its sessions.',
    schema: MeetingAnalyticsSchema,
    csv: {
      summary: 'Engagement analytics as CSV',
      description:
        'The per-person figures of the JSON answer (the summary is in the JSON only). RFC 4180 (CRLF, header row, quoted fields where needed), UTF-8. Columns: identity, name, role, seconds, minutes, cycles, messages, hands_raised, polls_answered, screen_share_seconds, screen_share_minutes. Text starting with = + - @ gets a leading apostrophe (CSV injection).',
    },
    load: ({ param, query, vars }) => getMeetingAnalytics(deps, vars.org, param.id, { sessionId: query.session }),
    toCsv: analyticsCsv,
    filename: (a) => `analytics-${a.meeting.id}.csv`,
  });
  return app;
}
