/**
 * Room activity over HTTP (HTTP only: validate, authorise through session.ts, call the service, answer). Chat:
 *   POST   /api/v1/meetings/{id}/chat/messages                 post (room session: host, moderator, participant)
 *   GET    /api/v1/meetings/{id}/chat/messages?before&limit    history visible to the caller (session or API key)
 *   DELETE /api/v1/meetings/{id}/chat/messages/{messageId}     delete for everyone (host/moderator session, API key)
 *   GET    /api/v1/meetings/{id}/chat/export(.csv)             export JSON / CSV (host/moderator session, API key)
 *   GET    /api/v1/meetings/{id}/chat/settings                 chat on/off and muted participants (session, API key)
 *   PUT    /api/v1/meetings/{id}/chat/settings                 chat on/off for the meeting (host/moderator, API key)
 *   PUT    /api/v1/meetings/{id}/chat/participants/{identity}  chat on/off for one participant (host/moderator, API key)
 * Widgets call these from any origin (CORS open, no credentials; router.ts sets up what every room-activity router
 * shares).
 */
import { z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import {
  ChatEnabledSchema,
  ChatHistoryQuerySchema,
  ChatHistorySchema,
  ChatMessageCreateSchema,
  ChatMessageParamsSchema,
  ChatMessageSchema,
  ChatParticipantParamsSchema,
  ChatSettingsSchema,
} from './chat-schemas.js';
import { chatHistory, chatSettings, deleteMessage, exportChat, exportChatCsv, postMessage, setMeetingChat, setParticipantChat } from './chat-service.js';
import { roomActivityRouter, who } from './router.js';

export function roomActivityRoutes(deps: Deps) {
  const { app, route, roomSession, caller, csvExport } = roomActivityRouter(deps, 'chat', 'Chat');
  const meeting = { params: MeetingIdParamsSchema };
  /** Who may read or run the chat is the service's decision (chat-service.ts): 403 when not allowed. */
  const refusals = [403, 404] as const;

  route('post /meetings/{id}/chat/messages', {
    summary: 'Send a chat message',
    description:
      'Room session only (host, moderator, participant; not a viewer). Stored first; the widget then delivers it over LiveKit (text stream topic `lk.chat`, attribute `vr.chat.id` = the returned id, `destinationIdentities` = [recipientIdentity] for a private message). 403 `chat_disabled` when a moderator turned chat off for the meeting or for the sender: nothing is stored.',
    security: roomSession, ...meeting, body: ChatMessageCreateSchema,
    ok: [201, ChatMessageSchema, 'The stored message'], errors: refusals,
  }, async (c) => postMessage(deps, await caller(c, c.req.valid('param').id), c.req.valid('json')));

  route('get /meetings/{id}/chat/messages', {
    summary: 'Chat history',
    description: `${who} A participant gets public messages and the private ones they sent or received (deleted ones never); the API key gets every message, deleted ones with \`deletedAt\`. At most \`limit\` (default and maximum 200) messages, oldest first; \`before\` = a message id for the page before it.`,
    ...meeting, query: ChatHistoryQuerySchema, ok: [200, ChatHistorySchema, 'A page of history'], errors: refusals,
  }, async (c) => chatHistory(deps, await caller(c, c.req.valid('param').id), c.req.valid('query')));

  route('delete /meetings/{id}/chat/messages/{messageId}', {
    summary: 'Delete a chat message for everyone',
    description: `${who} Hosts, moderators and the API key only (403 for participants, even for their own message). Idempotent. The server announces it to the room on the LiveKit data topic \`vr.chat.deleted\` (\`{"id"}\`, reliable).`,
    params: ChatMessageParamsSchema, ok: [200, ChatMessageSchema, 'The deleted message'], errors: refusals,
  }, async (c) => {
    const p = c.req.valid('param');
    return deleteMessage(deps, await caller(c, p.id), p.messageId);
  });

  const ExportSchema = z
    .object({ meeting: z.object({ id: z.string(), title: z.string() }), exportedAt: z.string(), items: z.array(ChatMessageSchema) })
    .openapi('ChatExport');
  route('get /meetings/{id}/chat/export', {
    summary: 'Export the chat (JSON)',
    description: `${who} Hosts and moderators get what they see in the room (public messages and their own private ones); the API key every message, deleted ones included. Oldest first.`,
    ...meeting, ok: [200, ExportSchema, 'The chat'], errors: refusals,
  }, async (c) => exportChat(deps, await caller(c, c.req.valid('param').id)));
  csvExport('Export the chat (CSV)',
    `${who} As the JSON export. RFC 4180 (CRLF, header row, quoted fields where needed), UTF-8. Columns: id, created_at, sender_identity, sender_name, sender_role, recipient_identity (empty: public), text, deleted_at, deleted_by. Text starting with = + - @ gets a leading apostrophe (CSV injection).`,
    (caller) => exportChatCsv(deps, caller));

  route('get /meetings/{id}/chat/settings', {
    summary: 'Chat settings',
    description: `${who} Whether chat is on for the meeting, whose chat is off, and whether the caller may post.`,
    ...meeting, ok: [200, ChatSettingsSchema, 'The settings'], errors: refusals,
  }, async (c) => chatSettings(deps, await caller(c, c.req.valid('param').id)));
  route('put /meetings/{id}/chat/settings', {
    summary: 'Turn chat on or off for the meeting',
    description: `${who} Hosts, moderators and the API key. Posting is refused (403 \`chat_disabled\`) while off; announced to the room on \`vr.chat.settings\`.`,
    ...meeting, body: ChatEnabledSchema, ok: [200, ChatSettingsSchema, 'The settings now'], errors: refusals,
  }, async (c) => setMeetingChat(deps, await caller(c, c.req.valid('param').id), c.req.valid('json').enabled));
  route('put /meetings/{id}/chat/participants/{identity}', {
    summary: "Turn one participant's chat on or off",
    description: `${who} Hosts, moderators and the API key. Off: the server refuses their messages (403 \`chat_disabled\`) and, while they are in the room, LiveKit's \`canPublishData\` permission is taken away; on: restored. Announced on \`vr.chat.settings\`.`,
    params: ChatParticipantParamsSchema, body: ChatEnabledSchema, ok: [200, ChatSettingsSchema, 'The settings now'], errors: refusals,
  }, async (c) => {
    const p = c.req.valid('param');
    return setParticipantChat(deps, await caller(c, p.id), p.identity, c.req.valid('json').enabled);
  });
  return app;
}
