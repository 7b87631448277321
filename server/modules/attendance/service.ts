/**
 * Attendance: LiveKit participant/room webhooks → per-person join/leave cycles and a status per meeting.
 *
 * Ingest (inside the webhook transaction, server/modules/webhooks/service.ts) stores each event once, keyed by the
 * LiveKit event id, with the instant it happened. Reports are computed on read from the stored events sorted by
 * that instant (server/modules/attendance/compute.ts), so retries change nothing and arrival order does not
 * matter. Webhook shape: livekit.WebhookEvent (protocol/livekit_webhook.proto): `id`, `createdAt` (UNIX s),
 * `room.name`, `participant.{sid, identity, name, metadata, joinedAt (s), joinedAtMs, kind}`.
 */
import type { WebhookEvent } from 'livekit-server-sdk';
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import type { AttendanceReport, AttendanceSettings, AttendanceSettingsUpdate } from './schemas.js';
import * as store from './store.js';
import type { Tx } from '../../db/db.js';
import { findMeeting, findSession } from '../meetings/store.js';
import { toMeetingSession } from '../meetings/service.js';
import type { Organization } from '../organizations/store.js';
import { computeAttendance, DEFAULT_THRESHOLDS, type AttendanceEventKind, type AttendanceThresholds, type ExpectedPerson } from './compute.js';
import { inertCsvText } from '../../shared/csv.js';

const KINDS: ReadonlySet<string> = new Set<AttendanceEventKind>(['participant_joined', 'participant_left', 'room_started', 'room_finished']);
/** livekit.ParticipantInfo.Kind: recorders (EGRESS = 2) and agents (AGENT = 4) are not people. */
const NOT_PEOPLE = new Set([2, 4]);

const ms = (v: bigint | number | undefined | null) => (v ? Number(v) : 0);

/**
 * Store one verified webhook event as attendance when it is a participant/room event of a known meeting's room.
 * Call inside the transaction that stored the webhook event. Idempotent: the same event id inserts nothing.
 * @param createdAt the event's `createdAt` (UNIX seconds) as a Date, or the receive time when LiveKit sent none
 * @returns whether a row was added
 */
export async function ingestAttendanceEvent(tx: Tx, ev: WebhookEvent, createdAt: Date): Promise<boolean> {
  const row = attendanceRowFor(ev, createdAt);
  return row ? store.insertAttendanceEvent(tx, row) : false;
}

/**
 * The attendance row of a webhook event (pure), or null when the event is not about attendance
 * (other events, recorders and agents, events without a room or id).
 */
export function attendanceRowFor(ev: WebhookEvent, createdAt: Date): store.AttendanceEventInsert | null {
  if (!KINDS.has(ev.event) || !ev.room?.name || !ev.id) return null;
  const kind = ev.event as AttendanceEventKind;
  const p = ev.participant;
  if (kind.startsWith('participant_')) {
    if (!p?.identity || NOT_PEOPLE.has(p.kind as number)) return null;
  }
  const joinedAtMs = p ? ms(p.joinedAtMs) || ms(p.joinedAt) * 1000 : 0;
  let occurredAt = createdAt;
  if (kind === 'participant_joined' && joinedAtMs) occurredAt = new Date(joinedAtMs);
  if (kind === 'room_started') {
    const created = ms(ev.room.creationTimeMs) || ms(ev.room.creationTime) * 1000;
    if (created) occurredAt = new Date(created);
  }
  const isParticipant = kind.startsWith('participant_');
  return {
    eventId: ev.id,
    roomName: ev.room.name,
    kind,
    identity: isParticipant ? p!.identity : null,
    participantSid: isParticipant ? p!.sid || null : null,
    name: isParticipant ? p!.name || null : null,
    role: isParticipant ? roleFromMetadata(p!.metadata) : null,
    occurredAt,
    sessionJoinedAt: kind === 'participant_left' && joinedAtMs ? new Date(joinedAtMs) : null,
  };
}

/** The `role` of our join-token metadata (`{userId, name, role, meetingId}`, server/livekit/tokens.ts); null otherwise. */
function roleFromMetadata(metadata: string | undefined): string | null {
  if (!metadata) return null;
  try {
    const role = (JSON.parse(metadata) as { role?: unknown }).role;
    return typeof role === 'string' ? role.slice(0, 40) : null;
  } catch {
    return null;
  }
}


function toSettings(s: (AttendanceThresholds & { updatedAt: Date | null }) | undefined): AttendanceSettings {
  const v = s ?? { ...DEFAULT_THRESHOLDS, updatedAt: null };
  return {
    presentPercent: v.presentPercent,
    partialPercent: v.partialPercent,
    graceMinutes: v.graceMinutes,
    rejoinMergeSeconds: v.rejoinMergeSeconds,
    updatedAt: v.updatedAt ? v.updatedAt.toISOString() : null,
  };
}

/** The organisation's attendance thresholds (defaults: 80 %, 30 %, 15 min grace, 120 s re-join merge). */
export async function getAttendanceSettings(deps: Deps, org: Organization): Promise<AttendanceSettings> {
  return toSettings(await store.findSettings(deps.sql, org.id));
}

/**
 * Change some thresholds (fields left out stay as they are).
 * @throws AppError 400 `validation_error` (field `partialPercent`) when partialPercent ≥ presentPercent
 */
export async function updateAttendanceSettings(deps: Deps, org: Organization, patch: AttendanceSettingsUpdate): Promise<AttendanceSettings> {
  return deps.sql.begin(async (tx) => {
    await store.lockSettings(tx, org.id);
    const cur = toSettings(await store.findSettings(tx, org.id));
    const next: AttendanceThresholds = {
      presentPercent: patch.presentPercent ?? cur.presentPercent,
      partialPercent: patch.partialPercent ?? cur.partialPercent,
      graceMinutes: patch.graceMinutes ?? cur.graceMinutes,
      rejoinMergeSeconds: patch.rejoinMergeSeconds ?? cur.rejoinMergeSeconds,
    };
    if (next.partialPercent >= next.presentPercent) {
      throw new AppError(400, 'validation_error', 'partialPercent: must be below presentPercent', 'partialPercent');
    }
    return toSettings(await store.upsertSettings(tx, org.id, next));
  });
}

const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());

/**
 * The attendance report of one session of a meeting in `org`, as of `now` (open cycles count up to it): only the
 * events of that session's LiveKit room count, so the sessions of a meeting are kept apart.
 * Expected people: `meeting_expected_attendees`, plus LTI users who launched the meeting's resource link
 * (matched to their LiveKit identity, which also gives their `sub`).
 * The reference duration: the schedule for the first session (else its room's actual start and end); later
 * sessions (opened by an LTI launch after an end) are measured by their room's actual start and end.
 * @param opts.sessionId a session of this meeting (GET /meetings/{id}/sessions); default: the latest session
 * @param opts.now the report instant, epoch ms (default: now)
 * @throws AppError 404 `not_found` when the meeting is not in `org` or the session is not one of its sessions
 */
export async function getAttendanceReport(deps: Deps, org: Organization, meetingId: string, opts: { sessionId?: string; now?: number } = {}): Promise<AttendanceReport> {
  const now = opts.now ?? Date.now();
  // One snapshot: events, expected people and settings read in one repeatable-read transaction.
  const { meeting, session, events, expected, settings } = await deps.sql.begin('isolation level repeatable read read only', async (tx) => {
    const meeting = await findMeeting(tx, org.id, meetingId);
    if (!meeting) throw notFound('meeting');
    const session = await findSession(tx, meetingId, opts.sessionId);
    if (!session) throw new AppError(404, 'not_found', 'session: not a session of this meeting', 'session');
    const [events, listed, launches, settings] = await Promise.all([
      store.listAttendanceEvents(tx, session.id),
      store.listExpectedAttendees(tx, meetingId),
      store.listLtiLaunchUsers(tx, meetingId),
      store.findSettings(tx, org.id),
    ]);
    const expected: ExpectedPerson[] = [
      ...launches.map((u) => ({ identity: u.identity, name: u.name, source: 'lti_launch', sub: u.sub, role: u.role })),
      ...listed,
    ];
    return { meeting, session, events, expected, settings };
  });
  const s = toSettings(settings);
  const first = session.number === 1;
  const r = computeAttendance({
    events,
    expected,
    scheduledStartAt: first ? (meeting.scheduledStartAt?.getTime() ?? null) : null,
    scheduledEndAt: first ? (meeting.scheduledEndAt?.getTime() ?? null) : null,
    meetingStartedAt: session.startedAt?.getTime() ?? null,
    meetingEndedAt: session.endedAt?.getTime() ?? null,
    now,
    thresholds: s,
  });
  return {
    meeting: { id: meeting.id, title: meeting.title, roomName: meeting.roomName, status: meeting.status },
    session: toMeetingSession(session),
    generatedAt: new Date(now).toISOString(),
    final: r.final,
    window: r.window
      ? { start: iso(r.window.start)!, end: iso(r.window.end)!, durationMinutes: Math.round((r.window.end - r.window.start) / 60_000), source: r.window.source }
      : null,
    room: { startedAt: iso(r.room.startedAt), finishedAt: iso(r.room.finishedAt) },
    settings: s,
    people: r.people.map((p) => ({
      identity: p.identity,
      name: p.name,
      sub: p.sub,
      role: p.role,
      expectedSource: p.expectedSource,
      cycles: p.cycles.map((c) => ({ joinedAt: iso(c.joinedAt)!, leftAt: c.open ? null : iso(c.leftAt), seconds: c.seconds })),
      firstJoinedAt: iso(p.firstJoinedAt),
      lastLeftAt: p.cycles.some((c) => c.open) ? null : iso(p.lastLeftAt),
      seconds: p.seconds,
      minutes: Math.round(p.seconds / 60),
      percent: p.percent,
      status: p.status,
    })),
    statistics: r.statistics,
  };
}

/**
 * One CSV field (RFC 4180 §2): quoted when it holds a comma, quote, CR or LF, with quotes doubled. Text that a
 * spreadsheet would run as a formula (starting with = + - @ tab or CR) gets a leading apostrophe (OWASP CSV injection).
 */
export function csvField(v: string | number | boolean | null | undefined, opts: { text?: boolean } = {}): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (opts.text) s = inertCsvText(s);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const CSV_COLUMNS = [
  'identity', 'name', 'lti_sub', 'role', 'status', 'percent', 'minutes', 'seconds',
  'first_joined_at', 'last_left_at', 'cycle_count', 'cycles', 'expected_source',
] as const;

/**
 * The report as CSV (RFC 4180: CRLF line ends, a header row, one row per person). `cycles` lists ISO 8601
 * intervals `joinedAt/leftAt` separated by spaces (an open cycle ends in `..`).
 */
export function attendanceCsv(report: AttendanceReport): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const p of report.people) {
    rows.push(
      [
        csvField(p.identity, { text: true }),
        csvField(p.name, { text: true }),
        csvField(p.sub, { text: true }),
        csvField(p.role, { text: true }),
        csvField(p.status),
        csvField(p.percent),
        csvField(p.minutes),
        csvField(p.seconds),
        csvField(p.firstJoinedAt),
        csvField(p.lastLeftAt),
        csvField(p.cycles.length),
        csvField(p.cycles.map((c) => `${c.joinedAt}/${c.leftAt ?? '..'}`).join(' ')),
        csvField(p.expectedSource, { text: true }),
      ].join(','),
    );
  }
  return rows.join('\r\n') + '\r\n';
}
