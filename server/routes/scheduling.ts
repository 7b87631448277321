/**
 * Scheduling routes, mounted at /api/v1:
 *  - GET  /meetings/{id}/occurrences?from&to            occurrences (UTC + local wall-clock), LiveKit `live` state
 *  - POST /meetings/{id}/occurrences/{key}/cancel       cancel one occurrence (EXDATE + METHOD:CANCEL)
 *  - POST /meetings/{id}/occurrences/{key}/move         move one occurrence (RECURRENCE-ID override)
 *  - POST /meetings/{id}/attendees, GET …/attendees     attendees; adding one emails the .ics invitation
 *  - GET/PATCH /scheduling/settings                     organisation room lifecycle settings
 *  - GET  /calendar/{token}.ics                         an attendee's personal iCal feed (no API key: the token is the secret)
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.js';
import { errorResponses } from '../schemas/common.js';
import { MeetingIdParamsSchema } from '../schemas/meetings.js';
import {
  AttendeeCreateSchema,
  AttendeeListSchema,
  AttendeeSchema,
  FeedParamsSchema,
  OccurrenceListSchema,
  OccurrenceMoveSchema,
  OccurrenceParamsSchema,
  OccurrenceQuerySchema,
  OccurrenceSchema,
  ScheduleSettingsSchema,
  ScheduleSettingsUpdateSchema,
} from '../schemas/scheduling.js';
import * as invitations from '../services/invitations.js';
import * as scheduling from '../services/scheduling.js';
import { apiKeyAuth, body, json, router } from './http.js';

const security = [{ apiKey: [] }];
const tags = ['Scheduling'];

export function schedulingRoutes(deps: Deps) {
  const app = router();
  const auth = apiKeyAuth(deps);
  app.use('/meetings/*', auth);
  app.use('/scheduling/*', auth);

  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/occurrences', tags, security, summary: 'List occurrences',
      description:
        "Occurrences starting in [from, to) (UTC; default now … +90 days), expanded from DTSTART;TZID=<timezone> + RRULE (RFC 5545 §3.8.5.3) on the organiser's wall clock, so they keep their local time across DST; a local time in a DST gap moves forward by the gap (§3.3.5). The same expansion plans the room jobs and reminders and is what the .ics invitations and the feed describe. EXDATEs are left out; moved occurrences appear at their new time. Nothing starts 10 years or more after the first occurrence: a range beyond that is an empty page. `live` comes from LiveKit (`unknown` when it can't be reached).",
      request: { params: MeetingIdParamsSchema, query: OccurrenceQuerySchema },
      responses: { 200: json(OccurrenceListSchema, 'The occurrences'), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await scheduling.listOccurrences(deps, c.var.org, c.req.valid('param').id, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/meetings/{id}/occurrences/{key}/cancel', tags, security, summary: 'Cancel one occurrence',
      description: 'Adds an EXDATE (RFC 5545 §3.8.5.1), bumps SEQUENCE, drops its room jobs and emails attendees METHOD:CANCEL with its RECURRENCE-ID.',
      request: { params: OccurrenceParamsSchema },
      responses: { 200: json(OccurrenceSchema, 'The cancelled occurrence'), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await scheduling.cancelOccurrence(deps, c.var.org, p.id, p.key), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/meetings/{id}/occurrences/{key}/move', tags, security, summary: 'Move one occurrence',
      description: 'A RECURRENCE-ID override (RFC 5545 §3.8.4.4): new start (and end; default same duration). Reschedules its room jobs (no duplicates) and emails attendees a REQUEST for that occurrence.',
      request: { params: OccurrenceParamsSchema, body: body(OccurrenceMoveSchema) },
      responses: { 200: json(OccurrenceSchema, 'The moved occurrence'), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await scheduling.moveOccurrence(deps, c.var.org, p.id, p.key, c.req.valid('json')), 200);
    },
  );

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
      method: 'get', path: '/scheduling/settings', tags, security, summary: 'Room lifecycle settings',
      responses: { 200: json(ScheduleSettingsSchema, 'The settings'), ...errorResponses(401) },
    }),
    async (c) => c.json(await scheduling.getSettings(deps, c.var.org), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/scheduling/settings', tags, security, summary: 'Change room lifecycle settings',
      description: 'Applies to meetings created, changed or re-planned afterwards.',
      request: { body: body(ScheduleSettingsUpdateSchema) },
      responses: { 200: json(ScheduleSettingsSchema, 'The settings'), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await scheduling.updateSettings(deps, c.var.org, c.req.valid('json')), 200),
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
