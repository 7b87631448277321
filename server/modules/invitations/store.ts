/** Attendees of meetings, the invitations built for them, their secret calendar-feed tokens (hashed), and reminder deliveries. */
import type { Tx } from '../../db/db.js';

export interface AttendeeRow {
  meetingId: string;
  email: string;
  name: string;
  /** The integrator's user id (their LiveKit identity through the invitation link), or null. */
  userId: string | null;
  createdAt: Date;
}

/** Add or rename an attendee (a given `userId` replaces the stored one; none keeps it); returns the row and whether it is new. */
export async function upsertAttendee(sql: Tx, a: { meetingId: string; email: string; name: string; userId?: string }): Promise<AttendeeRow & { created: boolean }> {
  const [row] = await sql<(AttendeeRow & { created: boolean })[]>`
    INSERT INTO meeting_attendees (meeting_id, email, name, user_id) VALUES (${a.meetingId}, ${a.email}, ${a.name}, ${a.userId ?? null})
    ON CONFLICT (meeting_id, email) DO UPDATE SET name = EXCLUDED.name, user_id = COALESCE(EXCLUDED.user_id, meeting_attendees.user_id)
    RETURNING meeting_id AS "meetingId", email, name, user_id AS "userId", created_at AS "createdAt", (xmax = 0) AS created`;
  return row!;
}

export async function listAttendees(sql: Tx, meetingId: string): Promise<AttendeeRow[]> {
  return sql<AttendeeRow[]>`
    SELECT meeting_id AS "meetingId", email, name, user_id AS "userId", created_at AS "createdAt" FROM meeting_attendees
    WHERE meeting_id = ${meetingId} ORDER BY created_at, email`;
}

export interface InvitationInsert {
  id: string;
  meetingId: string;
  email: string;
  kind: 'request' | 'cancel' | 'reminder';
  method: 'REQUEST' | 'CANCEL';
  sequence: number;
  recurrenceId: Date | null;
  ics: string;
  status: 'stored' | 'sent' | 'failed';
  error: string | null;
}

export async function insertInvitation(sql: Tx, i: InvitationInsert): Promise<void> {
  await sql`
    INSERT INTO invitations (id, meeting_id, email, kind, method, sequence, recurrence_id, ics, status, error)
    VALUES (${i.id}, ${i.meetingId}, ${i.email}, ${i.kind}, ${i.method}, ${i.sequence}, ${i.recurrenceId}, ${i.ics}, ${i.status}, ${i.error})`;
}

/**
 * Whether this notice (meeting, email, SEQUENCE, method, RECURRENCE-ID) already went out (`sent` or `stored`): a
 * retried or re-run `meeting-changed` job skips it, so nobody gets the same notice twice.
 */
export async function noticeDelivered(sql: Tx, n: { meetingId: string; email: string; sequence: number; method: 'REQUEST' | 'CANCEL'; recurrenceId: Date | null }): Promise<boolean> {
  const rows = await sql`
    SELECT 1 FROM invitations WHERE meeting_id = ${n.meetingId} AND email = ${n.email} AND sequence = ${n.sequence}
      AND method = ${n.method} AND recurrence_id IS NOT DISTINCT FROM ${n.recurrenceId} AND status IN ('sent', 'stored') LIMIT 1`;
  return rows.length > 0;
}

/** Create the feed of (org, email) with this token hash unless one exists; true when created. */
export async function insertFeedIfMissing(sql: Tx, organizationId: string, email: string, tokenHash: Buffer): Promise<boolean> {
  const rows = await sql`
    INSERT INTO calendar_feeds (token_hash, organization_id, email) VALUES (${tokenHash}, ${organizationId}, ${email})
    ON CONFLICT (organization_id, email) DO NOTHING RETURNING email`;
  return rows.length === 1;
}

export async function findFeed(sql: Tx, tokenHash: Buffer): Promise<{ organizationId: string; email: string } | undefined> {
  const [row] = await sql<{ organizationId: string; email: string }[]>`
    SELECT organization_id AS "organizationId", email FROM calendar_feeds WHERE token_hash = ${tokenHash}`;
  return row;
}

/** Meetings (ids) of the organisation where `email` is an attendee and which are not cancelled/ended. */
export async function meetingIdsForAttendee(sql: Tx, organizationId: string, email: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    SELECT m.id FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id
    WHERE a.email = ${email} AND m.organization_id = ${organizationId} AND m.status IN ('scheduled', 'live')
      AND m.scheduled_start_at IS NOT NULL ORDER BY m.scheduled_start_at`;
  return rows.map((r) => r.id);
}

/** One reminder of one occurrence (its start when the reminder was due: moving the occurrence makes a new one). */
export interface ReminderKey {
  meetingId: string;
  occurrenceKey: string;
  kind: 'reminder-24h' | 'reminder-15m';
  startAt: Date;
}

/**
 * Plan the reminder for these attendees: a `pending` row per email not planned yet (rows already there keep their
 * status), and rows that `failed` earlier become `pending` again.
 */
export async function planReminderDeliveries(sql: Tx, k: ReminderKey, emails: string[]): Promise<void> {
  if (emails.length) {
    await sql`
      INSERT INTO reminder_deliveries (meeting_id, occurrence_key, kind, start_at, email)
      SELECT ${k.meetingId}, ${k.occurrenceKey}, ${k.kind}, ${k.startAt}, e FROM unnest(${emails}::text[]) AS e
      ON CONFLICT DO NOTHING`;
  }
  await sql`
    UPDATE reminder_deliveries SET status = 'pending', updated_at = now()
    WHERE meeting_id = ${k.meetingId} AND occurrence_key = ${k.occurrenceKey} AND kind = ${k.kind} AND start_at = ${k.startAt}
      AND status = 'failed'`;
}

/**
 * Claim one pending delivery of this reminder (→ `sending`, attempts + 1) so no concurrent run sends it too
 * (`FOR UPDATE SKIP LOCKED`). @returns the attendee's email, or undefined when none is pending
 */
export async function claimReminderDelivery(sql: Tx, k: ReminderKey): Promise<string | undefined> {
  const [row] = await sql<{ email: string }[]>`
    UPDATE reminder_deliveries SET status = 'sending', attempts = attempts + 1, updated_at = now()
    WHERE (meeting_id, occurrence_key, kind, start_at, email) = (
      SELECT meeting_id, occurrence_key, kind, start_at, email FROM reminder_deliveries
      WHERE meeting_id = ${k.meetingId} AND occurrence_key = ${k.occurrenceKey} AND kind = ${k.kind} AND start_at = ${k.startAt}
        AND status = 'pending'
      ORDER BY email LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING email`;
  return row?.email;
}

/** Record what happened to a claimed delivery. */
export async function finishReminderDelivery(sql: Tx, k: ReminderKey, email: string, status: 'sent' | 'stored' | 'failed', error: string | null): Promise<void> {
  await sql`
    UPDATE reminder_deliveries SET status = ${status}, error = ${error}, updated_at = now()
    WHERE meeting_id = ${k.meetingId} AND occurrence_key = ${k.occurrenceKey} AND kind = ${k.kind} AND start_at = ${k.startAt}
      AND email = ${email}`;
}
