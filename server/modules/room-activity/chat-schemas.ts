/**
 * Chat schemas (room-activity module): messages, history pages, chat settings. The single source for validation,
 * the OpenAPI description and test fixtures.
 */
import { z } from '@hono/zod-openapi';

/** Longest message, in characters (UTF-16 code units, as `String.length`). */
export const MAX_CHAT_TEXT = 2000;
/** Most messages in one history page (and in a late joiner's first page). */
export const MAX_HISTORY = 200;

/** C0 and C1 control characters other than line feed and carriage return. */
const CONTROL = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** A LiveKit participant identity. */
const IdentitySchema = z.string().min(1).max(200).refine((s) => !CONTROL.test(s), 'must not contain control characters');

export const ChatMessageCreateSchema = z
  .object({
    text: z
      .string()
      .max(MAX_CHAT_TEXT)
      .refine((s) => s.trim().length > 0, 'must not be empty')
      .refine((s) => !CONTROL.test(s), 'must not contain control characters (line breaks are fine)')
      .openapi({ description: `The message, 1–${MAX_CHAT_TEXT} characters; line breaks allowed, other control characters not`, example: 'See https://example.edu/slides' }),
    recipientIdentity: IdentitySchema.nullable()
      .optional()
      .openapi({ description: 'A private message to this participant (LiveKit identity); left out or null: everyone in the room' }),
  })
  .openapi('ChatMessageCreate');
export type ChatMessageCreate = z.infer<typeof ChatMessageCreateSchema>;

export const ChatMessageSchema = z
  .object({
    id: z.uuid().openapi({ description: 'Server id; the widget sends it with the LiveKit text stream (attribute `vr.chat.id`)' }),
    meetingId: z.uuid(),
    sender: z.object({ identity: z.string(), name: z.string(), role: z.enum(['host', 'moderator', 'participant']) }),
    recipientIdentity: z.string().nullable().openapi({ description: 'null: public; else the one participant it was sent to' }),
    text: z.string(),
    createdAt: z.string().openapi({ description: 'UTC instant (ISO 8601)' }),
    deletedAt: z.string().nullable().openapi({ description: 'API key only (deleted messages are hidden from participants): when a moderator deleted it' }),
    deletedBy: z.string().nullable().openapi({ description: 'Identity of the moderator who deleted it, or `api-key`' }),
  })
  .openapi('ChatMessage');
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ChatHistoryQuerySchema = z.object({
  before: z.uuid().optional().openapi({ param: { name: 'before', in: 'query' }, description: 'A message id: the page of messages sent before it' }),
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY).default(MAX_HISTORY).openapi({ param: { name: 'limit', in: 'query' }, description: `1–${MAX_HISTORY}` }),
});

export const ChatHistorySchema = z
  .object({
    items: z.array(ChatMessageSchema).openapi({ description: 'Oldest first' }),
    hasMore: z.boolean().openapi({ description: 'Older messages exist: ask again with `before` = the first item\'s id' }),
  })
  .openapi('ChatHistory');

export const ChatSettingsSchema = z
  .object({
    enabled: z.boolean().openapi({ description: "Chat on for the meeting (default: the meeting's `settings.chat`)" }),
    disabledIdentities: z.array(z.string()).openapi({ description: 'Participants whose chat a moderator turned off' }),
    canSend: z.boolean().openapi({ description: 'Whether the caller may post now (false for an API key, which reads only)' }),
  })
  .openapi('ChatSettings');
export type ChatSettings = z.infer<typeof ChatSettingsSchema>;

export const ChatEnabledSchema = z.object({ enabled: z.boolean() }).strict().openapi('ChatEnabled');

export const ChatParticipantParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  identity: IdentitySchema.openapi({ param: { name: 'identity', in: 'path' } }),
});
export const ChatMessageParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  messageId: z.uuid().openapi({ param: { name: 'messageId', in: 'path' } }),
});
