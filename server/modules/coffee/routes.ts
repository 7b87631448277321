/**
 * /api/v1/coffee — coffee chats (alumni 1:1 video chats): profiles, suggestions, requests, matching rounds.
 * API key required; people are the integrator's user ids within the key's organisation.
 */
import { z } from '@hono/zod-openapi';
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
import { JoinTicketSchema } from '../join/schemas.js';
import * as profiles from './profiles.js';
import * as requests from './requests.js';
import * as rounds from './rounds.js';
import { suggestions } from './suggestions.js';
import { apiKeyOperations } from '../../shared/routes.js';

export function coffeeRoutes(deps: Deps) {
  const { app, route } = apiKeyOperations(deps, ['Coffee chats']);
  /** What a person does to a request or a round is refused (403) when it is not theirs, 409 when its state forbids it. */
  const refusals = [403, 404, 409] as const;
  const user = { params: UserParamsSchema };
  const id = { params: IdParamsSchema };

  route('put /profiles/{userId}', {
    summary: 'Create or replace a coffee profile',
    description: 'Weekly `availability` is local time in `timezone` (ISO weekday 1 = Monday); windows of one weekday that overlap, touch or repeat are merged (Mon 09–11 + 10–12 is stored as 09–12), and the answer shows what was stored; none stated = free all week (for rounds, suggestions and requests alike). A window ending 24:00 and one starting 00:00 the next day are read as one stretch. `blocked` people are never suggested or matched, either way; each must have a coffee profile here and not be oneself (400 `invalid_block` naming `blocked.i`).',
    ...user, body: ProfileInputSchema, ok: [200, ProfileSchema, 'The profile'],
  }, (c) => profiles.putProfile(deps, c.var.org, c.req.valid('param').userId, c.req.valid('json')));

  route('get /profiles/{userId}', { summary: 'Get a coffee profile', ...user, ok: [200, ProfileSchema, 'The profile'], errors: [404] },
    (c) => profiles.getProfile(deps, c.var.org, c.req.valid('param').userId));

  route('get /suggestions/{userId}', {
    summary: 'People to meet',
    description: 'Ranked by shared interests, industry, alumnus↔student and common free time next week. Never blocked (either way), paused or recently met people.',
    ...user, query: SuggestionQuerySchema, ok: [200, SuggestionListSchema, 'Suggestions, best first'], errors: [404],
  }, (c) => suggestions(deps, c.var.org, c.req.valid('param').userId, c.req.valid('query')));

  route('post /requests', {
    summary: 'Send a coffee request or post an open invitation',
    description: 'Proposes 1–3 start instants (UTC, future), checked against each person\'s stated availability. Pending requests expire after `expiresInHours`.',
    body: RequestCreateSchema, ok: [201, RequestSchema, 'The pending request'], errors: refusals,
  }, (c) => requests.createRequest(deps, c.var.org, c.req.valid('json')));

  route('get /requests', { summary: "A person's coffee requests", query: RequestListQuerySchema, ok: [200, RequestListSchema, 'Newest first'] },
    (c) => requests.listRequests(deps, c.var.org, c.req.valid('query')));

  route('get /requests/{id}', { summary: 'Get a coffee request (with its meeting once booked)', ...id, ok: [200, RequestSchema, 'The request'], errors: [404] },
    (c) => requests.getRequest(deps, c.var.org, c.req.valid('param').id));

  route('post /requests/{id}/accept', {
    summary: 'Accept a slot and book the chat',
    description: 'Books a `coffee_chat` meeting for the people of the request and sends the invitations. Idempotent: accepting the same slot again returns the same booking. An open invitation\'s slot must be inside the accepter\'s availability (400 `slot_unavailable`).',
    ...id, body: AcceptSchema, ok: [200, RequestSchema, 'The accepted request with its meeting'], errors: refusals,
  }, (c) => requests.acceptRequest(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')));

  route('post /requests/{id}/decline', { summary: 'Decline (or withdraw) a request', ...id, body: ActorSchema, ok: [200, RequestSchema, 'The declined request'], errors: refusals },
    (c) => requests.declineRequest(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')));

  route('post /requests/{id}/feedback', {
    summary: '"Did you meet?"',
    description: 'After the chat started: `met: true` from anyone → `completed`; `false` from everyone → `no_show`.',
    ...id, body: FeedbackSchema, ok: [200, RequestSchema, 'The request'], errors: refusals,
  }, (c) => requests.giveFeedback(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')));

  route('post /requests/{id}/join-tickets', {
    summary: 'A join ticket for one person of a booked chat',
    ...id, body: ChatTicketCreateSchema, ok: [201, JoinTicketSchema, 'The ticket for <video-room ticket>'], errors: refusals,
  }, (c) => requests.chatTicket(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')));

  route('post /rounds', { summary: 'Open a matching round', body: RoundCreateSchema, ok: [201, RoundSchema, 'The open round'] },
    (c) => rounds.createRound(deps, c.var.org, c.req.valid('json')));

  route('get /rounds/{id}', { summary: 'Get a round (with its groups once matched)', ...id, ok: [200, RoundSchema, 'The round'], errors: [404] },
    (c) => rounds.getRound(deps, c.var.org, c.req.valid('param').id));

  route('post /rounds/{id}/participants', { summary: 'Opt in to a round', ...id, body: ActorSchema, ok: [200, RoundSchema, 'The round'], errors: [404, 409] },
    (c) => rounds.joinRound(deps, c.var.org, c.req.valid('param').id, c.req.valid('json').userId));

  route('post /rounds/{id}/match', {
    summary: 'Run the match',
    description: 'Pairs the round\'s people (maximum total score; never blocked pairs, never a pair from the last K rounds, always common free time) and sends each group an intro with up to 3 slots.',
    ...id, ok: [200, RoundSchema, 'The matched round with its groups'], errors: [404, 409],
  }, (c) => rounds.runRound(deps, c.var.org, c.req.valid('param').id));

  route('post /sweep', {
    summary: 'Expire overdue requests (for a periodic job)',
    description: 'Marks this organisation\'s overdue pending requests `expired`, counts unanswered round intros and pauses people reaching three. Reads show `expired` even without it.',
    ok: [200, z.object({ expired: z.number(), paused: z.number() }), 'What changed'],
  }, (c) => requests.sweepExpired(deps, new Date(), c.var.org));

  return app;
}
