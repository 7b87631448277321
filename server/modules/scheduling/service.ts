/**
 * Scheduling rules (the scheduling module, below meetings): a meeting's series and its occurrences, validating a
 * schedule against its organisation's settings (daily window, blocked weekdays), the settings themselves, and
 * keeping the room lifecycle jobs in step with the meeting. It works on the meetings given to it (ScheduledMeeting:
 * the meetings module's rows have these fields) and on its own tables (schedule settings, occurrence overrides, `meeting_jobs`); it never imports the meetings module's
 * code (occurrence cancel/move live in meetings/occurrences.ts). Imports: this module, server/jobs, server/db.
 *
 * Lifecycle jobs are keyed per (meeting, occurrence, kind) in `meeting_jobs`; the pg-boss job carrying each key
 * has singletonKey `${meetingId}|${occurrenceKey}` on the kind's queue (policy `short`: one queued job per key).
 * `rescheduleJobs` runs in the meeting's transaction (row locked FOR UPDATE): it cancels jobs whose time changed
 * or whose occurrence is gone and sends new ones with the same key, so a move leaves exactly one job per kind.
 */
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { lifecycleRetry, queueFor, type LifecycleKind } from './queues.js';
import type { ScheduleSettings } from './schemas.js';
import type { Tx } from '../../db/db.js';
import type { Organization } from '../organizations/store.js';
import * as store from './store.js';
import type { ScheduleSettingsRow } from './store.js';
import { firstOccurrences, isRuleOccurrence, occurrenceKey, occurrencesBetween, SINGLE_OCCURRENCE, validateRrule, zoned, type Occurrence, type Series } from './recurrence.js';

/** What scheduling reads of a meeting: its schedule, and whose it is (the meetings module's MeetingRow has all of it). */
export interface ScheduledMeeting {
  id: string;
  organizationId: string;
  status: 'scheduled' | 'live' | 'ended' | 'cancelled';
  /** UTC; null for a meeting without a schedule. */
  scheduledStartAt: Date | null;
  scheduledEndAt: Date | null;
  /** The organiser's IANA zone: the RRULE's wall clock. */
  timezone: string;
  /** RFC 5545 RRULE value (no `RRULE:` prefix); null for a single meeting. */
  rrule: string | null;
  /** EXDATEs: original start instants of removed occurrences. */
  exdates: Date[];
}

/** Default length of a meeting without an end, minutes. */
export const DEFAULT_DURATION_MINUTES = 60;
/** Jobs are planned for occurrences starting within this many days; the `schedule-horizon` cron extends it. */
export const HORIZON_DAYS = 8;
const MIN = 60_000;

/** The series of a meeting row (with its overrides), ready for expansion. */
export async function seriesOf(sql: Tx, m: ScheduledMeeting): Promise<Series> {
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

/**
 * Check one occurrence against the organisation's daily window and blocked weekdays (in the meeting's zone).
 * @throws AppError 400 `outside_schedule` naming `field`
 */
export function checkAgainstSettings(o: { startAt: Date; endAt: Date }, tz: string, s: ScheduleSettingsRow, field: string) {
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
export async function validateSchedule(tx: Tx, m: ScheduledMeeting): Promise<void> {
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
export function plannedJobs(series: Series | null, m: Pick<ScheduledMeeting, 'status'>, settings: ScheduleSettingsRow, now: Date): WantedJob[] {
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
export async function rescheduleJobs(deps: Deps, tx: Tx, m: ScheduledMeeting, now = new Date()): Promise<void> {
  const settings = await store.getScheduleSettings(tx, m.organizationId);
  const series = m.scheduledStartAt ? await seriesOf(tx, m) : null;
  const wanted = plannedJobs(series, m, settings, now);
  const existing = await store.listJobs(tx, m.id);
  const keyOf = (j: { occurrenceKey: string; kind: string }) => `${j.occurrenceKey}|${j.kind}`;
  const have = new Map(existing.map((j) => [keyOf(j), j]));
  const want = new Set(wanted.map(keyOf));
  const opts = deps.jobs.inTx(tx);
  for (const j of existing) {
    // Done jobs of past occurrences stay as a record; pending ones of vanished occurrences go.
    if (want.has(keyOf(j)) || j.doneAt) continue;
    await deps.jobs.boss.cancel(queueFor(j.kind as LifecycleKind), j.jobId, opts);
    await store.deleteJob(tx, m.id, j.occurrenceKey, j.kind);
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
