/**
 * The permission model of host controls (issue 12): from what moderators stored (host-store.ts, chat switches
 * included) to the role a participant has now and what LiveKit lets them publish — on every join (the join module
 * asks through `Deps.roomAccess`, wired by server/main.ts) and, while they are in the room, through RoomService
 * UpdateParticipant (`applyRights`).
 *
 * Rules:
 * - Role: a moderator's override (promotion/demotion) replaces the role of the ticket, except a host's: a host stays a
 *   host, and no control restricts them.
 * - A banned identity is refused (403 `banned`); a locked meeting admits only hosts and moderators (403 `meeting_locked`).
 * - Camera, microphone ("unmuting"), screen share: the participant's setting, else the meeting's, else allowed (screen
 *   share: the meeting's `settings.screenShare`). Meeting-wide settings restrict participants only (hosts and
 *   moderators present); a per-participant setting restricts a moderator too.
 * - Chat = LiveKit `canPublishData`: off for the meeting (participants) or for the identity (anyone but a host).
 * - A viewer publishes nothing.
 */
import { DataPacket_Kind, type ParticipantInfo } from 'livekit-server-sdk';
import type { Sql } from '../../db/db.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { defaultRights, publishPermission, type PublishRights, type Role } from '../../livekit/tokens.js';
import type { RoomAccess } from '../join/service.js';
import { settingsOf } from '../meetings/schemas.js';
import type { MeetingRow } from '../meetings/store.js';
import * as store from './host-store.js';
import type { AccessRow } from './host-store.js';

/** The role `identity` has now: the ticket's (`base`), or a moderator's override unless the ticket made them host. */
export const currentRole = (base: Role, override: Role | null | undefined): Role => (base === 'host' ? 'host' : (override ?? base));

/** What `role` may publish in `m`, given the stored access state (see the module comment). */
export function rightsOf(m: MeetingRow, role: Role, a: AccessRow): PublishRights {
  const settings = settingsOf(m);
  if (role === 'viewer' || role === 'host') return defaultRights(role, settings);
  const admin = role === 'moderator';
  const pick = (p: boolean | null | undefined, meeting: boolean | null | undefined, dflt: boolean) => p ?? (admin ? true : (meeting ?? dflt));
  const p = a.participant;
  const mc = a.meeting;
  return {
    camera: pick(p?.allowCamera, mc?.allowCamera, true),
    microphone: pick(p?.allowMicrophone, mc?.allowMicrophone, true),
    screenShare: pick(p?.allowScreenShare, mc?.allowScreenShare, settings.screenShare),
    data: !a.chatDisabled && (admin || (a.chatEnabled ?? settings.chat)),
  };
}

/**
 * Admit `who` to `m` given the meeting's access state `a` (see RoomAccess in modules/join).
 * @throws AppError 403 `banned`, 403 `meeting_locked`
 */
export function admitWith(m: MeetingRow, who: { identity: string; role: Role }, a: store.AccessRow) {
  const role = currentRole(who.role, a.participant?.role);
  if (role !== 'host' && a.participant?.bannedAt) throw new AppError(403, 'banned', 'A moderator removed you from this meeting; you cannot join it again');
  if (a.meeting?.locked && role !== 'host' && role !== 'moderator') throw new AppError(403, 'meeting_locked', 'A moderator locked this meeting: nobody new can join now');
  return { role, rights: rightsOf(m, role, a) };
}

/**
 * Room activity's side of the join module's port (server/main.ts puts it in Deps): admits from a per-instance read
 * cache of each meeting's access state, so a join costs no query while nothing changed (the join path's throughput:
 * bench/token-throughput.ts). Kept correct as the meeting cache is (modules/meetings/cache.ts): the tables' triggers
 * announce every committed change on `room_access_changed` (migration 1764300000000), which drops the meeting's entry
 * on every instance; this instance's own writes drop it at once (`changed`). Entries also expire after `ttlMs`, the
 * whole cache is dropped when the LISTEN connection (re)connects, and nothing is cached while not listening.
 */
export function createRoomAccess(sql: Sql, opts: { ttlMs?: number; maxEntries?: number } = {}): RoomAccess & { start(): Promise<void> } {
  const ttlMs = opts.ttlMs ?? 30_000;
  const maxEntries = opts.maxEntries ?? 10_000;
  const entries = new Map<string, { access: store.MeetingAccess; at: number }>();
  let generation = 0;
  let listening = false;
  const invalidate = (id?: string) => {
    generation++;
    if (id) entries.delete(id);
    else entries.clear();
  };
  async function accessOf(meetingId: string) {
    const hit = entries.get(meetingId);
    if (hit && listening && Date.now() - hit.at < ttlMs) return hit.access;
    const gen = generation;
    const access = await store.findMeetingAccess(sql, meetingId);
    if (listening && gen === generation) {
      if (entries.size >= maxEntries) entries.clear();
      entries.set(meetingId, { access, at: Date.now() });
    }
    return access;
  }
  return {
    async start() {
      await sql.listen(store.ACCESS_CHANNEL, (id) => invalidate(id), () => {
        listening = true;
        invalidate();
      });
    },
    changed: (meetingId) => invalidate(meetingId),
    admit: async (m, who) => admitWith(m, who, store.accessOf(await accessOf(m.id), who.identity)),
  };
}

/** Whether the meeting's LiveKit room exists now (asking LiveKit about a room that does not exist takes seconds). */
export async function roomOpen(deps: Deps, m: MeetingRow): Promise<boolean> {
  try {
    return (await deps.livekit.rooms.listRooms([m.roomName])).length > 0;
  } catch {
    return false;
  }
}

/** The participants in the meeting's room now (none when it is not open). */
export async function participantsInRoom(deps: Deps, m: MeetingRow): Promise<ParticipantInfo[]> {
  if (!(await roomOpen(deps, m))) return [];
  return deps.livekit.rooms.listParticipants(m.roomName).catch(() => []);
}

/** `identity` in the meeting's room now, or undefined. */
export async function participantInRoom(deps: Deps, m: MeetingRow, identity: string): Promise<ParticipantInfo | undefined> {
  if (!(await roomOpen(deps, m))) return undefined;
  try {
    return await deps.livekit.rooms.getParticipant(m.roomName, identity);
  } catch {
    return undefined;
  }
}

/** The role a participant in the room has now: the `role` attribute the server set (token, or a role change). */
export const roomRoleOf = (p: ParticipantInfo): Role => {
  const r = p.attributes?.role;
  return r === 'host' || r === 'moderator' || r === 'viewer' ? r : 'participant';
};

/**
 * Bring the LiveKit permissions of participants in the room in line with the stored controls: `identities`, or
 * everyone in the room. Only those whose permission differs are updated (UpdateParticipant replaces the whole
 * permission: subscribe and the flags LiveKit keeps are carried over). People not in the room get theirs at join.
 */
export async function applyRights(deps: Deps, m: MeetingRow, identities?: string[]): Promise<void> {
  deps.roomAccess.changed(m.id); // the callers just wrote: joins on this instance must not use what came before
  const people = identities
    ? (await Promise.all(identities.map((i) => participantInRoom(deps, m, i)))).filter((p): p is ParticipantInfo => !!p)
    : await participantsInRoom(deps, m);
  if (!people.length) return;
  const access = await store.findMeetingAccess(deps.sql, m.id); // one read for everyone, not a query per participant
  await Promise.all(
    people.map(async (p) => {
      const role = roomRoleOf(p);
      const want = publishPermission(role, rightsOf(m, role, store.accessOf(access, p.identity)));
      const have = p.permission;
      const same =
        have &&
        have.canPublish === want.canPublish &&
        have.canPublishData === want.canPublishData &&
        [...have.canPublishSources].sort().join() === [...want.canPublishSources].sort().join();
      if (same) return;
      try {
        await deps.livekit.rooms.updateParticipant(m.roomName, p.identity, { permission: { ...(have ?? { canSubscribe: true }), ...want } });
      } catch (e) {
        deps.log.info('permission update not applied (participant left?)', { meetingId: m.id, error: String((e as Error)?.message ?? e) });
      }
    }),
  );
}

/**
 * Send `payload` as JSON from the server (reliable, `topic`) to the room, or only to `to`; an empty or closed room
 * is fine. Widgets trust room-control topics only from the server (a packet without a participant).
 */
export async function sendToRoom(deps: Deps, m: MeetingRow, topic: string, payload: unknown, to?: string[]): Promise<void> {
  if (await roomOpen(deps, m)) await sendToOpenRoom(deps, m, topic, payload, to);
}

/** sendToRoom for a room the caller knows is open (it just listed its participants): no check first. */
export async function sendToOpenRoom(deps: Deps, m: MeetingRow, topic: string, payload: unknown, to?: string[]): Promise<void> {
  try {
    await deps.livekit.rooms.sendData(m.roomName, new TextEncoder().encode(JSON.stringify(payload)), DataPacket_Kind.RELIABLE, {
      topic,
      ...(to ? { destinationIdentities: to } : {}),
    });
  } catch (e) {
    deps.log.info('room announcement not delivered (room not open?)', { meetingId: m.id, topic, error: String((e as Error)?.message ?? e) });
  }
}
