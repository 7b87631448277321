/**
 * Names and Role Provisioning: the course roster becomes the meeting's expected attendees (absent unless they
 * join), and learners who never launched still get their 0 after the session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncRoster } from '../../lti/nrps.js';
import { gradeSession } from '../../lti/grades.js';
import { sendPendingScores } from '../support/ags.js';
import { startWorkers } from '../../server/main.js';
import { LIS, startEmulator, type Emulator } from '../support/lms-emulator.js';
import { ltiLaunch, registerEmulator } from '../support/lti-flow.js';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';

let s: TestServer;
let emu: Emulator;
beforeAll(async () => {
  s = await startTestServer();
  emu = await startEmulator();
  await registerEmulator(s, emu);
  emu.members['course-nrps'] = [
    { user_id: 'prof', name: 'Prof P', roles: [LIS.instructor] },
    { user_id: 'ann', name: 'Ann A', roles: [LIS.learner] },
    { user_id: 'cid', name: 'Cid Never-came', roles: [LIS.learner] },
    { user_id: 'gone', name: 'Dropped', roles: [LIS.learner], status: 'Inactive' },
  ];
}, 120_000);
afterAll(async () => {
  await emu?.close();
  await s?.close();
});

describe('NRPS roster', () => {
  it('an instructor launch refreshes the roster in the background; the report lists learners who never came as absent', async () => {
    const workers = await startWorkers(s.deps, { pollingIntervalSeconds: 0.5, cron: false });
    try {
      const t = await ltiLaunch(s, emu, { sub: 'prof', name: 'Prof P', roles: [LIS.instructor], contextId: 'course-nrps', resourceLinkId: 'nrps-link' });
      expect(t.status).toBe(200);
      await waitUntil(async () => (await s.deps.sql`SELECT 1 FROM lti_members`).length === 3, 15_000, 'the roster to be stored');
      const report = (await s.api('GET', `/api/v1/meetings/${t.body.meeting.id}/attendance`)).body;
      const byName = Object.fromEntries(report.people.map((p: any) => [p.name, p]));
      expect(byName['Cid Never-came']).toMatchObject({ status: 'absent', expectedSource: expect.stringMatching(/nrps/) });
      expect(byName['Ann A']).toMatchObject({ status: 'absent' });
      expect(byName.Dropped).toBeUndefined(); // inactive members are not expected

      // The instructor reaches the same report from the launch (session bearer); a learner does not.
      const view = (session: string, accept: string) => fetch(`${s.baseUrl}/lti/session/attendance`, { method: 'POST', headers: { authorization: `Bearer ${session}`, accept } });
      const page = await view(t.body.session, 'text/html');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Cid Never-came');
      const csv = await view(t.body.session, 'text/csv');
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      expect((await csv.text()).split('\r\n')[0]).toMatch(/^identity,name,/);
      const learner = await ltiLaunch(s, emu, { sub: 'ann', name: 'Ann A', roles: [LIS.learner], contextId: 'course-nrps', resourceLinkId: 'nrps-link' });
      expect((await view(learner.body.session, 'text/html')).status).toBe(403);
    } finally {
      await workers.stop();
    }
  });

  it('after the session, every learner on the roster gets a score, including those who never launched', async () => {
    const [rl] = await s.deps.sql<{ id: string; meeting_id: string }[]>`SELECT id, meeting_id FROM lti_resource_links WHERE resource_link_id = 'nrps-link'`;
    expect((await syncRoster(s.deps, rl!.id)).members).toBe(3);
    const meeting = (await s.api('GET', `/api/v1/meetings/${rl!.meeting_id}`)).body;
    const before = emu.scores.length;
    expect((await gradeSession(s.deps, { roomName: meeting.roomName, roomSid: 'RM_nrps1' })).queued).toBe(2);
    await sendPendingScores(s.deps);
    const got = emu.scores.slice(before).map((x) => [x.body.userId, x.body.scoreGiven]).sort();
    expect(got).toEqual([['ann', 0], ['cid', 0]]);
  });

  it('a roster with odd entries (NUL in a name, a user listed twice, empty or numeric user_id, roles not an array) is stored cleaned, not a failing job', async () => {
    const [rl] = await s.deps.sql<{ id: string }[]>`SELECT id FROM lti_resource_links WHERE resource_link_id = 'nrps-link'`;
    const good = emu.members['course-nrps']!;
    emu.members['course-nrps'] = [
      ...good,
      { user_id: 'eve', name: 'Eve\u0000 E.', roles: [LIS.learner] },
      { user_id: 'eve', name: 'Eve again', roles: [LIS.learner] },
      { user_id: '', name: 'Nobody', roles: [LIS.learner] },
      { user_id: 42, name: 'Number', roles: [LIS.learner] } as never,
      { user_id: 'x'.repeat(256), name: 'Too long', roles: [LIS.learner] },
      { user_id: 'fay', name: 'Fay', roles: LIS.learner } as never,
    ];
    try {
      expect((await syncRoster(s.deps, rl!.id)).members).toBe(5);
      const rows = await s.deps.sql<{ sub: string; name: string; role: string }[]>`SELECT sub, name, role FROM lti_members WHERE resource_link_uuid = ${rl!.id} ORDER BY sub`;
      expect(rows.map((r) => [r.sub, r.name])).toEqual([['ann', 'Ann A'], ['cid', 'Cid Never-came'], ['eve', 'Eve E.'], ['fay', 'Fay'], ['prof', 'Prof P']]);
    } finally {
      emu.members['course-nrps'] = good;
    }
  });
});
