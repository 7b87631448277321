/**
 * Host controls (issue 12): what hosts, moderators and the integrator (API key) do to a meeting's room, enforced
 * here — a participant or viewer calling with their own room session is refused (403 `forbidden`) before anything
 * changes. State (lock, spotlight, permissions, role overrides, bans) is stored first (host-store.ts), then applied
 * to the LiveKit room through RoomService (mute, remove, UpdateParticipant) and announced by the server:
 *
 * | LiveKit data topic     | to                | payload                                                        |
 * |------------------------|-------------------|----------------------------------------------------------------|
 * | `vr.host.state`        | the room          | `{locked, spotlightIdentity, permissions}` (meeting-wide)      |
 * | `vr.host.ask-unmute`   | that participant  | `{by}`: a moderator's name; the participant decides            |
 * | `vr.host.muted`        | that participant  | `{source, by}`: a moderator muted/stopped this source          |
 *
 * Role changes also set the participant's LiveKit `role` attribute (everyone's widget sees it at once) and the room
 * session check reads the new role at the next API call (session.ts). Joins apply everything (host-access.ts).
 */
import { TrackSource, type ParticipantInfo } from 'livekit-server-sdk';
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import type { Role } from '../../livekit/tokens.js';
import type { MeetingRow } from '../meetings/store.js';
import * as chatStore from './chat-store.js';
import { setMeetingChat, setParticipantChat } from './chat-service.js';
import { applyRights, participantInRoom, participantsInRoom, rightsOf, roomRoleOf, sendToRoom } from './host-access.js';
import type { HostControls, MeetingPermissionsPatch, ParticipantControls, ParticipantPermissionsPatch, Permissions } from './host-schemas.js';
import * as store from './host-store.js';
import { actorOf, isModerator, requireModerator, type RoomCaller } from './session.js';

export const HOST_STATE_TOPIC = 'vr.host.state';
export const ASK_UNMUTE_TOPIC = 'vr.host.ask-unmute';
export const MUTED_TOPIC = 'vr.host.muted';

const nameOf = (c: RoomCaller) => (c.kind === 'session' ? c.name : 'Moderator');
const asPermissions = (r: { camera: boolean; microphone: boolean; screenShare: boolean; data: boolean }): Permissions => ({
  camera: r.camera, microphone: r.microphone, screenShare: r.screenShare, chat: r.data,
});

/** Refuse a control on a host who is in the room (no control restricts a host). */
function refuseHost(p: ParticipantInfo | undefined, what: string) {
  if (p && roomRoleOf(p) === 'host') throw new AppError(403, 'forbidden', `A host cannot be ${what}`);
}

/** Meeting-wide state (what `vr.host.state` carries) from the stored access state: lock, spotlight, what participants may publish. */
const meetingState = (m: MeetingRow, a: store.AccessRow) => ({
  locked: a.meeting?.locked ?? false,
  spotlightIdentity: a.meeting?.spotlightIdentity ?? null,
  permissions: asPermissions(rightsOf(m, 'participant', { ...a, participant: null, chatDisabled: false })),
});

/** Announce the meeting-wide part of `controls` (just read after a change) on `vr.host.state`; answers `controls`. */
async function announced(deps: Deps, m: MeetingRow, controls: HostControls): Promise<HostControls> {
  const { locked, spotlightIdentity, permissions } = controls;
  await sendToRoom(deps, m, HOST_STATE_TOPIC, { locked, spotlightIdentity, permissions });
  return controls;
}

/**
 * The room's host controls as the caller may see them (GET /meetings/{id}/controls): meeting-wide state for
 * everyone, the caller's own role and permissions (room session), and every participant moderators acted on
 * (hosts, moderators, API key).
 */
export async function hostControls(deps: Deps, caller: RoomCaller): Promise<HostControls> {
  const m = caller.meeting;
  // One read: the meeting's controls, and the caller's own when they have a room session.
  const a = await store.findAccess(deps.sql, m.id, caller.kind === 'session' ? caller.identity : '');
  const state = meetingState(m, a);
  const you: HostControls['you'] =
    caller.kind === 'session' ? { identity: caller.identity, role: caller.role, permissions: asPermissions(rightsOf(m, caller.role, a)) } : null;
  let participants: ParticipantControls[] = [];
  if (isModerator(caller)) {
    const [rows, chatOff] = await Promise.all([store.listParticipantControls(deps.sql, m.id), chatStore.listDisabledIdentities(deps.sql, m.id)]);
    const byId = new Map<string, ParticipantControls>();
    for (const r of rows) {
      byId.set(r.identity, {
        identity: r.identity,
        role: r.role,
        banned: !!r.bannedAt,
        permissions: { camera: r.allowCamera, microphone: r.allowMicrophone, screenShare: r.allowScreenShare, chat: !chatOff.includes(r.identity) },
      });
    }
    for (const identity of chatOff) {
      if (!byId.has(identity)) byId.set(identity, { identity, role: null, banned: false, permissions: { camera: null, microphone: null, screenShare: null, chat: false } });
    }
    participants = [...byId.values()].sort((a, b) => a.identity.localeCompare(b.identity));
  }
  return { ...state, you, participants };
}

/**
 * Lock or unlock the meeting (PUT /meetings/{id}/controls/lock): locked, only hosts and moderators join (tickets,
 * codes and the waiting room answer 403 `meeting_locked`); people in the room stay. Announced on `vr.host.state`.
 * @throws AppError 403 `forbidden` (participant, viewer)
 */
export async function setLock(deps: Deps, caller: RoomCaller, locked: boolean): Promise<HostControls> {
  requireModerator(caller);
  await store.updateMeetingControls(deps.sql, caller.meeting.id, { locked }, actorOf(caller));
  deps.roomAccess.changed(caller.meeting.id);
  return announced(deps, caller.meeting, await hostControls(deps, caller));
}

/**
 * Pin one participant first for everyone, or end it with `null` (PUT /meetings/{id}/controls/spotlight).
 * Announced on `vr.host.state`.
 * @throws AppError 403 `forbidden`; 404 when `identity` is not in the room
 */
export async function setSpotlight(deps: Deps, caller: RoomCaller, identity: string | null): Promise<HostControls> {
  requireModerator(caller);
  if (identity !== null && !(await participantInRoom(deps, caller.meeting, identity))) throw new AppError(404, 'not_found', 'identity: no such participant in the room', 'identity');
  await store.updateMeetingControls(deps.sql, caller.meeting.id, { spotlightIdentity: identity }, actorOf(caller));
  return announced(deps, caller.meeting, await hostControls(deps, caller));
}

/**
 * Meeting-wide permissions for participants (PUT /meetings/{id}/controls/permissions): camera, microphone
 * (unmuting), screen share, chat. Applied at once to everyone in the room (LiveKit `canPublishSources`,
 * `canPublishData`; LiveKit unpublishes a track whose source is no longer allowed) and to every later join.
 * Announced on `vr.host.state` (and chat on `vr.chat.settings`).
 * @throws AppError 403 `forbidden`
 */
export async function setMeetingPermissions(deps: Deps, caller: RoomCaller, patch: MeetingPermissionsPatch): Promise<HostControls> {
  requireModerator(caller);
  const m = caller.meeting;
  await store.updateMeetingControls(deps.sql, m.id, { allowCamera: patch.camera, allowMicrophone: patch.microphone, allowScreenShare: patch.screenShare }, actorOf(caller));
  if (patch.chat !== undefined) await setMeetingChat(deps, caller, patch.chat); // applies rights to everyone too
  else await applyRights(deps, m);
  return announced(deps, m, await hostControls(deps, caller));
}

/**
 * One participant's permissions (PUT /meetings/{id}/controls/participants/{identity}/permissions), winning over the
 * meeting's; applied at once while they are in the room and at their next join.
 * @throws AppError 403 `forbidden` (a participant or viewer calling; or the target is a host)
 */
export async function setParticipantPermissions(deps: Deps, caller: RoomCaller, identity: string, patch: ParticipantPermissionsPatch): Promise<ParticipantControls> {
  requireModerator(caller);
  const m = caller.meeting;
  refuseHost(await participantInRoom(deps, m, identity), 'restricted');
  if (patch.camera !== undefined || patch.microphone !== undefined || patch.screenShare !== undefined) {
    await store.updateParticipantControls(deps.sql, m.id, identity, { allowCamera: patch.camera, allowMicrophone: patch.microphone, allowScreenShare: patch.screenShare }, actorOf(caller));
  }
  if (patch.chat !== undefined) await setParticipantChat(deps, caller, identity, patch.chat);
  await applyRights(deps, m, [identity]);
  return participantControls(deps, m, identity);
}

async function participantControls(deps: Deps, m: MeetingRow, identity: string): Promise<ParticipantControls> {
  const a = await store.findAccess(deps.sql, m.id, identity);
  const p = a.participant;
  return {
    identity,
    role: p?.role ?? null,
    banned: !!p?.bannedAt,
    permissions: { camera: p?.allowCamera ?? null, microphone: p?.allowMicrophone ?? null, screenShare: p?.allowScreenShare ?? null, chat: !a.chatDisabled },
  };
}

/**
 * Promote to moderator or demote to participant/viewer (PUT /meetings/{id}/controls/participants/{identity}/role).
 * Stored first: their room session has the new role at its next API call and their next join gets it in the token;
 * while in the room, their LiveKit `role` attribute, metadata and permissions change at once (their widget shows or
 * hides the host controls without rejoining).
 * Known limit: LiveKit cannot take back a grant from a token it already accepted, so a demoted moderator's LiveKit
 * token keeps `roomAdmin` until they leave; every control of this API refuses them at once.
 * @throws AppError 403 `forbidden` (a participant or viewer calling; or the target is a host)
 */
export async function setRole(deps: Deps, caller: RoomCaller, identity: string, role: Exclude<Role, 'host'>): Promise<ParticipantControls> {
  requireModerator(caller);
  const m = caller.meeting;
  const p = await participantInRoom(deps, m, identity);
  refuseHost(p, 'promoted or demoted');
  await store.updateParticipantControls(deps.sql, m.id, identity, { role }, actorOf(caller));
  deps.roomAccess.changed(m.id);
  if (p) {
    let metadata = p.metadata;
    try {
      metadata = JSON.stringify({ ...JSON.parse(p.metadata || '{}'), role });
    } catch {}
    try {
      await deps.livekit.rooms.updateParticipant(m.roomName, identity, { attributes: { role }, metadata });
    } catch (e) {
      deps.log.info('role attribute not updated (participant left?)', { meetingId: m.id, error: String((e as Error)?.message ?? e) });
    }
    await applyRights(deps, m, [identity]);
  }
  return participantControls(deps, m, identity);
}

const SOURCES = { microphone: [TrackSource.MICROPHONE], camera: [TrackSource.CAMERA], screen_share: [TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO] } as const;

/**
 * Mute a participant's microphone, or stop their camera or screen share (POST …/participants/{identity}/mute): the
 * published track is muted by LiveKit (the others see it muted at once); the participant may turn it on again
 * unless a moderator denied that source. They are told on `vr.host.muted`.
 * @returns `changed: false` when they are not in the room or that track is not published/already muted
 * @throws AppError 403 `forbidden`
 */
export async function muteParticipant(deps: Deps, caller: RoomCaller, identity: string, source: keyof typeof SOURCES) {
  requireModerator(caller);
  const m = caller.meeting;
  const p = await participantInRoom(deps, m, identity);
  const tracks = (p?.tracks ?? []).filter((t) => (SOURCES[source] as readonly TrackSource[]).includes(t.source) && !t.muted);
  let changed = false;
  for (const t of tracks) {
    // They may leave (or unpublish) meanwhile: then there is nothing to mute.
    changed = (await deps.livekit.rooms.mutePublishedTrack(m.roomName, identity, t.sid, true).then(() => true, () => false)) || changed;
  }
  if (changed) await sendToRoom(deps, m, MUTED_TOPIC, { source, by: nameOf(caller) }, [identity]);
  return { identity, changed };
}

/**
 * Mute every microphone in the room but the presenters' (hosts, moderators, and whoever shares their screen)
 * (POST /meetings/{id}/controls/mute-all).
 * @returns the identities muted
 * @throws AppError 403 `forbidden`
 */
export async function muteAll(deps: Deps, caller: RoomCaller): Promise<{ muted: string[] }> {
  requireModerator(caller);
  const m = caller.meeting;
  const muted: string[] = [];
  for (const p of await participantsInRoom(deps, m)) {
    const role = roomRoleOf(p);
    if (role === 'host' || role === 'moderator') continue;
    if (p.tracks.some((t) => t.source === TrackSource.SCREEN_SHARE && !t.muted)) continue;
    const mics = p.tracks.filter((t) => t.source === TrackSource.MICROPHONE && !t.muted);
    let done = false;
    for (const t of mics) done = (await deps.livekit.rooms.mutePublishedTrack(m.roomName, p.identity, t.sid, true).then(() => true, () => false)) || done;
    if (done) muted.push(p.identity);
  }
  if (muted.length) await sendToRoom(deps, m, MUTED_TOPIC, { source: 'microphone', by: nameOf(caller) }, muted);
  return { muted };
}

/**
 * Ask a participant to unmute (POST …/participants/{identity}/ask-unmute): a server data packet on
 * `vr.host.ask-unmute` to that participant only; their widget asks them, and they decide.
 * @throws AppError 403 `forbidden`; 404 not in the room; 409 `microphone_denied` (a moderator denied their microphone)
 */
export async function askToUnmute(deps: Deps, caller: RoomCaller, identity: string) {
  requireModerator(caller);
  const m = caller.meeting;
  const p = await participantInRoom(deps, m, identity);
  if (!p) throw notFound('participant in the room');
  const role = roomRoleOf(p);
  if (!rightsOf(m, role, await store.findAccess(deps.sql, m.id, identity)).microphone || role === 'viewer') {
    throw new AppError(409, 'microphone_denied', 'This participant may not unmute: allow their microphone first');
  }
  await sendToRoom(deps, m, ASK_UNMUTE_TOPIC, { by: nameOf(caller) }, [identity]);
  return { identity, changed: true };
}

/**
 * Remove a participant from the room (POST …/participants/{identity}/remove), with `ban` also refusing their
 * ticket/identity from now on: their joins answer 403 `banned` and their room session is refused. Without `ban` they
 * may join again. Banning someone not in the room is allowed (a code guest gets a new identity at each join, so a
 * ban holds against tickets).
 * Known limit: LiveKit cannot revoke a token it issued; a banned client that kept its unexpired LiveKit token
 * (LIVEKIT_TOKEN_TTL_SECONDS) could reconnect with it directly until it expires.
 * @returns `changed`: they were in the room and were removed
 * @throws AppError 403 `forbidden` (a participant or viewer calling; or the target is a host)
 */
export async function removeParticipant(deps: Deps, caller: RoomCaller, identity: string, ban: boolean) {
  requireModerator(caller);
  const m = caller.meeting;
  const p = await participantInRoom(deps, m, identity);
  refuseHost(p, 'removed');
  if (ban) {
    await store.updateParticipantControls(deps.sql, m.id, identity, { banned: true }, actorOf(caller));
    deps.roomAccess.changed(m.id);
  }
  let changed = false;
  if (p) {
    changed = await deps.livekit.rooms.removeParticipant(m.roomName, identity).then(
      () => true,
      () => false,
    );
  }
  return { identity, changed };
}

/**
 * Lift a ban (DELETE …/participants/{identity}/ban): they may join again.
 * @throws AppError 403 `forbidden`
 */
export async function unban(deps: Deps, caller: RoomCaller, identity: string): Promise<ParticipantControls> {
  requireModerator(caller);
  await store.updateParticipantControls(deps.sql, caller.meeting.id, identity, { banned: false }, actorOf(caller));
  deps.roomAccess.changed(caller.meeting.id);
  return participantControls(deps, caller.meeting, identity);
}
