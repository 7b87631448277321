/**
 * The API reference at /api/v1/docs in Debian Chromium: Scalar's UI renders our OpenAPI description, and the page
 * asks nothing of any other origin (no CDN, no web fonts, no telemetry, no request proxy for "Test Request"): it
 * works on a closed network, and an API key typed into it goes to our server only.
 */
import { describe, expect, it } from 'vitest';
import { useChromium } from '../support/browser.js';
import { useTestServer } from '../support/server.js';

const s = useTestServer({ invitationWorker: false });
const browser = useChromium();

describe('API reference page', () => {
  it('shows the operations of /api/v1/openapi.json and sends test requests, all to our own origin only', { timeout: 120_000 }, async () => {
    const doc = (await s.api('GET', '/api/v1/openapi.json')).body;
    const summary: string = doc.paths['/meetings/{id}/join-tickets'].post.summary;
    const list: string = doc.paths['/meetings'].get.summary;
    expect(summary && list).toBeTruthy();

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.baseUrl}/api/v1/docs`);
    await page.getByText(summary, { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
    // Scalar's "Test Request" client: the request goes straight to the API on our origin.
    // (Which operation's client opens does not matter: Scalar renders operations lazily.)
    await page.getByText(list, { exact: true }).first().click();
    await page.getByRole('button', { name: /Test Request/i }).filter({ visible: true }).first().click();
    const api = `${s.baseUrl}/api/v1/`;
    const sent = page.waitForRequest((r) => r.url().startsWith(api) && !r.url().startsWith(`${api}openapi.json`) && !r.url().startsWith(`${api}docs`), { timeout: 60_000 });
    await page.getByRole('button', { name: /^Send/i }).filter({ visible: true }).first().click();
    await sent;
    await ctx.close();

    const origins = new Set(requests.filter((u) => /^https?:/.test(u)).map((u) => new URL(u).origin));
    expect([...origins]).toEqual([s.baseUrl]);
    expect(requests).toContain(`${s.baseUrl}/api/v1/openapi.json`);
    expect(errors).toEqual([]);
  });
});
