/**
 * An LTI launch in Chromium with third-party cookies blocked: the platform (on localhost) frames the tool
 * (on 127.0.0.1, another site); login → platform → launch → room, with no cookie at all. Then the platform's
 * client-side storage (1EdTech LTI postMessages, as Canvas offers it): used when lti.capabilities confirms it,
 * authoritative at launch (a state it does not give back refuses the launch), ignored when it is not confirmed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../support/browser.js';
import { LIS, startEmulator, type Emulator } from '../support/lms-emulator.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
let emu: Emulator;
let browser: Browser;
beforeAll(async () => {
  s = await startTestServer();
  emu = await startEmulator();
  const r = await s.api('POST', '/api/v1/lti/platforms', {
    name: 'Emulated Canvas', issuer: emu.issuer, clientId: emu.clientId, authEndpoint: emu.authEndpoint,
    tokenEndpoint: emu.tokenEndpoint, jwksUrl: emu.jwksUrl, deploymentIds: [emu.deploymentId],
  });
  expect(r.status).toBe(201);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // Third-party cookies blocked, as Safari and Chrome with 3PC phase-out do. Cross-site frames stay in the
    // page's process: Playwright sometimes lost the tool frame when it moved process mid-flow (login → platform → tool).
    args: [
      ...CHROMIUM_ARGS.filter((a) => !a.startsWith('--disable-features=')),
      '--disable-features=WebRtcHideLocalIpsWithMdns,IsolateOrigins,site-per-process',
      '--disable-site-isolation-trials',
      '--test-third-party-cookie-phaseout',
      '--block-third-party-cookies',
    ],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await emu?.close();
  await s?.close();
});

describe('LTI launch in a browser that blocks third-party cookies', () => {
  it('opens the room inside the course page iframe, as host, without any cookie', { timeout: 120_000 }, async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const hint = emu.prepare({ sub: 'teacher-1', name: 'Prof Ada', roles: [LIS.instructor], resourceLinkId: 'browser-link' });
    const loginUrl = `${s.baseUrl}/lti/login?${new URLSearchParams(emu.loginParams(hint, s.baseUrl))}`;
    await page.goto(`${emu.issuer}/course/${hint}?tool=${encodeURIComponent(loginUrl)}`);
    const tool = page.frameLocator('#tool');
    // The frame navigates login → platform → launch: wait for the room element of the final page.
    await tool.locator('video-room[ticket]').waitFor({ timeout: 20_000 });
    expect(await tool.locator('#title').textContent()).toBe('Week 3 live session');
    await tool.locator('video-room [part~="join-button"]').click({ timeout: 15_000 });
    await expect.poll(() => tool.locator('video-room').getAttribute('state'), { timeout: 15_000 }).toBe('connected');
    expect(await ctx.cookies()).toEqual([]);
    await ctx.close();
  });

  type LogEntry = { subject: string; key?: string; origin: string };
  /** Open the course page (the emulated Canvas) framing the tool's login; `course` adds the page's options. */
  async function launchFromCourse(spec: { sub: string; name: string; roles: string[]; resourceLinkId: string }, course = '') {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const hint = emu.prepare(spec);
    const loginUrl = `${s.baseUrl}/lti/login?${new URLSearchParams(emu.loginParams(hint, s.baseUrl, { lti_storage_target: 'post_message_forwarding' }))}`;
    await page.goto(`${emu.issuer}/course/${hint}?tool=${encodeURIComponent(loginUrl)}${course}`);
    const log = () => page.evaluate('window.ltiStorageLog') as Promise<LogEntry[]>;
    return { ctx, page, tool: page.frameLocator('#tool'), log };
  }
  const counts = async () => {
    const [r] = await s.deps.sql`SELECT (SELECT count(*)::int FROM lti_resource_links) AS links, (SELECT count(*)::int FROM lti_nonces) AS nonces,
      (SELECT count(*)::int FROM lti_launch_users) AS users, (SELECT count(*)::int FROM meetings) AS meetings`;
    return r;
  };

  it('uses the platform\'s postMessage storage when lti.capabilities confirms it (Canvas): put at login, read back at launch, lands in the room', { timeout: 120_000 }, async () => {
    const { ctx, tool, log } = await launchFromCourse({ sub: 'student-9', name: 'Sam', roles: [LIS.learner], resourceLinkId: 'browser-link' });
    await tool.locator('video-room[ticket]').waitFor({ timeout: 20_000 });
    expect(await tool.locator('#title').textContent()).toBe('Week 3 live session');
    await tool.locator('video-room [part~="join-button"]').click({ timeout: 15_000 });
    await expect.poll(() => tool.locator('video-room').getAttribute('state'), { timeout: 15_000 }).toBe('connected');

    // login: capabilities → put_data; launch: capabilities → get_data of the same key; all from the tool's origin.
    const entries = (await log()).filter((e) => e.subject !== 'org.imsglobal.lti.capabilities');
    expect(entries.map((e) => e.subject)).toEqual(['lti.capabilities', 'lti.put_data', 'lti.capabilities', 'lti.get_data']);
    for (const e of entries) expect(e.origin).toBe(s.baseUrl);
    const put = entries[1]!;
    expect(put.key).toMatch(/^vr_state_/);
    expect(entries[3]!.key).toBe(put.key);
    // The state lived only in the platform: the tool's own storage never held it.
    expect(await tool.locator('body').evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vr-lti-state:')))).toEqual([]);
    await ctx.close();
  });

  for (const storage of ['forgetful', 'error'] as const) {
    it(`refuses the launch with an error page and stores nothing when the platform's storage does not give the state back (get_data ${storage === 'error' ? 'answers an error' : 'has no value'})`, { timeout: 120_000 }, async () => {
      const before = await counts();
      const { ctx, tool, log } = await launchFromCourse({ sub: `student-${storage}`, name: 'Lee', roles: [LIS.learner], resourceLinkId: `forgotten-link-${storage}` }, `&storage=${storage}`);
      await expect.poll(() => tool.locator('h1').textContent({ timeout: 1000 }).catch(() => null), { timeout: 20_000 }).toBe('Launch failed');
      expect(await tool.locator('#error').textContent()).toMatch(/could not confirm that this launch started in this browser.*Launch the activity again/);
      expect((await log()).map((e) => e.subject)).toContain('lti.get_data');
      expect(await tool.locator('video-room').count()).toBe(0);
      expect(await counts()).toEqual(before);
      await ctx.close();
    });
  }

  for (const caps of ['none', 'no-storage'] as const) {
    it(`falls back to the tool's own storage when lti.capabilities ${caps === 'none' ? 'gets no answer (Canvas mobile apps)' : 'lists no storage'}`, { timeout: 120_000 }, async () => {
      const { ctx, tool, log } = await launchFromCourse({ sub: `student-caps-${caps}`, name: 'Kim', roles: [LIS.learner], resourceLinkId: 'browser-link' }, `&caps=${caps}`);
      await tool.locator('video-room[ticket]').waitFor({ timeout: 20_000 });
      const subjects = (await log()).map((e) => e.subject);
      expect(subjects).toContain('lti.capabilities');
      expect(subjects).not.toContain('lti.put_data');
      expect(subjects).not.toContain('lti.get_data');
      await ctx.close();
    });
  }
});
