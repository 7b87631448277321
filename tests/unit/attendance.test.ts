/**
 * Attendance computation (server/modules/attendance/compute.ts) on hand-made event sequences, and CSV quoting.
 */
import { describe, expect, it } from 'vitest';
import { computeAttendance, statusOf, type AttendanceEvent } from '../../server/modules/attendance/compute.js';
import { attendanceCsv, csvField } from '../../server/modules/attendance/service.js';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0); // scheduled start, 09:00Z
const min = (m: number) => T0 + m * 60_000;
let n = 0;
const joined = (identity: string, atMin: number, sid?: string, name?: string): AttendanceEvent => ({ id: `EV_${++n}`, kind: 'participant_joined', at: min(atMin), identity, sid, name });
const left = (identity: string, atMin: number, sid?: string, joinedMin?: number): AttendanceEvent => ({
  id: `EV_${++n}`, kind: 'participant_left', at: min(atMin), identity, sid, sessionJoinedAt: joinedMin === undefined ? null : min(joinedMin),
});
const room = (kind: 'room_started' | 'room_finished', atMin: number): AttendanceEvent => ({ id: `EV_${++n}`, kind, at: min(atMin) });
const scheduled = { scheduledStartAt: T0, scheduledEndAt: min(60), now: min(120) };
const person = (r: ReturnType<typeof computeAttendance>, id: string) => r.people.find((p) => p.identity === id)!;

describe('attendance cycles', () => {
  it('a re-join within 2 minutes continues the previous cycle; a later one starts a new cycle', () => {
    const r = computeAttendance({ ...scheduled, events: [joined('a', 0, 'PA_1'), left('a', 10, 'PA_1'), joined('a', 12, 'PA_2'), left('a', 20, 'PA_2'), joined('a', 23, 'PA_3'), left('a', 30, 'PA_3')] });
    const a = person(r, 'a');
    expect(a.cycles.map((c) => [c.joinedAt, c.leftAt])).toEqual([[min(0), min(20)], [min(23), min(30)]]);
    expect(a.seconds).toBe(27 * 60);
  });

  it('events delivered out of order (left before joined) give the same result as in order', () => {
    const inOrder = [room('room_started', -1), joined('a', 0, 'PA_1'), left('a', 30, 'PA_1'), joined('b', 5, 'PA_2'), left('b', 58, 'PA_2'), room('room_finished', 61)];
    const shuffled = [inOrder[5]!, inOrder[2]!, inOrder[4]!, inOrder[0]!, inOrder[3]!, inOrder[1]!];
    expect(computeAttendance({ ...scheduled, events: shuffled })).toEqual(computeAttendance({ ...scheduled, events: inOrder }));
    // Without participant sids, pairing by identity in time order is also order-independent.
    const noSid = inOrder.map((e) => ({ ...e, sid: undefined }));
    const r = computeAttendance({ ...scheduled, events: [...noSid].reverse() });
    expect(person(r, 'a').cycles).toEqual([{ joinedAt: min(0), leftAt: min(30), open: false, seconds: 1800 }]);
  });

  it('a duplicated event (same id) counts once', () => {
    const j = joined('a', 0, 'PA_1');
    const l = left('a', 50, 'PA_1');
    const once = computeAttendance({ ...scheduled, events: [j, l] });
    expect(computeAttendance({ ...scheduled, events: [j, l, { ...j }, { ...l }, { ...l }] })).toEqual(once);
    expect(person(once, 'a').seconds).toBe(50 * 60);
  });

  it('a cycle still open when the room finishes closes at the room end', () => {
    const r = computeAttendance({ ...scheduled, events: [room('room_started', 0), joined('a', 1, 'PA_1'), room('room_finished', 55)] });
    expect(person(r, 'a').cycles).toEqual([{ joinedAt: min(1), leftAt: min(55), open: false, seconds: 54 * 60 }]);
    expect(r.final).toBe(true);
  });

  it('while the room runs, an open cycle counts up to now and the report is not final', () => {
    const r = computeAttendance({ ...scheduled, now: min(30), events: [room('room_started', 0), joined('a', 0, 'PA_1')] });
    expect(person(r, 'a').cycles).toEqual([{ joinedAt: min(0), leftAt: min(30), open: true, seconds: 1800 }]);
    expect(r.final).toBe(false);
  });

  it('a leave whose join never arrived starts at the participant\'s joinedAt', () => {
    const r = computeAttendance({ ...scheduled, events: [left('a', 40, 'PA_1', 2)] });
    expect(person(r, 'a').cycles[0]).toMatchObject({ joinedAt: min(2), leftAt: min(40) });
  });

  it('two connections at once (two tabs) are not counted twice', () => {
    const r = computeAttendance({ ...scheduled, events: [joined('a', 0, 'PA_1'), joined('a', 10, 'PA_2'), left('a', 20, 'PA_1'), left('a', 30, 'PA_2')] });
    expect(person(r, 'a').cycles).toHaveLength(1);
    expect(person(r, 'a').seconds).toBe(30 * 60);
  });
});

describe('attendance status', () => {
  const status = (events: AttendanceEvent[], extra = {}) => computeAttendance({ ...scheduled, events, ...extra });
  it('present: ≥ 80 % and joined within 15 minutes; late: ≥ 80 % but joined after; partial 30–80 %; absent below', () => {
    const r = status([
      joined('on-time', 10, 'P1'), left('on-time', 60, 'P1'), // 50/60 = 83 %, joined at +10
      joined('late', 16, 'P2'), left('late', 70, 'P2'), // 54 min = 90 %, joined at +16
      joined('partial', 0, 'P3'), left('partial', 18, 'P3'), // 30 %
      joined('brief', 0, 'P4'), left('brief', 17, 'P4'), // 28 %
    ]);
    expect(Object.fromEntries(r.people.map((p) => [p.identity, p.status]))).toEqual({ 'on-time': 'present', late: 'late', partial: 'partial', brief: 'absent' });
    expect(r.statistics).toMatchObject({ people: 4, present: 1, late: 1, partial: 1, absent: 1 });
    expect(person(r, 'partial').percent).toBe(30);
  });

  it('exactly 80 % is present; one second less is partial', () => {
    const w = { start: T0, end: min(60) };
    expect(statusOf(48 * 60, T0, w)).toBe('present');
    expect(statusOf(48 * 60 - 1, T0, w)).toBe('partial');
    expect(statusOf(48 * 60, min(15), w)).toBe('present');
    expect(statusOf(48 * 60, min(15) + 1, w)).toBe('late');
  });

  it('thresholds come from the organisation\'s settings', () => {
    const events = [joined('a', 20, 'P1'), left('a', 60, 'P1')]; // 67 %, joined at +20
    expect(person(status(events), 'a').status).toBe('partial');
    const t = { presentPercent: 60, partialPercent: 10, graceMinutes: 30, rejoinMergeSeconds: 0 };
    expect(person(status(events, { thresholds: t }), 'a').status).toBe('present');
  });

  it('expected people who never joined are absent; their LTI sub and name are kept', () => {
    const r = status([joined('a', 0, 'P1'), left('a', 60, 'P1')], { expected: [{ identity: 'lti-x', name: 'Ada', source: 'lti_launch', sub: 'sub-1' }] });
    expect(person(r, 'lti-x')).toMatchObject({ name: 'Ada', sub: 'sub-1', status: 'absent', cycles: [], percent: 0, expectedSource: 'lti_launch' });
    expect(r.statistics).toMatchObject({ people: 2, present: 1, absent: 1, averagePercent: 50 });
  });

  it('without a schedule, the room\'s actual start and end are the reference', () => {
    const r = computeAttendance({ now: min(500), events: [room('room_started', 0), joined('a', 0, 'P1'), left('a', 40, 'P1'), joined('b', 20, 'P2'), room('room_finished', 40)] });
    expect(r.window).toEqual({ start: min(0), end: min(40), source: 'room' });
    expect(person(r, 'a')).toMatchObject({ percent: 100, status: 'present' });
    expect(person(r, 'b')).toMatchObject({ percent: 50, status: 'partial' });
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('=HYPERLINK("x")', { text: true })).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
  });

  it('one header row and one CRLF-terminated row per person', () => {
    const csv = attendanceCsv({
      people: [{ identity: 'u1', name: 'Doe, "Jo"', sub: null, role: 'participant', expectedSource: null, cycles: [{ joinedAt: 'A', leftAt: null, seconds: 1 }], firstJoinedAt: 'A', lastLeftAt: null, seconds: 1, minutes: 0, percent: 1.5, status: 'absent' }],
    } as never);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('identity,name,lti_sub,role,status,percent,minutes,seconds,first_joined_at,last_left_at,cycle_count,cycles,expected_source');
    expect(lines[1]).toBe('u1,"Doe, ""Jo""",,participant,absent,1.5,0,1,A,,1,A/..,');
    expect(lines[2]).toBe('');
  });
});

describe('renderAttendancePage', () => {
  it('shows statistics and one row per person, with every report text escaped', async () => {
    const { renderAttendancePage } = await import('../../server/modules/attendance/page.js');
    const html = renderAttendancePage({
      meeting: { id: 'm1', title: 'Maths <b>101</b>', roomName: 'r', status: 'ended' },
      session: { id: 's1', number: 1, roomName: 'r', openedAt: '2026-12-01T08:00:00.000Z', startedAt: '2026-12-01T09:00:00.000Z', endedAt: '2026-12-01T10:00:00.000Z' },
      generatedAt: '2026-12-01T10:00:00.000Z',
      final: true,
      window: { start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:00:00.000Z', durationMinutes: 60, source: 'scheduled' },
      room: { startedAt: null, finishedAt: null },
      settings: { presentPercent: 80, partialPercent: 30, graceMinutes: 15, rejoinMergeSeconds: 120, updatedAt: null },
      people: [{ identity: 'u1', name: '<script>alert(1)</script>', sub: null, role: 'participant', expectedSource: null, cycles: [{ joinedAt: '2026-12-01T09:00:00.000Z', leftAt: '2026-12-01T10:00:00.000Z', seconds: 3600 }], firstJoinedAt: '2026-12-01T09:00:00.000Z', lastLeftAt: '2026-12-01T10:00:00.000Z', seconds: 3600, minutes: 60, percent: 100, status: 'present' }],
      statistics: { people: 1, present: 1, late: 0, partial: 0, absent: 0, averagePercent: 100 },
    }, { csvUrl: '/x.csv?a=1&b=2' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Maths &lt;b&gt;101&lt;/b&gt;');
    expect(html).toContain('href="/x.csv?a=1&amp;b=2"');
    expect(html.match(/<tr data-status=/g)).toHaveLength(1);
  });
});
