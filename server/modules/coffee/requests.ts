/**
 * Coffee requests: direct requests, open invitations and round intros (`matched`), through the state machine
 * in state.ts. Accepting a slot books a `coffee_chat` meeting (modules/meetings/service.ts) in the same transaction
 * as the state change, under a row lock: a retried or concurrent accept returns the same booking.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import type { CoffeeRequest, RequestCreate } from './schemas.js';
import * as store from './store.js';
import type { ProfileRow, RequestRow } from './store.js';
import * as meetingStore from '../meetings/store.js';
import type { Organization } from '../organizations/store.js';
import { createJoinTicket } from '../join/service.js';
import { createMeeting, toMeeting } from '../meetings/service.js';
import { isFree } from './availability.js';
import { notifyBooking } from './notify.js';
import { requireProfile } from './profiles.js';
import { assertTransition } from './state.js';

/** Unanswered round intros after which a person is paused. */
export const PAUSE_AFTER_UNANSWERED = 3;

/** Everyone in a request (sender, recipient once known, a trio's third). */
export const membersOf = (r: Pick<RequestRow, 'fromUserId' | 'toUserId' | 'otherUserIds'>) =>
  [r.fromUserId, r.toUserId, ...r.otherUserIds].filter((x): x is string => !!x);

/** The public shape; `meeting` when loaded. */
export function toRequest(r: RequestRow, meeting?: CoffeeRequest['meeting']): CoffeeRequest {
  return {
    id: r.id,
    kind: r.kind,
    fromUserId: r.fromUserId,
    toUserId: r.toUserId,
    otherUserIds: r.otherUserIds,
    roundId: r.roundId,
    criteria: r.criteria as CoffeeRequest['criteria'],
    message: r.message,
    slots: r.slots.map((d) => d.toISOString()),
    durationMinutes: r.durationMinutes,
    status: r.status,
    expiresAt: r.expiresAt.toISOString(),
    acceptedBy: r.acceptedBy,
    acceptedSlot: r.acceptedSlot?.toISOString() ?? null,
    meetingId: r.meetingId,
    ...(meeting !== undefined ? { meeting } : {}),
    declinedBy: r.declinedBy,
    feedback: r.feedback ?? {},
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const isBlocked = (a: ProfileRow, b: ProfileRow) => a.blocked.includes(b.userId) || b.blocked.includes(a.userId);

function assertAvailable(p: ProfileRow, field: string) {
  if (p.paused) throw new AppError(409, 'paused', `${p.userId} has paused coffee chats`, field);
}

/** Each slot in the future and, where a person states availability, inside it. @throws AppError 400 naming `slots.i` */
function checkSlots(slots: Date[], durationMinutes: number, people: ProfileRow[], now: Date) {
  slots.forEach((s, i) => {
    if (s.getTime() <= now.getTime()) throw new AppError(400, 'validation_error', `slots.${i}: must be in the future`, `slots.${i}`);
    for (const p of people) {
      if (!isFree(p, s.getTime(), durationMinutes * 60_000)) {
        throw new AppError(400, 'slot_unavailable', `slots.${i}: outside ${p.userId}'s availability (${p.timezone})`, `slots.${i}`);
      }
    }
  });
}

/**
 * Send a direct request or post an open invitation, proposing 1–3 start instants (UTC).
 * @throws AppError 404 unknown sender/recipient profile; 409 `paused`; 403 `blocked`; 400 a slot in the past or
 *   outside someone's stated availability (`slot_unavailable`, field `slots.i`)
 */
export async function createRequest(deps: Deps, org: Organization, input: RequestCreate, now = new Date()): Promise<CoffeeRequest> {
  const from = await requireProfile(deps, org, input.fromUserId, 'fromUserId');
  assertAvailable(from, 'fromUserId');
  const people = [from];
  if (input.kind === 'direct_request') {
    const to = await requireProfile(deps, org, input.toUserId!, 'toUserId');
    assertAvailable(to, 'toUserId');
    if (isBlocked(from, to)) throw new AppError(403, 'blocked', 'These two people cannot be put in touch', 'toUserId');
    people.push(to);
  }
  const slots = input.slots.map((s) => new Date(s)).sort((a, b) => a.getTime() - b.getTime());
  checkSlots(slots, input.durationMinutes, people, now);
  const row = await store.insertRequest(deps.sql, {
    id: randomUUID(),
    organizationId: org.id,
    kind: input.kind,
    fromUserId: from.userId,
    toUserId: input.kind === 'direct_request' ? input.toUserId! : null,
    otherUserIds: [],
    roundId: null,
    criteria: input.kind === 'open_invitation' ? (input.criteria ?? {}) : null,
    message: input.message,
    slots,
    durationMinutes: input.durationMinutes,
    expiresAt: new Date(now.getTime() + input.expiresInHours * 3600_000),
  });
  return toRequest(row);
}

async function withMeeting(deps: Deps, r: RequestRow): Promise<CoffeeRequest> {
  const m = r.meetingId ? await meetingStore.findMeetingById(deps.sql, r.meetingId) : undefined;
  return toRequest(r, m ? toMeeting(m) : null);
}

/** @throws AppError 404 */
export async function getRequest(deps: Deps, org: Organization, id: string): Promise<CoffeeRequest> {
  const r = await store.findRequest(deps.sql, org.id, id);
  if (!r) throw notFound('coffee request');
  return withMeeting(deps, r);
}

/** Requests `userId` sent, received or was introduced in, newest first. */
export async function listRequests(deps: Deps, org: Organization, q: { userId: string; status?: string; limit: number }) {
  return { items: (await store.listRequests(deps.sql, org.id, q)).map((r) => toRequest(r)) };
}

function matchesCriteria(c: RequestRow['criteria'], p: ProfileRow): boolean {
  if (!c) return true;
  if (c.role && c.role !== p.role) return false;
  if (c.industry && c.industry.toLowerCase() !== (p.industry ?? '').toLowerCase()) return false;
  if (c.interests?.length && !c.interests.some((t) => p.interests.includes(t))) return false;
  return true;
}

/**
 * Accept one proposed slot: books a `coffee_chat` meeting for the request's people (createMeeting, in this
 * transaction), then calls notifyBooking. Who may accept: the recipient of a direct request; anyone (not the
 * sender) matching an open invitation's criteria, not blocked either way; any member of a round intro.
 * Idempotent: the same person accepting the same slot again gets the same booking (never a second meeting).
 * @param input.slot one of the proposed instants
 * @throws AppError 404; 403 `not_invited` / `blocked`; 400 `slot_not_proposed`, or `slot_unavailable` when an open
 *   invitation's slot is outside the accepter's availability; 409 `invalid_state` (e.g. expired)
 */
export async function acceptRequest(deps: Deps, org: Organization, id: string, input: { userId: string; slot: string }): Promise<CoffeeRequest> {
  const slot = new Date(input.slot);
  let booked: { meetingId: string; people: { userId: string; name: string }[] } | undefined;
  const row = await deps.sql.begin(async (tx) => {
    const r = await store.findRequest(tx, org.id, id, { forUpdate: true });
    if (!r) throw notFound('coffee request');
    if (r.status === 'accepted' && r.acceptedBy === input.userId && r.acceptedSlot?.getTime() === slot.getTime()) return r;
    assertTransition(r.status, 'accepted', 'accepted');
    const accepter = await store.findProfile(tx, org.id, input.userId);
    if (!accepter) throw new AppError(404, 'not_found', `No coffee profile for user ${input.userId}`, 'userId');
    let toUserId = r.toUserId;
    if (r.kind === 'open_invitation') {
      const from = (await store.findProfile(tx, org.id, r.fromUserId))!;
      if (input.userId === r.fromUserId || !matchesCriteria(r.criteria, accepter)) {
        throw new AppError(403, 'not_invited', 'This invitation is not open to you', 'userId');
      }
      if (isBlocked(from, accepter)) throw new AppError(403, 'blocked', 'These two people cannot be put in touch', 'userId');
      assertAvailable(accepter, 'userId');
      // the sender's availability was checked when posting; the accepter's is checked now, read the same way
      if (r.slots.some((s) => s.getTime() === slot.getTime()) && !isFree(accepter, slot.getTime(), r.durationMinutes * 60_000)) {
        throw new AppError(400, 'slot_unavailable', `slot: outside ${accepter.userId}'s availability (${accepter.timezone})`, 'slot');
      }
      toUserId = input.userId;
    } else if (r.kind === 'direct_request' ? input.userId !== r.toUserId : !membersOf(r).includes(input.userId)) {
      throw new AppError(403, 'not_invited', 'Only the invited person can accept this request', 'userId');
    }
    if (!r.slots.some((s) => s.getTime() === slot.getTime())) {
      throw new AppError(400, 'slot_not_proposed', 'slot: must be one of the proposed slots', 'slot');
    }
    const members = membersOf({ ...r, toUserId });
    const profiles = await store.findProfiles(tx, org.id, members);
    const name = (u: string) => profiles.find((p) => p.userId === u)?.displayName ?? u;
    const meeting = await createMeeting(deps, org, {
      title: `Coffee chat: ${members.map(name).join(' & ')}`,
      description: r.message,
      type: 'coffee_chat',
      host: { userId: r.fromUserId, name: name(r.fromUserId) },
      scheduledStartAt: slot.toISOString(),
      scheduledEndAt: new Date(slot.getTime() + r.durationMinutes * 60_000).toISOString(),
      timezone: accepter.timezone,
      maxParticipants: members.length,
      publicJoin: false,
    }, tx);
    await store.resetUnanswered(tx, org.id, [input.userId]);
    booked = { meetingId: meeting.id, people: members.map((u) => ({ userId: u, name: name(u) })) };
    return store.updateRequestState(tx, { ...r, status: 'accepted', toUserId, acceptedBy: input.userId, acceptedSlot: slot, meetingId: meeting.id });
  });
  if (booked) await notifyBooking(deps, booked);
  return withMeeting(deps, row);
}

/**
 * Decline (recipient of a direct request, any member of a round intro) or withdraw (the sender of a direct
 * request or open invitation). Declining again by the same person returns the request unchanged.
 * @throws AppError 404; 403 `not_invited`; 409 `invalid_state`
 */
export async function declineRequest(deps: Deps, org: Organization, id: string, input: { userId: string }): Promise<CoffeeRequest> {
  const row = await deps.sql.begin(async (tx) => {
    const r = await store.findRequest(tx, org.id, id, { forUpdate: true });
    if (!r) throw notFound('coffee request');
    if (r.status === 'declined' && r.declinedBy === input.userId) return r;
    if (!membersOf(r).includes(input.userId)) throw new AppError(403, 'not_invited', 'Only the people of this request can decline it', 'userId');
    assertTransition(r.status, 'declined', 'declined');
    if (r.kind === 'matched') await store.resetUnanswered(tx, org.id, [input.userId]);
    return store.updateRequestState(tx, { ...r, status: 'declined', declinedBy: input.userId });
  });
  return toRequest(row);
}

/**
 * "Did you meet?" after the chat's start: any `met: true` makes the request `completed`; when every member
 * answered `false` it becomes `no_show`. Answers after that are recorded without changing the state.
 * @throws AppError 404; 403 not a member; 409 `invalid_state` (not accepted) or `too_early` (before the start)
 */
export async function giveFeedback(deps: Deps, org: Organization, id: string, input: { userId: string; met: boolean }, now = new Date()): Promise<CoffeeRequest> {
  const row = await deps.sql.begin(async (tx) => {
    const r = await store.findRequest(tx, org.id, id, { forUpdate: true });
    if (!r) throw notFound('coffee request');
    const members = membersOf(r);
    if (!members.includes(input.userId)) throw new AppError(403, 'not_invited', 'Only the people of this chat can answer', 'userId');
    if (r.status !== 'completed' && r.status !== 'no_show') assertTransition(r.status, input.met ? 'completed' : 'no_show', 'given feedback');
    if (r.acceptedSlot && r.acceptedSlot.getTime() > now.getTime()) throw new AppError(409, 'too_early', 'The chat has not started yet', 'status');
    const feedback = { ...r.feedback, [input.userId]: input.met };
    let status = r.status;
    if (r.status === 'accepted') {
      if (Object.values(feedback).some(Boolean)) status = 'completed';
      else if (members.every((m) => feedback[m] === false)) status = 'no_show';
    } else if (r.status === 'no_show' && input.met) status = 'completed';
    return store.updateRequestState(tx, { ...r, status, feedback });
  });
  return toRequest(row);
}

/**
 * A join ticket (modules/join/service.ts) for one member of a booked chat.
 * @throws AppError 404; 403 not a member; 409 `invalid_state` when nothing is booked
 */
export async function chatTicket(deps: Deps, org: Organization, id: string, input: { userId: string; ttlSeconds: number }) {
  const r = await store.findRequest(deps.sql, org.id, id);
  if (!r) throw notFound('coffee request');
  if (!membersOf(r).includes(input.userId)) throw new AppError(403, 'not_invited', 'Only the people of this chat can join it', 'userId');
  if (!r.meetingId || r.status !== 'accepted') throw new AppError(409, 'invalid_state', `This request is ${r.status}; there is no chat to join`, 'status');
  const p = await store.findProfile(deps.sql, org.id, input.userId);
  return createJoinTicket(deps, org, r.meetingId, { user: { id: input.userId, name: p?.displayName ?? input.userId }, role: 'participant', ttlSeconds: input.ttlSeconds });
}

/**
 * The expiry sweep (run it from a job every few minutes; reads already show `expired` without it): marks
 * pending requests past expiry `expired`, counts an unanswered intro for the people of expired round intros and
 * pauses anyone reaching three. `org` limits it to one organisation (the HTTP endpoint); a job passes none.
 * @returns how many requests expired and how many people were paused by this sweep
 */
export function sweepExpired(deps: Deps, now = new Date(), org?: Organization) {
  return store.expireRequests(deps.sql, now, PAUSE_AFTER_UNANSWERED, org?.id ?? null);
}
