/**
 * The hosted join page of an invitation link (GET /j/{token}) in Debian Chromium with the real LiveKit server: a tab
 * left open longer than its ticket's hour still joins when the attendee presses Join.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { Browser } from 'playwright-core';
import { ISSUER, signHs256 } from '../../server/shared/signed-tokens.js';
import { launchChromium } from '../support/browser.js';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';
import { calendarParts, startSmtp, type TestSmtp } from '../support/smtp.js';

let s: TestServer;
let smtp: TestSmtp;
let browser: Browser;
beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'School <school@example.test>' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await smtp?.close();
});

const jwtPayload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

describe('hosted join page', () => {
  it('a tab left open past its ticket gets a fresh one on Join and lands in the room', { timeout: 60_000 }, async () => {
    const start = new Date(Date.now() + 24 * 3600_000);
    start.setUTCSeconds(0, 0);
    const m = await s.api('POST', '/api/v1/meetings', { title: 'Evening seminar', scheduledStartAt: start.toISOString(), durationMinutes: 60, timezone: 'UTC' });
    expect(m.status).toBe(201);
    expect((await s.api('POST', `/api/v1/meetings/${m.body.id}/attendees`, { email: 'gus@example.edu', name: 'Gus' })).status).toBe(201);
    const mail = await waitUntil(() => smtp.messages.find((x) => x.to.includes('gus@example.edu')), 5000, 'the invitation');
    const link = String(new ICAL.Component(ICAL.parse(calendarParts(mail.raw)[0]!.body)).getFirstSubcomponent('vevent')!.getFirstPropertyValue('url'));

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const fresh: string[] = [];
    page.on('request', (r) => r.url().endsWith('/ticket') && fresh.push(r.url()));
    await page.goto(link);
    await page.locator('video-room [part~="join-button"]').waitFor({ timeout: 15_000 });
    // An hour and more later: the page's ticket has expired (same claims, exp in the past).
    const ticket = (await page.locator('video-room').getAttribute('ticket'))!;
    const now = Math.floor(Date.now() / 1000);
    const expired = signHs256(s.deps.ticketSecret, { ...jwtPayload(ticket), iss: ISSUER, iat: now - 3700, exp: now - 100 });
    await page.locator('video-room').evaluate((el, t) => el.setAttribute('ticket', t), expired);

    await page.locator('video-room [part~="join-button"]').click();
    await expect.poll(() => page.locator('video-room').getAttribute('state'), { timeout: 20_000 }).toBe('connected');
    expect(fresh).toEqual([`${link}/ticket`]);
    expect(await page.locator('video-room').getAttribute('ticket')).not.toBe(expired);
    await ctx.close();
  });
});
