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
 * Widgets call these from any origin (CORS open, no credentials). Mounted before the meetings router (server/app.ts),
 * whose API-key guard covers `/meetings/*`.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { bearerRequired, body, json, openCors, router } from '../../shared/http.js';
import { errorResponses } from '../../shared/schemas.js';
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
import { requireRoomSession } from './session.js';

const tags = ['Host controls'];
const security: Record<string, string[]>[] = [{ roomSession: [] }, { apiKey: [] }];
const who =
  "Bearer: a host's or moderator's `sessionToken` (join answer) for this meeting — the role the server knows now, so a promotion counts at once — or an API key of its organisation. A participant or viewer: 403 `forbidden`, nothing changes.";

export function hostControlRoutes(deps: Deps) {
  const app = router();
  for (const p of ['/meetings/:id/controls', '/meetings/:id/controls/*']) {
    app.use(p, openCors('GET, POST, PUT, DELETE', 'authorization, content-type'));
    app.use(p, bearerRequired('A room session or API key is required: Authorization: Bearer <token>'));
  }
  const caller = (c: { var: { bearer: string } }, meetingId: string) => requireRoomSession(deps, c.var.bearer, meetingId);
  const errors = errorResponses(400, 401, 403, 404);

  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/controls', tags, security, summary: "The room's host controls",
      description:
        'Bearer: any room session of this meeting, or an API key. Lock, spotlight and what participants may publish; `you`: the caller\'s role now and permissions (a widget reads it on join; changes then arrive on the LiveKit data topic `vr.host.state` from the server, and as LiveKit permission/attribute changes); `participants`: hosts, moderators and the API key only.',
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(HostControlsSchema, 'The state'), ...errors },
    }),
    async (c) => c.json(await hostControls(deps, await caller(c, c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'put', path: '/meetings/{id}/controls/lock', tags, security, summary: 'Lock or unlock the meeting',
      description: `${who} Locked: only hosts and moderators join; a ticket, a public code or the waiting room answers 403 \`meeting_locked\`. People in the room stay. Announced on \`vr.host.state\`.`,
      request: { params: MeetingIdParamsSchema, body: body(LockSchema) },
      responses: { 200: json(HostControlsSchema, 'The state now'), ...errors },
    }),
    async (c) => c.json(await setLock(deps, await caller(c, c.req.valid('param').id), c.req.valid('json').locked), 200),
  );
  app.openapi(
    createRoute({
      method: 'put', path: '/meetings/{id}/controls/spotlight', tags, security, summary: 'Spotlight a participant for everyone',
      description: `${who} \`identity\`: a participant in the room (404 otherwise), shown first and marked in every widget; null ends it. Announced on \`vr.host.state\`.`,
      request: { params: MeetingIdParamsSchema, body: body(SpotlightSchema) },
      responses: { 200: json(HostControlsSchema, 'The state now'), ...errors },
    }),
    async (c) => c.json(await setSpotlight(deps, await caller(c, c.req.valid('param').id), c.req.valid('json').identity), 200),
  );
  app.openapi(
    createRoute({
      method: 'put', path: '/meetings/{id}/controls/permissions', tags, security, summary: 'Allow or deny camera, unmuting, screen share, chat for participants',
      description: `${who} Meeting-wide, for participants (hosts and moderators keep theirs). Applied at once in the room (LiveKit \`canPublishSources\`, \`canPublishData\`: a track of a source no longer allowed is unpublished by LiveKit) and to later joins. Announced on \`vr.host.state\`.`,
      request: { params: MeetingIdParamsSchema, body: body(MeetingPermissionsPatchSchema) },
      responses: { 200: json(HostControlsSchema, 'The state now'), ...errors },
    }),
    async (c) => c.json(await setMeetingPermissions(deps, await caller(c, c.req.valid('param').id), c.req.valid('json')), 200),
  );
  app.openapi(
    createRoute({
      method: 'post', path: '/meetings/{id}/controls/mute-all', tags, security, summary: 'Mute everyone but the presenters',
      description: `${who} Mutes the microphone of everyone in the room but hosts, moderators and whoever shares their screen. They may unmute again (deny \`microphone\` with PUT …/permissions to stop that).`,
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(MuteAllResultSchema, 'Who was muted'), ...errors },
    }),
    async (c) => c.json(await muteAll(deps, await caller(c, c.req.valid('param').id)), 200),
  );

  const base = '/meetings/{id}/controls/participants/{identity}';
  app.openapi(
    createRoute({
      method: 'put', path: `${base}/permissions`, tags, security, summary: "Allow or deny one participant's camera, unmuting, screen share, chat",
      description: `${who} Wins over the meeting-wide setting (null: as the meeting). Applied at once while they are in the room and at their next join. 403 for a host.`,
      request: { params: HostParticipantParamsSchema, body: body(ParticipantPermissionsPatchSchema) },
      responses: { 200: json(ParticipantControlsSchema, "The participant's controls now"), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await setParticipantPermissions(deps, await caller(c, p.id), p.identity, c.req.valid('json')), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put', path: `${base}/role`, tags, security, summary: 'Promote to moderator or demote',
      description: `${who} Takes effect at once: their room session has the new role at its next call, their LiveKit \`role\` attribute and permissions change while they are in the room (no rejoin), and their next join gets it. 403 for a host.`,
      request: { params: HostParticipantParamsSchema, body: body(RoleChangeSchema) },
      responses: { 200: json(ParticipantControlsSchema, "The participant's controls now"), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await setRole(deps, await caller(c, p.id), p.identity, c.req.valid('json').role), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post', path: `${base}/mute`, tags, security, summary: "Mute a participant's microphone, or stop their camera or screen share",
      description: `${who} LiveKit mutes the published track; everyone sees it at once and the participant is told (\`vr.host.muted\`). They may turn it on again unless that source is denied. \`changed: false\`: not in the room, or nothing to mute.`,
      request: { params: HostParticipantParamsSchema, body: body(MuteSchema, false) },
      responses: { 200: json(ActionResultSchema, 'Done'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const source = (c.req.valid('json') as { source?: 'microphone' | 'camera' | 'screen_share' } | undefined)?.source ?? 'microphone';
      return c.json(await muteParticipant(deps, await caller(c, p.id), p.identity, source), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post', path: `${base}/ask-unmute`, tags, security, summary: 'Ask a participant to unmute',
      description: `${who} A server data packet (\`vr.host.ask-unmute\`) to that participant only; their widget asks them and they decide. 404: not in the room; 409 \`microphone_denied\`: their microphone is denied.`,
      request: { params: HostParticipantParamsSchema },
      responses: { 200: json(ActionResultSchema, 'Asked'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await askToUnmute(deps, await caller(c, p.id), p.identity), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post', path: `${base}/remove`, tags, security, summary: 'Remove a participant (optionally ban)',
      description: `${who} Disconnects them (their widget shows they were removed). \`ban: true\`: their ticket/identity is refused from now on (join: 403 \`banned\`; their room session too) until DELETE …/ban. 403 for a host.`,
      request: { params: HostParticipantParamsSchema, body: body(RemoveSchema, false) },
      responses: { 200: json(ActionResultSchema, '`changed`: they were in the room and are out'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const ban = (c.req.valid('json') as { ban?: boolean } | undefined)?.ban ?? false;
      return c.json(await removeParticipant(deps, await caller(c, p.id), p.identity, ban), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete', path: `${base}/ban`, tags, security, summary: 'Lift a ban',
      description: `${who} They may join again.`,
      request: { params: HostParticipantParamsSchema },
      responses: { 200: json(ParticipantControlsSchema, "The participant's controls now"), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await unban(deps, await caller(c, p.id), p.identity), 200);
    },
  );
  return app;
}
