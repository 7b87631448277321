/**
 * The invitations module's API routes, mounted at /api/v1 (HTTP only: validate, call service.ts, answer):
 *  - POST /meetings/{id}/attendees, GET …/attendees     attendees; adding one emails the .ics invitation
 *  - GET  /calendar/{token}.ics                         an attendee's personal iCal feed (no API key: the token is the secret)
 * (The hosted join page /j/{token}: routes.ts.)
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { errorResponses } from '../../shared/schemas.js';
import { apiKeyAuth, body, json, router } from '../../shared/http.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import { AttendeeCreateSchema, AttendeeListSchema, AttendeeSchema, FeedParamsSchema } from '../scheduling/schemas.js';
import * as invitations from './service.js';

const security = [{ apiKey: [] }];
const tags = ['Scheduling'];

export function invitationApiRoutes(deps: Deps) {
  const app = router();
  app.use('/meetings/:id/attendees', apiKeyAuth(deps));

  app.openapi(
    createRoute({
      method: 'post', path: '/meetings/{id}/attendees', tags, security, summary: 'Invite an attendee',
      description:
        'Stores the attendee and emails an RFC 5545 invitation (METHOD:REQUEST, text/calendar alternative + .ics attachment). Without SMTP_URL the invitation is stored, not sent. `feedUrl` (their personal iCal feed) is returned only when their feed is created.',
      request: { params: MeetingIdParamsSchema, body: body(AttendeeCreateSchema) },
      responses: { 201: json(AttendeeSchema, 'The attendee'), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => c.json(await invitations.addAttendee(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/attendees', tags, security, summary: 'List attendees',
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(AttendeeListSchema, 'The attendees'), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await invitations.listAttendees(deps, c.var.org, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/calendar/{token}', tags, summary: "An attendee's iCal feed",
      description: 'Path `/calendar/<token>.ics` from the attendee\'s `feedUrl`. `text/calendar` (RFC 5545, METHOD:PUBLISH) with their upcoming meetings. 404 for an unknown token.',
      request: { params: FeedParamsSchema },
      responses: { 200: { description: 'iCalendar', content: { 'text/calendar': { schema: z.string() } } }, ...errorResponses(400, 404) },
    }),
    async (c) => {
      const token = c.req.valid('param').token.replace(/\.ics$/, '');
      const text = await invitations.calendarFeed(deps, token);
      return c.body(text, 200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' });
    },
  );


  return app;
}
