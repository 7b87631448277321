/**
 * Coffee-chat schemas: profiles, requests, suggestions and matching rounds. The single source for validation,
 * the OpenAPI description and test fixtures. Instants are ISO 8601 and come back in UTC; weekly availability
 * is local time in the profile's IANA zone.
 */
import { z } from '@hono/zod-openapi';
import { DateSchema, freeText, InstantSchema, orNull, singleLine, TimeZoneSchema } from '../../shared/schemas.js';
import { MeetingSchema } from '../meetings/schemas.js';

export const COFFEE_ROLES = ['alumnus', 'student', 'staff'] as const;
export const REQUEST_KINDS = ['direct_request', 'open_invitation', 'matched'] as const;
export const REQUEST_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'completed', 'no_show'] as const;

export const CoffeeRoleSchema = z.enum(COFFEE_ROLES).openapi('CoffeeRole');
export const RequestStatusSchema = z.enum(REQUEST_STATUSES).openapi('CoffeeRequestStatus');

const UserIdSchema = singleLine().min(1).max(200).openapi({ description: "The integrator's user id" });
const hhmm = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const WeeklyWindowSchema = z
  .object({
    weekday: z.number().int().min(1).max(7).openapi({ description: 'ISO weekday, 1 = Monday … 7 = Sunday (local)' }),
    start: z.string().regex(hhmm, 'HH:MM').openapi({ example: '09:00', description: 'Local time, inclusive' }),
    end: z.string().regex(hhmm, 'HH:MM').openapi({ example: '12:00', description: 'Local time, exclusive; 24:00 = midnight' }),
  })
  .refine((w) => w.end > w.start, { message: 'end must be after start', path: ['end'] })
  .openapi('WeeklyWindow');

const tag = singleLine().trim().min(1).max(60).transform((s) => s.toLowerCase());

export const ProfileInputSchema = z
  .object({
    displayName: singleLine().trim().min(1).max(100),
    email: z.email().max(254).nullable().default(null).openapi({ description: 'Where booking invitations (.ics) are sent; never shown to others' }),
    headline: singleLine().max(200).default(''),
    industry: singleLine().trim().max(100).nullable().default(null),
    location: singleLine().trim().max(200).nullable().default(null),
    interests: z.array(tag).max(20).default([]).openapi({ description: 'Tags, compared case-insensitively' }),
    role: CoffeeRoleSchema,
    languages: z.array(z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP 47 tag such as en or pt-BR')).max(10).default([]),
    timezone: TimeZoneSchema,
    availability: z.array(WeeklyWindowSchema).max(28).default([]).openapi({ description: 'Weekly windows in `timezone`' }),
    matchingOptIn: z.boolean().default(false).openapi({ description: 'Join every matching round' }),
    paused: z.boolean().default(false).openapi({ description: 'No rounds, suggestions or requests while paused' }),
    skipNextRound: z.boolean().default(false),
    blocked: z.array(UserIdSchema).max(500).default([]).openapi({ description: 'User ids never to be matched or suggested (either way)' }),
  })
  .openapi('CoffeeProfileInput');
export type ProfileInput = z.infer<typeof ProfileInputSchema>;

export const ProfileSchema = ProfileInputSchema.extend({
  userId: z.string(),
  pausedReason: z.enum(['self', 'unanswered_intros']).nullable(),
  unansweredIntros: z.number().int(),
  matchPriority: z.boolean().openapi({ description: 'Left out of the last round; matched first in the next' }),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('CoffeeProfile');
export type Profile = z.infer<typeof ProfileSchema>;

export const UserParamsSchema = z.object({ userId: UserIdSchema.openapi({ param: { name: 'userId', in: 'path' } }) });
export const IdParamsSchema = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export const CriteriaSchema = z
  .object({
    role: CoffeeRoleSchema.optional(),
    industry: singleLine().trim().max(100).optional(),
    interests: z.array(tag).max(10).optional().openapi({ description: 'At least one of these' }),
  })
  .openapi('CoffeeCriteria');

export const RequestCreateSchema = z
  .object({
    kind: z.enum(['direct_request', 'open_invitation']),
    fromUserId: UserIdSchema,
    toUserId: UserIdSchema.optional().openapi({ description: 'Required for a direct request' }),
    criteria: CriteriaSchema.optional().openapi({ description: 'Open invitation: who may accept' }),
    message: freeText().max(1000).default(''),
    slots: z.array(InstantSchema).min(1).max(3).openapi({ description: 'Proposed start instants (UTC), in the future' }),
    durationMinutes: z.number().int().min(15).max(120).default(30),
    expiresInHours: z.number().int().min(1).max(720).default(72).openapi({ description: 'Pending requests expire after this many hours' }),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'direct_request' && !v.toUserId) ctx.addIssue({ code: 'custom', path: ['toUserId'], message: 'required for a direct request' });
    if (v.toUserId && v.toUserId === v.fromUserId) ctx.addIssue({ code: 'custom', path: ['toUserId'], message: 'cannot invite yourself' });
    if (new Set(v.slots.map((s) => Date.parse(s))).size !== v.slots.length) ctx.addIssue({ code: 'custom', path: ['slots'], message: 'slots must differ' });
  })
  .openapi('CoffeeRequestCreate');
export type RequestCreate = z.infer<typeof RequestCreateSchema>;

export const RequestSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(REQUEST_KINDS),
    fromUserId: z.string(),
    toUserId: z.string().nullable(),
    otherUserIds: z.array(z.string()).openapi({ description: "A trio's third member" }),
    roundId: z.string().nullable(),
    criteria: orNull(CriteriaSchema),
    message: z.string(),
    slots: z.array(z.string()).openapi({ description: 'Proposed start instants (UTC)' }),
    durationMinutes: z.number().int(),
    status: RequestStatusSchema,
    expiresAt: z.string(),
    acceptedBy: z.string().nullable(),
    acceptedSlot: z.string().nullable(),
    meetingId: z.string().nullable(),
    meeting: orNull(MeetingSchema).optional(),
    declinedBy: z.string().nullable(),
    feedback: z.record(z.string(), z.boolean()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CoffeeRequest');
export type CoffeeRequest = z.infer<typeof RequestSchema>;

export const RequestListQuerySchema = z.object({
  userId: UserIdSchema.openapi({ description: 'Requests this person sent, received or was matched in' }),
  status: RequestStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const RequestListSchema = z.object({ items: z.array(RequestSchema) }).openapi('CoffeeRequestList');

export const AcceptSchema = z
  .object({ userId: UserIdSchema, slot: InstantSchema.openapi({ description: 'One of the proposed slots' }) })
  .openapi('CoffeeAccept');
export const ActorSchema = z.object({ userId: UserIdSchema }).openapi('CoffeeActor');
export const FeedbackSchema = z.object({ userId: UserIdSchema, met: z.boolean().openapi({ description: 'Did you meet?' }) }).openapi('CoffeeFeedback');
export const ChatTicketCreateSchema = z
  .object({ userId: UserIdSchema, ttlSeconds: z.number().int().min(10).max(3600).default(300) })
  .openapi('CoffeeChatTicketCreate');

export const SuggestionQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });
export const SuggestionListSchema = z
  .object({
    items: z.array(
      z.object({
        userId: z.string(),
        displayName: z.string(),
        headline: z.string(),
        role: CoffeeRoleSchema,
        industry: z.string().nullable(),
        score: z.number().int(),
        sharedInterests: z.array(z.string()),
        commonHalfHours: z.number().int().openapi({ description: 'Half hours both are free in the coming week (UTC)' }),
      }),
    ),
  })
  .openapi('CoffeeSuggestions');

export const RoundCreateSchema = z
  .object({
    weekStart: DateSchema.openapi({ example: '2026-12-07', description: 'A Monday; chats happen in that ISO week (UTC)' }),
    optInClosesAt: InstantSchema,
    durationMinutes: z.number().int().min(15).max(120).default(30),
    repeatWindow: z.number().int().min(0).max(52).default(6).openapi({ description: 'K: no pair that met in the last K rounds' }),
    oddPolicy: z.enum(['priority', 'trio']).default('priority'),
    introExpiresInHours: z.number().int().min(1).max(720).default(72),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  })
  .refine((v) => new Date(`${v.weekStart}T00:00:00Z`).getUTCDay() === 1, { message: 'must be a Monday', path: ['weekStart'] })
  .openapi('CoffeeRoundCreate');
export type RoundCreate = z.infer<typeof RoundCreateSchema>;

export const RoundSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['open', 'matched']),
    weekStart: z.string(),
    optInClosesAt: z.string(),
    durationMinutes: z.number().int(),
    repeatWindow: z.number().int(),
    oddPolicy: z.enum(['priority', 'trio']),
    introExpiresInHours: z.number().int(),
    participants: z.number().int().openapi({ description: 'Explicit opt-ins so far' }),
    stats: z
      .object({ participants: z.number(), groups: z.number(), unmatched: z.array(z.string()), solver: z.string(), totalScore: z.number(), ms: z.number() })
      .nullable(),
    groups: z.array(z.object({ members: z.array(z.string()), score: z.number(), requestId: z.string().nullable() })).optional(),
    createdAt: z.string(),
    matchedAt: z.string().nullable(),
  })
  .openapi('CoffeeRound');
export type Round = z.infer<typeof RoundSchema>;
