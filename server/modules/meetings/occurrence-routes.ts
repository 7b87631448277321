/**
 * The meetings module's occurrence routes, mounted at /api/v1 (HTTP only: validate, call occurrences.ts, answer):
 *  - GET  /meetings/{id}/occurrences?from&to            occurrences (UTC + local wall-clock), LiveKit `live` state
 *  - POST /meetings/{id}/occurrences/{key}/cancel       cancel one occurrence (EXDATE + METHOD:CANCEL)
 *  - POST /meetings/{id}/occurrences/{key}/move         move one occurrence (RECURRENCE-ID override)
 */
import type { Deps } from '../../deps.js';
import { apiKeyOperations } from '../../shared/routes.js';
import { OccurrenceListSchema, OccurrenceMoveSchema, OccurrenceParamsSchema, OccurrenceQuerySchema, OccurrenceSchema } from '../scheduling/schemas.js';
import * as occurrences from './occurrences.js';
import { MeetingIdParamsSchema } from './schemas.js';

export function occurrenceRoutes(deps: Deps) {
  const { app, route } = apiKeyOperations(deps, ['Scheduling'], ['/meetings/:id/occurrences', '/meetings/:id/occurrences/*']);

  route('get /meetings/{id}/occurrences', {
    summary: 'List occurrences',
    description:
      "Occurrences starting in [from, to) (UTC; default now … +90 days), expanded from DTSTART;TZID=<timezone> + RRULE (RFC 5545 §3.8.5.3) on the organiser's wall clock, so they keep their local time across DST; a local time in a DST gap moves forward by the gap (§3.3.5). The same expansion plans the room jobs and reminders and is what the .ics invitations and the feed describe. EXDATEs are left out; moved occurrences appear at their new time. Nothing starts 10 years or more after the first occurrence: a range beyond that is an empty page. `live` comes from LiveKit (`unknown` when it can't be reached).",
    params: MeetingIdParamsSchema, query: OccurrenceQuerySchema,
    ok: [200, OccurrenceListSchema, 'The occurrences'], errors: [404],
  }, (c) => occurrences.listOccurrences(deps, c.var.org, c.req.valid('param').id, c.req.valid('query')));

  route('post /meetings/{id}/occurrences/{key}/cancel', {
    summary: 'Cancel one occurrence',
    description: 'Adds an EXDATE (RFC 5545 §3.8.5.1), bumps SEQUENCE, drops its room jobs and emails attendees METHOD:CANCEL with its RECURRENCE-ID.',
    params: OccurrenceParamsSchema,
    ok: [200, OccurrenceSchema, 'The cancelled occurrence'], errors: [404, 409],
  }, (c) => {
    const p = c.req.valid('param');
    return occurrences.cancelOccurrence(deps, c.var.org, p.id, p.key);
  });

  route('post /meetings/{id}/occurrences/{key}/move', {
    summary: 'Move one occurrence',
    description: 'A RECURRENCE-ID override (RFC 5545 §3.8.4.4): new start (and end; default same duration). Reschedules its room jobs (no duplicates) and emails attendees a REQUEST for that occurrence.',
    params: OccurrenceParamsSchema, body: OccurrenceMoveSchema,
    ok: [200, OccurrenceSchema, 'The moved occurrence'], errors: [404, 409],
  }, (c) => {
    const p = c.req.valid('param');
    return occurrences.moveOccurrence(deps, c.var.org, p.id, p.key, c.req.valid('json'));
  });

  return app;
}
