/**
 * Recurrence: the one expansion of a meeting series into occurrences, in the organiser's IANA zone. The occurrence
 * listing, the room lifecycle jobs, reminders, invitations and the feed all read occurrences from here.
 *
 * The series is DTSTART;TZID=<zone> (the meeting's start, seen in its zone) + RRULE (RFC 5545 §3.3.10,
 * §3.8.5.3), minus EXDATEs (§3.8.5.1), with single occurrences moved by RECURRENCE-ID overrides (§3.8.4.4).
 * The rule is expanded on the local wall clock ("floating" time, rrule-temporal) and each local date-time is then
 * placed in the zone as §3.3.5 says: a local time that does not exist (a DST gap) is read with the UTC offset before
 * the gap, i.e. moves forward by the gap; a local time that occurs twice (an overlap) is the first of the two
 * (Temporal's `compatible` disambiguation). So a daily 02:30 America/New_York series gives 14 March 2027 at
 * 03:30 EDT (07:30Z), as python-dateutil, recurring-ical-events and ical.js do; a weekly 09:00 Europe/Berlin class
 * stays at 09:00 local across daylight-saving changes. DTSTART always counts as the first occurrence (§3.8.5.3).
 * UNTIL (UTC, §3.3.10) is compared with the placed instants.
 *
 * Limits (stated in the API schema, checked by `validateRrule`): FREQ at most DAILY, COUNT ≤ 1000, at most 366
 * occurrences in the first year, and a horizon of 10 years after DTSTART: UNTIL at most that, the last occurrence
 * of a COUNT series within it, and a series without COUNT/UNTIL has no occurrence after it (the .ics says so with
 * an UNTIL). Everything here is pure: no database, no clock.
 */
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { AppError } from '../../errors.js';
import { HORIZON_YEARS, MAX_COUNT, MAX_PER_YEAR } from './schemas.js';

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

/** One occurrence of the rule: its instant (ms since the epoch, UTC) and the local date-time the rule produced. */
interface RuleHit {
  at: number;
  local: Temporal.PlainDateTime;
}

const DEFAULT_MAX = 1000;
const HOUR = 3600_000;

/** The zoned date-time of a UTC instant in `tz`. */
export function zoned(at: Date, tz: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(tz);
}

const local = (at: Date, tz: string) => zoned(at, tz).toPlainDateTime().toString({ smallestUnit: 'second' });

export const occurrenceKey = (recurrenceId: Date | null) => (recurrenceId ? recurrenceId.toISOString() : SINGLE_OCCURRENCE);

/** A local date-time in `tz` as an instant, per RFC 5545 §3.3.5 (gap: offset before it; overlap: the first). */
const place = (p: Temporal.PlainDateTime, tz: string) => p.toZonedDateTime(tz, { disambiguation: 'compatible' }).epochMilliseconds;

const PART_NAMES = ['FREQ', 'UNTIL', 'COUNT', 'INTERVAL', 'BYSECOND', 'BYMINUTE', 'BYHOUR', 'BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYMONTH', 'BYSETPOS', 'WKST'];
const DAY_NAMES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** RRULE value → its parts (upper case, `RRULE:` prefix dropped). @throws Error with a user-facing message */
function parseParts(rrule: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const p of rrule.replace(/^RRULE:/i, '').toUpperCase().split(';')) {
    const m = /^([A-Z]+)=([A-Z0-9,+-]+)$/.exec(p);
    if (!m) throw new Error(`"${p}" is not NAME=VALUE; give one RRULE value such as FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`);
    if (!PART_NAMES.includes(m[1]!)) throw new Error(`unknown rule part ${m[1]} (RFC 5545 §3.3.10)`);
    if (parts.has(m[1]!)) throw new Error(`${m[1]} is given twice`);
    parts.set(m[1]!, m[2]!);
  }
  return parts;
}

/** Check each rule part's syntax and range (RFC 5545 §3.3.10). @throws Error with a user-facing message */
function checkParts(parts: Map<string, string>): void {
  const freq = parts.get('FREQ');
  if (!freq) throw new Error('FREQ is required');
  if (['SECONDLY', 'MINUTELY', 'HOURLY'].includes(freq)) throw new Error('meetings recur at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)');
  if (!['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(freq)) throw new Error(`FREQ=${freq} is not a frequency`);
  if (parts.has('COUNT') && parts.has('UNTIL')) throw new Error('COUNT and UNTIL must not both be given (RFC 5545 §3.3.10)');
  const int = (name: string, v: string, min: number, max: number, signed = false) => {
    const n = /^[+-]?\d{1,4}$/.test(v) && (signed || /^\d/.test(v)) ? Number(v) : NaN;
    if (!Number.isInteger(n) || Math.abs(n) < min || Math.abs(n) > max || (!signed && n < min)) {
      throw new Error(`${name}=${v}: must be ${signed ? `±${min}…${max}` : `${min}…${max}`}`);
    }
    return n;
  };
  const list = (name: string, min: number, max: number, signed = false) => {
    const v = parts.get(name);
    if (v !== undefined) for (const x of v.split(',')) int(name, x, min, max, signed);
  };
  const c = parts.get('COUNT');
  if (c !== undefined) int('COUNT', c, 1, MAX_COUNT);
  const iv = parts.get('INTERVAL');
  if (iv !== undefined) int('INTERVAL', iv, 1, 1000);
  const u = parts.get('UNTIL');
  if (u !== undefined && !/^\d{8}T\d{6}Z$/.test(u)) throw new Error(`UNTIL=${u}: must be a UTC date-time such as 20271231T235959Z (RFC 5545 §3.3.10, DTSTART has a TZID)`);
  list('BYSECOND', 0, 60);
  list('BYMINUTE', 0, 59);
  list('BYHOUR', 0, 23);
  list('BYMONTHDAY', 1, 31, true);
  list('BYYEARDAY', 1, 366, true);
  list('BYWEEKNO', 1, 53, true);
  list('BYMONTH', 1, 12);
  list('BYSETPOS', 1, 366, true);
  const byday = parts.get('BYDAY');
  if (byday !== undefined) {
    for (const d of byday.split(',')) {
      const m = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(d);
      if (!m || !DAY_NAMES.includes(m[2]!)) throw new Error(`BYDAY=${d}: must be a weekday (MO…SU), optionally with an ordinal such as 2MO or -1FR`);
      if (m[1] !== undefined) {
        int('BYDAY', m[1], 1, 53, true);
        if (freq !== 'MONTHLY' && freq !== 'YEARLY') throw new Error(`BYDAY=${d}: an ordinal weekday needs FREQ=MONTHLY or YEARLY`);
        if (freq === 'YEARLY' && parts.has('BYWEEKNO')) throw new Error(`BYDAY=${d}: no ordinal weekday with BYWEEKNO`);
      }
    }
  }
  const wkst = parts.get('WKST');
  if (wkst !== undefined && !DAY_NAMES.includes(wkst)) throw new Error(`WKST=${wkst}: must be a weekday (MO…SU)`);
  if (parts.has('BYMONTHDAY') && freq === 'WEEKLY') throw new Error('BYMONTHDAY is not allowed with FREQ=WEEKLY');
  if (parts.has('BYYEARDAY') && freq !== 'YEARLY') throw new Error('BYYEARDAY needs FREQ=YEARLY');
  if (parts.has('BYWEEKNO') && freq !== 'YEARLY') throw new Error('BYWEEKNO needs FREQ=YEARLY');
  if (parts.has('BYSETPOS') && ![...parts.keys()].some((k) => k.startsWith('BY') && k !== 'BYSETPOS')) throw new Error('BYSETPOS needs another BYxxx rule part');
}

/** UNTIL=yyyymmddThhmmssZ → ms since the epoch. */
const untilMs = (u: string) =>
  Date.UTC(+u.slice(0, 4), +u.slice(4, 6) - 1, +u.slice(6, 8), +u.slice(9, 11), +u.slice(11, 13), +u.slice(13, 15));

/** The instant a series' horizon ends (DTSTART + 10 years on the local calendar), ms. */
export function horizonEnd(s: Pick<Series, 'startAt' | 'timezone'>): number {
  return zoned(s.startAt, s.timezone).add({ years: HORIZON_YEARS }).epochMilliseconds;
}

interface Rule {
  /** The rule without UNTIL, expanded on floating time (the local wall clock written as UTC). */
  floating: RRuleTemporal;
  /** Nothing starts at or after this instant (ms): UNTIL + 1 ms or the horizon, whichever is first. */
  stop: number;
  finite: boolean;
}

function ruleFor(s: Pick<Series, 'startAt' | 'timezone' | 'rrule'>): Rule {
  const parts = parseParts(s.rrule!);
  const until = parts.get('UNTIL');
  parts.delete('UNTIL');
  const dtstart = zoned(s.startAt, s.timezone).toPlainDateTime().toZonedDateTime('UTC');
  const floating = new RRuleTemporal({
    rruleString: [...parts].map(([k, v]) => `${k}=${v}`).join(';'),
    dtstart,
    includeDtstart: true,
    strict: false,
  });
  const horizon = horizonEnd(s);
  return { floating, stop: until ? Math.min(untilMs(until) + 1, horizon) : horizon, finite: !!until || parts.has('COUNT') };
}

// Finite series (COUNT ≤ 1000, or UNTIL within 10 years at ≤ 366 a year) are expanded once and kept here.
const finiteCache = new Map<string, RuleHit[]>();

/** Every occurrence of a finite rule, in order. */
function finiteHits(s: Series, rule: Rule): RuleHit[] {
  const key = `${s.startAt.getTime()}|${s.timezone}|${s.rrule}`;
  const hit = finiteCache.get(key);
  if (hit) return hit;
  // Floating time is ahead of UTC by at most 14 h: stop once the wall clock is past stop + 15 h.
  const out = toHits(rule.floating.all((d, i) => d.epochMilliseconds < rule.stop + 15 * HOUR && i < HORIZON_YEARS * MAX_PER_YEAR + 50), s, rule);
  if (finiteCache.size >= 500) finiteCache.delete(finiteCache.keys().next().value!);
  finiteCache.set(key, out);
  return out;
}

function toHits(zs: Temporal.ZonedDateTime[], s: Series, rule: Rule): RuleHit[] {
  const start = s.startAt.getTime();
  return zs
    .map((z) => ({ local: z.toPlainDateTime(), at: place(z.toPlainDateTime(), s.timezone) }))
    .filter((h) => h.at >= start && h.at < rule.stop)
    .sort((a, b) => a.at - b.at);
}

/**
 * The rule's occurrences (before EXDATEs and moves) starting in [from, to), in order. A rule that cannot be
 * expanded (stored before rules were checked) yields DTSTART only.
 */
function ruleHits(s: Series, from: number, to: number): RuleHit[] {
  const start = s.startAt.getTime();
  const first = () => (start >= from && start < to ? [{ at: start, local: zoned(s.startAt, s.timezone).toPlainDateTime() }] : []);
  if (!s.rrule) return first();
  try {
    const rule = ruleFor(s);
    const lo = Math.max(from, start);
    const hi = Math.min(to, rule.stop);
    if (lo >= hi) return [];
    if (rule.finite) return finiteHits(s, rule).filter((h) => h.at >= lo && h.at < hi);
    // Floating time = instant + offset, offsets within −12 h…+14 h: widen the window, then filter on the instants.
    const zs = rule.floating.between(new Date(lo - 13 * HOUR), new Date(hi + 15 * HOUR), true);
    return toHits(zs, s, rule).filter((h) => h.at >= lo && h.at < hi);
  } catch {
    return first();
  }
}

/**
 * Check an RRULE value for a series starting at `startAt` (UTC) in `timezone`: RFC 5545 §3.3.10 syntax and ranges
 * (known parts, each once; COUNT and UNTIL not both; UNTIL in UTC), FREQ at most DAILY, COUNT ≤ 1000, at most
 * 366 occurrences in the first year, UNTIL after the start and at most 10 years after it, the last occurrence of a
 * COUNT series within 10 years, and at least one occurrence after the first.
 * @throws AppError 400 `validation_error` with field `recurrence.rrule`
 */
export function validateRrule(rrule: string, startAt: Date, timezone: string): void {
  const fail = (m: string): never => {
    throw new AppError(400, 'validation_error', `recurrence.rrule: ${m}`, 'recurrence.rrule');
  };
  let parts: Map<string, string>;
  try {
    parts = parseParts(rrule);
    checkParts(parts);
  } catch (e) {
    return fail((e as Error).message);
  }
  const s: Series = { startAt, endAt: startAt, timezone, rrule, exdates: [], overrides: [] };
  const horizon = horizonEnd(s);
  const until = parts.get('UNTIL');
  if (until && untilMs(until) < startAt.getTime()) fail(`UNTIL=${until} is before the first occurrence (scheduledStartAt)`);
  if (until && untilMs(until) >= horizon) fail(`UNTIL=${until} is more than ${HORIZON_YEARS} years after the first occurrence`);
  let rule: Rule;
  let firstYear: Temporal.ZonedDateTime[];
  const yearEnd = zoned(startAt, timezone).add({ years: 1 }).epochMilliseconds;
  try {
    rule = ruleFor(s);
    if (rule.floating.all((_d, i) => i < 2).length < 2 && !parts.has('COUNT') && !until) fail('the rule gives no occurrence after the first');
    firstYear = rule.floating.all((d, i) => d.epochMilliseconds < yearEnd + 15 * HOUR && i <= MAX_PER_YEAR + 30);
  } catch (e) {
    if (e instanceof AppError) throw e;
    return fail(`the rule gives no occurrence after the first within ${HORIZON_YEARS} years (${(e as Error).message})`);
  }
  if (toHits(firstYear, s, rule).filter((h) => h.at < yearEnd).length > MAX_PER_YEAR) {
    fail(`more than ${MAX_PER_YEAR} occurrences in the first year; meetings recur at most daily`);
  }
  const count = parts.get('COUNT');
  if (count && finiteHits(s, rule).length < Number(count)) fail(`COUNT=${count} reaches beyond ${HORIZON_YEARS} years after the first occurrence`);
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
 * A window beyond the horizon (10 years after DTSTART) or after UNTIL/COUNT is empty.
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
  for (const { at: t } of ruleHits(s, from.getTime(), to.getTime())) {
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
  return ruleHits(s, at.getTime(), at.getTime() + 1).length > 0;
}

/**
 * The local date-time the rule gives for the occurrence at `recurrenceId` (UTC), for EXDATE and RECURRENCE-ID
 * with TZID (§3.8.5.1, §3.8.4.4): in a DST gap it is the nonexistent wall time the rule names (02:30), not the
 * wall time of the instant (03:30), so a calendar matches it with the occurrence it expands.
 */
export function ruleLocalTime(s: Series, recurrenceId: Date): Temporal.PlainDateTime {
  const hit = s.rrule ? ruleHits(s, recurrenceId.getTime(), recurrenceId.getTime() + 1)[0] : undefined;
  return hit?.local ?? zoned(recurrenceId, s.timezone).toPlainDateTime();
}

/** The first `max` occurrences of the rule, EXDATEs left out (for window checks). */
export function firstOccurrences(s: Series, max: number): Occurrence[] {
  if (!s.rrule) return [build(s, null, s.startAt, s.endAt, false)];
  const duration = s.endAt.getTime() - s.startAt.getTime();
  const ex = new Set(s.exdates.map((d) => d.getTime()));
  const yearEnd = zoned(s.startAt, s.timezone).add({ years: 1 }).epochMilliseconds;
  return ruleHits(s, s.startAt.getTime(), Math.max(yearEnd, s.startAt.getTime() + 1))
    .slice(0, max)
    .filter((h) => !ex.has(h.at))
    .map((h) => build(s, new Date(h.at), new Date(h.at), new Date(h.at + duration), false));
}

/** The last occurrence end of a finite series (COUNT/UNTIL or single), else null (it runs to the horizon). */
export function seriesEnd(s: Series): Date | null {
  if (!s.rrule) return s.endAt;
  if (!/(^|;)(COUNT|UNTIL)=/i.test(s.rrule)) return null;
  const duration = s.endAt.getTime() - s.startAt.getTime();
  const ex = new Set(s.exdates.map((d) => d.getTime()));
  let last = 0;
  for (const h of ruleHits(s, s.startAt.getTime(), horizonEnd(s))) if (!ex.has(h.at)) last = Math.max(last, h.at + duration);
  for (const o of s.overrides) if (!ex.has(o.recurrenceId.getTime())) last = Math.max(last, o.endAt.getTime());
  return last ? new Date(last) : s.endAt;
}

/**
 * The RRULE value to publish in an .ics (RFC 5545 §3.8.5.3): the stored rule in upper case, with an UNTIL at the
 * horizon (10 years after DTSTART) when it has neither COUNT nor UNTIL, so calendars show what the server runs.
 */
export function publishedRrule(s: Series): string {
  const rule = s.rrule!.replace(/^RRULE:/i, '').toUpperCase();
  if (/(^|;)(COUNT|UNTIL)=/.test(rule)) return rule;
  const until = new Date(horizonEnd(s) - 1000).toISOString().replace(/[-:]|\.\d{3}/g, '');
  return `${rule};UNTIL=${until}`;
}

/**
 * A VTIMEZONE block (RFC 5545 §3.6.5) for `tz`, with TZID `tz`: STANDARD/DAYLIGHT observances with yearly RRULEs
 * from the maintained tzdata → VTIMEZONE library `timezones-ical-library`, so it is right for every year the zone's
 * current rules hold (a series without end included). A zone the library does not know gets its transitions listed
 * one by one for [fromYear, toYear], computed from the runtime's time-zone database (Temporal).
 */
export function vtimezone(tz: string, fromYear: number, toYear: number): string {
  const fromLib = tzlib_get_ical_block(tz);
  const block = Array.isArray(fromLib) ? fromLib[0] : '';
  if (block && block.startsWith('BEGIN:VTIMEZONE')) return block.replace(/^TZID:.*$/m, `TZID:${tz}`).replace(/\r?\n/g, '\r\n');
  return listedVtimezone(tz, fromYear, toYear);
}

/** VTIMEZONE with one observance per transition in [fromYear, toYear] (fallback of `vtimezone`). */
function listedVtimezone(tz: string, fromYear: number, toYear: number): string {
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
    lines.push(`BEGIN:${kind}`, `DTSTART:${basic(localBefore)}`, `TZOFFSETFROM:${fmtOffset(fromNs)}`, `TZOFFSETTO:${fmtOffset(toNs)}`, `END:${kind}`);
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
