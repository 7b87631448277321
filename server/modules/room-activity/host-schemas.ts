/**
 * Host-control schemas (room-activity module, issue 12): the room's state (lock, spotlight, permissions), the
 * per-participant controls, and the bodies of the actions. The single source for validation, the OpenAPI document
 * and test fixtures.
 */
import { z } from '@hono/zod-openapi';
import { ChatParticipantParamsSchema } from './chat-schemas.js';

/** Path of the per-participant actions: the meeting id and the participant's LiveKit identity. */
export const HostParticipantParamsSchema = ChatParticipantParamsSchema;

const allow = (what: string) =>
  z.boolean().nullable().optional().openapi({ description: `${what}: true allow, false deny, null back to the default; left out: unchanged` });

export const PermissionsSchema = z
  .object({
    camera: z.boolean(),
    microphone: z.boolean().openapi({ description: 'May publish (unmute) the microphone' }),
    screenShare: z.boolean(),
    chat: z.boolean().openapi({ description: 'May send chat messages and LiveKit data (`canPublishData`)' }),
  })
  .openapi('Permissions', { description: 'What may be published; LiveKit `canPublishSources` and `canPublishData` follow it' });
export type Permissions = z.infer<typeof PermissionsSchema>;

/**
 * A permissions patch (PATCH body): camera, microphone and screen share allowed, denied or back to the default, and
 * chat on or off; left-out fields stay as they are.
 * @param name the OpenAPI component name; `description` its text; `fields` each field's text.
 */
const permissionsPatch = (name: string, description: string, fields: { camera: string; microphone: string; screenShare: string; chat: string }) =>
  z
    .object({
      camera: allow(fields.camera),
      microphone: allow(fields.microphone),
      screenShare: allow(fields.screenShare),
      chat: z.boolean().optional().openapi({ description: fields.chat }),
    })
    .strict()
    .openapi(name, { description });

export const MeetingPermissionsPatchSchema = permissionsPatch(
  'MeetingPermissionsPatch',
  'Meeting-wide: restricts participants (not hosts and moderators). Left-out fields stay as they are.',
  {
    camera: 'Participants may turn their camera on',
    microphone: 'Participants may unmute',
    screenShare: "Participants may share their screen (default: the meeting's settings.screenShare)",
    chat: 'Chat on or off for the meeting (as PUT …/chat/settings); left out: unchanged',
  },
);
export type MeetingPermissionsPatch = z.infer<typeof MeetingPermissionsPatchSchema>;

export const ParticipantPermissionsPatchSchema = permissionsPatch(
  'ParticipantPermissionsPatch',
  'One participant: wins over the meeting-wide setting. Left-out fields stay as they are.',
  {
    camera: 'This participant may turn their camera on (null: as the meeting)',
    microphone: 'This participant may unmute (null: as the meeting)',
    screenShare: 'This participant may share their screen (null: as the meeting)',
    chat: "This participant's chat on or off (as PUT …/chat/participants/{identity})",
  },
);
export type ParticipantPermissionsPatch = z.infer<typeof ParticipantPermissionsPatchSchema>;

export const ParticipantControlsSchema = z
  .object({
    identity: z.string(),
    role: z.enum(['moderator', 'participant', 'viewer']).nullable().openapi({ description: "A moderator's promotion/demotion; null: the role of their ticket" }),
    banned: z.boolean().openapi({ description: 'Removed and banned: their ticket/identity is refused' }),
    permissions: z.object({
      camera: z.boolean().nullable(),
      microphone: z.boolean().nullable(),
      screenShare: z.boolean().nullable(),
      chat: z.boolean().openapi({ description: 'false: a moderator turned their chat off' }),
    }).openapi({ description: 'Per-participant settings; null: as the meeting' }),
  })
  .openapi('ParticipantControls');
export type ParticipantControls = z.infer<typeof ParticipantControlsSchema>;

export const HostControlsSchema = z
  .object({
    locked: z.boolean().openapi({ description: 'Nobody new joins (tickets, codes, waiting room) but hosts and moderators' }),
    spotlightIdentity: z.string().nullable().openapi({ description: 'The participant pinned first for everyone; null: none' }),
    permissions: PermissionsSchema.openapi({ description: 'What participants may publish, meeting-wide' }),
    you: z
      .object({ identity: z.string(), role: z.enum(['host', 'moderator', 'participant', 'viewer']), permissions: PermissionsSchema })
      .nullable()
      .openapi({ description: 'Room session: your role now and what you may publish; null for an API key' }),
    participants: z.array(ParticipantControlsSchema).openapi({ description: 'Hosts, moderators and the API key: everyone moderators acted on (others: empty)' }),
  })
  .openapi('HostControls');
export type HostControls = z.infer<typeof HostControlsSchema>;

export const LockSchema = z.object({ locked: z.boolean() }).strict().openapi('Lock');
export const SpotlightSchema = z
  .object({ identity: ChatParticipantParamsSchema.shape.identity.nullable().openapi({ description: 'A participant in the room; null: end the spotlight' }) })
  .strict()
  .openapi('Spotlight');
export const RoleChangeSchema = z
  .object({ role: z.enum(['moderator', 'participant', 'viewer']).openapi({ description: 'moderator: promote; participant or viewer: demote' }) })
  .strict()
  .openapi('RoleChange');
export const MuteSchema = z
  .object({ source: z.enum(['microphone', 'camera', 'screen_share']).default('microphone').openapi({ description: 'Which track: microphone (mute), camera or screen_share (stop)' }) })
  .strict()
  .openapi('Mute');
export const RemoveSchema = z
  .object({ ban: z.boolean().default(false).openapi({ description: 'Also refuse their ticket/identity from now on (until unbanned)' }) })
  .strict()
  .openapi('Remove');

export const ActionResultSchema = z
  .object({
    identity: z.string(),
    changed: z.boolean().openapi({ description: 'false: nothing to do (not in the room, no such track, already so)' }),
  })
  .openapi('HostActionResult');
export const MuteAllResultSchema = z.object({ muted: z.array(z.string()).openapi({ description: 'Identities whose microphone was muted' }) }).openapi('MuteAllResult');
