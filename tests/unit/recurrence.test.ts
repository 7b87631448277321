import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { occurrencesBetween, publishedRrule, seriesEnd, validateRrule, vtimezone, type Series } from '../../server/modules/scheduling/recurrence.js';

const berlin = (over: Partial<Series> = {}): Series => ({
  startAt: new Date('2026-10-19T07:00:00Z'), // Monday 09:00 Europe/Berlin (CEST)
  endAt: new Date('2026-10-19T08:30:00Z'),
  timezone: 'Europe/Berlin',
  rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10',
  exdates: [],
  overrides: [],
  ...over,
});
const all = (s: Series) => occurrencesBetween(s, new Date('2026-01-01Z'), new Date('2028-01-01Z'));

describe('recurrence (RFC 5545 RRULE in the organiser zone)', () => {
  it('a weekly 09:00 Europe/Berlin class keeps 09:00 local across the October change (07:00Z → 08:00Z)', () => {
    const occ = all(berlin());
    expect(occ).toHaveLength(10);
    expect(occ.every((o) => o.localStart.endsWith('T09:00:00'))).toBe(true);
    expect(occ.map((o) => o.startAt.toISOString().slice(0, 16))).toEqual([
      '2026-10-19T07:00', '2026-10-21T07:00', // CEST, UTC+2
      '2026-10-26T08:00', '2026-10-28T08:00', '2026-11-02T08:00', '2026-11-04T08:00', // CET after 25 Oct
      '2026-11-09T08:00', '2026-11-11T08:00', '2026-11-16T08:00', '2026-11-18T08:00',
    ]);
    expect(occ[2]!.endAt.getTime() - occ[2]!.startAt.getTime()).toBe(90 * 60_000);
  });

  it('leaves out EXDATEs and shows a moved occurrence at its new time only', () => {
    const occ = all(berlin({
      exdates: [new Date('2026-10-21T07:00:00Z')],
      overrides: [{ recurrenceId: new Date('2026-10-26T08:00:00Z'), startAt: new Date('2026-10-27T13:00:00Z'), endAt: new Date('2026-10-27T14:00:00Z') }],
    }));
    expect(occ).toHaveLength(9);
    expect(occ.map((o) => o.key)).not.toContain('2026-10-21T07:00:00.000Z');
    const moved = occ.find((o) => o.key === '2026-10-26T08:00:00.000Z')!;
    expect(moved).toMatchObject({ moved: true, localStart: '2026-10-27T14:00:00' });
    expect(occ.filter((o) => o.startAt.toISOString() === '2026-10-26T08:00:00.000Z')).toEqual([]);
  });

  it('a window returns only the occurrences starting in it; a series without COUNT/UNTIL never ends', () => {
    const s = berlin({ rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    const w = occurrencesBetween(s, new Date('2027-03-22T00:00:00Z'), new Date('2027-04-06T00:00:00Z'));
    // Europe/Berlin switches to summer time on 28 March 2027
    expect(w.map((o) => o.startAt.toISOString())).toEqual(['2027-03-22T08:00:00.000Z', '2027-03-29T07:00:00.000Z', '2027-04-05T07:00:00.000Z']);
    expect(seriesEnd(s)).toBeNull();
    expect(seriesEnd(berlin())!.toISOString()).toBe('2026-11-18T09:30:00.000Z');
  });

  it('builds a VTIMEZONE that ical.js uses to place DTSTART;TZID on the right instant', () => {
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//t//EN', vtimezone('Europe/Berlin', 2026, 2027),
      'BEGIN:VEVENT', 'UID:x', 'DTSTAMP:20260101T000000Z', 'DTSTART;TZID=Europe/Berlin:20261026T090000', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const comp = new ICAL.Component(ICAL.parse(text));
    const tz = new ICAL.Timezone(comp.getFirstSubcomponent('vtimezone')!);
    ICAL.TimezoneService.register(tz, 'Europe/Berlin');
    const ev = new ICAL.Event(comp.getFirstSubcomponent('vevent')!);
    expect(ev.startDate.toJSDate().toISOString()).toBe('2026-10-26T08:00:00.000Z');
    ICAL.TimezoneService.remove('Europe/Berlin');
  });

  it('a daily 02:30 America/New_York series: 14 March 2027 (no 02:30 that day) starts at 03:30 EDT (RFC 5545 §3.3.5)', () => {
    const s = berlin({ startAt: new Date('2027-03-12T07:30:00Z'), endAt: new Date('2027-03-12T08:00:00Z'), timezone: 'America/New_York', rrule: 'FREQ=DAILY;COUNT=4' });
    expect(all(s).map((o) => `${o.startAt.toISOString()} ${o.localStart}`)).toEqual([
      '2027-03-12T07:30:00.000Z 2027-03-12T02:30:00', '2027-03-13T07:30:00.000Z 2027-03-13T02:30:00',
      '2027-03-14T07:30:00.000Z 2027-03-14T03:30:00', '2027-03-15T06:30:00.000Z 2027-03-15T02:30:00',
    ]);
  });

  it('VTIMEZONE observances recur by RRULE (right in any year), under the TZID asked for', () => {
    const ny = vtimezone('US/Eastern', 2027, 2027);
    expect(ny).toContain('TZID:US/Eastern\r\n');
    expect(ny).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU');
    expect(ny).toContain('RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU');
  });

  it('an endless rule is published with an UNTIL at the 10-year horizon; COUNT/UNTIL rules as they are', () => {
    const s = berlin({ startAt: new Date('2027-03-12T07:30:00Z'), timezone: 'America/New_York', rrule: 'freq=daily' });
    expect(publishedRrule(s)).toBe('FREQ=DAILY;UNTIL=20370312T062959Z');
    expect(publishedRrule(berlin())).toBe('FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10');
    expect(() => validateRrule('FREQ=DAILY;COUNT=5;UNTIL=20270401T000000Z', s.startAt, s.timezone)).toThrow(/COUNT and UNTIL/);
  });
});
