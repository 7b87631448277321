/**
 * Scheduling rules: validating a meeting's schedule against its organisation's settings, occurrences,
 * cancelling or moving one occurrence, and keeping the room lifecycle jobs in step with the meeting.
 *
 * Lifecycle jobs are keyed per (meeting, occurrence, kind) in `meeting_jobs`; the pg-boss job carrying each key
 * has singletonKey `${meetingId}|${occurrenceKey}` on the kind's queue (policy `short`: one queued job per key).
 * `rescheduleJobs` runs in the meeting's transaction (row locked FOR UPDATE): it cancels jobs whose time changed
 * or whose occurrence is gone and sends new ones with the same key, so a move leaves exactly one job per kind.
 */
import { inTransaction, type Deps } from '../deps.js';
import { AppError, notFound } from '../errors.js';
import { lifecycleRetry, queueFor, type LifecycleKind } from '../jobs/queue.js';
import type { ScheduleSettings } from '../schemas/scheduling.js';
import type { Tx } from '../store/db.js';
import * as meetingsStore from '../store/meetings.js';
import type { MeetingRow } from '../store/meetings.js';
import type { Organization } from '../store/organizations.js';
import * as store from '../store/schedule.js';
import type { ScheduleSettingsRow } from '../store/schedule.js';
import { firstOccurrences, isRuleOccurrence, occurrenceKey, occurrencesBetween, SINGLE_OCCURRENCE, validateRrule, zoned, type Occurrence, type Series } from './recurrence.js';

/** Default length of a meeting without an end, minutes. */
export const DEFAULT_DURATION_MINUTES = 60;
/** Jobs are planned for occurrences starting within this many days; the `schedule-horizon` cron extends it. */
export const HORIZON_DAYS = 8;
const MIN = 60_000;

/** The series of a meeting row (with its overrides), ready for expansion. */
export async function seriesOf(sql: Tx, m: MeetingRow): Promise<Series> {
  const startAt = m.scheduledStartAt!;
  const endAt = m.scheduledEndAt ?? new Date(startAt.getTime() + DEFAULT_DURATION_MINUTES * MIN);
  const overrides = m.rrule ? await store.listOverrides(sql, m.id) : [];
  return { startAt, endAt, timezone: m.timezone, rrule: m.rrule, exdates: m.exdates, overrides };
}

const toSettings = (r: ScheduleSettingsRow): ScheduleSettings => ({
  openMinutesBefore: r.openMinutesBefore,
  graceMinutesAfter: r.graceMinutesAfter,
  dailyWindow: r.windowStart && r.windowEnd ? { start: r.windowStart, end: r.windowEnd } : null,
  blockedWeekdays: r.blockedWeekdays as ScheduleSettings['blockedWeekdays'],
  autoEnd: r.autoEnd,
  joinUrlTemplate: r.joinUrlTemplate,
});

/**
 * The organisation's schedule settings (defaults: open 10 min before, end 10 min after, any time, auto-end, invitees
 * join on this server's hosted page).
 */
export async function getSettings(deps: Deps, org: Organization): Promise<ScheduleSettings> {
  return toSettings(await store.getScheduleSettings(deps.sql, org.id));
}

/** Change some settings; later (re)scheduling uses them. */
export async function updateSettings(deps: Deps, org: Organization, patch: Partial<ScheduleSettings>): Promise<ScheduleSettings> {
  const cur = toSettings(await store.getScheduleSettings(deps.sql, org.id));
  const next = { ...cur, ...patch };
  if (next.dailyWindow && next.dailyWindow.end <= next.dailyWindow.start) {
    throw new AppError(400, 'validation_error', 'dailyWindow.end: must be after dailyWindow.start', 'dailyWindow.end');
  }
  await store.putScheduleSettings(deps.sql, org.id, {
    openMinutesBefore: next.openMinutesBefore,
    graceMinutesAfter: next.graceMinutesAfter,
    windowStart: next.dailyWindow?.start ?? null,
    windowEnd: next.dailyWindow?.end ?? null,
    blockedWeekdays: next.blockedWeekdays,
    autoEnd: next.autoEnd,
    joinUrlTemplate: next.joinUrlTemplate,
  });
  return next;
}

const WEEKDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** Check one occurrence against the organisation's daily window and blocked weekdays (in the meeting's zone). */
function checkAgainstSettings(o: { startAt: Date; endAt: Date }, tz: string, s: ScheduleSettingsRow, field: string) {
  const start = zoned(o.startAt, tz);
  const end = zoned(o.endAt, tz);
  if (s.blockedWeekdays.includes(WEEKDAY[start.dayOfWeek - 1]!)) {
    throw new AppError(400, 'outside_schedule', `${field}: ${start.toPlainDate().toString()} is a ${WEEKDAY[start.dayOfWeek - 1]}, blocked for this organisation`, field);
  }
  if (s.windowStart && s.windowEnd) {
    const hm = (z: typeof start) => z.toPlainTime().toString({ smallestUnit: 'minute' });
    const sameDay = start.toPlainDate().equals(end.toPlainDate());
    if (hm(start) < s.windowStart || !sameDay || hm(end) > s.windowEnd) {
      throw new AppError(400, 'outside_schedule', `${field}: ${hm(start)}–${hm(end)} local is outside the daily window ${s.windowStart}–${s.windowEnd}`, field);
    }
  }
}

/**
 * Validate a meeting row's schedule before it is written: RRULE syntax (needs a start), the organisation's
 * window/weekdays for the first 366 occurrences.
 * @throws AppError 400 `validation_error` (recurrence) or `outside_schedule`
 */
export async function validateSchedule(tx: Tx, m: MeetingRow): Promise<void> {
  if (m.rrule && !m.scheduledStartAt) {
    throw new AppError(400, 'validation_error', 'recurrence: needs scheduledStartAt (the first occurrence)', 'scheduledStartAt');
  }
  if (!m.scheduledStartAt) return;
  const series = await seriesOf(tx, m);
  if (m.rrule) validateRrule(m.rrule, series.startAt, series.timezone);
  const settings = await store.getScheduleSettings(tx, m.organizationId);
  if (!settings.windowStart && !settings.blockedWeekdays.length) return;
  for (const o of firstOccurrences(series, 366)) checkAgainstSettings(o, series.timezone, settings, 'scheduledStartAt');
  for (const o of series.overrides) checkAgainstSettings(o, series.timezone, settings, 'startAt');
}

interface WantedJob {
  occurrenceKey: string;
  kind: LifecycleKind;
  runAt: Date;
}

/** The lifecycle jobs a meeting needs now: per occurrence in the horizon, open/reminders/end at their times. */
export function plannedJobs(series: Series | null, m: Pick<MeetingRow, 'status'>, settings: ScheduleSettingsRow, now: Date): WantedJob[] {
  if (!series || (m.status !== 'scheduled' && m.status !== 'live')) return [];
  const grace = settings.graceMinutesAfter * MIN;
  const duration = series.endAt.getTime() - series.startAt.getTime();
  const from = new Date(now.getTime() - grace - duration);
  const to = new Date(now.getTime() + HORIZON_DAYS * 24 * 60 * MIN);
  const out: WantedJob[] = [];
  for (const o of occurrencesBetween(series, from, to, 200)) {
    const endRun = new Date(o.endAt.getTime() + grace);
    if (endRun <= now && !settings.autoEnd) continue;
    const add = (kind: LifecycleKind, at: Date, runIfPast: boolean) => {
      if (at > now || runIfPast) out.push({ occurrenceKey: o.key, kind, runAt: at });
    };
    if (o.endAt > now) add('open-room', new Date(o.startAt.getTime() - settings.openMinutesBefore * MIN), true);
    add('reminder-24h', new Date(o.startAt.getTime() - 24 * 60 * MIN), false);
    add('reminder-15m', new Date(o.startAt.getTime() - 15 * MIN), false);
    if (settings.autoEnd) add('end-room', endRun, true);
  }
  return out;
}

/**
 * Bring the meeting's lifecycle jobs in line with its schedule, inside transaction `tx` (meeting row locked by
 * the caller). Unchanged jobs stay; changed ones are cancelled in pg-boss and sent again under the same key;
 * jobs of occurrences that are gone (cancelled, moved out of the horizon, meeting ended) are cancelled.
 */
export async function rescheduleJobs(deps: Deps, tx: Tx, m: MeetingRow, now = new Date()): Promise<void> {
  const settings = await store.getScheduleSettings(tx, m.organizationId);
  const series = m.scheduledStartAt ? await seriesOf(tx, m) : null;
  const wanted = plannedJobs(series, m, settings, now);
  const existing = await store.listJobs(tx, m.id);
  const keyOf = (j: { occurrenceKey: string; kind: string }) => `${j.occurrenceKey}|${j.kind}`;
  const have = new Map(existing.map((j) => [keyOf(j), j]));
  const want = new Set(wanted.map(keyOf));
  const opts = deps.jobs.inTx(tx);
  for (const j of existing) {
    if (want.has(keyOf(j))) continue;
    if (!j.doneAt) await deps.jobs.boss.cancel(queueFor(j.kind as LifecycleKind), j.jobId, opts);
    // Done jobs of past occurrences stay as a record; pending ones of vanished occurrences go.
    if (!j.doneAt) await store.deleteJob(tx, m.id, j.occurrenceKey, j.kind);
  }
  for (const w of wanted) {
    const cur = have.get(keyOf(w));
    if (cur && cur.runAt.getTime() === w.runAt.getTime()) continue;
    if (cur && !cur.doneAt) await deps.jobs.boss.cancel(queueFor(w.kind), cur.jobId, opts);
    const jobId = await deps.jobs.boss.send(
      queueFor(w.kind),
      { meetingId: m.id, occurrenceKey: w.occurrenceKey, kind: w.kind },
      { ...opts, ...lifecycleRetry(deps.config), singletonKey: `${m.id}|${w.occurrenceKey}`, startAfter: w.runAt },
    );
    if (!jobId) throw new Error(`job ${w.kind} for ${m.id}|${w.occurrenceKey} was not queued (duplicate singleton key)`);
    await store.upsertJob(tx, { meetingId: m.id, occurrenceKey: w.occurrenceKey, kind: w.kind, jobId, runAt: w.runAt });
  }
}

/** Re-plan every open meeting (the `schedule-horizon` cron, and the CLI). */
export async function rescheduleAll(deps: Deps, now = new Date()): Promise<number> {
  const ids = await store.listSchedulableMeetingIds(deps.sql);
  for (const { id } of ids) {
    await deps.sql.begin(async (tx) => {
      const m = await meetingsStore.findMeetingById(tx, id);
      if (!m) return;
      await tx`SELECT 1 FROM meetings WHERE id = ${id} FOR UPDATE`;
      await rescheduleJobs(deps, tx, m, now);
    });
  }
  return ids.length;
}

const toOut = (o: Occurrence, tz: string) => ({
  key: o.key,
  recurrenceId: o.recurrenceId ? o.recurrenceId.toISOString() : null,
  startAt: o.startAt.toISOString(),
  endAt: o.endAt.toISOString(),
  localStart: o.localStart,
  localEnd: o.localEnd,
  timezone: tz,
  moved: o.moved,
});

/** Whether the meeting's LiveKit room exists now; `unknown` when LiveKit does not answer within 1.5 s. */
export async function liveState(deps: Deps, roomName: string): Promise<'open' | 'closed' | 'unknown'> {
  try {
    const rooms = await Promise.race([
      deps.livekit.rooms.listRooms([roomName]),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 1500).unref()),
    ]);
    return rooms.some((r) => r.name === roomName) ? 'open' : 'closed';
  } catch {
    return 'unknown';
  }
}

/**
 * Occurrences of a meeting starting in [from, to) (UTC; default now … now + 90 days), with local wall-clock times.
 * @throws AppError 404 not in org; 400 `to` not after `from`
 */
export async function listOccurrences(deps: Deps, org: Organization, id: string, q: { from?: string; to?: string; limit: number }, now = new Date()) {
  const m = await meetingsStore.findMeeting(deps.sql, org.id, id);
  if (!m) throw notFound('meeting');
  const from = q.from ? new Date(q.from) : now;
  const to = q.to ? new Date(q.to) : new Date(from.getTime() + 90 * 24 * 60 * MIN);
  if (to <= from) throw new AppError(400, 'validation_error', 'to: must be after from', 'to');
  const items = m.scheduledStartAt ? occurrencesBetween(await seriesOf(deps.sql, m), from, to, q.limit).map((o) => toOut(o, m.timezone)) : [];
  return { meetingId: m.id, timezone: m.timezone, live: await liveState(deps, m.roomName), items };
}

async function lockedRecurring(tx: Tx, org: Organization, id: string, key: string) {
  const m = await meetingsStore.findMeeting(tx, org.id, id, { forUpdate: true });
  if (!m) throw notFound('meeting');
  if (m.status === 'cancelled') throw new AppError(409, 'meeting_cancelled', 'This meeting was cancelled');
  if (m.status === 'ended') throw new AppError(409, 'meeting_ended', 'This meeting has ended');
  if (!m.rrule || !m.scheduledStartAt) {
    throw new AppError(400, 'not_recurring', key === SINGLE_OCCURRENCE ? 'Use PATCH /meetings/{id} or POST /meetings/{id}/cancel for a single meeting' : 'This meeting does not recur', 'key');
  }
  const recurrenceId = new Date(key);
  const series = await seriesOf(tx, m);
  if (isNaN(recurrenceId.getTime()) || !isRuleOccurrence(series, recurrenceId)) throw notFound('occurrence');
  if (m.exdates.some((d) => d.getTime() === recurrenceId.getTime())) throw new AppError(409, 'occurrence_cancelled', 'This occurrence was cancelled');
  return { m, recurrenceId, series };
}

/**
 * Cancel one occurrence of a series: adds an EXDATE (RFC 5545 §3.8.5.1), bumps SEQUENCE, drops its jobs, and
 * sends attendees a METHOD:CANCEL with its RECURRENCE-ID.
 * @throws AppError 404 meeting/occurrence; 400 not recurring; 409 cancelled/ended meeting or occurrence
 */
export async function cancelOccurrence(deps: Deps, org: Organization, id: string, key: string) {
  const { occurrence } = await deps.sql.begin(async (tx) => {
    const { m, recurrenceId, series } = await lockedRecurring(tx, org, id, key);
    const moved = series.overrides.find((o) => o.recurrenceId.getTime() === recurrenceId.getTime());
    const duration = series.endAt.getTime() - series.startAt.getTime();
    const occurrence = {
      key: occurrenceKey(recurrenceId),
      recurrenceId,
      startAt: moved?.startAt ?? recurrenceId,
      endAt: moved?.endAt ?? new Date(recurrenceId.getTime() + duration),
      localStart: '',
      localEnd: '',
      moved: !!moved,
    };
    occurrence.localStart = zoned(occurrence.startAt, m.timezone).toPlainDateTime().toString({ smallestUnit: 'second' });
    occurrence.localEnd = zoned(occurrence.endAt, m.timezone).toPlainDateTime().toString({ smallestUnit: 'second' });
    const row = await meetingsStore.updateMeeting(tx, { ...m, exdates: [...m.exdates, recurrenceId], sequence: m.sequence + 1 });
    await rescheduleJobs(deps, tx, row);
    const { notifyAttendees } = await import('./invitations.js');
    await notifyAttendees(inTransaction(deps, tx), id, { method: 'CANCEL', occurrence }); // in the transaction: all or nothing
    return { occurrence };
  });
  return toOut(occurrence, (await meetingsStore.findMeeting(deps.sql, org.id, id))!.timezone);
}

/**
 * Move one occurrence of a series (RECURRENCE-ID override, RFC 5545 §3.8.4.4): new start, and end (default: same
 * duration). Bumps SEQUENCE, reschedules that occurrence's jobs, sends attendees a REQUEST for that occurrence.
 * @throws AppError 404; 400 not recurring / outside the organisation's schedule; 409 cancelled
 */
export async function moveOccurrence(deps: Deps, org: Organization, id: string, key: string, body: { startAt: string; endAt?: string }) {
  const result = await deps.sql.begin(async (tx) => {
    const { m, recurrenceId, series } = await lockedRecurring(tx, org, id, key);
    const duration = series.endAt.getTime() - series.startAt.getTime();
    const startAt = new Date(body.startAt);
    const endAt = body.endAt ? new Date(body.endAt) : new Date(startAt.getTime() + duration);
    const settings = await store.getScheduleSettings(tx, m.organizationId);
    checkAgainstSettings({ startAt, endAt }, m.timezone, settings, 'startAt');
    const row = await meetingsStore.updateMeeting(tx, { ...m, sequence: m.sequence + 1 });
    await store.upsertOverride(tx, { meetingId: m.id, recurrenceId, startAt, endAt, sequence: row.sequence });
    await rescheduleJobs(deps, tx, row);
    const after = await seriesOf(tx, row);
    const o = occurrencesBetween(after, startAt, new Date(startAt.getTime() + 1), 10).find((x) => x.key === occurrenceKey(recurrenceId))!;
    const { notifyAttendees } = await import('./invitations.js');
    await notifyAttendees(inTransaction(deps, tx), id, { method: 'REQUEST', occurrence: o }); // in the transaction: all or nothing
    return { o, tz: row.timezone };
  });
  return toOut(result.o, result.tz);
}
