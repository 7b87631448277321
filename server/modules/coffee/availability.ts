/**
 * Weekly availability → UTC half-hour slot masks over one week (pure; Temporal for zone conversion).
 *
 * A person states availability in their own IANA zone as weekly windows (`{weekday: 1 (Monday)…7, start:
 * 'HH:MM', end: 'HH:MM'}`, end may be `24:00`). For a given week (`weekStart` = a UTC Monday 00:00 instant) we
 * turn each window into UTC instants with that zone's rules on that date (DST included) and merge the intervals
 * that touch: Fri 22:00–24:00 and Sat 00:00–01:00 are one stretch, whatever the zone's offset. That one reading
 * (`weeklyIntervalsUtc`) serves both the matcher (`weekMask`: 336 half-hour slots, slot s = [weekStart + 30 min·s,
 * +30 min), set when the whole half hour is inside a stretch) and the request check (`fitsAvailability`).
 *
 * Local times the zone skips (spring forward) or repeats (fall back) read as "the first instant the local clock
 * shows that time or later": a window 00:30–01:30 on the night London skips 01:00–02:00 ends at the jump.
 */
import { Temporal } from 'temporal-polyfill';

export const SLOT_MS = 30 * 60_000;
export const SLOTS_PER_WEEK = 7 * 48;
/** 32-bit words per week mask. */
export const MASK_WORDS = Math.ceil(SLOTS_PER_WEEK / 32);
export const WEEK_MS = 7 * 24 * 3600_000;

export interface WeeklyWindow {
  /** ISO weekday: 1 = Monday … 7 = Sunday, in the person's zone. */
  weekday: number;
  /** 'HH:MM' local time, inclusive. */
  start: string;
  /** 'HH:MM' local time, exclusive; '24:00' = end of day. */
  end: string;
}

/**
 * Windows of the same weekday that overlap, touch or repeat, merged into one (Mon 09–11 + Mon 10–12 → Mon 09–12;
 * Mon 09–10 + Mon 10–11 → Mon 09–11), sorted by weekday and start. Windows on different weekdays stay apart
 * (Fri 22:00–24:00 and Sat 00:00–01:00 are two windows; `weeklyIntervalsUtc` joins them).
 */
export function mergeWindows(windows: readonly WeeklyWindow[]): WeeklyWindow[] {
  const sorted = [...windows].sort((a, b) => a.weekday - b.weekday || minutesOf(a.start) - minutesOf(b.start));
  const out: WeeklyWindow[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && last.weekday === w.weekday && minutesOf(w.start) <= minutesOf(last.end)) {
      if (minutesOf(w.end) > minutesOf(last.end)) last.end = w.end;
    } else out.push({ weekday: w.weekday, start: w.start, end: w.end });
  }
  return out;
}

/** 'HH:MM' → minutes since midnight (no allocation: this runs for every window of every person). */
function minutesOf(hhmm: string): number {
  const c = (i: number) => hhmm.charCodeAt(i) - 48;
  return (c(0) * 10 + c(1)) * 60 + c(3) * 10 + c(4);
}

// Per (zone, week): the ISO weekday of the 9 local dates from the day before the week to its last day, and a memo
// (date index, minute of day) → epoch ms. Temporal runs only on a memo miss.
interface ZoneWeek {
  dates: Temporal.PlainDate[];
  dows: number[];
  memo: Map<number, number>;
}
const zoneWeeks = new Map<string, ZoneWeek>();
function zoneWeek(zone: string, weekStartMs: number): ZoneWeek {
  const key = `${zone}|${weekStartMs}`;
  let zw = zoneWeeks.get(key);
  if (!zw) {
    const first = Temporal.Instant.fromEpochMilliseconds(weekStartMs).toZonedDateTimeISO('UTC').toPlainDate().subtract({ days: 1 });
    const dates = Array.from({ length: 9 }, (_, d) => first.add({ days: d }));
    zw = { dates, dows: dates.map((d) => d.dayOfWeek), memo: new Map() };
    if (zoneWeeks.size > 5_000) zoneWeeks.clear();
    zoneWeeks.set(key, zw);
  }
  return zw;
}

function localToEpoch(zone: string, date: Temporal.PlainDate, minute: number): number {
  const d = minute >= 1440 ? date.add({ days: 1 }) : date;
  const m = minute % 1440;
  const plainTime = new Temporal.PlainTime(Math.floor(m / 60), m % 60);
  const zdt = d.toZonedDateTime({ timeZone: zone, plainTime });
  // A skipped local time (DST gap): Temporal's 'compatible' moves it forward by the gap; the clock first reads
  // this time or later at the transition itself.
  if (zdt.hour * 60 + zdt.minute !== m || !zdt.toPlainDate().equals(d)) {
    const t = zdt.getTimeZoneTransition('previous');
    if (t) return t.epochMilliseconds;
  }
  return zdt.epochMilliseconds;
}

function zoneWeekEpoch(zw: ZoneWeek, zone: string, d: number, minute: number): number {
  const key = d * 1441 + minute;
  let v = zw.memo.get(key);
  if (v === undefined) zw.memo.set(key, (v = localToEpoch(zone, zw.dates[d]!, minute)));
  return v;
}

/**
 * UTC intervals `[startMs, endMs)` of `windows` (in `zone`) that touch the week starting at `weekStartMs`
 * (clipped to that week), sorted and merged.
 */
export function weeklyIntervalsUtc(windows: readonly WeeklyWindow[], zone: string, weekStartMs: number): [number, number][] {
  const weekEnd = weekStartMs + WEEK_MS;
  const zw = zoneWeek(zone, weekStartMs);
  const out: [number, number][] = [];
  for (let d = 0; d < 9; d++) {
    for (const w of windows) {
      if (w.weekday !== zw.dows[d]) continue;
      const s = Math.max(zoneWeekEpoch(zw, zone, d, minutesOf(w.start)), weekStartMs);
      const e = Math.min(zoneWeekEpoch(zw, zone, d, minutesOf(w.end)), weekEnd);
      if (e > s) out.push([s, e]);
    }
  }
  out.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const iv of out) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  return merged;
}

/**
 * The week mask (MASK_WORDS × 32 bits, bit s = half-hour slot s fully available) for `windows` in `zone`.
 * Temporal runs only for (zone, week, date, time) combinations not seen before (zoneWeek memo).
 */
export function weekMask(windows: readonly WeeklyWindow[], zone: string, weekStartMs: number): Uint32Array {
  const mask = new Uint32Array(MASK_WORDS);
  for (const [s, e] of weeklyIntervalsUtc(windows, zone, weekStartMs)) {
    const to = Math.floor((e - weekStartMs) / SLOT_MS);
    for (let i = Math.ceil((s - weekStartMs) / SLOT_MS); i < to; i++) mask[i >>> 5]! |= 1 << (i & 31);
  }
  return mask;
}

const popcount = (x: number) => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/** Number of half-hour slots both masks share. */
export function overlapSlots(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < MASK_WORDS; i++) {
    const x = a[i]! & b[i]!;
    if (x) n += popcount(x);
  }
  return n;
}

/** Bitwise AND of two masks. */
export function andMask(a: Uint32Array, b: Uint32Array): Uint32Array {
  const m = new Uint32Array(MASK_WORDS);
  for (let i = 0; i < MASK_WORDS; i++) m[i] = a[i]! & b[i]!;
  return m;
}

const bit = (m: Uint32Array, i: number) => (m[i >>> 5]! >>> (i & 31)) & 1;

/** True when `mask` has `run` consecutive set slots somewhere. */
export function hasRun(mask: Uint32Array, run: number): boolean {
  if (run <= 1) {
    for (let i = 0; i < MASK_WORDS; i++) if (mask[i]) return true;
    return false;
  }
  let len = 0;
  for (let i = 0; i < SLOTS_PER_WEEK; i++) {
    len = bit(mask, i) ? len + 1 : 0;
    if (len >= run) return true;
  }
  return false;
}

/**
 * Up to `max` start instants (epoch ms, UTC) where `run` consecutive slots of `mask` are free, preferring
 * different UTC days, earliest first, none before `notBeforeMs`.
 */
export function pickSlots(mask: Uint32Array, weekStartMs: number, run: number, max = 3, notBeforeMs = -Infinity): number[] {
  const starts: number[] = [];
  let len = 0;
  for (let w = 0; w < MASK_WORDS; w++) {
    const word = mask[w]!;
    if (word === 0) {
      len = 0;
      continue;
    }
    for (let b = 0; b < 32; b++) {
      const i = w * 32 + b;
      if (i >= SLOTS_PER_WEEK) break;
      len = (word >>> b) & 1 ? len + 1 : 0;
      if (len >= run) {
        const start = weekStartMs + (i - run + 1) * SLOT_MS;
        if (start >= notBeforeMs) starts.push(start);
        len = 0; // non-overlapping candidates
      }
    }
  }
  const picked: number[] = [];
  const days = new Set<number>();
  for (const st of starts) {
    if (picked.length >= max) break;
    const day = Math.floor(st / 86_400_000);
    if (!days.has(day)) {
      picked.push(st);
      days.add(day);
    }
  }
  for (const st of starts) {
    if (picked.length >= max) break;
    if (!picked.includes(st)) picked.push(st);
  }
  return picked.sort((a, b) => a - b);
}

/**
 * True when `[startMs, startMs + durationMs)` (epoch ms, UTC) lies inside one stretch of `windows` (in `zone`),
 * read exactly as the matcher reads them (`weeklyIntervalsUtc`, joined across local midnight and across the
 * UTC week boundary).
 */
export function fitsAvailability(windows: readonly WeeklyWindow[], zone: string, startMs: number, durationMs: number): boolean {
  const endMs = startMs + durationMs;
  const week = mondayUtc(startMs);
  const spans = weeklyIntervalsUtc(windows, zone, week);
  if (endMs > week + WEEK_MS) spans.push(...weeklyIntervalsUtc(windows, zone, week + WEEK_MS));
  let cur: [number, number] | undefined;
  for (const [s0, e0] of spans) {
    if (cur && s0 <= cur[1]) cur[1] = Math.max(cur[1], e0);
    else cur = [s0, e0];
    if (startMs >= cur[0] && endMs <= cur[1]) return true;
  }
  return false;
}

/** Free all week: what a profile that states no availability means, everywhere (rounds, suggestions, requests). */
export const ANYTIME: readonly WeeklyWindow[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));

/** A person's windows as every path reads them: the stated ones, or `ANYTIME` when none are stated. */
export const statedOrAnytime = (windows: readonly WeeklyWindow[]): readonly WeeklyWindow[] => (windows.length ? windows : ANYTIME);

/**
 * True when a person (weekly `availability` in `timezone`; none stated = free) is free for all of
 * `[startMs, startMs + durationMs)` (epoch ms, UTC). The request, instant-chat and round paths all ask this way.
 */
export const isFree = (p: { availability: readonly WeeklyWindow[]; timezone: string }, startMs: number, durationMs: number) =>
  fitsAvailability(statedOrAnytime(p.availability), p.timezone, startMs, durationMs);

/** The Monday 00:00 UTC (epoch ms) of the ISO week containing `ms`. */
export function mondayUtc(ms: number): number {
  const day = Math.floor(ms / 86_400_000);
  const dow = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday → 0 = Monday
  return (day - dow) * 86_400_000;
}
