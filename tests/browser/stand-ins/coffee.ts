/**
 * Stand-in for the user-scoped coffee API of `<coffee-chat>` (`/api/v1/coffee/me*`, same origin as the test page).
 * The bearer `cc-ada` is Ada (zone Europe/Paris): one suggestion (Sam, with four free times), an incoming (`r-in`,
 * from Cleo) and an outgoing (`r-out`, to Bob) pending request, an accepted chat open to join now (`r-now`, with
 * Dan) and one opening tomorrow (`r-later`, with Eve). `cc-expired` → 401 `ticket_expired`, any other bearer → 401
 * `invalid_ticket`. Requesting, accepting and declining change that state; the join ticket is
 * `ok-unreachable-livekit` (see join.ts). Every call is recorded with its body.
 *
 * Answers are typed from the server's schemas (server/modules/coffee/schemas.ts, join/schemas.ts). The `/me` list entries
 * (`CoffeeMeRequest`, `CoffeeMeSuggestions`) are declared, unexported, in server/modules/coffee/me-routes.ts: requests use
 * the service's `MyRequest` (the route's handler type, built on `RequestSchema`), suggestions the
 * `SuggestionListSchema` entry plus the route's `slots`.
 */
import type { z } from 'zod';
import type { ProfileSchema, RequestSchema, SuggestionListSchema } from '../../../server/modules/coffee/schemas.js';
import type { JoinTicketSchema } from '../../../server/modules/join/schemas.js';
import type { MyRequest } from '../../../server/modules/coffee/tickets.js';
import { fromNow, readJson, recorded, reply, replyError, type Context } from './http.js';

type Profile = z.infer<typeof ProfileSchema>;
type CoffeeRequest = z.infer<typeof RequestSchema>;
type MeSuggestion = z.infer<typeof SuggestionListSchema>['items'][number] & { slots: string[] };
type JoinTicket = z.infer<typeof JoinTicketSchema>;

interface CoffeeState {
  me: Profile;
  suggestions: MeSuggestion[];
  /** Newest first. */
  requests: MyRequest[];
}

let coffee: CoffeeState;

/** Ada's coffee state again, its times on the 5-minute grid around now. */
export function resetCoffee(): void {
  const now = Date.now();
  const at = (min: number) => new Date(Math.ceil(now / 300e3) * 300e3 + min * 60e3).toISOString();
  const base = {
    kind: 'direct_request', otherUserIds: [], roundId: null, criteria: null, message: '', durationMinutes: 30, expiresAt: at(72 * 60),
    acceptedBy: null, acceptedSlot: null, meetingId: null, declinedBy: null, feedback: {}, createdAt: at(-60), updatedAt: at(-60),
    joinOpensAt: null, endsAt: null,
  } satisfies Partial<MyRequest>;
  const person = (userId: string, displayName: string) => ({ userId, displayName, headline: '' });
  coffee = {
    me: {
      userId: 'ada', displayName: 'Ada', email: null, headline: '', industry: null, location: null, interests: ['robotics', 'jazz'], role: 'alumnus',
      languages: ['en'], timezone: 'Europe/Paris', availability: [], matchingOptIn: false, paused: false, skipNextRound: false, blocked: [],
      pausedReason: null, unansweredIntros: 0, matchPriority: false, createdAt: at(-1440), updatedAt: at(-1440),
    },
    suggestions: [
      { userId: 'sam', displayName: 'Sam Student', headline: 'Second-year CS', role: 'student', industry: null, score: 10, sharedInterests: ['robotics', 'jazz'], commonHalfHours: 40, slots: [at(60), at(240), at(480), at(720)] },
    ],
    requests: [
      { ...base, id: 'r-in', fromUserId: 'cleo', toUserId: 'ada', message: 'Coffee?', slots: [at(120), at(180)], status: 'pending', direction: 'incoming', people: [person('cleo', 'Cleo')] },
      { ...base, id: 'r-out', fromUserId: 'ada', toUserId: 'bob', slots: [at(300)], status: 'pending', direction: 'outgoing', people: [person('bob', 'Bob')] },
      { ...base, id: 'r-now', fromUserId: 'dan', toUserId: 'ada', slots: [at(5)], status: 'accepted', acceptedBy: 'ada', acceptedSlot: at(5), meetingId: 'm-now', joinOpensAt: at(-5), endsAt: at(35), direction: 'incoming', people: [person('dan', 'Dan')] },
      { ...base, id: 'r-later', fromUserId: 'ada', toUserId: 'eve', slots: [at(1440)], status: 'accepted', acceptedBy: 'eve', acceptedSlot: at(1440), meetingId: 'm-later', joinOpensAt: at(1430), endsAt: at(1470), direction: 'outgoing', people: [person('eve', 'Eve')] },
    ],
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** `POST /me/requests`: a pending request from Ada to a suggested person. */
function create(ctx: Context, body: Record<string, unknown>) {
  const s = coffee.suggestions.find((x) => x.userId === body.toUserId);
  if (!s) return replyError(ctx, 404, 'not_found', 'No coffee profile');
  const r: MyRequest = {
    ...coffee.requests.find((x) => x.id === 'r-out')!,
    id: `r-new-${coffee.requests.length}`,
    toUserId: s.userId,
    slots: strings(body.slots),
    message: typeof body.message === 'string' ? body.message : '',
    people: [{ userId: s.userId, displayName: s.displayName, headline: '' }],
  };
  coffee.requests.unshift(r);
  return reply<CoffeeRequest>(ctx, 201, r);
}

/** `POST /me/requests/{id}/accept|decline|join-ticket`. */
function act(ctx: Context, r: MyRequest, action: string, body: Record<string, unknown>) {
  if (action === 'accept') {
    const slot = typeof body.slot === 'string' ? body.slot : '';
    if (!r.slots.includes(slot)) return replyError(ctx, 400, 'slot_not_proposed', 'slot: must be one of the proposed slots', 'slot');
    Object.assign(r, {
      status: 'accepted', acceptedBy: 'ada', acceptedSlot: slot, meetingId: `m-${r.id}`,
      joinOpensAt: new Date(Date.parse(slot) - 600e3).toISOString(), endsAt: new Date(Date.parse(slot) + 1800e3).toISOString(),
    } satisfies Partial<MyRequest>);
    return reply<CoffeeRequest>(ctx, 200, r);
  }
  if (action === 'decline') {
    Object.assign(r, { status: 'declined', declinedBy: 'ada' } satisfies Partial<MyRequest>);
    return reply<CoffeeRequest>(ctx, 200, r);
  }
  if (r.status !== 'accepted') return replyError(ctx, 409, 'invalid_state', 'nothing booked');
  if (Date.now() < Date.parse(r.joinOpensAt!)) return replyError(ctx, 409, 'too_early', 'not yet');
  return reply<JoinTicket>(ctx, 201, { ticket: 'ok-unreachable-livekit', expiresAt: fromNow(300e3) });
}

/** Koa middleware: `/api/v1/coffee/me`, `/me/suggestions`, `/me/requests[/{id}/accept|decline|join-ticket]`. */
export async function coffeeStandIn(ctx: Context, next: () => Promise<unknown>): Promise<unknown> {
  const m = /^\/api\/v1\/coffee\/me(?:\/(suggestions|requests)(?:\/([^/]+)\/(accept|decline|join-ticket))?)?$/.exec(ctx.path);
  if (!m) return next();
  const body = ctx.method === 'POST' ? await readJson(ctx) : undefined;
  const auth = ctx.get('authorization');
  recorded.push({ method: ctx.method, path: ctx.path, authorization: auth, body });
  if (auth === 'Bearer cc-expired') return replyError(ctx, 401, 'ticket_expired', 'expired', 'ticket');
  if (auth !== 'Bearer cc-ada') return replyError(ctx, 401, 'invalid_ticket', 'not valid', 'ticket');
  const [, what, id, action] = m;
  if (!what) return reply<Profile>(ctx, 200, coffee.me);
  if (what === 'suggestions') return reply<{ items: MeSuggestion[] }>(ctx, 200, { items: coffee.suggestions });
  if (ctx.method === 'GET') return reply<{ items: MyRequest[] }>(ctx, 200, { items: coffee.requests });
  if (!id) return create(ctx, body ?? {});
  const r = coffee.requests.find((x) => x.id === id);
  if (!r) return replyError(ctx, 404, 'not_found', 'coffee request not found');
  return act(ctx, r, action!, body ?? {});
}
