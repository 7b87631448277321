/**
 * User-scoped coffee chats for the `<coffee-chat>` widget (mounted under /api/v1/coffee, before the API-key routes).
 *
 * - `POST /coffee/tickets` (API key): the portal's backend mints a coffee ticket for one of its users.
 * - `/coffee/me/*` (`Authorization: Bearer <coffee ticket>`, CORS open to any origin without credentials): the
 *   widget acts as that user — profile, suggestions, requests, accept/decline, join ticket of a booked chat.
 * Only auth and mapping live here and in coffee/tickets.ts; the rules are the coffee services'.
 */
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { AcceptSchema, ProfileSchema, RequestCreateSchema, RequestSchema, RequestStatusSchema, SuggestionListSchema, SuggestionQuerySchema } from './schemas.js';
import { freeText, InstantSchema, signedTicketSchema, singleLine } from '../../shared/schemas.js';
import { JoinTicketSchema } from '../join/schemas.js';
import * as profiles from './profiles.js';
import * as requests from './requests.js';
import { createCoffeeTicket, meJoinTicket, myRequests, mySuggestions, readCoffeeTicket } from './tickets.js';
import { apiKeyAuth, bearerGuard, errorBody, openCors, router, type Env } from '../../shared/http.js';
import { apiKey, bearerScheme, operations } from '../../shared/routes.js';

/** The coffee ticket's organisation and user (set by coffeeTicketAuth). */
type MeEnv = { Variables: { org: Env['Variables']['org']; userId: string } };

const cors = openCors('GET, POST', 'authorization, content-type');

/** `Authorization: Bearer <coffee ticket>` → `c.var.org`, `c.var.userId`; 401 `unauthorized` / `invalid_ticket` / `ticket_expired`. */
function coffeeTicketAuth(deps: Deps): MiddlewareHandler<MeEnv> {
  return bearerGuard<MeEnv>(
    async (ticket, c) => {
      const { org, userId } = await readCoffeeTicket(deps, ticket);
      c.set('org', org);
      c.set('userId', userId);
      return true;
    },
    (c) => c.json(errorBody('unauthorized', 'A coffee ticket is required: Authorization: Bearer <ticket>'), 401),
  );
}

export const CoffeeTicketCreateSchema = z
  .object({
    userId: singleLine().min(1).max(200).openapi({ description: "The integrator's user id the widget will act as" }),
    ttlSeconds: z.number().int().min(60).max(86_400).default(3600).openapi({ description: 'Ticket lifetime in seconds' }),
  })
  .openapi('CoffeeTicketCreate');
export const CoffeeTicketSchema = signedTicketSchema('CoffeeTicket', 'Give it to `<coffee-chat ticket>`');

export const MeRequestCreateSchema = z
  .object({
    toUserId: singleLine().min(1).max(200),
    slots: z.array(InstantSchema).min(1).max(3).openapi({ description: 'Proposed start instants (UTC), in the future' }),
    message: freeText().max(1000).default(''),
    durationMinutes: z.number().int().min(15).max(120).default(30),
  })
  .openapi('CoffeeMeRequestCreate');
const MeSuggestionListSchema = z
  .object({
    items: z.array(
      SuggestionListSchema.shape.items.element.extend({
        slots: z.array(z.string()).openapi({ description: 'Up to 6 start instants (UTC) in the coming week when both are free for 30 min' }),
      }),
    ),
  })
  .openapi('CoffeeMeSuggestions');
const MeRequestSchema = RequestSchema.extend({
  direction: z.enum(['incoming', 'outgoing']),
  people: z.array(z.object({ userId: z.string(), displayName: z.string(), headline: z.string() })).openapi({ description: 'The other people of the request' }),
  joinOpensAt: z.string().nullable().openapi({ description: 'Accepted chats: from when (UTC) the join ticket can be had' }),
  endsAt: z.string().nullable().openapi({ description: 'Accepted chats: scheduled end (UTC)' }),
}).openapi('CoffeeMeRequest');
const MeRequestListQuerySchema = z.object({
  status: RequestStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const IdParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/**
 * The widget's router: `POST /tickets` (API key) and `/me/*` (coffee ticket). Mount at /api/v1/coffee before
 * `coffeeRoutes`, whose API-key middleware would otherwise answer `/me/*` first.
 */
export function coffeeMeRoutes(deps: Deps) {
  const app = router<MeEnv>();
  const coffeeTicket = bearerScheme(app, 'coffeeTicket', 'Coffee ticket from `POST /api/v1/coffee/tickets`: `Authorization: Bearer <ticket>`', 'JWT');

  app.use('/tickets', apiKeyAuth(deps) as unknown as MiddlewareHandler<MeEnv>);
  const route = operations(app, { tags: ['Coffee chats (widget)'], security: coffeeTicket });
  route('post /tickets', {
    summary: 'Mint a coffee ticket for the <coffee-chat> widget',
    description: 'For the portal\'s backend: a ticket (JWT, audience `vr-coffee`) that lets the widget act as `userId` on `/coffee/me/*` only. Never give the widget an API key.',
    security: apiKey, body: CoffeeTicketCreateSchema, ok: [201, CoffeeTicketSchema, 'The ticket'],
  }, (c) => {
    const b = c.req.valid('json');
    return createCoffeeTicket(deps, c.var.org, b.userId, b.ttlSeconds);
  });

  for (const p of ['/me', '/me/*']) {
    app.use(p, cors);
    app.use(p, coffeeTicketAuth(deps));
  }
  /** What I do to a request is refused (403) when it is not mine, 409 when its state forbids it. */
  const refusals = [403, 404, 409] as const;

  route('get /me', { summary: 'My coffee profile', ok: [200, ProfileSchema, 'The profile'], errors: [404] },
    (c) => profiles.getProfile(deps, c.var.org, c.var.userId));

  route('get /me/suggestions', {
    summary: 'People for me to meet',
    description: 'As `GET /coffee/suggestions/{userId}`, each with `slots` to propose.',
    query: SuggestionQuerySchema, ok: [200, MeSuggestionListSchema, 'Suggestions, best first'], errors: [404],
  }, (c) => mySuggestions(deps, c.var.org, c.var.userId, c.req.valid('query')));

  route('get /me/requests', {
    summary: 'My requests (incoming and outgoing)',
    query: MeRequestListQuerySchema, ok: [200, z.object({ items: z.array(MeRequestSchema) }).openapi('CoffeeMeRequestList'), 'Newest first'],
  }, (c) => myRequests(deps, c.var.org, c.var.userId, c.req.valid('query')));

  route('post /me/requests', {
    summary: 'Ask someone for a coffee chat',
    description: 'A direct request from me, proposing 1–3 start instants (UTC, future) inside both people\'s availability. Expires after 72 h.',
    body: MeRequestCreateSchema, ok: [201, RequestSchema, 'The pending request'], errors: refusals,
  }, (c) => {
    // The API-key route's schema holds the rules (not to oneself, distinct slots…): check the request through it.
    const parsed = RequestCreateSchema.safeParse({ kind: 'direct_request', fromUserId: c.var.userId, ...c.req.valid('json') });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.');
      throw new AppError(400, 'validation_error', `${field || '(body)'}: ${issue.message}`, field || undefined);
    }
    return requests.createRequest(deps, c.var.org, parsed.data);
  });

  route('post /me/requests/{id}/accept', {
    summary: 'Accept a slot of a request made to me',
    description: 'Books the `coffee_chat` meeting. Only the invited person can accept.',
    params: IdParams, body: AcceptSchema.pick({ slot: true }).openapi('CoffeeMeAccept'),
    ok: [200, RequestSchema, 'The accepted request with its meeting'], errors: refusals,
  }, (c) => requests.acceptRequest(deps, c.var.org, c.req.valid('param').id, { userId: c.var.userId, slot: c.req.valid('json').slot }));

  route('post /me/requests/{id}/decline', {
    summary: 'Decline a request made to me, or withdraw mine',
    params: IdParams, ok: [200, RequestSchema, 'The declined request'], errors: refusals,
  }, (c) => requests.declineRequest(deps, c.var.org, c.req.valid('param').id, { userId: c.var.userId }));

  route('post /me/requests/{id}/join-ticket', {
    summary: 'A <video-room> join ticket for my booked chat',
    description: 'Only for the people of the chat, from 10 minutes before its start until its end (409 `too_early` / `chat_over` otherwise). The ticket lives 5 minutes.',
    params: IdParams, ok: [201, JoinTicketSchema, 'The ticket for <video-room ticket>'], errors: refusals,
  }, (c) => meJoinTicket(deps, c.var.org, c.var.userId, c.req.valid('param').id));

  return app;
}
