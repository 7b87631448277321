/**
 * Recurrence: expanding a meeting series into occurrences, in the organiser's IANA zone.
 *
 * The series is DTSTART;TZID=<zone> (the meeting's start, seen in its zone) + RRULE (RFC 5545 §3.3.10,
 * §3.8.5.3), minus EXDATEs (§3.8.5.1), with single occurrences moved by RECURRENCE-ID overrides (§3.8.4.4).
 * Expansion runs on wall-clock time in the zone (rrule-temporal + temporal-polyfill), so a weekly 09:00
 * Europe/Berlin class stays at 09:00 local across daylight-saving changes (07:00Z in summer, 08:00Z in winter).
 * Everything here is pure: no database, no clock.
 */
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { AppError } from '../../errors.js';

/** Occurrence key of a meeting without RRULE. */
export const SINGLE_OCCURRENCE = 'once';

export interface Series {
  /** First occurrence start (DTSTART), UTC instant. */
  startAt: Date;
  /** First occurrence end; the duration of every occurrence is `endAt - startAt`. */
  endAt: Date;
  /** The organiser's IANA zone, e.g. `Europe/Berlin`. */
  timezone: string;
  /** RRULE value without the `RRULE:` prefix, e.g. `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`; null: a single meeting. */
  rrule: string | null;
  /** Occurrences removed (EXDATE), as their original start instants. */
  exdates: Date[];
  /** Moved occurrences: original start (RECURRENCE-ID) → new start/end. */
  overrides: { recurrenceId: Date; startAt: Date; endAt: Date }[];
}

export interface Occurrence {
  /** `once` for a single meeting, else the RECURRENCE-ID as a UTC ISO instant (stable across moves). */
  key: string;
  /** Original start (RECURRENCE-ID), UTC; null for a single meeting. */
  recurrenceId: Date | null;
  startAt: Date;
  endAt: Date;
  /** Wall-clock start/end in the series zone, ISO without offset (`2026-10-26T09:00:00`). */
  localStart: string;
  localEnd: string;
  /** True when a RECURRENCE-ID override moved it. */
  moved: boolean;
}

const DEFAULT_MAX = 1000;

/** The zoned date-time of a UTC instant in `tz`. */
export function zoned(at: Date, tz: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(tz);
}

const local = (at: Date, tz: string) => zoned(at, tz).toPlainDateTime().toString({ smallestUnit: 'second' });

export const occurrenceKey = (recurrenceId: Date | null) => (recurrenceId ? recurrenceId.toISOString() : SINGLE_OCCURRENCE);

/**
 * Check an RRULE value: RFC 5545 syntax, no DTSTART/RDATE lines of its own, UNTIL in UTC when given.
 * @throws AppError 400 `validation_error` with field `recurrence.rrule`
 */
export function validateRrule(rrule: string, startAt: Date, timezone: string): void {
  const fail = (m: string): never => {
    throw new AppError(400, 'validation_error', `recurrence.rrule: ${m}`, 'recurrence.rrule');
  };
  if (/[\r\n:]/.test(rrule.replace(/^RRULE:/i, ''))) fail('give one RRULE value such as FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10');
  if (!/(^|;)FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;|$)/i.test(rrule)) fail('FREQ is required');
  if (/(^|;)FREQ=(SECONDLY|MINUTELY|HOURLY)(;|$)/i.test(rrule)) fail('meetings recur at most daily');
  try {
    const rule = ruleFor({ startAt, timezone, rrule });
    rule.all((_d, i) => i < 2);
  } catch (e) {
    fail(String((e as Error).message ?? e));
  }
}

function ruleFor(s: Pick<Series, 'startAt' | 'timezone' | 'rrule'>) {
  return new RRuleTemporal({
    rruleString: s.rrule!.replace(/^RRULE:/i, ''),
    dtstart: zoned(s.startAt, s.timezone),
    strict: false,
  });
}

function build(s: Series, recurrenceId: Date | null, startAt: Date, endAt: Date, moved: boolean): Occurrence {
  return {
    key: occurrenceKey(recurrenceId),
    recurrenceId,
    startAt,
    endAt,
    localStart: local(startAt, s.timezone),
    localEnd: local(endAt, s.timezone),
    moved,
  };
}

/**
 * Occurrences starting in [from, to) (UTC instants), ordered by start, at most `max`.
 * A moved occurrence appears at its new time (and is gone from its original one); EXDATEs are left out.
 */
export function occurrencesBetween(s: Series, from: Date, to: Date, max = DEFAULT_MAX): Occurrence[] {
  const duration = s.endAt.getTime() - s.startAt.getTime();
  if (!s.rrule) {
    const o = build(s, null, s.startAt, s.endAt, false);
    return s.startAt >= from && s.startAt < to ? [o] : [];
  }
  const ex = new Set(s.exdates.map((d) => d.getTime()));
  const moved = new Map(s.overrides.map((o) => [o.recurrenceId.getTime(), o]));
  const out: Occurrence[] = [];
  const rule = ruleFor(s);
  for (const z of rule.between(from, new Date(to.getTime() - 1), true)) {
    const t = z.epochMilliseconds;
    if (ex.has(t) || moved.has(t)) continue;
    out.push(build(s, new Date(t), new Date(t), new Date(t + duration), false));
    if (out.length >= max) break;
  }
  for (const o of s.overrides) {
    if (ex.has(o.recurrenceId.getTime())) continue;
    if (o.startAt >= from && o.startAt < to) out.push(build(s, o.recurrenceId, o.startAt, o.endAt, true));
  }
  out.sort((a, b) => a.startAt.getTime() - b.startAt.getTime());
  return out.slice(0, max);
}

/** Whether `at` (UTC) is the original start of an occurrence of the rule (RECURRENCE-ID check), EXDATEs aside. */
export function isRuleOccurrence(s: Series, at: Date): boolean {
  if (!s.rrule) return false;
  const hits = ruleFor(s).between(at, at, true);
  return hits.some((z) => z.epochMilliseconds === at.getTime());
}

/** Original start instants of the first `max` occurrences of the rule (for window checks). */
export function firstOccurrences(s: Series, max: number): Occurrence[] {
  if (!s.rrule) return [build(s, null, s.startAt, s.endAt, false)];
  const duration = s.endAt.getTime() - s.startAt.getTime();
  const ex = new Set(s.exdates.map((d) => d.getTime()));
  return ruleFor(s)
    .all((_d, i) => i < max)
    .map((z) => new Date(z.epochMilliseconds))
    .filter((d) => !ex.has(d.getTime()))
    .map((d) => build(s, d, d, new Date(d.getTime() + duration), false));
}

/** The last occurrence end of a finite series (COUNT/UNTIL or single), else null (it never ends). */
export function seriesEnd(s: Series): Date | null {
  if (!s.rrule) return s.endAt;
  if (!/(^|;)(COUNT|UNTIL)=/i.test(s.rrule)) return null;
  const all = ruleFor(s).all((_d, i) => i < 10_000);
  const duration = s.endAt.getTime() - s.startAt.getTime();
  const ex = new Set(s.exdates.map((d) => d.getTime()));
  let last = 0;
  for (const z of all) if (!ex.has(z.epochMilliseconds)) last = Math.max(last, z.epochMilliseconds + duration);
  for (const o of s.overrides) if (!ex.has(o.recurrenceId.getTime())) last = Math.max(last, o.endAt.getTime());
  return last ? new Date(last) : s.endAt;
}

/**
 * A VTIMEZONE block (RFC 5545 §3.6.5) for `tz` covering [fromYear, toYear]: one STANDARD/DAYLIGHT observance per
 * transition, computed from the runtime's time-zone database (Temporal). Used as ical-generator's VTIMEZONE generator.
 */
export function vtimezone(tz: string, fromYear: number, toYear: number): string {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`];
  const fmtOffset = (ns: number) => {
    const m = Math.round(ns / 60e9);
    const sign = m < 0 ? '-' : '+';
    const a = Math.abs(m);
    return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
  };
  const basic = (p: Temporal.PlainDateTime) => p.toString({ smallestUnit: 'second' }).replace(/[-:]/g, '');
  let cursor = Temporal.ZonedDateTime.from({ year: fromYear, month: 1, day: 1, timeZone: tz });
  const end = Temporal.ZonedDateTime.from({ year: toYear + 1, month: 1, day: 1, timeZone: tz });
  const observance = (at: Temporal.ZonedDateTime, fromNs: number) => {
    const toNs = at.offsetNanoseconds;
    const kind = toNs > fromNs ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART of an observance is the local time before the transition (§3.6.5).
    const localBefore = at.toInstant().toZonedDateTimeISO(tz).toPlainDateTime().subtract({ nanoseconds: toNs - fromNs });
    lines.push(`BEGIN:${kind}`, `DTSTART:${basic(localBefore)}`, `TZOFFSETFROM:${fmtOffset(fromNs)}`, `TZOFFSETTO:${fmtOffset(toNs)}`,
      `TZNAME:${at.toLocaleString('en', { timeZoneName: 'short' }).split(' ').pop()}`, `END:${kind}`);
  };
  let prevOffset = cursor.offsetNanoseconds;
  let count = 0;
  for (;;) {
    const next = cursor.getTimeZoneTransition('next');
    if (!next || Temporal.ZonedDateTime.compare(next, end) >= 0) break;
    observance(next, prevOffset);
    prevOffset = next.offsetNanoseconds;
    cursor = next;
    count++;
  }
  if (count === 0) {
    // A zone without transitions in the range: one STANDARD observance with its fixed offset.
    const o = fmtOffset(prevOffset);
    lines.push('BEGIN:STANDARD', `DTSTART:${fromYear}0101T000000`, `TZOFFSETFROM:${o}`, `TZOFFSETTO:${o}`, 'END:STANDARD');
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
