/**
 * User-scoped access for the `<coffee-chat>` widget, which never holds an API key.
 *
 * 1. The portal's backend (API key) mints a coffee ticket for one of its users: a JWT (HS256, our ticket secret,
 *    fast-jwt as in modules/join/service.ts) with `iss: "video-rooms"`, `aud: "vr-coffee"`, `sub` = the integrator's user
 *    id, `org` = organisation id, `osl` = organisation slug, `iat`, `exp`, `jti` (RFC 7519).
 * 2. The widget calls `/api/v1/coffee/me/*` with `Authorization: Bearer <ticket>`; `readCoffeeTicket` turns the
 *    ticket back into (organisation, user id), and the existing coffee services run as that user.
 * 3. For a booked chat, `meJoinTicket` hands that user a `<video-room>` join ticket, only from `JOIN_EARLY_MINUTES`
 *    before the chat starts until it ends.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { CoffeeRequest } from './schemas.js';
import * as store from './store.js';
import { findOrganizationBySlug, type Organization } from '../organizations/store.js';
import { isFree } from './availability.js';
import { chatTicket, getRequest, listRequests, membersOf } from './requests.js';
import { suggestions } from './suggestions.js';
import { ISSUER, isExpiredToken, signHs256, verifyHs256 } from '../../shared/signed-tokens.js';

/** Audience of coffee tickets (distinct from join tickets' `vr-join`: neither is accepted as the other). */
export const COFFEE_AUDIENCE = 'vr-coffee';
/** A chat's join ticket can be had this many minutes before its start. */
export const JOIN_EARLY_MINUTES = 10;
/** Lifetime of the join ticket handed to the widget (seconds): it is used at once. */
const JOIN_TICKET_TTL_SECONDS = 300;

interface CoffeeClaims {
  sub: string;
  org: string;
  osl: string;
  exp: number;
}

/**
 * Mint a coffee ticket for `userId` of `org` (POST /api/v1/coffee/tickets). No profile is needed yet.
 * @param ttlSeconds lifetime in seconds (60…86 400; the route's schema checks the range)
 * @returns `{ticket, expiresAt}` (expiresAt: ISO 8601 UTC)
 */
export function createCoffeeTicket(deps: Pick<Deps, 'ticketSecret'>, org: Organization, userId: string, ttlSeconds: number): { ticket: string; expiresAt: string } {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + ttlSeconds;
  const ticket = signHs256(deps.ticketSecret, { iss: ISSUER, aud: COFFEE_AUDIENCE, iat: now, exp, jti: randomUUID(), sub: userId, org: org.id, osl: org.slug });
  return { ticket, expiresAt: new Date(exp * 1000).toISOString() };
}

/**
 * Check a coffee ticket (signature, HS256 only, iss, aud `vr-coffee`, exp) and that its organisation still exists.
 * @returns the organisation and the user id the ticket speaks for
 * @throws AppError 401 `ticket_expired` (field `ticket`) after `exp`; 401 `invalid_ticket` for anything else
 *   (forged, another audience such as a join ticket, malformed claims, organisation gone)
 */
export async function readCoffeeTicket(deps: Deps, ticket: string): Promise<{ org: Organization; userId: string }> {
  let claims: CoffeeClaims;
  try {
    claims = verifyHs256<CoffeeClaims>(deps.ticketSecret, ticket, COFFEE_AUDIENCE, ['exp', 'sub', 'org']);
    if (typeof claims.sub !== 'string' || !claims.sub || typeof claims.org !== 'string' || typeof claims.osl !== 'string') throw new Error('claims');
  } catch (e) {
    if (isExpiredToken(e)) {
      throw new AppError(401, 'ticket_expired', 'This coffee ticket has expired; reload the page for a new one', 'ticket');
    }
    throw new AppError(401, 'invalid_ticket', 'This coffee ticket is not valid', 'ticket');
  }
  const org = await findOrganizationBySlug(deps.sql, claims.osl);
  if (!org || org.id !== claims.org) throw new AppError(401, 'invalid_ticket', 'This coffee ticket is not valid', 'ticket');
  return { org, userId: claims.sub };
}

/** How many start instants to propose per suggestion. */
const SUGGESTED_SLOTS = 6;
/** Proposed starts are on 5-minute marks at least this far ahead (ms), then on half hours. */
const LEAD_MS = 3 * 60_000;
/** Proposed starts are at least this far apart (ms), so that they spread over the week. */
const SPREAD_MS = 3 * 3600_000;

/**
 * Start instants (epoch ms, UTC) in the coming 7 days when both people are free for `durationMs` according to
 * their weekly availability (none stated = free): the soonest 5-minute mark at least 3 minutes ahead if it fits,
 * then half hours, each at least 3 h after the previous pick; at most 6.
 */
export function commonStarts(
  a: Pick<store.ProfileRow, 'availability' | 'timezone'>,
  b: Pick<store.ProfileRow, 'availability' | 'timezone'>,
  durationMs: number,
  now = Date.now(),
): number[] {
  const out: number[] = [];
  const first = Math.ceil((now + LEAD_MS) / 300_000) * 300_000;
  const halfHour = 30 * 60_000;
  const end = now + 7 * 86_400_000;
  for (let t = first; t < end && out.length < SUGGESTED_SLOTS; t = t === first ? Math.ceil((first + 1) / halfHour) * halfHour : t + halfHour) {
    if (out.length && t - out[out.length - 1]! < SPREAD_MS) continue;
    if (isFree(a, t, durationMs) && isFree(b, t, durationMs)) out.push(t);
  }
  return out;
}

/**
 * The suggestions of `userId` (coffee/suggestions.ts), each with `slots`: up to 6 start instants (ISO
 * 8601 UTC) in the coming week when both are free for `durationMinutes`, soonest first.
 * @throws AppError 404 when `userId` has no profile
 */
export async function mySuggestions(deps: Deps, org: Organization, userId: string, q: { limit: number }, durationMinutes = 30, now = new Date()) {
  const { items } = await suggestions(deps, org, userId, q, now);
  const people = await store.findProfiles(deps.sql, org.id, [userId, ...items.map((i) => i.userId)]);
  const me = people.find((p) => p.userId === userId)!;
  return {
    items: items.map((i) => {
      const other = people.find((p) => p.userId === i.userId);
      const slots = other ? commonStarts(me, other, durationMinutes * 60_000, now.getTime()) : [];
      return { ...i, slots: slots.map((t) => new Date(t).toISOString()) };
    }),
  };
}

/** A request as `userId` sees it: which way it goes, who else is in it, when the chat can be joined. */
export type MyRequest = CoffeeRequest & {
  direction: 'incoming' | 'outgoing';
  people: { userId: string; displayName: string; headline: string }[];
  /** Accepted chats: first instant (UTC) a join ticket can be had; `null` otherwise. */
  joinOpensAt: string | null;
  /** Accepted chats: scheduled end (UTC); `null` otherwise. */
  endsAt: string | null;
};

/**
 * The requests `userId` sent (`outgoing`), received or was introduced in (`incoming`), newest first, with the
 * other people's names and, for accepted chats, the join window.
 */
export async function myRequests(deps: Deps, org: Organization, userId: string, q: { status?: string; limit: number }): Promise<{ items: MyRequest[] }> {
  const { items } = await listRequests(deps, org, { userId, ...q });
  const others = [...new Set(items.flatMap((r) => membersOf(r)).filter((u) => u !== userId))];
  const profiles = others.length ? await store.findProfiles(deps.sql, org.id, others) : [];
  return {
    items: items.map((r) => {
      const start = r.status === 'accepted' && r.acceptedSlot ? Date.parse(r.acceptedSlot) : NaN;
      return {
        ...r,
        direction: r.fromUserId === userId ? 'outgoing' : 'incoming',
        people: membersOf(r)
          .filter((u) => u !== userId)
          .map((u) => {
            const p = profiles.find((x) => x.userId === u);
            return { userId: u, displayName: p?.displayName ?? u, headline: p?.headline ?? '' };
          }),
        joinOpensAt: Number.isNaN(start) ? null : new Date(start - JOIN_EARLY_MINUTES * 60_000).toISOString(),
        endsAt: Number.isNaN(start) ? null : new Date(start + r.durationMinutes * 60_000).toISOString(),
      };
    }),
  };
}

/**
 * A `<video-room>` join ticket (role participant, 5 min) for `userId` in the booked chat of request `id`: only for
 * its people, only from 10 minutes before the accepted slot until the chat's scheduled end.
 * @throws AppError 404 unknown request (or another organisation's); 403 `not_invited` when `userId` is not in it;
 *   409 `invalid_state` when nothing is booked, `too_early` before the window (message names the opening instant,
 *   UTC), `chat_over` after the end
 */
export async function meJoinTicket(deps: Deps, org: Organization, userId: string, id: string, now = new Date()) {
  const r = await getRequest(deps, org, id);
  if (!membersOf(r).includes(userId)) throw new AppError(403, 'not_invited', 'Only the people of this chat can join it', 'id');
  if (r.status !== 'accepted' || !r.acceptedSlot) throw new AppError(409, 'invalid_state', `This request is ${r.status}; there is no chat to join`, 'status');
  const start = Date.parse(r.acceptedSlot);
  const opens = start - JOIN_EARLY_MINUTES * 60_000;
  if (now.getTime() < opens) throw new AppError(409, 'too_early', `The chat opens at ${new Date(opens).toISOString()}`, 'status');
  if (now.getTime() > start + r.durationMinutes * 60_000) throw new AppError(409, 'chat_over', 'This chat is over', 'status');
  return chatTicket(deps, org, id, { userId, ttlSeconds: JOIN_TICKET_TTL_SECONDS });
}
