/**
 * Joining a meeting.
 *
 * 1. The integrator's backend (API key) asks for a join ticket: a JWT (HS256, our ticket secret) with
 *    `aud: "vr-join"`, `sub` = user id, `mid` = meeting id, `org`, `name`, `role`, `exp` (≤ 1 h).
 * 2. The browser widget exchanges the ticket (or a public join code + password) for a LiveKit
 *    participant token for that meeting's room only.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { mintParticipantToken, type PublishRights, type Role } from '../../livekit/tokens.js';
import type { JoinRequest, JoinResponse, Waiting } from './schemas.js';
import * as requests from './store.js';
import { authenticateApiKey } from '../organizations/service.js';
import { settingsOf } from '../meetings/schemas.js';
import * as store from '../meetings/store.js';
import type { MeetingRow } from '../meetings/store.js';
import type { Organization } from '../organizations/store.js';
import { assertOpen } from '../meetings/service.js';
import { randomCode } from '../../shared/ids.js';
import { ISSUER, isExpiredToken as isExpired, signHs256, verifyHs256 } from '../../shared/signed-tokens.js';
import { verifyPassword } from '../../shared/passwords.js';

const AUDIENCE = 'vr-join';
/** Audience of the token a waiting guest polls with. */
const WAIT_AUDIENCE = 'vr-wait';
/** Audience of the token a host/moderator uses for the waiting-room endpoints. */
const MODERATE_AUDIENCE = 'vr-moderate';
const WAIT_TTL_SECONDS = 3600;
const MODERATE_TTL_SECONDS = 12 * 3600;
/**
 * Audience of the participant's room session (`sessionToken` of every join answer): the signed proof of who is in the
 * room, read by room activity (chat, …) through `verifyRoomSession`.
 */
export const ROOM_SESSION_AUDIENCE = 'room-activity';
/** Lifetime of a room session, seconds (a long class, as the moderation token). */
export const ROOM_SESSION_TTL_SECONDS = 12 * 3600;

/** Claims of a room session: `sub` = LiveKit identity, `mid` = meeting id, the granted role and the display name. */
export interface RoomSessionClaims {
  sub: string;
  mid: string;
  role: Role;
  name: string;
  exp: number;
}

/**
 * What the room's host controls decide about one join (room activity implements it: room-activity/host-access.ts;
 * server/main.ts wires it into `Deps.roomAccess`, so this module never imports room activity).
 */
export interface RoomAccess {
  /**
   * Admit `who` (identity and the role their ticket or code grants) to meeting `m` now.
   * @returns the role to grant (a moderator's promotion or demotion applies; never to a host) and what they may publish
   * @throws AppError 403 `banned` (a moderator removed and banned this identity), 403 `meeting_locked` (locked: only
   *   hosts and moderators join)
   */
  admit(m: MeetingRow, who: { identity: string; role: Role }): Promise<{ role: Role; rights: PublishRights }>;
  /** The host controls of `meetingId` changed on this instance (committed): forget any cached copy now. */
  changed(meetingId: string): void;
}

/** Sign our own short-lived JWT (HS256 with the ticket secret) for `aud`; `ttlSeconds` in seconds. */
function signToken(deps: Deps, aud: string, claims: Record<string, unknown>, ttlSeconds: number) {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + ttlSeconds;
  const token = signHs256(deps.ticketSecret, { iss: ISSUER, aud, iat: now, exp, jti: randomUUID(), ...claims });
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** Verify one of our JWTs for `aud` (signature, alg HS256 only, iss, aud, exp); throws fast-jwt's TokenError. */
async function verifyToken<T>(deps: Deps, token: string, aud: string): Promise<T> {
  return verifyHs256<T>(deps.ticketSecret, token, aud);
}

interface TicketClaims {
  sub: string;
  mid: string;
  org: string;
  name: string;
  role: Role;
}

/**
 * Mint a join ticket for `user` in meeting `meetingId` of `org`.
 * @param ttlSeconds lifetime in seconds (10…3600)
 * @throws AppError 404 meeting not in org; 409 ended/cancelled
 */
export async function createJoinTicket(
  deps: Deps,
  org: Organization,
  meetingId: string,
  input: { user: { id: string; name: string }; role: Role; ttlSeconds: number },
): Promise<{ ticket: string; expiresAt: string }> {
  const m = await store.findMeeting(deps.sql, org.id, meetingId);
  if (!m) throw notFound('meeting');
  assertOpen(m);
  const t = signToken(deps, AUDIENCE, { sub: input.user.id, mid: m.id, org: org.id, name: input.user.name, role: input.role }, input.ttlSeconds);
  return { ticket: t.token, expiresAt: t.expiresAt };
}

function readTicket(deps: Deps, ticket: string): TicketClaims {
  try {
    const p = verifyHs256<TicketClaims>(deps.ticketSecret, ticket, AUDIENCE);
    if (typeof p.mid !== 'string' || typeof p.sub !== 'string' || typeof p.org !== 'string') throw new Error('claims');
    if (!['host', 'moderator', 'participant', 'viewer'].includes(p.role)) throw new Error('role');
    return p;
  } catch (e) {
    if (isExpired(e)) throw new AppError(401, 'ticket_expired', 'This join link has expired; ask for a new one', 'ticket');
    throw new AppError(401, 'invalid_ticket', 'This join ticket is not valid', 'ticket');
  }
}

/** A LiveKit token and room session for `who`, after the room's host controls admit them (role, rights). */
async function admitted(deps: Deps, m: MeetingRow, who: { identity: string; userId: string; name: string; role: Role }): Promise<JoinResponse> {
  const a = await deps.roomAccess.admit(m, who);
  return tokenFor(deps, m, { ...who, role: a.role }, a.rights);
}

function tokenFor(deps: Deps, m: MeetingRow, who: { identity: string; userId: string; name: string; role: Role }, rights: PublishRights): JoinResponse {
  const settings = settingsOf(m);
  const { token, expiresAt } = mintParticipantToken({
    apiKey: deps.livekit.apiKey,
    apiSecret: deps.livekit.apiSecret,
    roomName: m.roomName,
    identity: who.identity,
    name: who.name,
    role: who.role,
    userId: who.userId,
    meetingId: m.id,
    settings,
    rights,
    ttlSeconds: deps.config.LIVEKIT_TOKEN_TTL_SECONDS,
    maxParticipants: m.maxParticipants,
  });
  const moderator = who.role === 'host' || who.role === 'moderator';
  return {
    serverUrl: deps.livekit.url,
    participantToken: token,
    expiresAt: expiresAt.toISOString(),
    identity: who.identity,
    name: who.name,
    role: who.role,
    meeting: { id: m.id, title: m.title, settings },
    sessionToken: signToken(deps, ROOM_SESSION_AUDIENCE, { sub: who.identity, mid: m.id, role: who.role, name: who.name }, ROOM_SESSION_TTL_SECONDS).token,
    ...(moderator ? { moderationToken: signToken(deps, MODERATE_AUDIENCE, { sub: who.identity, mid: m.id }, MODERATE_TTL_SECONDS).token } : {}),
  };
}

export type JoinOutcome = { status: 'joined'; body: JoinResponse } | { status: 'waiting'; body: Waiting };

async function fromWaitToken(deps: Deps, waitToken: string): Promise<JoinOutcome> {
  let claims: { sub: string; mid: string; exp: number };
  try {
    claims = await verifyToken(deps, waitToken, WAIT_AUDIENCE);
  } catch (e) {
    if (isExpired(e)) throw new AppError(401, 'wait_expired', 'You waited too long; join again', 'waitToken');
    throw new AppError(401, 'invalid_ticket', 'This waiting token is not valid', 'waitToken');
  }
  const r = await requests.findJoinRequest(deps.sql, claims.sub);
  const m = r && (await store.findMeetingById(deps.sql, r.meetingId));
  if (!r || !m || m.id !== claims.mid) throw new AppError(401, 'invalid_ticket', 'This waiting token is not valid', 'waitToken');
  assertOpen(m);
  if (r.status === 'denied') throw new AppError(403, 'join_denied', 'The host did not let you in');
  if (r.status === 'pending') return { status: 'waiting', body: { status: 'waiting', waitToken, expiresAt: new Date(claims.exp * 1000).toISOString() } };
  return { status: 'joined', body: await admitted(deps, m, { identity: r.identity, userId: r.identity, name: r.name, role: 'participant' }) };
}

/**
 * Exchange a ticket, a public join code or a waiting token for a LiveKit token (POST /api/v1/join).
 * A code join to a meeting with a waiting room creates a pending request and answers `waiting` with a
 * wait token (1 h); polling with it answers `waiting` until a host admits (→ joined) or denies (403).
 * Host controls (Deps.roomAccess) apply to every path: a banned identity is refused (403 `banned`), a locked meeting
 * admits only hosts and moderators (403 `meeting_locked`, before a code join reaches the waiting room, and again
 * when an admitted guest collects their token), and the token carries the role and rights moderators set.
 * @throws AppError 401 invalid_ticket / ticket_expired / wrong_password / wait_expired; 404 unknown code;
 *   409 meeting_ended / meeting_cancelled; 403 join_denied / banned / meeting_locked
 */
export async function join(deps: Deps, req: JoinRequest): Promise<JoinOutcome> {
  if (req.waitToken) return fromWaitToken(deps, req.waitToken);
  if (req.ticket) {
    const t = readTicket(deps, req.ticket);
    const m = deps.meetings.cached(t.mid) ?? (await deps.meetings.get(t.mid));
    if (!m || m.organizationId !== t.org) throw new AppError(401, 'invalid_ticket', 'This join ticket is not valid', 'ticket');
    assertOpen(m);
    return { status: 'joined', body: await admitted(deps, m, { identity: t.sub, userId: t.sub, name: t.name, role: t.role }) };
  }
  const m = await store.findMeetingByJoinCode(deps.sql, req.code!);
  if (!m) throw new AppError(404, 'not_found', 'No meeting has this code', 'code');
  assertOpen(m);
  if (m.passwordHash && !(req.password && (await verifyPassword(req.password, m.passwordHash)))) {
    throw new AppError(401, 'wrong_password', req.password ? 'Wrong password' : 'This meeting needs a password', 'password');
  }
  const identity = `guest-${randomCode(12)}`;
  // A locked meeting refuses a code join before it reaches the waiting room (the admission is checked again).
  const access = await deps.roomAccess.admit(m, { identity, role: 'participant' });
  if (settingsOf(m).waitingRoom) {
    const r = await requests.insertJoinRequest(deps.sql, { id: randomUUID(), meetingId: m.id, identity, name: req.name! });
    const w = signToken(deps, WAIT_AUDIENCE, { sub: r.id, mid: m.id }, WAIT_TTL_SECONDS);
    return { status: 'waiting', body: { status: 'waiting', waitToken: w.token, expiresAt: w.expiresAt } };
  }
  return { status: 'joined', body: tokenFor(deps, m, { identity, userId: identity, name: req.name!, role: access.role }, access.rights) };
}

/**
 * Who may run the waiting room of `meetingId`: a moderation token (from a host's or moderator's join answer)
 * for that meeting, or an API key of the meeting's organisation.
 * @returns who decides (identity, or `api-key`) for the audit column
 * @throws AppError 401 without valid credentials; 404 when the meeting is not theirs
 */
export async function authorizeModerator(deps: Deps, meetingId: string, bearer: string | undefined): Promise<{ by: string; meeting: MeetingRow }> {
  if (!bearer) throw new AppError(401, 'unauthorized', 'A moderation token or API key is required: Authorization: Bearer <token>');
  const m = await store.findMeetingById(deps.sql, meetingId);
  try {
    const c = await verifyToken<{ sub: string; mid: string }>(deps, bearer, MODERATE_AUDIENCE);
    if (m && c.mid === m.id) return { by: c.sub, meeting: m };
  } catch {
    const org = await authenticateApiKey(deps.sql, bearer);
    if (org && m && m.organizationId === org.id) return { by: 'api-key', meeting: m };
    if (!org) throw new AppError(401, 'unauthorized', 'This token is not valid');
  }
  throw notFound('meeting');
}

/**
 * Read a room session (the `sessionToken` of a join answer): HS256 with the ticket secret, `aud` = `room-activity`,
 * not expired, with identity, meeting, role and name.
 * @returns the claims, or `undefined` when `token` is not a valid room session (expired, tampered, another kind)
 */
export function verifyRoomSession(deps: Pick<Deps, 'ticketSecret'>, token: string): RoomSessionClaims | undefined {
  try {
    const c = verifyHs256<RoomSessionClaims>(deps.ticketSecret, token, ROOM_SESSION_AUDIENCE, ['exp', 'sub', 'mid', 'role']);
    if (typeof c.sub !== 'string' || typeof c.mid !== 'string' || !['host', 'moderator', 'participant', 'viewer'].includes(c.role)) return undefined;
    return { ...c, name: typeof c.name === 'string' ? c.name : c.sub };
  } catch {
    return undefined;
  }
}

/** Pending waiting-room requests, oldest first. */
export async function listWaiting(deps: Deps, meetingId: string, bearer: string | undefined) {
  await authorizeModerator(deps, meetingId, bearer);
  const rows = await requests.listPendingJoinRequests(deps.sql, meetingId);
  return { items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt.toISOString() })) };
}

/**
 * Admit or deny one waiting guest (idempotent; the first decision stands).
 * @throws AppError 401/404 as authorizeModerator; 404 unknown request
 */
export async function decideWaiting(deps: Deps, meetingId: string, requestId: string, decision: 'admitted' | 'denied', bearer: string | undefined) {
  const { by } = await authorizeModerator(deps, meetingId, bearer);
  const r = await requests.decideJoinRequest(deps.sql, meetingId, requestId, decision, by);
  if (!r) throw notFound('join request');
  return { id: r.id, status: r.status };
}
