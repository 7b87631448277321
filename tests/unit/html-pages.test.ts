/**
 * Server-rendered pages (hono/html): hostile values in their dynamic fields are shown as text, and data handed to
 * an inline script stays data. The /j page is covered in tests/integration/invite-join.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { errorPage, launchPage, loginPage } from '../../lti/pages.js';
import { renderAttendancePage } from '../../server/modules/attendance/page.js';
import { HOSTILE, expectOnlyAsText, parsePage } from '../support/html-page.js';

const report = (title: string, name: string, role: string) => ({
  meeting: { id: 'm1', title, roomName: 'r', status: 'ended' as const },
  generatedAt: '2026-12-01T10:00:00.000Z',
  final: true,
  window: { start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:00:00.000Z', durationMinutes: 60, source: 'scheduled' as const },
  room: { startedAt: null, finishedAt: null },
  settings: { presentPercent: 80, partialPercent: 30, graceMinutes: 15, rejoinMergeSeconds: 120, updatedAt: null },
  people: [{ identity: 'u1', name, sub: null, role, expectedSource: null, cycles: [], firstJoinedAt: null, lastLeftAt: null, seconds: 0, minutes: 0, percent: 0, status: 'absent' as const }],
  statistics: { people: 1, present: 0, late: 0, partial: 0, absent: 1, averagePercent: 0 },
});

/** The JSON a page hands its inline script as `const p = …;`. */
const scriptData = (page: string) => {
  const p = parsePage(page);
  const inline = p.elements('script').filter((s) => !p.attr(s, 'src')).map(p.text).join('\n');
  return JSON.parse(/const p = (.*);\n/.exec(inline)![1]!);
};

describe.each(HOSTILE)('a hostile value $value', (h) => {
  it('in an LTI error message is shown as text', () => {
    const page = errorPage(h.value);
    const p = expectOnlyAsText(page, h, 0);
    expect(p.text(p.byId('error')!)).toBe(h.value);
  });

  it('as meeting title, name and role on the attendance page is shown as text', () => {
    const page = renderAttendancePage(report(h.value, h.value, h.value) as never, { csvUrl: `/x.csv?q=${h.value}` });
    const p = expectOnlyAsText(page, h, 0);
    expect(p.text(p.elements('title')[0]!)).toBe(`Attendance · ${h.value}`);
    expect(p.text(p.elements('h1')[0]!)).toBe(`Attendance: ${h.value}`);
    expect(p.text(p.elements('td')[0]!)).toBe(`${h.value} ${h.value}`);
    expect(p.attr(p.elements('a')[0]!, 'href')).toBe(`/x.csv?q=${h.value}`);
  });

  it('in the LTI login and launch values reaches their scripts as data, never as markup', () => {
    const login = { authUrl: `https://lms.example/auth?state=${encodeURIComponent(h.value)}`, stateId: h.value, storageTarget: h.value, platformOrigin: null };
    const launch = { idToken: h.value, state: `${h.value}</script><script>alert(2)</script>`, stateId: h.value, storageTarget: h.value, platformOrigin: 'https://lms.example' };
    for (const [page, data, scripts] of [[loginPage(login), login, 1], [launchPage(launch), launch, 2]] as const) {
      const p = parsePage(page);
      expect(p.elements('script')).toHaveLength(scripts);
      expect(p.elements('img')).toEqual([]);
      expect(scriptData(page)).toEqual(data);
    }
  });
});
