/**
 * Meeting schemas: the single source for validation, the OpenAPI description and test fixtures.
 */
import { z } from '@hono/zod-openapi';
import { freeText, InstantSchema, orNull, singleLine, TimeZoneSchema } from '../../shared/schemas.js';
import { RecurrenceSchema } from '../scheduling/schemas.js';

export const MEETING_TYPES = ['coffee_chat', 'group_meeting', 'class', 'mentorship', 'alumni_gathering'] as const;
export const MEETING_STATUSES = ['scheduled', 'live', 'ended', 'cancelled'] as const;
export const ROLES = ['host', 'moderator', 'participant', 'viewer'] as const;

export const MeetingTypeSchema = z.enum(MEETING_TYPES).openapi('MeetingType');
export const MeetingStatusSchema = z.enum(MEETING_STATUSES).openapi('MeetingStatus');
export const RoleSchema = z.enum(ROLES).openapi('Role', {
  description: 'host/moderator: room admin; participant: publish + subscribe; viewer: subscribe only',
});

export const MeetingSettingsSchema = z
  .object({
    chat: z.boolean().default(true),
    screenShare: z.boolean().default(true),
    recordingAllowed: z.boolean().default(false),
    waitingRoom: z.boolean().default(false),
  })
  .openapi('MeetingSettings');
export type MeetingSettings = z.infer<typeof MeetingSettingsSchema>;

/** Parsed settings per stored settings object (meeting rows come from the meeting cache: parse each once). */
const parsedSettings = new WeakMap<object, MeetingSettings>();
/** A meeting row's settings (`settings` as stored, jsonb), parsed with their defaults; parsed once per stored object. */
export function settingsOf(m: { settings: unknown }): MeetingSettings {
  const raw = m.settings;
  if (typeof raw !== 'object' || raw === null) return MeetingSettingsSchema.parse(raw);
  let s = parsedSettings.get(raw);
  if (!s) parsedSettings.set(raw, (s = MeetingSettingsSchema.parse(raw)));
  return s;
}

const HostSchema = z
  .object({ userId: singleLine().min(1).max(200), name: singleLine().min(1).max(200) })
  .openapi('Host', { description: "The host, in the integrator's own user ids" });

const meetingFields = {
  title: singleLine().trim().min(1).max(200).openapi({ example: 'Physics 101 — week 3' }),
  description: freeText().max(5000).default(''),
  type: MeetingTypeSchema.default('group_meeting'),
  host: HostSchema.optional(),
  scheduledStartAt: InstantSchema.optional(),
  scheduledEndAt: InstantSchema.optional(),
  timezone: TimeZoneSchema.default('UTC').openapi({ description: "The organiser's IANA time zone" }),
  maxParticipants: z.number().int().min(1).max(1000).optional(),
  settings: MeetingSettingsSchema.partial().optional(),
  password: singleLine().min(4).max(128).optional().openapi({ description: 'Required with the public join code' }),
  publicJoin: z.boolean().default(false).openapi({ description: 'Create a public join code for this meeting' }),
  durationMinutes: z.number().int().min(1).max(24 * 60).optional().openapi({ description: 'Sets scheduledEndAt = scheduledStartAt + duration' }),
  recurrence: RecurrenceSchema.optional().openapi({ description: 'Weekly classes etc.; needs scheduledStartAt' }),
};

function endAfterStart(
  v: { scheduledStartAt?: string | null; scheduledEndAt?: string | null },
  ctx: z.RefinementCtx,
) {
  if (v.scheduledStartAt && v.scheduledEndAt && Date.parse(v.scheduledEndAt) <= Date.parse(v.scheduledStartAt)) {
    ctx.addIssue({ code: 'custom', path: ['scheduledEndAt'], message: 'must be after scheduledStartAt' });
  }
}

export const MeetingCreateSchema = z.object(meetingFields).superRefine(endAfterStart).openapi('MeetingCreate');
export type MeetingCreate = z.infer<typeof MeetingCreateSchema>;

export const MeetingUpdateSchema = z
  .object({
    title: meetingFields.title.optional(),
    description: freeText().max(5000).optional(),
    type: MeetingTypeSchema.optional(),
    host: orNull(HostSchema).optional(),
    scheduledStartAt: InstantSchema.nullable().optional(),
    scheduledEndAt: InstantSchema.nullable().optional(),
    timezone: TimeZoneSchema.optional(),
    maxParticipants: z.number().int().min(1).max(1000).nullable().optional(),
    settings: MeetingSettingsSchema.partial().optional(),
    password: singleLine().min(4).max(128).nullable().optional().openapi({ description: 'null removes the password' }),
    publicJoin: z.boolean().optional(),
    durationMinutes: meetingFields.durationMinutes,
    recurrence: orNull(RecurrenceSchema).optional().openapi({ description: 'null makes it a single meeting' }),
  })
  .superRefine(endAfterStart)
  .openapi('MeetingUpdate');
export type MeetingUpdate = z.infer<typeof MeetingUpdateSchema>;

export const MeetingSchema = z
  .object({
    id: z.uuid(),
    roomName: z.string().openapi({ description: 'LiveKit room of the current session: `{org}-{type}-{id}` for the first, `…-s{number}` for later ones (GET /meetings/{id}/sessions)' }),
    title: z.string(),
    description: z.string(),
    type: MeetingTypeSchema,
    host: orNull(HostSchema),
    scheduledStartAt: z.string().nullable().openapi({ description: 'UTC instant' }),
    scheduledEndAt: z.string().nullable().openapi({ description: 'UTC instant' }),
    timezone: z.string(),
    durationMinutes: z.number().int().nullable(),
    recurrence: z.object({ rrule: z.string(), exdates: z.array(z.string()) }).nullable().openapi({ description: 'RRULE and EXDATEs (UTC instants)' }),
    maxParticipants: z.number().int().nullable(),
    status: MeetingStatusSchema,
    settings: MeetingSettingsSchema,
    hasPassword: z.boolean(),
    joinCode: z.string().nullable().openapi({ description: 'Public join code, when publicJoin is on' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    startedAt: z.string().nullable().openapi({ description: 'UTC instant the current session\'s room went live' }),
    endedAt: z.string().nullable().openapi({ description: 'UTC instant the current session was ended; null while it is open' }),
    cancelledAt: z.string().nullable(),
  })
  .openapi('Meeting');
export type Meeting = z.infer<typeof MeetingSchema>;

export const MeetingListQuerySchema = z.object({
  status: MeetingStatusSchema.optional(),
  from: InstantSchema.optional().openapi({ description: 'Only meetings starting at or after this instant' }),
  to: InstantSchema.optional().openapi({ description: 'Only meetings starting before this instant' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const MeetingListSchema = z.object({ items: z.array(MeetingSchema), limit: z.number(), offset: z.number() }).openapi('MeetingList');

export const MeetingIdParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '2f9c2a4e-5a7b-4b8e-9d1f-0c3e7a1b2c3d' }),
});

export const MeetingSessionSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int().min(1).openapi({ description: '1, 2, 3 … in the order the sessions were opened' }),
    roomName: z.string().openapi({ description: 'The LiveKit room of this session' }),
    openedAt: z.string().openapi({ description: 'UTC instant the session was opened (the meeting created, or reopened by an LTI launch)' }),
    startedAt: z.string().nullable().openapi({ description: 'UTC instant its room went live; null: nobody joined' }),
    endedAt: z.string().nullable().openapi({ description: 'UTC instant it was ended; null: the open session' }),
  })
  .openapi('MeetingSession', {
    description:
      'One session of a meeting. Ending a meeting for all ends its current session; the next LTI launch of its resource link opens a new session of the same meeting, with its own room and attendance.',
  });
export type MeetingSession = z.infer<typeof MeetingSessionSchema>;

export const MeetingSessionListSchema = z.object({ items: z.array(MeetingSessionSchema) }).openapi('MeetingSessionList');

/** `?session=`: which session of the meeting a report is about (attendance, analytics; GET /meetings/{id}/sessions). */
export const MeetingSessionQuerySchema = z.object({
  session: z.uuid().optional().openapi({
    param: { name: 'session', in: 'query' },
    description: 'A session id of this meeting (GET /meetings/{id}/sessions); default: the latest session. Not one of its sessions: 404',
  }),
});
