/**
 * Scheduling tables: occurrence overrides (RECURRENCE-ID), organisation schedule settings, the lifecycle jobs we
 * keyed per (meeting, occurrence, kind), and the audit trail of what lifecycle handlers did. Instants are UTC Dates.
 */
import type { Tx } from '../../db/db.js';

export interface OverrideRow {
  meetingId: string;
  recurrenceId: Date;
  startAt: Date;
  endAt: Date;
  sequence: number;
}

export async function listOverrides(sql: Tx, meetingId: string): Promise<OverrideRow[]> {
  return sql<OverrideRow[]>`
    SELECT meeting_id AS "meetingId", recurrence_id AS "recurrenceId", start_at AS "startAt", end_at AS "endAt", sequence
    FROM meeting_occurrence_overrides WHERE meeting_id = ${meetingId} ORDER BY recurrence_id`;
}

/** Insert or replace the override of one occurrence. */
export async function upsertOverride(sql: Tx, o: OverrideRow): Promise<void> {
  await sql`
    INSERT INTO meeting_occurrence_overrides (meeting_id, recurrence_id, start_at, end_at, sequence)
    VALUES (${o.meetingId}, ${o.recurrenceId}, ${o.startAt}, ${o.endAt}, ${o.sequence})
    ON CONFLICT (meeting_id, recurrence_id) DO UPDATE SET start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at,
      sequence = EXCLUDED.sequence, updated_at = now()`;
}

/** Drop every override (the series itself changed: its occurrences are new). */
export async function deleteOverrides(sql: Tx, meetingId: string): Promise<void> {
  await sql`DELETE FROM meeting_occurrence_overrides WHERE meeting_id = ${meetingId}`;
}

export interface ScheduleSettingsRow {
  openMinutesBefore: number;
  graceMinutesAfter: number;
  windowStart: string | null;
  windowEnd: string | null;
  blockedWeekdays: string[];
  autoEnd: boolean;
  /** The organisation's join page for invitees (`{meetingId}` replaced); null: this server's hosted page. */
  joinUrlTemplate: string | null;
}

export const DEFAULT_SCHEDULE_SETTINGS: ScheduleSettingsRow = {
  openMinutesBefore: 10,
  graceMinutesAfter: 10,
  windowStart: null,
  windowEnd: null,
  blockedWeekdays: [],
  autoEnd: true,
  joinUrlTemplate: null,
};

/** The organisation's settings, or the defaults when it never set any. */
export async function getScheduleSettings(sql: Tx, organizationId: string): Promise<ScheduleSettingsRow> {
  const [row] = await sql<ScheduleSettingsRow[]>`
    SELECT open_minutes_before AS "openMinutesBefore", grace_minutes_after AS "graceMinutesAfter",
      to_char(window_start, 'HH24:MI') AS "windowStart", to_char(window_end, 'HH24:MI') AS "windowEnd",
      blocked_weekdays AS "blockedWeekdays", auto_end AS "autoEnd", join_url_template AS "joinUrlTemplate"
    FROM organization_schedule_settings WHERE organization_id = ${organizationId}`;
  return row ?? { ...DEFAULT_SCHEDULE_SETTINGS };
}

export async function putScheduleSettings(sql: Tx, organizationId: string, s: ScheduleSettingsRow): Promise<void> {
  await sql`
    INSERT INTO organization_schedule_settings (organization_id, open_minutes_before, grace_minutes_after, window_start,
      window_end, blocked_weekdays, auto_end, join_url_template)
    VALUES (${organizationId}, ${s.openMinutesBefore}, ${s.graceMinutesAfter}, ${s.windowStart}::time, ${s.windowEnd}::time,
      ${s.blockedWeekdays}::text[], ${s.autoEnd}, ${s.joinUrlTemplate})
    ON CONFLICT (organization_id) DO UPDATE SET open_minutes_before = EXCLUDED.open_minutes_before,
      grace_minutes_after = EXCLUDED.grace_minutes_after, window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end,
      blocked_weekdays = EXCLUDED.blocked_weekdays, auto_end = EXCLUDED.auto_end,
      join_url_template = EXCLUDED.join_url_template, updated_at = now()`;
}

export interface MeetingJobRow {
  meetingId: string;
  occurrenceKey: string;
  kind: string;
  jobId: string;
  runAt: Date;
  doneAt: Date | null;
}

const jobColumns = (sql: Tx) =>
  sql`meeting_id AS "meetingId", occurrence_key AS "occurrenceKey", kind, job_id AS "jobId", run_at AS "runAt", done_at AS "doneAt"`;

export async function listJobs(sql: Tx, meetingId: string): Promise<MeetingJobRow[]> {
  return sql<MeetingJobRow[]>`SELECT ${jobColumns(sql)} FROM meeting_jobs WHERE meeting_id = ${meetingId} ORDER BY run_at, kind`;
}

export async function upsertJob(sql: Tx, j: Omit<MeetingJobRow, 'doneAt'>): Promise<void> {
  await sql`
    INSERT INTO meeting_jobs (meeting_id, occurrence_key, kind, job_id, run_at)
    VALUES (${j.meetingId}, ${j.occurrenceKey}, ${j.kind}, ${j.jobId}, ${j.runAt})
    ON CONFLICT (meeting_id, occurrence_key, kind) DO UPDATE SET job_id = EXCLUDED.job_id, run_at = EXCLUDED.run_at, done_at = NULL`;
}

export async function deleteJob(sql: Tx, meetingId: string, occurrenceKey: string, kind: string): Promise<void> {
  await sql`DELETE FROM meeting_jobs WHERE meeting_id = ${meetingId} AND occurrence_key = ${occurrenceKey} AND kind = ${kind}`;
}

/** Lock the keyed job row (the handler's claim); undefined when it is gone. */
export async function lockJob(sql: Tx, meetingId: string, occurrenceKey: string, kind: string): Promise<MeetingJobRow | undefined> {
  const [row] = await sql<MeetingJobRow[]>`
    SELECT ${jobColumns(sql)} FROM meeting_jobs
    WHERE meeting_id = ${meetingId} AND occurrence_key = ${occurrenceKey} AND kind = ${kind} FOR UPDATE`;
  return row;
}

export async function markJobDone(sql: Tx, meetingId: string, occurrenceKey: string, kind: string, at: Date): Promise<void> {
  await sql`UPDATE meeting_jobs SET done_at = ${at} WHERE meeting_id = ${meetingId} AND occurrence_key = ${occurrenceKey} AND kind = ${kind}`;
}

export async function insertLifecycleEvent(
  sql: Tx,
  e: { meetingId: string; occurrenceKey: string; kind: string; jobId: string | null; worker: string; at: Date },
): Promise<void> {
  await sql`INSERT INTO room_lifecycle_events (meeting_id, occurrence_key, kind, job_id, worker, at)
            VALUES (${e.meetingId}, ${e.occurrenceKey}, ${e.kind}, ${e.jobId}, ${e.worker}, ${e.at})`;
}

/** Whether the room of this occurrence was opened (by a job or the CLI) and not ended since. */
export async function lastRoomEvent(sql: Tx, meetingId: string, occurrenceKey: string): Promise<string | undefined> {
  const [row] = await sql<{ kind: string }[]>`
    SELECT kind FROM room_lifecycle_events WHERE meeting_id = ${meetingId} AND occurrence_key = ${occurrenceKey}
      AND kind IN ('open-room', 'end-room') ORDER BY id DESC LIMIT 1`;
  return row?.kind;
}

/** Ids of meetings that may have lifecycle work (not ended/cancelled, scheduled). */
export async function listSchedulableMeetingIds(sql: Tx): Promise<{ id: string; organizationId: string }[]> {
  return sql<{ id: string; organizationId: string }[]>`
    SELECT id, organization_id AS "organizationId" FROM meetings
    WHERE status IN ('scheduled', 'live') AND scheduled_start_at IS NOT NULL ORDER BY scheduled_start_at`;
}
