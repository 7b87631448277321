/**
 * The invitations module's API routes, mounted at /api/v1 (HTTP only: validate, call service.ts, answer):
 *  - POST /meetings/{id}/attendees, GET …/attendees     attendees; adding one emails the .ics invitation
 *  - GET  /calendar/{token}.ics                         an attendee's personal iCal feed (no API key: the token is the secret)
 * (The hosted join page /j/{token}: routes.ts.)
 */
import { z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { apiKeyOperations } from '../../shared/routes.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import { AttendeeCreateSchema, AttendeeListSchema, AttendeeSchema, FeedParamsSchema } from '../scheduling/schemas.js';
import * as invitations from './service.js';

export function invitationApiRoutes(deps: Deps) {
  const { app, route } = apiKeyOperations(deps, ['Scheduling'], ['/meetings/:id/attendees']);

  route('post /meetings/{id}/attendees', {
    summary: 'Invite an attendee',
    description:
      'Stores the attendee and emails an RFC 5545 invitation (METHOD:REQUEST, text/calendar alternative + .ics attachment). Without SMTP_URL the invitation is stored, not sent. `feedUrl` (their personal iCal feed) is returned only when their feed is created.',
    params: MeetingIdParamsSchema, body: AttendeeCreateSchema,
    ok: [201, AttendeeSchema, 'The attendee'], errors: [404, 409],
  }, (c) => invitations.addAttendee(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')));

  route('get /meetings/{id}/attendees', { summary: 'List attendees', params: MeetingIdParamsSchema, ok: [200, AttendeeListSchema, 'The attendees'], errors: [404] },
    (c) => invitations.listAttendees(deps, c.var.org, c.req.valid('param').id));

  route('get /calendar/{token}', {
    summary: "An attendee's iCal feed",
    description: 'Path `/calendar/<token>.ics` from the attendee\'s `feedUrl`. `text/calendar` (RFC 5545, METHOD:PUBLISH) with their upcoming meetings. 404 for an unknown token.',
    security: [], params: FeedParamsSchema,
    ok: [200, z.string(), 'iCalendar', 'text/calendar'], errors: [404],
  }, async (c) => {
    const token = c.req.valid('param').token.replace(/\.ics$/, '');
    const text = await invitations.calendarFeed(deps, token);
    return c.body(text, 200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' });
  });

  return app;
}
