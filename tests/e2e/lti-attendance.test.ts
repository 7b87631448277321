/**
 * Attendance from a real class session, end to end: an Instructor and a Learner launch from the emulated LMS into
 * the same room in two Chromium contexts (fake camera and microphone); the Learner leaves and comes back; both
 * leave; LiveKit closes the empty room. Everything the tool learns comes from the real LiveKit server's signed
 * webhooks (startTestServer({webhooks: true})). Then the attendance report (API, and the instructor's page reached
 * from the launch) shows the cycles, and the LMS's AGS endpoint has received one score per learner on the roster
 * (Completed / FullyGraded), none twice. Waits are conditions with deadlines, never sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type FrameLocator } from 'playwright-core';
import { ltiIdentity } from '../../lti/identity.js';
import { gradeSession } from '../../lti/grades.js';
import { startWorkers, type Workers } from '../../server/main.js';
import { CHROMIUM_ARGS, needsWidgetBuild } from '../support/browser.js';
import { LIS, startEmulator, type Emulator, type LaunchSpec } from '../support/lms-emulator.js';
import { registerEmulator } from '../support/lti-flow.js';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';

let s: TestServer;
let emu: Emulator;
let browser: Browser;
let workers: Workers;
const contexts: BrowserContext[] = [];

const COURSE = 'course-attendance';
const LINK = 'attendance-link';
const prof: LaunchSpec = { sub: 'prof-ada', name: 'Ada Instructor', roles: [LIS.instructor], contextId: COURSE, resourceLinkId: LINK, resourceTitle: 'Thursday seminar' };
const sam: LaunchSpec = { sub: 'stud-sam', name: 'Sam Learner', roles: [LIS.learner], contextId: COURSE, resourceLinkId: LINK, resourceTitle: 'Thursday seminar' };

needsWidgetBuild('video-room');
beforeAll(async () => {
  s = await startTestServer({ webhooks: true });
  emu = await startEmulator();
  await registerEmulator(s, emu);
  // The course roster (NRPS): the two who come, and a learner who never does.
  emu.members[COURSE] = [
    { user_id: prof.sub, name: prof.name, roles: [LIS.instructor] },
    { user_id: sam.sub, name: sam.name, roles: [LIS.learner] },
    { user_id: 'stud-ivy', name: 'Ivy Absent', roles: [LIS.learner] },
  ];
  // Every re-join its own cycle (the default merges re-joins within 2 minutes; that is covered by
  // tests/integration/attendance-livekit.test.ts).
  expect((await s.api('PATCH', '/api/v1/attendance/settings', { rejoinMergeSeconds: 0 })).status).toBe(200);
  workers = await startWorkers(s.deps, { pollingIntervalSeconds: 0.5, cron: false });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // The LMS frames the tool from another site; keep cross-site frames in the page's process (as in lti-browser).
    args: [...CHROMIUM_ARGS.filter((a) => !a.startsWith('--disable-features=')), '--disable-features=WebRtcHideLocalIpsWithMdns,IsolateOrigins,site-per-process', '--disable-site-isolation-trials'],
  });
}, 120_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await workers?.stop();
  await emu?.close();
  await s?.close();
});

/** Launch `spec` from the LMS course page in a browser context of its own; resolves once the room element is there. */
async function launch(spec: LaunchSpec): Promise<{ ctx: BrowserContext; tool: FrameLocator }> {
  const ctx = await browser.newContext();
  contexts.push(ctx);
  const page = await ctx.newPage();
  const hint = emu.prepare(spec);
  const loginUrl = `${s.baseUrl}/lti/login?${new URLSearchParams(emu.loginParams(hint, s.baseUrl))}`;
  await page.goto(`${emu.issuer}/course/${hint}?tool=${encodeURIComponent(loginUrl)}`);
  const tool = page.frameLocator('#tool');
  await tool.locator('video-room[ticket]').waitFor({ timeout: 20_000 });
  return { ctx, tool };
}

/** videoWidth of the first remote tile's <video> (0 until frames are decoded). */
const remoteVideoWidth = (tool: FrameLocator) =>
  tool.locator('video-room [part~="tile"]:not([data-local]) video').first()
    .evaluate((v: HTMLVideoElement) => (v.readyState >= 2 && !v.paused ? v.videoWidth : 0), undefined, { timeout: 1000 })
    .catch(() => 0);
const roomState = (tool: FrameLocator) => tool.locator('video-room').getAttribute('state', { timeout: 1000 }).catch(() => null);
async function click(tool: FrameLocator, part: string, state: string) {
  await tool.locator(`video-room [part~="${part}"]`).click({ timeout: 15_000 });
  await expect.poll(() => roomState(tool), { timeout: 15_000 }).toBe(state);
}

type Person = { identity: string; name: string | null; status: string; percent: number; cycles: { joinedAt: string; leftAt: string | null; seconds: number }[] };
type Report = { final: boolean; room: { startedAt: string | null; finishedAt: string | null }; people: Person[]; statistics: Record<string, number> };

describe('attendance of an LTI class session, from the real LiveKit server to the gradebook', () => {
  it('two people launch, the learner leaves and re-joins, both leave: cycles in the report and one score per learner', { timeout: 240_000 }, async () => {
    const profId = ltiIdentity(emu.issuer, prof.sub);
    const samId = ltiIdentity(emu.issuer, sam.sub);
    const ivyId = ltiIdentity(emu.issuer, 'stud-ivy');

    const teacher = await launch(prof);
    await click(teacher.tool, 'join-button', 'connected');
    const learner = await launch(sam);
    await click(learner.tool, 'join-button', 'connected');
    expect(await learner.tool.locator('#attendance').isHidden()).toBe(true); // learners get no attendance link

    const [{ meetingId }] = await s.deps.sql<{ meetingId: string }[]>`SELECT meeting_id AS "meetingId" FROM lti_resource_links WHERE resource_link_id = ${LINK}`;
    const report = async () => (await s.api('GET', `/api/v1/meetings/${meetingId}/attendance`)).body as Report;
    const person = (r: Report, id: string) => r.people.find((p) => p.identity === id);
    const cycles = async (id: string) => person(await report(), id)?.cycles ?? [];

    await waitUntil(async () => (await cycles(profId)).length === 1 && (await cycles(samId)).length === 1, 20_000, 'participant_joined webhooks for both');
    // The class happens: each sees the other's (fake) camera, and the report counts the learner's time.
    await expect.poll(() => remoteVideoWidth(learner.tool), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => remoteVideoWidth(teacher.tool), { timeout: 20_000 }).toBeGreaterThan(0);
    await waitUntil(async () => person(await report(), samId)!.cycles[0]!.seconds >= 3, 20_000, 'three seconds of the learner in the report');

    // The learner drops out, then comes back: two cycles.
    await click(learner.tool, 'control-leave', 'left');
    await waitUntil(async () => (await cycles(samId))[0]?.leftAt, 20_000, 'participant_left webhook for the learner');
    await click(learner.tool, 'rejoin-button', 'connected');
    await waitUntil(async () => (await cycles(samId)).length === 2, 20_000, 'the learner\'s second participant_joined webhook');

    // Both leave; LiveKit closes the empty room after its departure timeout (20 s) and reports room_finished.
    await click(learner.tool, 'control-leave', 'left');
    await click(teacher.tool, 'control-leave', 'left');
    const done = await waitUntil(async () => {
      const r = await report();
      return r.final && r.room.finishedAt ? r : null;
    }, 90_000, 'room_finished webhook once the room is empty');

    // All of it came from LiveKit's own signed deliveries: three joins and three leaves, room started and finished.
    const kinds = await s.deps.sql<{ event: string; n: number }[]>`
      SELECT event, count(*)::int AS n FROM livekit_webhook_events
      WHERE room_name = (SELECT room_name FROM meetings WHERE id = ${meetingId}) GROUP BY event ORDER BY event`;
    expect(Object.fromEntries(kinds.map((k) => [k.event, k.n]))).toMatchObject({ participant_joined: 3, participant_left: 3, room_started: 1, room_finished: 1 });

    const samCycles = person(done, samId)!.cycles;
    expect(samCycles).toHaveLength(2);
    expect(samCycles.every((c) => c.leftAt !== null)).toBe(true);
    expect(Date.parse(samCycles[1]!.joinedAt)).toBeGreaterThanOrEqual(Date.parse(samCycles[0]!.leftAt!));
    expect(person(done, samId)).toMatchObject({ name: 'Sam Learner' });
    expect(person(done, profId)).toMatchObject({ name: 'Ada Instructor', cycles: [{ leftAt: expect.any(String) }] });
    expect(person(done, ivyId)).toMatchObject({ status: 'absent', percent: 0, cycles: [] });
    expect(done.statistics.people).toBe(3);

    // The instructor's attendance page, from the link above the room.
    const [page] = await Promise.all([teacher.ctx.waitForEvent('page'), teacher.tool.locator('#attendance').click()]);
    await page.locator('h1').filter({ hasText: 'Attendance: Thursday seminar' }).waitFor({ timeout: 15_000 });
    const row = (name: string) => page.locator('tr', { hasText: name });
    expect(await row('Sam Learner').locator('li').count()).toBe(2);
    expect(await row('Ada Instructor').locator('li').count()).toBe(1);
    expect(await row('Ivy Absent').getAttribute('data-status')).toBe('absent');
    expect(await row('Ivy Absent').locator('li').count()).toBe(0);
    // Engagement figures (server/modules/analytics) on the same page, and their CSV from its button.
    expect(await page.locator('dd[data-stat="peak"]').textContent()).toBe('2');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download engagement CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('engagement.csv');

    // The gradebook: one score per learner of the roster (the instructor gets none), sent through the outbox.
    const lineitem = `${emu.issuer}/ags/${COURSE}/lineitems/1`;
    const scores = () => emu.scores.filter((x) => x.lineitem === lineitem);
    await waitUntil(() => scores().length >= 2, 60_000, 'two scores at the LMS');
    await waitUntil(async () => {
      const [o] = await s.deps.sql<{ pending: number }[]>`SELECT count(*) FILTER (WHERE status <> 'sent')::int AS pending FROM lti_score_outbox`;
      return o!.pending === 0;
    }, 20_000, 'an empty outbox');
    // Grading this session again (a job retry, LiveKit's room_finished sent twice) queues nothing.
    const [finished] = await s.deps.sql<{ roomName: string; roomSid: string }[]>`
      SELECT room_name AS "roomName", payload->'room'->>'sid' AS "roomSid" FROM livekit_webhook_events
      WHERE event = 'room_finished' AND room_name = (SELECT room_name FROM meetings WHERE id = ${meetingId})`;
    expect(finished!.roomSid).toMatch(/^RM_/);
    expect(await gradeSession(s.deps, finished!)).toEqual({ queued: 0 });
    const got = scores();
    expect(got.map((x) => x.body.userId).sort()).toEqual(['stud-ivy', 'stud-sam']);
    for (const x of got) {
      expect(x.body).toMatchObject({ scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
      expect(x.userAgent).toBeTruthy();
    }
    const bySub = Object.fromEntries(got.map((x) => [x.body.userId, x.body]));
    expect(bySub['stud-sam']!.scoreGiven).toBe(Math.round(person(done, samId)!.percent * 100) / 100);
    expect(bySub['stud-sam']!.scoreGiven).toBeGreaterThan(0);
    expect(String(bySub['stud-sam']!.comment)).toContain(person(done, samId)!.status);
    expect(bySub['stud-ivy']).toMatchObject({ scoreGiven: 0 });
    expect(String(bySub['stud-ivy']!.comment)).toMatch(/absent/);
  });
});
