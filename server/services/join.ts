/**
 * Joining a meeting.
 *
 * 1. The integrator's backend (API key) asks for a join ticket: a JWT (HS256, our ticket secret) with
 *    `aud: "vr-join"`, `sub` = user id, `mid` = meeting id, `org`, `name`, `role`, `exp` (≤ 1 h).
 * 2. The browser widget exchanges the ticket (or a public join code + password) for a LiveKit
 *    participant token for that meeting's room only.
 */
import { randomUUID } from 'node:crypto';
import { sign, verify } from 'hono/jwt';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../errors.js';
import { mintParticipantToken, type Role } from '../livekit/tokens.js';
import type { JoinRequest, JoinResponse } from '../schemas/join.js';
import { MeetingSettingsSchema } from '../schemas/meetings.js';
import * as store from '../store/meetings.js';
import type { MeetingRow } from '../store/meetings.js';
import type { Organization } from '../store/organizations.js';
import { assertOpen } from './meetings.js';
import { randomCode } from './ids.js';
import { verifyPassword } from './passwords.js';

const ISSUER = 'video-rooms';
const AUDIENCE = 'vr-join';

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
  const now = Math.floor(Date.now() / 1000);
  const exp = now + input.ttlSeconds;
  const claims = { iss: ISSUER, aud: AUDIENCE, iat: now, exp, jti: randomUUID(), sub: input.user.id, mid: m.id, org: org.id, name: input.user.name, role: input.role };
  const ticket = await sign(claims, deps.ticketSecret, 'HS256');
  return { ticket, expiresAt: new Date(exp * 1000).toISOString() };
}

async function readTicket(deps: Deps, ticket: string): Promise<TicketClaims> {
  try {
    const p = (await verify(ticket, deps.ticketSecret, { alg: 'HS256', iss: ISSUER, aud: AUDIENCE })) as unknown as TicketClaims;
    if (typeof p.mid !== 'string' || typeof p.sub !== 'string' || typeof p.org !== 'string') throw new Error('claims');
    if (!['host', 'moderator', 'participant', 'viewer'].includes(p.role)) throw new Error('role');
    return p;
  } catch (e) {
    if ((e as Error).name === 'JwtTokenExpired') throw new AppError(401, 'ticket_expired', 'This join link has expired; ask for a new one', 'ticket');
    throw new AppError(401, 'invalid_ticket', 'This join ticket is not valid', 'ticket');
  }
}

async function tokenFor(deps: Deps, m: MeetingRow, who: { identity: string; userId: string; name: string; role: Role }): Promise<JoinResponse> {
  const settings = MeetingSettingsSchema.parse(m.settings);
  const { token, expiresAt } = await mintParticipantToken({
    apiKey: deps.livekit.apiKey,
    apiSecret: deps.livekit.apiSecret,
    roomName: m.roomName,
    identity: who.identity,
    name: who.name,
    role: who.role,
    userId: who.userId,
    meetingId: m.id,
    settings,
    ttlSeconds: deps.config.LIVEKIT_TOKEN_TTL_SECONDS,
    maxParticipants: m.maxParticipants,
  });
  return {
    serverUrl: deps.livekit.url,
    participantToken: token,
    expiresAt: expiresAt.toISOString(),
    identity: who.identity,
    name: who.name,
    role: who.role,
    meeting: { id: m.id, title: m.title, settings },
  };
}

/**
 * Exchange a ticket or a public join code for a LiveKit token (POST /api/v1/join).
 * @throws AppError 401 invalid_ticket / ticket_expired / wrong_password; 404 unknown code;
 *   409 meeting_ended / meeting_cancelled; 403 waiting_room (code joins to a meeting with a waiting room)
 */
export async function join(deps: Deps, req: JoinRequest): Promise<JoinResponse> {
  if (req.ticket) {
    const t = await readTicket(deps, req.ticket);
    const m = await store.findMeetingById(deps.sql, t.mid);
    if (!m || m.organizationId !== t.org) throw new AppError(401, 'invalid_ticket', 'This join ticket is not valid', 'ticket');
    assertOpen(m);
    return tokenFor(deps, m, { identity: t.sub, userId: t.sub, name: t.name, role: t.role });
  }
  const m = await store.findMeetingByJoinCode(deps.sql, req.code!);
  if (!m) throw new AppError(404, 'not_found', 'No meeting has this code', 'code');
  assertOpen(m);
  if (m.passwordHash && !(req.password && (await verifyPassword(req.password, m.passwordHash)))) {
    throw new AppError(401, 'wrong_password', req.password ? 'Wrong password' : 'This meeting needs a password', 'password');
  }
  if (MeetingSettingsSchema.parse(m.settings).waitingRoom) {
    throw new AppError(403, 'waiting_room', 'This meeting admits guests through a waiting room; ask the host for a personal link');
  }
  const identity = `guest-${randomCode(12)}`;
  return tokenFor(deps, m, { identity, userId: identity, name: req.name!, role: 'participant' });
}
