/**
 * Join schemas (join module): join tickets, the join exchange and its answer, the waiting room. The single source
 * for validation, the OpenAPI description and test fixtures.
 */
import { z } from '@hono/zod-openapi';
import { signedTicketSchema, singleLine } from '../../shared/schemas.js';
import { MeetingSettingsSchema, RoleSchema } from '../meetings/schemas.js';

export const JoinTicketCreateSchema = z
  .object({
    user: z.object({
      id: singleLine().min(1).max(200).openapi({ description: "The integrator's user id; becomes the LiveKit identity" }),
      name: singleLine().trim().min(1).max(100).openapi({ description: 'Display name' }),
    }),
    role: RoleSchema.default('participant'),
    ttlSeconds: z.number().int().min(10).max(3600).default(300).openapi({ description: 'Ticket lifetime in seconds' }),
  })
  .openapi('JoinTicketCreate');

export const JoinTicketSchema = signedTicketSchema('JoinTicket', 'Opaque signed ticket; give it to the <video-room ticket> attribute');

export const JoinRequestSchema = z
  .object({
    ticket: singleLine().min(1).max(4096).optional(),
    code: singleLine().trim().min(1).max(64).optional(),
    password: singleLine().max(128).optional(),
    name: singleLine().trim().min(1).max(100).optional().openapi({ description: 'Display name (code joins)' }),
    waitToken: singleLine().min(1).max(4096).optional().openapi({ description: 'From a 202 answer: poll with it until admitted' }),
  })
  .superRefine((v, ctx) => {
    if (!v.ticket && !v.code && !v.waitToken) ctx.addIssue({ code: 'custom', path: ['ticket'], message: 'give a ticket or a code' });
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
    sessionToken: z.string().openapi({
      description: "Every role: Bearer token of this participant's room session for room activity (chat: `/api/v1/meetings/{id}/chat/…`), 12 h. Names the identity, meeting, role and name the server granted.",
    }),
    moderationToken: z.string().optional().openapi({ description: 'Hosts and moderators only: Bearer token for the waiting-room endpoints (12 h)' }),
  })
  .openapi('JoinResponse');
export type JoinResponse = z.infer<typeof JoinResponseSchema>;

export const WaitingSchema = z
  .object({
    status: z.literal('waiting'),
    waitToken: z.string().openapi({ description: 'POST /join {waitToken} every few seconds until admitted' }),
    expiresAt: z.string().openapi({ description: 'UTC instant after which waiting ends' }),
  })
  .openapi('Waiting');
export type Waiting = z.infer<typeof WaitingSchema>;

export const WaitingListSchema = z
  .object({ items: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string() })) })
  .openapi('WaitingList');
export const WaitingDecisionSchema = z.object({ id: z.string(), status: z.enum(['pending', 'admitted', 'denied']) }).openapi('WaitingDecision');
