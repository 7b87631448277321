/**
 * Attendance tables (migrations 1763870000000_attendance.sql, 1763960000000_meeting-sessions.sql: each event belongs
 * to the meeting session whose room it came from). Instants are Date (UTC).
 */
import type { Tx } from '../../db/db.js';
import type { AttendanceEvent, AttendanceEventKind, AttendanceThresholds, ExpectedPerson } from './compute.js';

export interface AttendanceEventInsert {
  eventId: string;
  roomName: string;
  kind: AttendanceEventKind;
  identity: string | null;
  participantSid: string | null;
  name: string | null;
  role: string | null;
  occurredAt: Date;
  sessionJoinedAt: Date | null;
}

/**
 * Record one event for the meeting session whose room is `roomName` (an earlier session's room too: late
 * deliveries stay in their session), once per event id (one statement).
 * @returns false when the event id was already stored or no session has that room
 */
export async function insertAttendanceEvent(sql: Tx, e: AttendanceEventInsert): Promise<boolean> {
  const rows = await sql`
    INSERT INTO attendance_events (event_id, meeting_id, session_id, kind, identity, participant_sid, name, role, occurred_at, session_joined_at)
    SELECT ${e.eventId}, s.meeting_id, s.id, ${e.kind}, ${e.identity}, ${e.participantSid}, ${e.name}, ${e.role}, ${e.occurredAt}, ${e.sessionJoinedAt}
    FROM meeting_sessions s WHERE s.room_name = ${e.roomName}
    ON CONFLICT (event_id) DO NOTHING RETURNING event_id`;
  return rows.length === 1;
}

/**
 * The hot path of webhook ingest (participant events): store the webhook event and its attendance row in ONE
 * statement (one round trip, one implicit transaction), the attendance row only if the event id is new.
 * @returns whether the webhook event was new
 */
export async function insertWebhookWithAttendance(
  sql: Tx,
  w: { id: string; event: string; roomName: string | null; createdAt: Date; /** the raw JSON body */ payload: string },
  e: AttendanceEventInsert,
): Promise<boolean> {
  const [r] = await sql<{ fresh: number }[]>`
    WITH ev AS (
      INSERT INTO livekit_webhook_events (id, event, room_name, created_at, payload)
      VALUES (${w.id}, ${w.event}, ${w.roomName}, ${w.createdAt}, ${w.payload})
      ON CONFLICT (id) DO NOTHING RETURNING id
    ), att AS (
      INSERT INTO attendance_events (event_id, meeting_id, session_id, kind, identity, participant_sid, name, role, occurred_at, session_joined_at)
      SELECT ${e.eventId}, s.meeting_id, s.id, ${e.kind}, ${e.identity}, ${e.participantSid}, ${e.name}, ${e.role}, ${e.occurredAt}, ${e.sessionJoinedAt}
      FROM meeting_sessions s WHERE s.room_name = ${e.roomName} AND EXISTS (SELECT 1 FROM ev)
      ON CONFLICT (event_id) DO NOTHING RETURNING 1
    )
    SELECT (SELECT count(*) FROM ev)::int AS fresh, (SELECT count(*) FROM att)::int AS added`;
  return r!.fresh === 1;
}

export interface WebhookInsert {
  id: string;
  event: string;
  roomName: string | null;
  createdAt: Date;
  /** the raw JSON body */
  payload: string;
}

/**
 * Many participant events at once: each one's webhook row and, when that row is new and a meeting has the room,
 * its attendance row — in ONE statement (one round trip, one implicit transaction for the whole batch).
 * Event ids must be distinct within the batch (the caller answers in-batch repeats as duplicates).
 * @returns the ids whose webhook event was new (not stored before)
 */
export async function insertWebhooksWithAttendance(sql: Tx, items: readonly { w: WebhookInsert; e: AttendanceEventInsert }[]): Promise<Set<string>> {
  const col = <T>(f: (x: { w: WebhookInsert; e: AttendanceEventInsert }) => T) => items.map(f);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const rows = await sql<{ id: string }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col((x) => x.w.id)}::text[], ${col((x) => x.w.event)}::text[], ${col((x) => x.w.roomName)}::text[],
        ${col((x) => iso(x.w.createdAt))}::timestamptz[], ${col((x) => x.w.payload)}::text[],
        ${col((x) => x.e.roomName)}::text[], ${col((x) => x.e.kind)}::text[], ${col((x) => x.e.identity)}::text[],
        ${col((x) => x.e.participantSid)}::text[], ${col((x) => x.e.name)}::text[], ${col((x) => x.e.role)}::text[],
        ${col((x) => iso(x.e.occurredAt))}::timestamptz[], ${col((x) => iso(x.e.sessionJoinedAt))}::timestamptz[]
      ) AS t(id, event, room_name, created_at, payload, att_room, kind, identity, participant_sid, name, role, occurred_at, session_joined_at)
    ), ev AS (
      INSERT INTO livekit_webhook_events (id, event, room_name, created_at, payload)
      SELECT id, event, room_name, created_at, payload::jsonb FROM input
      ON CONFLICT (id) DO NOTHING RETURNING id
    ), att AS (
      INSERT INTO attendance_events (event_id, meeting_id, session_id, kind, identity, participant_sid, name, role, occurred_at, session_joined_at)
      SELECT i.id, s.meeting_id, s.id, i.kind, i.identity, i.participant_sid, i.name, i.role, i.occurred_at, i.session_joined_at
      FROM input i JOIN ev ON ev.id = i.id JOIN meeting_sessions s ON s.room_name = i.att_room
      ON CONFLICT (event_id) DO NOTHING RETURNING 1
    )
    SELECT id FROM ev`;
  return new Set(rows.map((r) => r.id));
}

/** Every stored event of one session of a meeting, oldest first (epoch ms). */
export async function listAttendanceEvents(sql: Tx, sessionId: string): Promise<AttendanceEvent[]> {
  const rows = await sql<{ id: string; kind: AttendanceEventKind; identity: string | null; sid: string | null; name: string | null; role: string | null; at: Date; sessionJoinedAt: Date | null }[]>`
    SELECT event_id AS id, kind, identity, participant_sid AS sid, name, role, occurred_at AS at, session_joined_at AS "sessionJoinedAt"
    FROM attendance_events WHERE session_id = ${sessionId} ORDER BY occurred_at, event_id`;
  return rows.map((r) => ({ ...r, at: r.at.getTime(), sessionJoinedAt: r.sessionJoinedAt?.getTime() ?? null }));
}

/**
 * People expected at a meeting: `meeting_expected_attendees` rows, then LTI users who launched the meeting's
 * resource link(s) (listLtiLaunchUsers).
 */
export async function listExpectedAttendees(sql: Tx, meetingId: string): Promise<ExpectedPerson[]> {
  return sql<ExpectedPerson[]>`
    SELECT identity, name, source FROM meeting_expected_attendees WHERE meeting_id = ${meetingId} ORDER BY created_at, identity`;
}

/**
 * LTI users who launched the meeting's resource link(s), with the LiveKit identity they join with: `lti-` + the
 * first 16 base64url characters of sha256(`${issuer}\n${sub}`) (the same derivation as lti/identity.ts, computed
 * here in SQL so the core never imports lti/).
 */
export async function listLtiLaunchUsers(sql: Tx, meetingId: string): Promise<{ identity: string; sub: string; name: string | null; role: string }[]> {
  return sql<{ identity: string; sub: string; name: string | null; role: string }[]>`
    SELECT 'lti-' || left(translate(encode(sha256(convert_to(rl.issuer || E'\n' || u.sub, 'UTF8')), 'base64'), '+/', '-_'), 16) AS identity,
      u.sub, u.name, u.role
    FROM lti_launch_users u JOIN lti_resource_links rl ON rl.id = u.resource_link_uuid
    WHERE rl.meeting_id = ${meetingId} OR rl.id IN (SELECT resource_link_uuid FROM lti_resource_link_meetings WHERE meeting_id = ${meetingId})
    ORDER BY u.name NULLS LAST, u.sub`;
}

/** Add (or rename) expected people; `source` says who knows them (e.g. 'nrps'). */
export async function upsertExpectedAttendees(sql: Tx, meetingId: string, people: { identity: string; name: string | null; source: string }[]): Promise<void> {
  for (const p of people) {
    await sql`
      INSERT INTO meeting_expected_attendees (meeting_id, identity, name, source) VALUES (${meetingId}, ${p.identity}, ${p.name}, ${p.source})
      ON CONFLICT (meeting_id, identity) DO UPDATE SET name = COALESCE(EXCLUDED.name, meeting_expected_attendees.name)`;
  }
}

export type StoredThresholds = AttendanceThresholds & { updatedAt: Date | null };

/** Serialise changes of the organisation's thresholds until `tx` ends (there may be no row yet to lock). */
export async function lockSettings(tx: Tx, organizationId: string): Promise<void> {
  await tx`SELECT pg_advisory_xact_lock(hashtext(${'attendance-settings:' + organizationId}))`;
}

/** The organisation's thresholds; undefined when it never changed them (defaults apply). */
export async function findSettings(sql: Tx, organizationId: string): Promise<StoredThresholds | undefined> {
  const [row] = await sql<StoredThresholds[]>`
    SELECT present_percent AS "presentPercent", partial_percent AS "partialPercent", grace_minutes AS "graceMinutes",
      rejoin_merge_seconds AS "rejoinMergeSeconds", updated_at AS "updatedAt"
    FROM organization_attendance_settings WHERE organization_id = ${organizationId}`;
  return row;
}

export async function upsertSettings(sql: Tx, organizationId: string, s: AttendanceThresholds): Promise<StoredThresholds> {
  const [row] = await sql<StoredThresholds[]>`
    INSERT INTO organization_attendance_settings (organization_id, present_percent, partial_percent, grace_minutes, rejoin_merge_seconds)
    VALUES (${organizationId}, ${s.presentPercent}, ${s.partialPercent}, ${s.graceMinutes}, ${s.rejoinMergeSeconds})
    ON CONFLICT (organization_id) DO UPDATE SET present_percent = EXCLUDED.present_percent, partial_percent = EXCLUDED.partial_percent,
      grace_minutes = EXCLUDED.grace_minutes, rejoin_merge_seconds = EXCLUDED.rejoin_merge_seconds, updated_at = now()
    RETURNING present_percent AS "presentPercent", partial_percent AS "partialPercent", grace_minutes AS "graceMinutes",
      rejoin_merge_seconds AS "rejoinMergeSeconds", updated_at AS "updatedAt"`;
  return row!;
}
