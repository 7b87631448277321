/** Meetings table. Rows come back as `MeetingRow` (camelCase, Date instants in UTC). */
import type { Tx } from '../../db/db.js';
import type { MeetingSettings } from './schemas.js';

export interface MeetingRow {
  id: string;
  organizationId: string;
  roomName: string;
  title: string;
  description: string;
  type: string;
  hostUserId: string | null;
  hostName: string | null;
  scheduledStartAt: Date | null;
  scheduledEndAt: Date | null;
  timezone: string;
  maxParticipants: number | null;
  status: 'scheduled' | 'live' | 'ended' | 'cancelled';
  settings: MeetingSettings;
  passwordHash: string | null;
  joinCode: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  cancelledAt: Date | null;
  /** RFC 5545 RRULE value (no `RRULE:` prefix); null for a single meeting. */
  rrule: string | null;
  /** EXDATEs: original start instants of removed occurrences. */
  exdates: Date[];
  /** iCalendar SEQUENCE (RFC 5545 §3.8.7.4), bumped on every change attendees should hear about. */
  sequence: number;
}

const columns = (sql: Tx) => sql`
  id, organization_id AS "organizationId", room_name AS "roomName", title, description, type,
  host_user_id AS "hostUserId", host_name AS "hostName",
  scheduled_start_at AS "scheduledStartAt", scheduled_end_at AS "scheduledEndAt", timezone,
  max_participants AS "maxParticipants", status, settings, password_hash AS "passwordHash",
  join_code AS "joinCode", created_at AS "createdAt", updated_at AS "updatedAt",
  started_at AS "startedAt", ended_at AS "endedAt", cancelled_at AS "cancelledAt",
  rrule, exdates, sequence`;

/** A PostgreSQL array literal of UTC instants (postgres.js does not serialise Date[] parameters). */
const pgInstants = (ds: Date[]) => `{${ds.map((d) => d.toISOString()).join(',')}}`;

export type MeetingInsert = Omit<MeetingRow, 'status' | 'createdAt' | 'updatedAt' | 'startedAt' | 'endedAt' | 'cancelledAt' | 'sequence' | 'rrule' | 'exdates'> &
  Partial<Pick<MeetingRow, 'rrule' | 'exdates'>>;

export async function insertMeeting(sql: Tx, m: MeetingInsert): Promise<MeetingRow> {
  const [row] = await sql<MeetingRow[]>`
    INSERT INTO meetings (id, organization_id, room_name, title, description, type, host_user_id, host_name,
      scheduled_start_at, scheduled_end_at, timezone, max_participants, settings, password_hash, join_code, rrule, exdates)
    VALUES (${m.id}, ${m.organizationId}, ${m.roomName}, ${m.title}, ${m.description}, ${m.type}, ${m.hostUserId},
      ${m.hostName}, ${m.scheduledStartAt}, ${m.scheduledEndAt}, ${m.timezone}, ${m.maxParticipants},
      ${sql.json(m.settings as never)}, ${m.passwordHash}, ${m.joinCode}, ${m.rrule ?? null}, ${pgInstants(m.exdates ?? [])}::timestamptz[])
    RETURNING ${columns(sql)}`;
  // Session 1 of every meeting: its original room (migration 1763960000000_meeting-sessions.sql).
  await sql`INSERT INTO meeting_sessions (meeting_id, number, room_name, opened_at) VALUES (${row!.id}, 1, ${row!.roomName}, ${row!.createdAt})`;
  return row!;
}

export async function findMeeting(sql: Tx, organizationId: string, id: string, opts: { forUpdate?: boolean } = {}) {
  const [row] = await sql<MeetingRow[]>`
    SELECT ${columns(sql)} FROM meetings WHERE id = ${id} AND organization_id = ${organizationId}
    ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`;
  return row;
}

/** Lookup without tenant scope: for join tickets (already tenant-bound by their signature) and webhooks. */
export async function findMeetingById(sql: Tx, id: string, opts: { forUpdate?: boolean } = {}): Promise<MeetingRow | undefined> {
  const [row] = await sql<MeetingRow[]>`SELECT ${columns(sql)} FROM meetings WHERE id = ${id} ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`;
  return row;
}

export async function findMeetingByJoinCode(sql: Tx, code: string): Promise<MeetingRow | undefined> {
  const [row] = await sql<MeetingRow[]>`SELECT ${columns(sql)} FROM meetings WHERE join_code = ${code}`;
  return row;
}

export async function listMeetings(
  sql: Tx,
  organizationId: string,
  q: { status?: string; from?: Date; to?: Date; limit: number; offset: number },
): Promise<MeetingRow[]> {
  return sql<MeetingRow[]>`
    SELECT ${columns(sql)} FROM meetings
    WHERE organization_id = ${organizationId}
      ${q.status ? sql`AND status = ${q.status}` : sql``}
      ${q.from ? sql`AND scheduled_start_at >= ${q.from}` : sql``}
      ${q.to ? sql`AND scheduled_start_at < ${q.to}` : sql``}
    ORDER BY scheduled_start_at ASC NULLS LAST, created_at ASC, id ASC
    LIMIT ${q.limit} OFFSET ${q.offset}`;
}

/**
 * Write the editable fields of `m` back (by id), and its room (`roomName`: the current session's). A meeting that
 * becomes `ended` ends its current session at `endedAt`.
 */
export async function updateMeeting(sql: Tx, m: MeetingRow): Promise<MeetingRow> {
  const [row] = await sql<MeetingRow[]>`
    UPDATE meetings SET room_name = ${m.roomName}, title = ${m.title}, description = ${m.description}, type = ${m.type},
      host_user_id = ${m.hostUserId}, host_name = ${m.hostName}, scheduled_start_at = ${m.scheduledStartAt},
      scheduled_end_at = ${m.scheduledEndAt}, timezone = ${m.timezone}, max_participants = ${m.maxParticipants},
      settings = ${sql.json(m.settings as never)}, password_hash = ${m.passwordHash}, join_code = ${m.joinCode},
      status = ${m.status}, started_at = ${m.startedAt}, ended_at = ${m.endedAt}, cancelled_at = ${m.cancelledAt},
      rrule = ${m.rrule}, exdates = ${pgInstants(m.exdates)}::timestamptz[], sequence = ${m.sequence}, updated_at = now()
    WHERE id = ${m.id}
    RETURNING ${columns(sql)}`;
  if (m.status === 'ended') {
    await sql`UPDATE meeting_sessions SET ended_at = ${m.endedAt ?? new Date()} WHERE room_name = ${m.roomName} AND ended_at IS NULL`;
  }
  await notifyChanged(sql, m.id);
  return row!;
}

/** Tell every instance (modules/meetings/cache.ts) that meeting `id` changed; delivered when the transaction commits. */
async function notifyChanged(sql: Tx, id: string) {
  await sql`SELECT pg_notify('meeting_changed', ${id})`;
}

/**
 * Mark a room live when LiveKit reports it started (the meeting only from `scheduled` and only for its current
 * session's room; the session's first start is kept; idempotent).
 */
export async function markLiveByRoomName(sql: Tx, roomName: string, at: Date): Promise<void> {
  await sql`UPDATE meeting_sessions SET started_at = ${at} WHERE room_name = ${roomName} AND started_at IS NULL`;
  const rows = await sql<{ id: string }[]>`UPDATE meetings SET status = 'live', started_at = COALESCE(started_at, ${at}), updated_at = now()
            WHERE room_name = ${roomName} AND status = 'scheduled' RETURNING id`;
  for (const r of rows) await notifyChanged(sql, r.id);
}

/** One session of a meeting (migration 1763960000000_meeting-sessions.sql); instants in UTC. */
export interface MeetingSessionRow {
  id: string;
  meetingId: string;
  /** 1, 2, 3 … in the order the sessions were opened */
  number: number;
  /** the session's LiveKit room */
  roomName: string;
  openedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}

const sessionColumns = (sql: Tx) => sql`
  id, meeting_id AS "meetingId", number, room_name AS "roomName", opened_at AS "openedAt", started_at AS "startedAt", ended_at AS "endedAt"`;

/** The sessions of a meeting, first to latest. */
export function listSessions(sql: Tx, meetingId: string): Promise<MeetingSessionRow[]> {
  return sql<MeetingSessionRow[]>`SELECT ${sessionColumns(sql)} FROM meeting_sessions WHERE meeting_id = ${meetingId} ORDER BY number`;
}

/** One session of a meeting by id, else its latest session (`sessionId` undefined); undefined when not found. */
export async function findSession(sql: Tx, meetingId: string, sessionId?: string): Promise<MeetingSessionRow | undefined> {
  const [row] = await sql<MeetingSessionRow[]>`
    SELECT ${sessionColumns(sql)} FROM meeting_sessions WHERE meeting_id = ${meetingId}
    ${sessionId ? sql`AND id = ${sessionId}` : sql``} ORDER BY number DESC LIMIT 1`;
  return row;
}

/** The session whose LiveKit room is `roomName` (any session: a finished room of an earlier one too). */
export async function findSessionByRoomName(sql: Tx, roomName: string): Promise<MeetingSessionRow | undefined> {
  const [row] = await sql<MeetingSessionRow[]>`SELECT ${sessionColumns(sql)} FROM meeting_sessions WHERE room_name = ${roomName}`;
  return row;
}

/** Open session `number` of a meeting in room `roomName`. */
export async function insertSession(sql: Tx, s: { meetingId: string; number: number; roomName: string }): Promise<MeetingSessionRow> {
  const [row] = await sql<MeetingSessionRow[]>`
    INSERT INTO meeting_sessions (meeting_id, number, room_name) VALUES (${s.meetingId}, ${s.number}, ${s.roomName})
    RETURNING ${sessionColumns(sql)}`;
  return row!;
}

/** Record a LiveKit webhook event once; false when this event id was already stored. */
export async function insertWebhookEvent(
  sql: Tx,
  e: { id: string; event: string; roomName: string | null; createdAt: Date; /** the raw JSON body */ payload: string },
): Promise<boolean> {
  const rows = await sql`
    INSERT INTO livekit_webhook_events (id, event, room_name, created_at, payload)
    VALUES (${e.id}, ${e.event}, ${e.roomName}, ${e.createdAt}, ${e.payload})
    ON CONFLICT (id) DO NOTHING RETURNING id`;
  return rows.length === 1;
}
