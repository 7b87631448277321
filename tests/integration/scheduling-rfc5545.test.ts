/**
 * One RRULE expansion everywhere, checked against an independent RFC 5545 implementation: the product's own .ics
 * (invitation and feed) is parsed and expanded with ical.js, using only the VTIMEZONE it carries, and compared with
 * the occurrence listing and the planned room jobs, across DST gaps and overlaps in several zones. Also: rule limits
 * (400 naming `recurrence.rrule`, empty pages beyond the horizon), the published rrule pattern, and PATCH keeping a
 * meeting's duration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { rescheduleAll } from '../../server/modules/meetings/lifecycle.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { PUBLIC_URL: 'https://rooms.example.test' } });
});
afterAll(async () => {
  await s?.close();
});

interface Slot {
  startAt: string;
  endAt: string;
}

const HOUR = 3600_000;
const wallMs = (t: ICAL.Time) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);

/**
 * A VTIMEZONE read independently of ical.js's own local ↔ UTC conversion (which, like libical, resolves times near a
 * transition differently from RFC 5545 §3.3.5; see libical/libical#1402): each STANDARD/DAYLIGHT observance's
 * DTSTART + RRULE expanded by ical.js, a transition at local DTSTART − TZOFFSETFROM (§3.6.5).
 * @returns offsetAt(instant ms) → the zone's UTC offset in ms
 */
function zoneReader(vtz: ICAL.Component, until: number): (ms: number) => number {
  const changes: { at: number; from: number; to: number }[] = [];
  for (const obs of vtz.getAllSubcomponents()) {
    const from = (obs.getFirstPropertyValue('tzoffsetfrom') as ICAL.UtcOffset).toSeconds() * 1000;
    const to = (obs.getFirstPropertyValue('tzoffsetto') as ICAL.UtcOffset).toSeconds() * 1000;
    const dtstart = obs.getFirstPropertyValue('dtstart') as ICAL.Time;
    const rrule = obs.getFirstPropertyValue('rrule') as ICAL.Recur | null;
    if (!rrule) changes.push({ at: wallMs(dtstart) - from, from, to });
    else for (let it = rrule.iterator(dtstart), t = it.next(); t && wallMs(t) - from < until; t = it.next()) changes.push({ at: wallMs(t) - from, from, to });
  }
  changes.sort((x, y) => x.at - y.at);
  return (ms) => {
    let offset = changes[0]!.from;
    for (const c of changes) if (c.at <= ms) offset = c.to;
    return offset;
  };
}

/**
 * The UTC instant of a local date-time by RFC 5545 §3.3.5: the instant whose local time is `wall`, the first of two
 * in an overlap, and in a gap `wall` read with the offset before the gap.
 */
function placeLocal(t: ICAL.Time, zones: Map<string, (ms: number) => number>): number {
  const wall = wallMs(t);
  const offsetAt = t.zone ? zones.get(t.zone.tzid) : undefined;
  if (!offsetAt) return wall;
  const offsets = new Set<number>();
  for (let k = -20; k <= 16; k++) offsets.add(offsetAt(wall + k * HOUR));
  const candidates = [...offsets].map((o) => wall - o).sort((x, y) => x - y);
  const valid = candidates.filter((c) => c + offsetAt(c) === wall);
  return valid.length ? valid[0]! : wall - offsetAt(candidates[0]!);
}

/**
 * Expand an iCalendar object with ical.js (RRULE, EXDATE, RECURRENCE-ID): the VTIMEZONEs it carries are the only
 * zone data it gets (registered for the call, removed after), and local times become instants by `placeLocal`. Returns every instance starting before `until`,
 * moved ones at their new time, EXDATEs left out; each occurrence lasts DTEND − DTSTART of the master (§3.8.5.3).
 */
function expandWithIcalJs(ics: string, until: Date): Slot[] {
  const comp = new ICAL.Component(ICAL.parse(ics));
  const zones = comp.getAllSubcomponents('vtimezone').map((v) => new ICAL.Timezone(v));
  const named = new Set([...ics.matchAll(/;TZID=([^:;]+)/g)].map((m) => m[1]!));
  expect([...named].filter((t) => !zones.some((z) => z.tzid === t)), 'each TZID needs its VTIMEZONE (RFC 5545 §3.2.19)').toEqual([]);
  for (const z of zones) ICAL.TimezoneService.register(z, z.tzid);
  const readers = new Map(comp.getAllSubcomponents('vtimezone').map((v) => [v.getFirstPropertyValue('tzid') as string, zoneReader(v, until.getTime() + 400 * 24 * HOUR)]));
  const place = (t: ICAL.Time) => placeLocal(t, readers);
  try {
    const vevents = comp.getAllSubcomponents('vevent');
    const master = new ICAL.Event(vevents.find((v) => !v.hasProperty('recurrence-id'))!);
    for (const v of vevents) if (v.hasProperty('recurrence-id')) master.relateException(new ICAL.Event(v));
    const duration = place(master.endDate) - place(master.startDate);
    const out: Slot[] = [];
    const it = master.iterator();
    for (let next = it.next(); next; next = it.next()) {
      const d = master.getOccurrenceDetails(next);
      const start = place(d.startDate);
      if (start >= until.getTime()) break;
      const end = d.item === master ? start + duration : place(d.endDate);
      out.push({ startAt: new Date(start).toISOString(), endAt: new Date(end).toISOString() });
    }
    return out.sort((a, b) => a.startAt.localeCompare(b.startAt));
  } finally {
    for (const z of zones) ICAL.TimezoneService.remove(z.tzid);
  }
}

let n = 0;
/** Create a meeting, invite one attendee (their own feed), and return what each channel says. */
async function channels(body: object, from: string, to: string) {
  const m = await s.api('POST', '/api/v1/meetings', { title: `Series ${++n}`, ...body });
  expect(m.status, JSON.stringify(m.body)).toBe(201);
  const add = (await s.api('POST', `/api/v1/meetings/${m.body.id}/attendees`, { email: `p${n}@example.edu`, name: 'P' })).body;
  return { id: m.body.id as string, feedUrl: add.feedUrl as string, ...(await views(m.body.id, add.feedUrl, from, to)) };
}

async function views(id: string, feedUrl: string, from: string, to: string) {
  const listing = (await s.api('GET', `/api/v1/meetings/${id}/occurrences?from=${from}&to=${to}&limit=1000`)).body.items
    .map((o: Slot) => ({ startAt: o.startAt, endAt: o.endAt })) as Slot[];
  const [inv] = await s.deps.sql<{ ics: string }[]>`SELECT ics FROM invitations WHERE meeting_id = ${id} AND recurrence_id IS NULL ORDER BY created_at DESC LIMIT 1`;
  const feed = await (await fetch(s.baseUrl + new URL(feedUrl).pathname)).text();
  const within = (x: Slot[]) => x.filter((o) => o.startAt >= new Date(from).toISOString());
  return {
    listing,
    invitation: within(expandWithIcalJs(inv!.ics, new Date(to))),
    feed: within(expandWithIcalJs(feed, new Date(to))),
  };
}

const starts = (x: Slot[]) => x.map((o) => o.startAt);

describe('one RRULE expansion: listing = invitation = feed = ical.js (RFC 5545 §3.3.5 DST gaps and overlaps)', () => {
  it('a daily 02:30 America/New_York series moves 14 March 2027 forward by the gap (07:30Z), everywhere', async () => {
    const c = await channels(
      { scheduledStartAt: '2027-03-12T07:30:00Z', durationMinutes: 30, timezone: 'America/New_York', recurrence: { rrule: 'FREQ=DAILY;COUNT=4' } },
      '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z',
    );
    expect(starts(c.listing)).toEqual(['2027-03-12T07:30:00.000Z', '2027-03-13T07:30:00.000Z', '2027-03-14T07:30:00.000Z', '2027-03-15T06:30:00.000Z']);
    expect(c.invitation).toEqual(c.listing);
    expect(c.feed).toEqual(c.listing);
  });

  it('the room jobs (open, reminders) are planned for the occurrences the .ics gives', async () => {
    const c = await channels(
      { scheduledStartAt: '2027-03-12T07:30:00Z', durationMinutes: 30, timezone: 'America/New_York', recurrence: { rrule: 'FREQ=DAILY;COUNT=4' } },
      '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z',
    );
    await rescheduleAll(s.deps, new Date('2027-03-11T00:00:00Z'));
    const jobs = await s.deps.sql<{ kind: string; occurrenceKey: string; runAt: Date }[]>`
      SELECT kind, occurrence_key AS "occurrenceKey", run_at AS "runAt" FROM meeting_jobs WHERE meeting_id = ${c.id} ORDER BY run_at`;
    const open = jobs.filter((j) => j.kind === 'open-room');
    expect(open.map((j) => j.occurrenceKey)).toEqual(starts(c.invitation));
    expect(open.map((j) => j.runAt.getTime())).toEqual(c.invitation.map((o) => Date.parse(o.startAt) - 10 * 60_000));
    expect(jobs.filter((j) => j.kind === 'reminder-15m').map((j) => j.runAt.getTime())).toEqual(c.invitation.map((o) => Date.parse(o.startAt) - 15 * 60_000));
  });

  it.each([
    ['America/New_York, November overlap: 01:30 is the first (EDT)', { scheduledStartAt: '2027-11-06T05:30:00Z', timezone: 'America/New_York', rrule: 'FREQ=DAILY;COUNT=4' },
      ['2027-11-06T05:30:00.000Z', '2027-11-07T05:30:00.000Z', '2027-11-08T06:30:00.000Z', '2027-11-09T06:30:00.000Z']],
    ['America/New_York, UNTIL in UTC is compared with the instants (inclusive), across the gap', { scheduledStartAt: '2027-03-12T07:30:00Z', timezone: 'America/New_York', rrule: 'FREQ=DAILY;UNTIL=20270315T063000Z' },
      ['2027-03-12T07:30:00.000Z', '2027-03-13T07:30:00.000Z', '2027-03-14T07:30:00.000Z', '2027-03-15T06:30:00.000Z']],
    ['Europe/London, March gap at 01:00', { scheduledStartAt: '2027-03-27T01:30:00Z', timezone: 'Europe/London', rrule: 'FREQ=DAILY;COUNT=3' },
      ['2027-03-27T01:30:00.000Z', '2027-03-28T01:30:00.000Z', '2027-03-29T00:30:00.000Z']],
    ['Europe/London, October overlap', { scheduledStartAt: '2027-10-30T00:30:00Z', timezone: 'Europe/London', rrule: 'FREQ=DAILY;COUNT=3' },
      ['2027-10-30T00:30:00.000Z', '2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z']],
    ['Australia/Lord_Howe, 30-minute gap on 3 October 2027', { scheduledStartAt: '2027-10-01T15:45:00Z', timezone: 'Australia/Lord_Howe', rrule: 'FREQ=DAILY;COUNT=4' },
      ['2027-10-01T15:45:00.000Z', '2027-10-02T15:45:00.000Z', '2027-10-03T15:15:00.000Z', '2027-10-04T15:15:00.000Z']],
    ['Australia/Lord_Howe, 30-minute overlap on 4 April 2027', { scheduledStartAt: '2027-04-02T14:45:00Z', timezone: 'Australia/Lord_Howe', rrule: 'FREQ=DAILY;COUNT=3' },
      ['2027-04-02T14:45:00.000Z', '2027-04-03T14:45:00.000Z', '2027-04-04T15:15:00.000Z']],
    ['Asia/Kathmandu (+05:45, no DST), weekly', { scheduledStartAt: '2027-03-08T03:15:00Z', timezone: 'Asia/Kathmandu', rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4' },
      ['2027-03-08T03:15:00.000Z', '2027-03-11T03:15:00.000Z', '2027-03-15T03:15:00.000Z', '2027-03-18T03:15:00.000Z']],
  ])('%s', async (_name, t, expected) => {
    const c = await channels(
      { scheduledStartAt: t.scheduledStartAt, durationMinutes: 45, timezone: t.timezone, recurrence: { rrule: t.rrule } },
      '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z',
    );
    expect(starts(c.listing)).toEqual(expected);
    expect(c.invitation).toEqual(c.listing);
    expect(c.feed).toEqual(c.listing);
  });

  it('a series without an end: its 2031 and 2036 occurrences are right in the VTIMEZONE ical.js reads', async () => {
    const body = { scheduledStartAt: '2027-01-04T14:00:00Z', durationMinutes: 60, timezone: 'America/New_York', recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO' } };
    const c = await channels(body, '2031-03-01T00:00:00Z', '2031-04-15T00:00:00Z');
    // 09:00 EST until 9 March 2031, 09:00 EDT after
    expect(starts(c.listing)).toEqual(['2031-03-03T14:00:00.000Z', '2031-03-10T13:00:00.000Z', '2031-03-17T13:00:00.000Z',
      '2031-03-24T13:00:00.000Z', '2031-03-31T13:00:00.000Z', '2031-04-07T13:00:00.000Z', '2031-04-14T13:00:00.000Z']);
    expect(c.invitation).toEqual(c.listing);
    expect(c.feed).toEqual(c.listing);
    // ical.js on its own (its local → UTC conversion, away from any transition) with the emitted VTIMEZONE
    const feed = new ICAL.Component(ICAL.parse(await (await fetch(s.baseUrl + new URL(c.feedUrl).pathname)).text()));
    const tz = new ICAL.Timezone(feed.getFirstSubcomponent('vtimezone')!);
    ICAL.TimezoneService.register(tz, tz.tzid);
    try {
      const it = new ICAL.Event(feed.getFirstSubcomponent('vevent')!).iterator();
      let t = it.next();
      while (t && t.toString() < '2031-07-07') t = it.next();
      expect(t!.toString()).toBe('2031-07-07T09:00:00');
      expect(t!.toJSDate().toISOString()).toBe('2031-07-07T13:00:00.000Z');
    } finally {
      ICAL.TimezoneService.remove(tz.tzid);
    }
    const later = await views(c.id, c.feedUrl, '2036-10-20T00:00:00Z', '2036-11-20T00:00:00Z');
    expect(later.listing).toHaveLength(5);
    expect(later.feed).toEqual(later.listing);
  });

  it('a cancelled and a moved occurrence in the DST gap are matched by ical.js (EXDATE and RECURRENCE-ID in the zone)', async () => {
    const c = await channels(
      { scheduledStartAt: '2027-03-12T07:30:00Z', durationMinutes: 30, timezone: 'America/New_York', recurrence: { rrule: 'FREQ=DAILY;COUNT=6' } },
      '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z',
    );
    expect((await s.api('POST', `/api/v1/meetings/${c.id}/occurrences/2027-03-14T07:30:00.000Z/move`, { startAt: '2027-03-14T15:00:00Z' })).status).toBe(200);
    expect((await s.api('POST', `/api/v1/meetings/${c.id}/occurrences/2027-03-13T07:30:00.000Z/cancel`)).status).toBe(200);
    const v = await views(c.id, c.feedUrl, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z');
    expect(starts(v.listing)).toEqual(['2027-03-12T07:30:00.000Z', '2027-03-14T15:00:00.000Z', '2027-03-15T06:30:00.000Z',
      '2027-03-16T06:30:00.000Z', '2027-03-17T06:30:00.000Z']);
    expect(v.feed).toEqual(v.listing);
  });
});

describe('a UTC series', () => {
  it('a cancelled occurrence is an EXDATE in UTC (no TZID without a VTIMEZONE); ical.js agrees with the listing', async () => {
    const c = await channels(
      { scheduledStartAt: '2027-06-01T12:00:00Z', durationMinutes: 30, recurrence: { rrule: 'FREQ=DAILY;COUNT=3' } },
      '2027-05-01T00:00:00Z', '2027-07-01T00:00:00Z',
    );
    expect((await s.api('POST', `/api/v1/meetings/${c.id}/occurrences/2027-06-02T12:00:00.000Z/cancel`)).status).toBe(200);
    const v = await views(c.id, c.feedUrl, '2027-05-01T00:00:00Z', '2027-07-01T00:00:00Z');
    expect(starts(v.listing)).toEqual(['2027-06-01T12:00:00.000Z', '2027-06-03T12:00:00.000Z']);
    expect(v.feed).toEqual(v.listing);
  });
});

describe('RRULE limits (RFC 5545 §3.3.10): 400 naming recurrence.rrule, never a 500', () => {
  const create = (rrule: string, start = '2027-03-12T07:30:00Z') =>
    s.api('POST', '/api/v1/meetings', { title: 'Rule', scheduledStartAt: start, durationMinutes: 30, timezone: 'America/New_York', recurrence: { rrule } });

  it.each([
    ['FREQ=DAILY;COUNT=1000000', /COUNT/],
    ['FREQ=DAILY;COUNT=2;UNTIL=20280101T000000Z', /COUNT and UNTIL/],
    ['FREQ=DAILY;BYMONTH=13', /BYMONTH/],
    ['FREQ=DAILY;COUNT=0', /COUNT/],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', /no occurrence/],
    ['FREQ=DAILY;UNTIL=20500101T000000Z', /10 years/],
    ['FREQ=WEEKLY;COUNT=900', /10 years/],
    ['FREQ=DAILY;BYHOUR=9,14', /366/],
    ['FREQ=DAILY;FOO=1', /FOO/],
    ['FREQ=WEEKLY;BYDAY=1MO', /ordinal/],
  ])('refuses %s', async (rrule, message) => {
    const before = (await s.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM meetings`)[0]!.n;
    const r = await create(rrule);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('recurrence.rrule');
    expect(r.body.error.message).toMatch(message);
    expect((await s.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM meetings`)[0]!.n).toBe(before);
  });

  it('a range beyond the horizon is an empty page, not a 500', async () => {
    const m = (await create('FREQ=DAILY')).body;
    const far = await s.api('GET', `/api/v1/meetings/${m.id}/occurrences?from=2090-01-01T00:00:00Z`);
    expect(far.status).toBe(200);
    expect(far.body.items).toEqual([]);
    const last = await s.api('GET', `/api/v1/meetings/${m.id}/occurrences?from=2037-03-09T00:00:00Z&to=2037-03-20T00:00:00Z`);
    expect(last.body.items.map((o: Slot) => o.startAt)).toEqual(['2037-03-09T06:30:00.000Z', '2037-03-10T06:30:00.000Z', '2037-03-11T06:30:00.000Z']);
  });

  it('a valid rrule conforms to the pattern published in /api/v1/openapi.json', async () => {
    const doc = (await s.api('GET', '/api/v1/openapi.json')).body;
    const pattern = doc.components.schemas.Recurrence.properties.rrule.pattern as string;
    for (const rrule of ['FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10', 'RRULE:FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T235959Z', 'freq=daily']) {
      expect(new RegExp(pattern, 'u').test(rrule), `${rrule} against ${pattern}`).toBe(true);
      expect((await create(rrule)).status).toBe(201);
    }
    expect(new RegExp(pattern, 'u').test('FREQ=DAILY\r\nDTSTART:2027')).toBe(false);
  });
});

describe('PATCH moves a meeting and keeps its duration', () => {
  const single = () => s.api('POST', '/api/v1/meetings', { title: 'Tutorial', scheduledStartAt: '2027-05-03T10:00:00Z', durationMinutes: 45 });

  it('15 or 90 minutes later: still 45 minutes long', async () => {
    const m = (await single()).body;
    const a = await s.api('PATCH', `/api/v1/meetings/${m.id}`, { scheduledStartAt: '2027-05-03T10:15:00Z' });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ scheduledStartAt: '2027-05-03T10:15:00.000Z', scheduledEndAt: '2027-05-03T11:00:00.000Z', durationMinutes: 45 });
    const b = await s.api('PATCH', `/api/v1/meetings/${m.id}`, { scheduledStartAt: '2027-05-03T11:45:00Z' });
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ scheduledEndAt: '2027-05-03T12:30:00.000Z', durationMinutes: 45 });
  });

  it('an end or a duration given with the start is used as given', async () => {
    const m = (await single()).body;
    const a = await s.api('PATCH', `/api/v1/meetings/${m.id}`, { scheduledStartAt: '2027-05-03T12:00:00Z', scheduledEndAt: '2027-05-03T12:20:00Z' });
    expect(a.body).toMatchObject({ scheduledEndAt: '2027-05-03T12:20:00.000Z', durationMinutes: 20 });
    const b = await s.api('PATCH', `/api/v1/meetings/${m.id}`, { scheduledStartAt: '2027-05-03T13:00:00Z', durationMinutes: 90 });
    expect(b.body).toMatchObject({ scheduledEndAt: '2027-05-03T14:30:00.000Z', durationMinutes: 90 });
  });
});
