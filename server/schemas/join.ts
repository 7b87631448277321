import { z } from '@hono/zod-openapi';
import { MeetingSettingsSchema, RoleSchema } from './meetings.js';

export const JoinTicketCreateSchema = z
  .object({
    user: z.object({
      id: z.string().min(1).max(200).openapi({ description: "The integrator's user id; becomes the LiveKit identity" }),
      name: z.string().trim().min(1).max(100).openapi({ description: 'Display name' }),
    }),
    role: RoleSchema.default('participant'),
    ttlSeconds: z.number().int().min(10).max(3600).default(300).openapi({ description: 'Ticket lifetime in seconds' }),
  })
  .openapi('JoinTicketCreate');

export const JoinTicketSchema = z
  .object({
    ticket: z.string().openapi({ description: 'Opaque signed ticket; give it to the <video-room ticket> attribute' }),
    expiresAt: z.string().openapi({ description: 'UTC instant' }),
  })
  .openapi('JoinTicket');

export const JoinRequestSchema = z
  .object({
    ticket: z.string().min(1).max(4096).optional(),
    code: z.string().trim().min(1).max(64).optional(),
    password: z.string().max(128).optional(),
    name: z.string().trim().min(1).max(100).optional().openapi({ description: 'Display name (code joins)' }),
  })
  .superRefine((v, ctx) => {
    if (!v.ticket && !v.code) ctx.addIssue({ code: 'custom', path: ['ticket'], message: 'give a ticket or a code' });
    if (v.code && !v.ticket && !v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'a display name is required with a code' });
  })
  .openapi('JoinRequest');
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

export const JoinResponseSchema = z
  .object({
    serverUrl: z.string().openapi({ description: 'LiveKit WebSocket URL' }),
    participantToken: z.string().openapi({ description: 'LiveKit access token (JWT) for this room only' }),
    expiresAt: z.string().openapi({ description: 'UTC instant after which the token can no longer start a connection' }),
    identity: z.string(),
    name: z.string(),
    role: RoleSchema,
    meeting: z.object({ id: z.string(), title: z.string(), settings: MeetingSettingsSchema }),
  })
  .openapi('JoinResponse');
export type JoinResponse = z.infer<typeof JoinResponseSchema>;
