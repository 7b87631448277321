/**
 * Host controls over HTTP (issue 12; HTTP only: validate, authorise through session.ts, call host-service.ts). Every
 * action takes a host's or moderator's room session (the role the server knows now: a promotion counts at once) or
 * an API key of the meeting's organisation; a participant or viewer gets 403 `forbidden` and nothing changes.
 *   GET    /api/v1/meetings/{id}/controls                                       state (any room session, API key)
 *   PUT    /api/v1/meetings/{id}/controls/lock                                  lock / unlock
 *   PUT    /api/v1/meetings/{id}/controls/spotlight                             pin one participant for everyone
 *   PUT    /api/v1/meetings/{id}/controls/permissions                           meeting-wide permissions
 *   POST   /api/v1/meetings/{id}/controls/mute-all                              mute all but presenters
 *   PUT    /api/v1/meetings/{id}/controls/participants/{identity}/permissions   one participant's permissions
 *   PUT    /api/v1/meetings/{id}/controls/participants/{identity}/role          promote / demote
 *   POST   /api/v1/meetings/{id}/controls/participants/{identity}/mute          mute mic, stop camera / screen share
 *   POST   /api/v1/meetings/{id}/controls/participants/{identity}/ask-unmute    ask to unmute (they decide)
 *   POST   /api/v1/meetings/{id}/controls/participants/{identity}/remove        remove, optionally ban
 *   DELETE /api/v1/meetings/{id}/controls/participants/{identity}/ban           lift a ban
 * Widgets call these from any origin (CORS open, no credentials; router.ts sets up what every room-activity router
 * shares).
 */
import type { Deps } from '../../deps.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import {
  ActionResultSchema,
  HostControlsSchema,
  HostParticipantParamsSchema,
  LockSchema,
  MeetingPermissionsPatchSchema,
  MuteAllResultSchema,
  MuteSchema,
  ParticipantControlsSchema,
  ParticipantPermissionsPatchSchema,
  RemoveSchema,
  RoleChangeSchema,
  SpotlightSchema,
} from './host-schemas.js';
import {
  askToUnmute,
  hostControls,
  muteAll,
  muteParticipant,
  removeParticipant,
  setLock,
  setMeetingPermissions,
  setParticipantPermissions,
  setRole,
  setSpotlight,
  unban,
} from './host-service.js';
import { roomActivityRouter } from './router.js';

const who =
  "Bearer: a host's or moderator's `sessionToken` (join answer) for this meeting — the role the server knows now, so a promotion counts at once — or an API key of its organisation. A participant or viewer: 403 `forbidden`, nothing changes.";

export function hostControlRoutes(deps: Deps) {
  const { app, route, caller } = roomActivityRouter(deps, 'controls', 'Host controls');
  const errors = [403, 404] as const;
  const meeting = { params: MeetingIdParamsSchema, errors };
  const participant = { params: HostParticipantParamsSchema, errors };
  const state = (summary: string, description: string) => ({ summary, description: `${who} ${description}`, ...meeting, ok: [200, HostControlsSchema, 'The state now'] as const });

  route('get /meetings/{id}/controls', {
    summary: "The room's host controls",
    description:
      'Bearer: any room session of this meeting, or an API key. Lock, spotlight and what participants may publish; `you`: the caller\'s role now and permissions (a widget reads it on join; changes then arrive on the LiveKit data topic `vr.host.state` from the server, and as LiveKit permission/attribute changes); `participants`: hosts, moderators and the API key only.',
    ...meeting, ok: [200, HostControlsSchema, 'The state'],
  }, async (c) => hostControls(deps, await caller(c, c.req.valid('param').id)));
  route('put /meetings/{id}/controls/lock', {
    ...state('Lock or unlock the meeting', 'Locked: only hosts and moderators join; a ticket, a public code or the waiting room answers 403 `meeting_locked`. People in the room stay. Announced on `vr.host.state`.'),
    body: LockSchema,
  }, async (c) => setLock(deps, await caller(c, c.req.valid('param').id), c.req.valid('json').locked));
  route('put /meetings/{id}/controls/spotlight', {
    ...state('Spotlight a participant for everyone', '`identity`: a participant in the room (404 otherwise), shown first and marked in every widget; null ends it. Announced on `vr.host.state`.'),
    body: SpotlightSchema,
  }, async (c) => setSpotlight(deps, await caller(c, c.req.valid('param').id), c.req.valid('json').identity));
  route('put /meetings/{id}/controls/permissions', {
    ...state('Allow or deny camera, unmuting, screen share, chat for participants', 'Meeting-wide, for participants (hosts and moderators keep theirs). Applied at once in the room (LiveKit `canPublishSources`, `canPublishData`: a track of a source no longer allowed is unpublished by LiveKit) and to later joins. Announced on `vr.host.state`.'),
    body: MeetingPermissionsPatchSchema,
  }, async (c) => setMeetingPermissions(deps, await caller(c, c.req.valid('param').id), c.req.valid('json')));
  route('post /meetings/{id}/controls/mute-all', {
    summary: 'Mute everyone but the presenters',
    description: `${who} Mutes the microphone of everyone in the room but hosts, moderators and whoever shares their screen. They may unmute again (deny \`microphone\` with PUT …/permissions to stop that).`,
    ...meeting, ok: [200, MuteAllResultSchema, 'Who was muted'],
  }, async (c) => muteAll(deps, await caller(c, c.req.valid('param').id)));

  const controlsNow = [200, ParticipantControlsSchema, "The participant's controls now"] as const;
  route('put /meetings/{id}/controls/participants/{identity}/permissions', {
    summary: "Allow or deny one participant's camera, unmuting, screen share, chat",
    description: `${who} Wins over the meeting-wide setting (null: as the meeting). Applied at once while they are in the room and at their next join. 403 for a host.`,
    ...participant, body: ParticipantPermissionsPatchSchema, ok: controlsNow,
  }, async (c) => {
    const p = c.req.valid('param');
    return setParticipantPermissions(deps, await caller(c, p.id), p.identity, c.req.valid('json'));
  });
  route('put /meetings/{id}/controls/participants/{identity}/role', {
    summary: 'Promote to moderator or demote',
    description: `${who} Takes effect at once: their room session has the new role at its next call, their LiveKit \`role\` attribute and permissions change while they are in the room (no rejoin), and their next join gets it. 403 for a host.`,
    ...participant, body: RoleChangeSchema, ok: controlsNow,
  }, async (c) => {
    const p = c.req.valid('param');
    return setRole(deps, await caller(c, p.id), p.identity, c.req.valid('json').role);
  });
  route('post /meetings/{id}/controls/participants/{identity}/mute', {
    summary: "Mute a participant's microphone, or stop their camera or screen share",
    description: `${who} LiveKit mutes the published track; everyone sees it at once and the participant is told (\`vr.host.muted\`). They may turn it on again unless that source is denied. \`changed: false\`: not in the room, or nothing to mute.`,
    ...participant, body: MuteSchema, bodyOptional: true, ok: [200, ActionResultSchema, 'Done'],
  }, async (c) => {
    const p = c.req.valid('param');
    const source = (c.req.valid('json') as { source?: 'microphone' | 'camera' | 'screen_share' } | undefined)?.source ?? 'microphone';
    return muteParticipant(deps, await caller(c, p.id), p.identity, source);
  });
  route('post /meetings/{id}/controls/participants/{identity}/ask-unmute', {
    summary: 'Ask a participant to unmute',
    description: `${who} A server data packet (\`vr.host.ask-unmute\`) to that participant only; their widget asks them and they decide. 404: not in the room; 409 \`microphone_denied\`: their microphone is denied.`,
    ...participant, ok: [200, ActionResultSchema, 'Asked'], errors: [...errors, 409],
  }, async (c) => {
    const p = c.req.valid('param');
    return askToUnmute(deps, await caller(c, p.id), p.identity);
  });
  route('post /meetings/{id}/controls/participants/{identity}/remove', {
    summary: 'Remove a participant (optionally ban)',
    description: `${who} Disconnects them (their widget shows they were removed). \`ban: true\`: their ticket/identity is refused from now on (join: 403 \`banned\`; their room session too) until DELETE …/ban. 403 for a host.`,
    ...participant, body: RemoveSchema, bodyOptional: true, ok: [200, ActionResultSchema, '`changed`: they were in the room and are out'],
  }, async (c) => {
    const p = c.req.valid('param');
    const ban = (c.req.valid('json') as { ban?: boolean } | undefined)?.ban ?? false;
    return removeParticipant(deps, await caller(c, p.id), p.identity, ban);
  });
  route('delete /meetings/{id}/controls/participants/{identity}/ban', {
    summary: 'Lift a ban',
    description: `${who} They may join again.`,
    ...participant, ok: controlsNow,
  }, async (c) => {
    const p = c.req.valid('param');
    return unban(deps, await caller(c, p.id), p.identity);
  });
  return app;
}
