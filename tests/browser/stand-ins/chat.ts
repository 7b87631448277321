/**
 * Stand-in for the chat routes a widget in the room reads (`/api/v1/meetings/{id}/chat/…`; the real ones are tested
 * in tests/integration/chat.test.ts and tests/e2e/chat.test.ts): the history (`GET …/messages`: a public message
 * from Ada and a private one from Bob to the local participant `u-1`) and the settings (`GET …/settings`: chat on,
 * Bob's chat turned off). Any bearer; every call is recorded.
 */
import type { z } from 'zod';
import type { ChatHistorySchema, ChatSettingsSchema } from '../../../server/modules/room-activity/chat-schemas.js';
import { recorded, reply, replyError, type Context } from './http.js';

type ChatHistory = z.infer<typeof ChatHistorySchema>;
type ChatSettings = z.infer<typeof ChatSettingsSchema>;

const MEETING = '00000000-0000-4000-8000-000000000001';
const history: ChatHistory = {
  hasMore: false,
  items: [
    {
      id: '00000000-0000-4000-8000-0000000000a1', meetingId: MEETING, sender: { identity: 'ada', name: 'Ada Lovelace', role: 'participant' },
      recipientIdentity: null, text: 'Slides: https://example.edu/slides', createdAt: '2030-01-01T10:00:00Z', deletedAt: null, deletedBy: null,
    },
    {
      id: '00000000-0000-4000-8000-0000000000a2', meetingId: MEETING, sender: { identity: 'bob', name: 'Bob', role: 'participant' },
      recipientIdentity: 'u-1', text: 'Can you hear me?', createdAt: '2030-01-01T10:01:00Z', deletedAt: null, deletedBy: null,
    },
  ],
};

/** Koa middleware: `GET /api/v1/meetings/{id}/chat/messages` and `…/chat/settings`. */
export async function chatStandIn(ctx: Context, next: () => Promise<unknown>): Promise<unknown> {
  const m = /^\/api\/v1\/meetings\/[^/]+\/chat\/(messages|settings)$/.exec(ctx.path);
  if (!m) return next();
  recorded.push({ method: ctx.method, path: ctx.path, authorization: ctx.get('authorization') });
  if (ctx.method !== 'GET') return replyError(ctx, 405, 'method_not_allowed', '');
  if (m[1] === 'messages') return reply<ChatHistory>(ctx, 200, history);
  return reply<ChatSettings>(ctx, 200, { enabled: true, disabledIdentities: ['bob'], canSend: true });
}
