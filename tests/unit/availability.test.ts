import { describe, expect, it } from 'vitest';
import { fitsAvailability } from '../../server/modules/coffee/availability.js';

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
