/**
 * The meetings module's HTTP routes (HTTP only: validate, call service.ts, answer): /api/v1/meetings — create,
 * list, get, update, cancel, end, sessions. API key required. (Join tickets: join/routes.ts; occurrences: occurrence-routes.ts.)
 */
import { z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import {
  MeetingCreateSchema,
  MeetingIdParamsSchema,
  MeetingListQuerySchema,
  MeetingListSchema,
  MeetingSchema,
  MeetingSessionListSchema,
  MeetingUpdateSchema,
} from './schemas.js';
import * as meetings from './service.js';
import { json } from '../../shared/http.js';
import { apiKeyOperations } from '../../shared/routes.js';

/** Closing a room asks LiveKit first: when it cannot be reached, nothing changes. */
const liveKitDown = { 503: json(z.any(), 'LiveKit unreachable; nothing changed') };

export function meetingRoutes(deps: Deps) {
  const { app, route } = apiKeyOperations(deps, ['Meetings']);
  const params = MeetingIdParamsSchema;

  route('post /', {
    summary: 'Create a meeting',
    description: 'Instants are ISO 8601 (UTC or with an offset) and are returned in UTC; `timezone` is the organiser\'s IANA zone.',
    body: MeetingCreateSchema,
    ok: [201, MeetingSchema, 'The new meeting'],
  }, (c) => meetings.createMeeting(deps, c.var.org, c.req.valid('json')));

  route('get /', {
    summary: 'List meetings',
    description: 'Ordered by scheduled start (unscheduled last). `from`/`to` filter on the scheduled start.',
    query: MeetingListQuerySchema,
    ok: [200, MeetingListSchema, 'A page of meetings'],
  }, (c) => meetings.listMeetings(deps, c.var.org, c.req.valid('query')));

  route('get /{id}', { summary: 'Get a meeting', params, ok: [200, MeetingSchema, 'The meeting'], errors: [404] },
    (c) => meetings.getMeeting(deps, c.var.org, c.req.valid('param').id));

  route('patch /{id}', {
    summary: 'Update a meeting',
    description: 'Fields left out stay as they are; `null` clears an optional field. Ended or cancelled meetings cannot change (409).',
    params, body: MeetingUpdateSchema,
    ok: [200, MeetingSchema, 'The updated meeting'], errors: [404, 409],
  }, (c) => meetings.updateMeeting(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')));

  route('post /{id}/cancel', {
    summary: 'Cancel a meeting',
    description: 'Idempotent. A live meeting is also closed for everyone.',
    params, ok: [200, MeetingSchema, 'The cancelled meeting'], errors: [404, 409], responses: liveKitDown,
  }, (c) => meetings.cancelMeeting(deps, c.var.org, c.req.valid('param').id));

  route('post /{id}/end', {
    summary: 'End the meeting for all',
    description: 'Disconnects every participant (LiveKit RoomService DeleteRoom) and marks the meeting `ended`, which ends its current session (GET /meetings/{id}/sessions). Idempotent. New join tickets then answer 409; the next LTI launch of the meeting\'s resource link opens a new session of this meeting.',
    params, ok: [200, MeetingSchema, 'The ended meeting'], errors: [404, 409], responses: liveKitDown,
  }, (c) => meetings.endMeeting(deps, c.var.org, c.req.valid('param').id));

  route('get /{id}/sessions', {
    summary: 'Sessions of a meeting',
    description:
      'First to latest; the last one is the current session. Ending a meeting for all ends its current session; the next LTI launch of its resource link opens a new session of the same meeting (its own LiveKit room and attendance: GET /meetings/{id}/attendance?session={sessionId}). New join tickets and join codes of an ended meeting answer 409.',
    params, ok: [200, MeetingSessionListSchema, 'The sessions'], errors: [404],
  }, (c) => meetings.listMeetingSessions(deps, c.var.org, c.req.valid('param').id));

  return app;
}
