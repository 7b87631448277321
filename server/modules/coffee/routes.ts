/**
 * /api/v1/coffee — coffee chats (alumni 1:1 video chats): profiles, suggestions, requests, matching rounds.
 * API key required; people are the integrator's user ids within the key's organisation.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import {
  AcceptSchema,
  ActorSchema,
  ChatTicketCreateSchema,
  FeedbackSchema,
  IdParamsSchema,
  ProfileInputSchema,
  ProfileSchema,
  RequestCreateSchema,
  RequestListQuerySchema,
  RequestListSchema,
  RequestSchema,
  RoundCreateSchema,
  RoundSchema,
  SuggestionListSchema,
  SuggestionQuerySchema,
  UserParamsSchema,
} from './schemas.js';
import { errorResponses } from '../../shared/schemas.js';
import { JoinTicketSchema } from '../join/schemas.js';
import * as profiles from './profiles.js';
import * as requests from './requests.js';
import * as rounds from './rounds.js';
import { suggestions } from './suggestions.js';
import { apiKeyAuth, body, json, router } from '../../shared/http.js';

const security = [{ apiKey: [] }];
const tags = ['Coffee chats'];

export function coffeeRoutes(deps: Deps) {
  const app = router();
  app.use('*', apiKeyAuth(deps));

  app.openapi(
    createRoute({
      method: 'put', path: '/profiles/{userId}', tags, security, summary: 'Create or replace a coffee profile',
      description: 'Weekly `availability` is local time in `timezone` (ISO weekday 1 = Monday); windows of one weekday that overlap, touch or repeat are merged (Mon 09–11 + 10–12 is stored as 09–12), and the answer shows what was stored; none stated = free all week (for rounds, suggestions and requests alike). A window ending 24:00 and one starting 00:00 the next day are read as one stretch. `blocked` people are never suggested or matched, either way; each must have a coffee profile here and not be oneself (400 `invalid_block` naming `blocked.i`).',
      request: { params: UserParamsSchema, body: body(ProfileInputSchema) },
      responses: { 200: json(ProfileSchema, 'The profile'), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await profiles.putProfile(deps, c.var.org, c.req.valid('param').userId, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/profiles/{userId}', tags, security, summary: 'Get a coffee profile',
      request: { params: UserParamsSchema },
      responses: { 200: json(ProfileSchema, 'The profile'), ...errorResponses(401, 404) },
    }),
    async (c) => c.json(await profiles.getProfile(deps, c.var.org, c.req.valid('param').userId), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/suggestions/{userId}', tags, security, summary: 'People to meet',
      description: 'Ranked by shared interests, industry, alumnus↔student and common free time next week. Never blocked (either way), paused or recently met people.',
      request: { params: UserParamsSchema, query: SuggestionQuerySchema },
      responses: { 200: json(SuggestionListSchema, 'Suggestions, best first'), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await suggestions(deps, c.var.org, c.req.valid('param').userId, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/requests', tags, security, summary: 'Send a coffee request or post an open invitation',
      description: 'Proposes 1–3 start instants (UTC, future), checked against each person\'s stated availability. Pending requests expire after `expiresInHours`.',
      request: { body: body(RequestCreateSchema) },
      responses: { 201: json(RequestSchema, 'The pending request'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await requests.createRequest(deps, c.var.org, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/requests', tags, security, summary: "A person's coffee requests",
      request: { query: RequestListQuerySchema },
      responses: { 200: json(RequestListSchema, 'Newest first'), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await requests.listRequests(deps, c.var.org, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/requests/{id}', tags, security, summary: 'Get a coffee request (with its meeting once booked)',
      request: { params: IdParamsSchema },
      responses: { 200: json(RequestSchema, 'The request'), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await requests.getRequest(deps, c.var.org, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/requests/{id}/accept', tags, security, summary: 'Accept a slot and book the chat',
      description: 'Books a `coffee_chat` meeting for the people of the request and sends the invitations. Idempotent: accepting the same slot again returns the same booking. An open invitation\'s slot must be inside the accepter\'s availability (400 `slot_unavailable`).',
      request: { params: IdParamsSchema, body: body(AcceptSchema) },
      responses: { 200: json(RequestSchema, 'The accepted request with its meeting'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await requests.acceptRequest(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/requests/{id}/decline', tags, security, summary: 'Decline (or withdraw) a request',
      request: { params: IdParamsSchema, body: body(ActorSchema) },
      responses: { 200: json(RequestSchema, 'The declined request'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await requests.declineRequest(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/requests/{id}/feedback', tags, security, summary: '"Did you meet?"',
      description: 'After the chat started: `met: true` from anyone → `completed`; `false` from everyone → `no_show`.',
      request: { params: IdParamsSchema, body: body(FeedbackSchema) },
      responses: { 200: json(RequestSchema, 'The request'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await requests.giveFeedback(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/requests/{id}/join-tickets', tags, security, summary: 'A join ticket for one person of a booked chat',
      request: { params: IdParamsSchema, body: body(ChatTicketCreateSchema) },
      responses: { 201: json(JoinTicketSchema, 'The ticket for <video-room ticket>'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await requests.chatTicket(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/rounds', tags, security, summary: 'Open a matching round',
      request: { body: body(RoundCreateSchema) },
      responses: { 201: json(RoundSchema, 'The open round'), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await rounds.createRound(deps, c.var.org, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/rounds/{id}', tags, security, summary: 'Get a round (with its groups once matched)',
      request: { params: IdParamsSchema },
      responses: { 200: json(RoundSchema, 'The round'), ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await rounds.getRound(deps, c.var.org, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/rounds/{id}/participants', tags, security, summary: 'Opt in to a round',
      request: { params: IdParamsSchema, body: body(ActorSchema) },
      responses: { 200: json(RoundSchema, 'The round'), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => c.json(await rounds.joinRound(deps, c.var.org, c.req.valid('param').id, c.req.valid('json').userId), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/rounds/{id}/match', tags, security, summary: 'Run the match',
      description: 'Pairs the round\'s people (maximum total score; never blocked pairs, never a pair from the last K rounds, always common free time) and sends each group an intro with up to 3 slots.',
      request: { params: IdParamsSchema },
      responses: { 200: json(RoundSchema, 'The matched round with its groups'), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => c.json(await rounds.runRound(deps, c.var.org, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/sweep', tags, security, summary: 'Expire overdue requests (for a periodic job)',
      description: 'Marks this organisation\'s overdue pending requests `expired`, counts unanswered round intros and pauses people reaching three. Reads show `expired` even without it.',
      responses: { 200: json(z.object({ expired: z.number(), paused: z.number() }), 'What changed'), ...errorResponses(401) },
    }),
    async (c) => c.json(await requests.sweepExpired(deps, new Date(), c.var.org), 200),
  );

  return app;
}
