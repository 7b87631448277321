/**
 * The meetings module's HTTP routes (HTTP only: validate, call service.ts, answer): /api/v1/meetings — create,
 * list, get, update, cancel, end, sessions. API key required. (Join tickets: join/routes.ts; occurrences: occurrence-routes.ts.)
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { errorResponses } from '../../shared/schemas.js';
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
import { apiKeyAuth, body, json, router } from '../../shared/http.js';

const security = [{ apiKey: [] }];
const tags = ['Meetings'];

export function meetingRoutes(deps: Deps) {
  const app = router();
  app.use('*', apiKeyAuth(deps));

  app.openapi(
    createRoute({
      method: 'post', path: '/', tags, security, summary: 'Create a meeting',
      description: 'Instants are ISO 8601 (UTC or with an offset) and are returned in UTC; `timezone` is the organiser\'s IANA zone.',
      request: { body: body(MeetingCreateSchema) },
      responses: { 201: json(MeetingSchema, 'The new meeting'), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await meetings.createMeeting(deps, c.var.org, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/', tags, security, summary: 'List meetings',
      description: 'Ordered by scheduled start (unscheduled last). `from`/`to` filter on the scheduled start.',
      request: { query: MeetingListQuerySchema },
      responses: { 200: json(MeetingListSchema, 'A page of meetings'), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await meetings.listMeetings(deps, c.var.org, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/{id}', tags, security, summary: 'Get a meeting',
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(MeetingSchema, 'The meeting'), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await meetings.getMeeting(deps, c.var.org, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/{id}', tags, security, summary: 'Update a meeting',
      description: 'Fields left out stay as they are; `null` clears an optional field. Ended or cancelled meetings cannot change (409).',
      request: { params: MeetingIdParamsSchema, body: body(MeetingUpdateSchema) },
      responses: { 200: json(MeetingSchema, 'The updated meeting'), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => c.json(await meetings.updateMeeting(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/cancel', tags, security, summary: 'Cancel a meeting',
      description: 'Idempotent. A live meeting is also closed for everyone.',
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(MeetingSchema, 'The cancelled meeting'), ...errorResponses(401, 404, 409), 503: json(z.any(), 'LiveKit unreachable; nothing changed') },
    }),
    async (c) => c.json(await meetings.cancelMeeting(deps, c.var.org, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/{id}/end', tags, security, summary: 'End the meeting for all',
      description: 'Disconnects every participant (LiveKit RoomService DeleteRoom) and marks the meeting `ended`, which ends its current session (GET /meetings/{id}/sessions). Idempotent. New join tickets then answer 409; the next LTI launch of the meeting\'s resource link opens a new session of this meeting.',
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(MeetingSchema, 'The ended meeting'), ...errorResponses(401, 404, 409), 503: json(z.any(), 'LiveKit unreachable; nothing changed') },
    }),
    async (c) => c.json(await meetings.endMeeting(deps, c.var.org, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/{id}/sessions', tags, security, summary: 'Sessions of a meeting',
      description:
        'First to latest; the last one is the current session. Ending a meeting for all ends its current session; the next LTI launch of its resource link opens a new session of the same meeting (its own LiveKit room and attendance: GET /meetings/{id}/attendance?session={sessionId}). New join tickets and join codes of an ended meeting answer 409.',
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(MeetingSessionListSchema, 'The sessions'), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await meetings.listMeetingSessions(deps, c.var.org, c.req.valid('param').id), 200),
  );

  return app;
}
