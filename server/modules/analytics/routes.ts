/**
 * Engagement analytics (API key required), HTTP only:
 *   GET /api/v1/meetings/{id}/analytics       JSON: summary and per-person figures of one session (?session=<id>)
 *   GET /api/v1/meetings/{id}/analytics.csv   the per-person figures as CSV (RFC 4180), same `session` parameter
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../../deps.js';
import { errorResponses } from '../../shared/schemas.js';
import { apiKeyAuth, json, router, type Env } from '../../shared/http.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import { AnalyticsQuerySchema, MeetingAnalyticsSchema } from './schemas.js';
import { analyticsCsv, getMeetingAnalytics } from './service.js';

const security = [{ apiKey: [] }];
const tags = ['Analytics'];

export function analyticsRoutes(deps: Deps) {
  const app = router();
  // The meetings router, mounted at /meetings, may already have authenticated this request: do not ask twice.
  const auth = apiKeyAuth(deps);
  const once: MiddlewareHandler<Env> = (c, next) => (c.get('org') ? next() : auth(c, next));
  app.use('/meetings/:id/analytics', once);
  app.use('/meetings/:id/analytics.csv', once);

  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/analytics', tags, security, summary: 'Engagement analytics of a meeting',
      description:
        'For one session of the meeting (`session`, else the latest): peak and time-weighted average participants (from the attendance join/leave cycles, between the first join and the last leave), and per person (LiveKit identity) the time in the room, chat messages sent, hands raised, polls answered and screen-share time (LiveKit `track_published`/`track_unpublished` webhooks of SCREEN_SHARE tracks). Durations in whole seconds and rounded minutes; instants UTC. Computed on read, so webhook retries and out-of-order deliveries change nothing. 404 when the meeting is not in your organisation or the session is not one of its sessions.',
      request: { params: MeetingIdParamsSchema, query: AnalyticsQuerySchema },
      responses: { 200: json(MeetingAnalyticsSchema, 'The figures'), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await getMeetingAnalytics(deps, c.var.org, c.req.valid('param').id, { sessionId: c.req.valid('query').session }), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/analytics.csv', tags, security, summary: 'Engagement analytics as CSV',
      description:
        'The per-person figures of the JSON answer (the summary is in the JSON only). RFC 4180 (CRLF, header row, quoted fields where needed), UTF-8. Columns: identity, name, role, seconds, minutes, cycles, messages, hands_raised, polls_answered, screen_share_seconds, screen_share_minutes. Text starting with = + - @ gets a leading apostrophe (CSV injection).',
      request: { params: MeetingIdParamsSchema, query: AnalyticsQuerySchema },
      responses: { 200: { description: 'The CSV file', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => {
      const a = await getMeetingAnalytics(deps, c.var.org, c.req.valid('param').id, { sessionId: c.req.valid('query').session });
      return c.body(analyticsCsv(a), 200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="analytics-${a.meeting.id}.csv"`,
      });
    },
  );
  return app;
}
