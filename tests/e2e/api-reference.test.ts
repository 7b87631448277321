/**
 * The API reference at /api/v1/docs in Debian Chromium: Scalar's UI renders our OpenAPI description, and the page
 * asks nothing of any other origin (no CDN, no web fonts, no telemetry): it works on a closed network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
let browser: Browser;
beforeAll(async () => {
  s = await startTestServer({ invitationWorker: false });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('API reference page', () => {
  it('shows the operations of /api/v1/openapi.json, loading everything from our own origin', { timeout: 60_000 }, async () => {
    const doc = (await s.api('GET', '/api/v1/openapi.json')).body;
    const summary: string = doc.paths['/meetings/{id}/join-tickets'].post.summary;
    expect(summary).toBeTruthy();

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.baseUrl}/api/v1/docs`);
    await page.getByText(summary, { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await ctx.close();

    const origins = new Set(requests.filter((u) => /^https?:/.test(u)).map((u) => new URL(u).origin));
    expect([...origins]).toEqual([s.baseUrl]);
    expect(requests).toContain(`${s.baseUrl}/api/v1/openapi.json`);
    expect(errors).toEqual([]);
  });
});
