import { describe, expect, it } from 'vitest';
import { fitsAvailability, weekMask, weeklyIntervalsUtc } from '../../server/modules/coffee/availability.js';

const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
// Monday 2027-01-04 23:45 in New York = Tuesday 04:45 UTC.
const mondayLate = Date.parse('2027-01-05T04:45:00Z');

describe('weekly availability', () => {
  it('a chat across local midnight fits when both days are free', () => {
    expect(fitsAvailability(allWeek, 'America/New_York', mondayLate, 30 * 60_000)).toBe(true);
  });
  it('but not when the next day is not', () => {
    expect(fitsAvailability([{ weekday: 1, start: '22:00', end: '24:00' }], 'America/New_York', mondayLate, 30 * 60_000)).toBe(false);
    expect(fitsAvailability([{ weekday: 1, start: '22:00', end: '24:00' }, { weekday: 2, start: '00:00', end: '01:00' }], 'America/New_York', mondayLate, 30 * 60_000)).toBe(true);
  });
});

const SLOT = 30 * 60_000;
const week = Date.parse('2027-01-11T00:00:00Z'); // a Monday
const bit = (m: Uint32Array, i: number) => ((m[i >>> 5]! >>> (i & 31)) & 1) === 1;
/** Fri 22:00–24:00 and Sat 00:00–01:00 local: one three-hour stretch across local midnight. */
const acrossMidnight = [
  { weekday: 5, start: '22:00', end: '24:00' },
  { weekday: 6, start: '00:00', end: '01:00' },
];

describe('the matcher and the request check read availability the same way', () => {
  // Local Saturday 00:00 in each zone, in January 2027 (Chatham is on daylight time, +13:45).
  const cases = [
    { zone: 'Asia/Kathmandu', offset: '+05:45', midnightUtc: '2027-01-15T18:15:00Z' },
    { zone: 'Asia/Kolkata', offset: '+05:30', midnightUtc: '2027-01-15T18:30:00Z' },
    { zone: 'Pacific/Chatham', offset: '+13:45', midnightUtc: '2027-01-15T10:15:00Z' },
    { zone: 'America/St_Johns', offset: '−03:30', midnightUtc: '2027-01-16T03:30:00Z' },
  ];
  for (const { zone, offset, midnightUtc } of cases) {
    it(`${zone} (${offset}): the half hour across local midnight is free for both`, () => {
      const mask = weekMask(acrossMidnight, zone, week);
      const midnight = Date.parse(midnightUtc);
      // the UTC half-hour slot that contains local midnight, or the one starting there
      const slot = Math.floor((midnight - week) / SLOT);
      const slotStart = week + slot * SLOT;
      expect(bit(mask, slot)).toBe(true);
      expect(fitsAvailability(acrossMidnight, zone, slotStart, SLOT)).toBe(true);
      // the stretch is 3 h: 22:00 local → 01:00 local, so a 30-min chat starting 15 min before local midnight fits
      expect(fitsAvailability(acrossMidnight, zone, midnight - 15 * 60_000, SLOT)).toBe(true);
      expect(fitsAvailability(acrossMidnight, zone, midnight + 60 * 60_000, SLOT)).toBe(false);
      // every half-hour slot of the week: the mask bit and the request check agree
      for (let i = 0; i < 336; i++) expect(fitsAvailability(acrossMidnight, zone, week + i * SLOT, SLOT), `slot ${i}`).toBe(bit(mask, i));
    });
  }

  it('agree on every slot of the week for windows in many zones, DST weeks included', () => {
    const windows = [
      { weekday: 1, start: '09:15', end: '11:45' },
      { weekday: 3, start: '00:00', end: '24:00' },
      { weekday: 4, start: '00:00', end: '00:45' },
      { weekday: 7, start: '23:00', end: '24:00' },
      { weekday: 1, start: '00:00', end: '00:30' },
    ];
    for (const zone of ['UTC', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Australia/Lord_Howe', 'Europe/London', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      for (const ws of [week, Date.parse('2027-03-22T00:00:00Z'), Date.parse('2027-03-29T00:00:00Z'), Date.parse('2027-10-25T00:00:00Z')]) {
        const mask = weekMask(windows, zone, ws);
        for (let i = 0; i < 336; i++) expect(fitsAvailability(windows, zone, ws + i * SLOT, SLOT), `${zone} ${new Date(ws + i * SLOT).toISOString()}`).toBe(bit(mask, i));
      }
    }
  });

  it('a window over a skipped local hour ends when the clock jumps (London, 2027-03-28)', () => {
    // 00:30–01:30 local: at 01:00 UTC the clock jumps from 01:00 GMT to 02:00 BST, past 01:30
    const w = [{ weekday: 7, start: '00:30', end: '01:30' }];
    const ws = Date.parse('2027-03-22T00:00:00Z');
    expect(weeklyIntervalsUtc(w, 'Europe/London', ws)).toEqual([[Date.parse('2027-03-28T00:30:00Z'), Date.parse('2027-03-28T01:00:00Z')]]);
    expect(fitsAvailability(w, 'Europe/London', Date.parse('2027-03-28T01:00:00Z'), SLOT)).toBe(false);
    // a window starting inside the gap starts at the jump: 01:30–03:00 local → 01:00–02:00 UTC
    expect(weeklyIntervalsUtc([{ weekday: 7, start: '01:30', end: '03:00' }], 'Europe/London', ws)).toEqual([[Date.parse('2027-03-28T01:00:00Z'), Date.parse('2027-03-28T02:00:00Z')]]);
  });
});
