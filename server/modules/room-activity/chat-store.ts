/** Chat tables (chat_messages, chat_settings, chat_disabled_participants). Instants are Date in UTC. */
import type { Tx } from '../../db/db.js';

export interface ChatMessageRow {
  id: string;
  meetingId: string;
  senderIdentity: string;
  senderName: string;
  senderRole: 'host' | 'moderator' | 'participant';
  recipientIdentity: string | null;
  text: string;
  createdAt: Date;
  deletedAt: Date | null;
  deletedBy: string | null;
}

const columns = (sql: Tx) => sql`
  id, meeting_id AS "meetingId", sender_identity AS "senderIdentity", sender_name AS "senderName",
  sender_role AS "senderRole", recipient_identity AS "recipientIdentity", text, created_at AS "createdAt",
  deleted_at AS "deletedAt", deleted_by AS "deletedBy"`;

export async function insertMessage(sql: Tx, m: Omit<ChatMessageRow, 'createdAt' | 'deletedAt' | 'deletedBy'>): Promise<ChatMessageRow> {
  const [row] = await sql<ChatMessageRow[]>`
    INSERT INTO chat_messages (id, meeting_id, sender_identity, sender_name, sender_role, recipient_identity, text)
    VALUES (${m.id}, ${m.meetingId}, ${m.senderIdentity}, ${m.senderName}, ${m.senderRole}, ${m.recipientIdentity}, ${m.text})
    RETURNING ${columns(sql)}`;
  return row!;
}

/**
 * Messages of a meeting visible to `viewer`, newest first: `viewer.identity` set → not deleted, public or sent by
 * or to that identity; `viewer.all` → every message, deleted ones too.
 * @param before a message id: only messages older than it (by created_at, then id)
 * @param limit at most this many (pass one more than a page to learn whether more exist)
 */
export function listMessages(sql: Tx, meetingId: string, viewer: { identity: string } | { all: true }, opts: { before?: string; limit?: number } = {}) {
  const visible =
    'identity' in viewer
      ? sql`AND deleted_at IS NULL AND (recipient_identity IS NULL OR sender_identity = ${viewer.identity} OR recipient_identity = ${viewer.identity})`
      : sql``;
  const cursor = opts.before
    ? sql`AND (created_at, id) < (SELECT created_at, id FROM chat_messages WHERE id = ${opts.before} AND meeting_id = ${meetingId})`
    : sql``;
  const limit = opts.limit === undefined ? sql`` : sql`LIMIT ${opts.limit}`;
  return sql<ChatMessageRow[]>`
    SELECT ${columns(sql)} FROM chat_messages
    WHERE meeting_id = ${meetingId} ${visible} ${cursor}
    ORDER BY created_at DESC, id DESC ${limit}`;
}

export async function findMessage(sql: Tx, meetingId: string, id: string): Promise<ChatMessageRow | undefined> {
  const [row] = await sql<ChatMessageRow[]>`SELECT ${columns(sql)} FROM chat_messages WHERE meeting_id = ${meetingId} AND id = ${id}`;
  return row;
}

/** Soft-delete (idempotent: the first deletion's time and author stand). */
export async function deleteMessage(sql: Tx, meetingId: string, id: string, by: string): Promise<ChatMessageRow | undefined> {
  const [row] = await sql<ChatMessageRow[]>`
    UPDATE chat_messages SET deleted_at = COALESCE(deleted_at, now()), deleted_by = COALESCE(deleted_by, ${by})
    WHERE meeting_id = ${meetingId} AND id = ${id}
    RETURNING ${columns(sql)}`;
  return row;
}

/** The moderator's switch for the whole meeting; undefined when never set. */
export async function findChatEnabled(sql: Tx, meetingId: string): Promise<boolean | undefined> {
  const [row] = await sql<{ enabled: boolean }[]>`SELECT enabled FROM chat_settings WHERE meeting_id = ${meetingId}`;
  return row?.enabled;
}

export async function setChatEnabled(sql: Tx, meetingId: string, enabled: boolean, by: string): Promise<void> {
  await sql`
    INSERT INTO chat_settings (meeting_id, enabled, updated_by) VALUES (${meetingId}, ${enabled}, ${by})
    ON CONFLICT (meeting_id) DO UPDATE SET enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`;
}

export async function listDisabledIdentities(sql: Tx, meetingId: string): Promise<string[]> {
  const rows = await sql<{ identity: string }[]>`SELECT identity FROM chat_disabled_participants WHERE meeting_id = ${meetingId} ORDER BY disabled_at, identity`;
  return rows.map((r) => r.identity);
}

export async function isIdentityDisabled(sql: Tx, meetingId: string, identity: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM chat_disabled_participants WHERE meeting_id = ${meetingId} AND identity = ${identity}`;
  return !!row;
}

export async function setIdentityDisabled(sql: Tx, meetingId: string, identity: string, disabled: boolean, by: string): Promise<void> {
  if (disabled) {
    await sql`
      INSERT INTO chat_disabled_participants (meeting_id, identity, disabled_by) VALUES (${meetingId}, ${identity}, ${by})
      ON CONFLICT (meeting_id, identity) DO NOTHING`;
  } else {
    await sql`DELETE FROM chat_disabled_participants WHERE meeting_id = ${meetingId} AND identity = ${identity}`;
  }
}
