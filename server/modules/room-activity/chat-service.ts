/**
 * In-room chat, with the server as the source of truth (issue 11). A participant posts here first (their room
 * session says who they are and with which role); only a message the server stored is then sent over LiveKit by the
 * widget (text stream, topic `lk.chat`, the server's id in the stream attributes). The server refuses to store when
 * chat is off for the meeting or for the sender, and turning a participant's chat off also takes away their LiveKit
 * `canPublishData` permission while they are in the room. Deletions are announced by the server to the room.
 *
 * Visibility: a participant sees public messages and the private ones they sent or received, never deleted ones;
 * the integrator (API key) sees everything, deleted messages too (with `deletedAt`/`deletedBy`).
 * Deleting: hosts and moderators (room session) and the API key; a participant can delete no message, not even
 * their own.
 */
import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { inertCsvText } from '../../shared/csv.js';
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { MeetingSettingsSchema } from '../meetings/schemas.js';
import type { MeetingRow } from '../meetings/store.js';
import type { ChatMessage, ChatMessageCreate, ChatSettings } from './chat-schemas.js';
import { MAX_HISTORY } from './chat-schemas.js';
import * as store from './chat-store.js';
import type { ChatMessageRow } from './chat-store.js';
import { actorOf, isModerator, requireModerator, type RoomCaller } from './session.js';
import { applyRights, sendToRoom } from './host-access.js';

/** LiveKit data topic on which the server announces a deleted message: `{"id": "<message id>"}` (reliable). */
export const CHAT_DELETED_TOPIC = 'vr.chat.deleted';
/** LiveKit data topic on which the server announces chat settings: the `ChatSettings` body without `canSend`. */
export const CHAT_SETTINGS_TOPIC = 'vr.chat.settings';

const toMessage = (r: ChatMessageRow): ChatMessage => ({
  id: r.id,
  meetingId: r.meetingId,
  sender: { identity: r.senderIdentity, name: r.senderName, role: r.senderRole },
  recipientIdentity: r.recipientIdentity,
  text: r.text,
  createdAt: r.createdAt.toISOString(),
  deletedAt: r.deletedAt?.toISOString() ?? null,
  deletedBy: r.deletedBy,
});

const viewerOf = (c: RoomCaller) => (c.kind === 'apiKey' ? ({ all: true } as const) : { identity: c.identity });

/** Whether chat is on for the whole meeting: the moderator's switch, else the meeting's `settings.chat`. */
async function meetingChatEnabled(deps: Deps, m: MeetingRow): Promise<boolean> {
  const set = await store.findChatEnabled(deps.sql, m.id);
  return set ?? MeetingSettingsSchema.parse(m.settings).chat;
}

/**
 * Store a message from a participant (POST /meetings/{id}/chat/messages).
 * @returns the stored message (its `id` goes with the LiveKit text stream)
 * @throws AppError 403 `chat_disabled` (chat off for the meeting or for this participant: nothing is stored);
 *   403 `forbidden` (a viewer, or an API key: only people in the room post); 400 `validation_error` on
 *   `recipientIdentity` (oneself)
 */
export async function postMessage(deps: Deps, caller: RoomCaller, input: ChatMessageCreate): Promise<ChatMessage> {
  if (caller.kind !== 'session' || caller.role === 'viewer') throw new AppError(403, 'forbidden', 'Only participants in the room can send chat messages');
  const recipient = input.recipientIdentity ?? null;
  if (recipient === caller.identity) throw new AppError(400, 'validation_error', 'recipientIdentity: cannot send a private message to yourself', 'recipientIdentity');
  const m = caller.meeting;
  const row = await deps.sql.begin(async (tx) => {
    // Serialise with a moderator's switch on this meeting (chat_settings row or meeting row), then check and insert.
    await tx`SELECT pg_advisory_xact_lock_shared(hashtext(${`chat:${m.id}`}))`;
    const enabled = (await store.findChatEnabled(tx, m.id)) ?? MeetingSettingsSchema.parse(m.settings).chat;
    if (!enabled) throw new AppError(403, 'chat_disabled', 'A moderator turned chat off for this meeting');
    if (await store.isIdentityDisabled(tx, m.id, caller.identity)) throw new AppError(403, 'chat_disabled', 'A moderator turned your chat off');
    return store.insertMessage(tx, {
      id: randomUUID(),
      meetingId: m.id,
      senderIdentity: caller.identity,
      senderName: caller.name,
      senderRole: caller.role as ChatMessageRow['senderRole'],
      recipientIdentity: recipient,
      text: input.text,
    });
  });
  return toMessage(row);
}

/**
 * A page of the history visible to the caller (GET /meetings/{id}/chat/messages): at most `limit` (≤ 200) messages
 * before `before` (a message id; default: the newest), oldest first.
 * @throws AppError 404 when `before` is not a message of this meeting
 */
export async function chatHistory(deps: Deps, caller: RoomCaller, q: { before?: string; limit: number }) {
  if (q.before && !(await store.findMessage(deps.sql, caller.meeting.id, q.before))) throw new AppError(404, 'not_found', 'before: no such message in this meeting', 'before');
  const limit = Math.min(q.limit, MAX_HISTORY);
  const rows = await store.listMessages(deps.sql, caller.meeting.id, viewerOf(caller), { before: q.before, limit: limit + 1 });
  return { items: rows.slice(0, limit).reverse().map(toMessage), hasMore: rows.length > limit };
}

/**
 * Delete a message for everyone (DELETE /meetings/{id}/chat/messages/{messageId}): hosts, moderators and the API
 * key only. Idempotent. The server announces it on the LiveKit data topic `vr.chat.deleted` so every widget
 * removes it.
 * @throws AppError 403 `forbidden` (a participant or viewer, even for their own message); 404 unknown message
 */
export async function deleteMessage(deps: Deps, caller: RoomCaller, messageId: string): Promise<ChatMessage> {
  requireModerator(caller);
  const row = await store.deleteMessage(deps.sql, caller.meeting.id, messageId, actorOf(caller));
  if (!row) throw notFound('message');
  await sendToRoom(deps, caller.meeting, CHAT_DELETED_TOPIC, { id: row.id });
  return toMessage(row);
}

/** Chat settings of the meeting and whether the caller may post (GET /meetings/{id}/chat/settings). */
export async function chatSettings(deps: Deps, caller: RoomCaller): Promise<ChatSettings> {
  const m = caller.meeting;
  const [enabled, disabledIdentities] = await Promise.all([meetingChatEnabled(deps, m), store.listDisabledIdentities(deps.sql, m.id)]);
  const canSend = caller.kind === 'session' && caller.role !== 'viewer' && enabled && !disabledIdentities.includes(caller.identity);
  return { enabled, disabledIdentities, canSend };
}

/** Read the chat settings once after a change: announce the meeting's part on `vr.chat.settings`, answer the caller's. */
async function announceSettings(deps: Deps, caller: RoomCaller): Promise<ChatSettings> {
  const s = await chatSettings(deps, caller);
  await sendToRoom(deps, caller.meeting, CHAT_SETTINGS_TOPIC, { enabled: s.enabled, disabledIdentities: s.disabledIdentities });
  return s;
}

/**
 * Turn chat on or off for the whole meeting (PUT /meetings/{id}/chat/settings): hosts, moderators, API key.
 * Participants in the room lose (or get back) LiveKit's `canPublishData` with it (host controls' permission model,
 * host-access.ts; hosts and moderators keep theirs), and later joins get the same. Announced on `vr.chat.settings`.
 * @throws AppError 403 `forbidden`
 */
export async function setMeetingChat(deps: Deps, caller: RoomCaller, enabled: boolean): Promise<ChatSettings> {
  requireModerator(caller);
  await deps.sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`chat:${caller.meeting.id}`}))`;
    await store.setChatEnabled(tx, caller.meeting.id, enabled, actorOf(caller));
  });
  await applyRights(deps, caller.meeting);
  return announceSettings(deps, caller);
}

/**
 * Turn one participant's chat on or off (PUT /meetings/{id}/chat/participants/{identity}): hosts, moderators, API
 * key. While they are in the room, LiveKit's `canPublishData` permission follows (off: they can no longer send
 * data or text streams; on again: restored unless their role or another control says otherwise), and a rejoin
 * keeps it off (the join token follows host-access.ts). Announced on `vr.chat.settings`.
 * @throws AppError 403 `forbidden`
 */
export async function setParticipantChat(deps: Deps, caller: RoomCaller, identity: string, enabled: boolean): Promise<ChatSettings> {
  requireModerator(caller);
  const m = caller.meeting;
  await deps.sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`chat:${m.id}`}))`;
    await store.setIdentityDisabled(tx, m.id, identity, !enabled, actorOf(caller));
  });
  await applyRights(deps, m, [identity]);
  return announceSettings(deps, caller);
}

/** Every message the caller may see, oldest first (export). */
async function allVisible(deps: Deps, caller: RoomCaller) {
  requireModerator(caller);
  return (await store.listMessages(deps.sql, caller.meeting.id, viewerOf(caller))).reverse().map(toMessage);
}

/**
 * The chat as JSON (GET /meetings/{id}/chat/export): hosts and moderators get what they can see in the room (public
 * messages and their own private ones); the API key gets every message, deleted ones included.
 * @throws AppError 403 `forbidden` for participants and viewers
 */
export async function exportChat(deps: Deps, caller: RoomCaller) {
  const m = caller.meeting;
  return { meeting: { id: m.id, title: m.title }, exportedAt: new Date().toISOString(), items: await allVisible(deps, caller) };
}

export const CHAT_CSV_COLUMNS = ['id', 'created_at', 'sender_identity', 'sender_name', 'sender_role', 'recipient_identity', 'text', 'deleted_at', 'deleted_by'] as const;

/**
 * The export as CSV (RFC 4180 through csv-stringify: CRLF, header row, quoted where needed), UTF-8, one row per
 * message, columns `CHAT_CSV_COLUMNS`; instants in UTC (ISO 8601).
 */
export async function exportChatCsv(deps: Deps, caller: RoomCaller): Promise<string> {
  const rows = (await allVisible(deps, caller)).map((x) => [
    x.id, x.createdAt, inertCsvText(x.sender.identity), inertCsvText(x.sender.name), x.sender.role, inertCsvText(x.recipientIdentity), inertCsvText(x.text), x.deletedAt, x.deletedBy,
  ]);
  return stringify(rows, { header: true, columns: [...CHAT_CSV_COLUMNS], record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
