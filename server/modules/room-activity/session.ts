/**
 * Who is acting on a meeting's room activity (chat now; hands and polls later): a participant through the room
 * session of their own signed join (`sessionToken` of the join answer, modules/join), or the integrator through an
 * API key of the meeting's organisation. Never a client-side flag: the role comes from the signed session.
 */
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import type { Role } from '../../livekit/tokens.js';
import { verifyRoomSession } from '../join/service.js';
import type { MeetingRow } from '../meetings/store.js';
import { currentRole } from './host-access.js';
import { findRoleAndBan } from './host-store.js';
import { authenticateApiKey } from '../organizations/service.js';

/** A participant in the room (from their room session) or the integrator (API key). */
export type RoomCaller =
  | { kind: 'session'; identity: string; name: string; role: Role; meeting: MeetingRow }
  | { kind: 'apiKey'; meeting: MeetingRow };

/** Hosts and moderators run the room (and the integrator, with its API key). */
export const isModerator = (c: RoomCaller): boolean => c.kind === 'apiKey' || c.role === 'host' || c.role === 'moderator';

/**
 * Refuse anyone but hosts, moderators and the API key (isModerator).
 * @throws AppError 403 `forbidden` with `message`
 */
export function requireModerator(c: RoomCaller, message = 'Only a host or moderator can do this'): void {
  if (!isModerator(c)) throw new AppError(403, 'forbidden', message);
}

/** Who `c` is for audit columns: the identity, or `api-key`. */
export const actorOf = (c: RoomCaller): string => (c.kind === 'apiKey' ? 'api-key' : c.identity);

/**
 * Authorise `bearer` for room activity in `meetingId`: a room session for this meeting, or (with
 * `opts.apiKey`, default true) an API key of the meeting's organisation.
 * The role of a session is the one it was signed with, or the one a moderator gave since (promotion/demotion, read
 * from room_participant_controls at every call: one primary-key lookup; a host's session skips it, no control
 * touches a host), so a role change takes effect at the caller's next request, without rejoining.
 * @returns the caller and the meeting
 * @throws AppError 401 `unauthorized` (no/invalid credentials); 403 `wrong_meeting` (a session of another meeting);
 *   403 `banned` (a moderator removed and banned this identity);
 *   404 `not_found` (unknown meeting, or not in the API key's organisation)
 */
export async function requireRoomSession(deps: Deps, bearer: string | undefined, meetingId: string, opts: { apiKey?: boolean } = {}): Promise<RoomCaller> {
  if (!bearer) throw new AppError(401, 'unauthorized', 'A room session or API key is required: Authorization: Bearer <token>');
  const session = verifyRoomSession(deps, bearer);
  if (session) {
    if (session.mid !== meetingId) throw new AppError(403, 'wrong_meeting', 'This session is for another meeting');
    const meeting = deps.meetings.cached(meetingId) ?? (await deps.meetings.get(meetingId));
    if (!meeting) throw notFound('meeting');
    const set = session.role === 'host' ? undefined : await findRoleAndBan(deps.sql, meetingId, session.sub);
    if (set?.bannedAt) throw new AppError(403, 'banned', 'A moderator removed you from this meeting');
    return { kind: 'session', identity: session.sub, name: session.name, role: currentRole(session.role, set?.role), meeting };
  }
  const org = opts.apiKey === false ? undefined : await authenticateApiKey(deps.sql, bearer);
  if (!org) throw new AppError(401, 'unauthorized', 'This room session or API key is not valid');
  const meeting = await deps.meetings.get(meetingId);
  if (!meeting || meeting.organizationId !== org.id) throw notFound('meeting');
  return { kind: 'apiKey', meeting };
}
