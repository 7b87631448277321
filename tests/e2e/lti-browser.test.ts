/**
 * An LTI launch in Chromium with third-party cookies blocked: the platform (on localhost) frames the tool
 * (on 127.0.0.1, another site); login → platform → launch → room, with no cookie at all.
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

  it('uses the platform\'s postMessage storage when it offers lti_storage_target (Canvas)', { timeout: 120_000 }, async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const hint = emu.prepare({ sub: 'student-9', name: 'Sam', roles: [LIS.learner], resourceLinkId: 'browser-link' });
    const loginUrl = `${s.baseUrl}/lti/login?${new URLSearchParams(emu.loginParams(hint, s.baseUrl, { lti_storage_target: 'post_message_forwarding' }))}`;
    await page.goto(`${emu.issuer}/course/${hint}?tool=${encodeURIComponent(loginUrl)}`);
    const tool = page.frameLocator('#tool');
    await tool.locator('video-room[ticket]').waitFor({ timeout: 20_000 });
    const log = (await page.evaluate('window.ltiStorageLog')) as { subject: string; key: string; origin: string }[];
    expect(log[0]).toMatchObject({ subject: 'lti.put_data', origin: s.baseUrl });
    expect(log[0]!.key).toMatch(/^vr_state_/);
    await ctx.close();
  });
});
