/**
 * Click Join → connected, and → first remote video frame, on loopback with real LiveKit and Chromium.
 * A host is already in the room publishing its (fake) camera; each of 10 runs is a fresh browser context.
 *   npx tsx bench/join-time.ts        (needs `npm run build:widget` first)
 */
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createDeps, listen } from '../server/main.js';
import { ensureDevOrganization } from '../server/services/organizations.js';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-postgres.js';
import { startLocalLiveKit } from '../scripts/lib/livekit.js';
import { launchChromium } from '../tests/support/browser.js';
import type { Page } from 'playwright-core';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const free = () => new Promise<number>((r) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as any).port; s.close(() => r(p)); }); });
const dir = (p: string) => fileURLToPath(new URL(`../.data/bench/${p}`, import.meta.url));

const pg = await startEmbeddedPostgres({ dataDir: dir('postgres'), port: await free() });
const lk = await startLocalLiveKit({ port: 17980, stateDir: dir('livekit') });
const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), pg.url, lk);
await ensureDevOrganization(deps.sql, `vr_dev_${randomBytes(12).toString('hex')}`);
const { server, port } = await listen(createApp(deps, { demo: true }).fetch, 0, '127.0.0.1');
const base = `http://127.0.0.1:${port}`;
const browser = await launchChromium();

const meeting = (await (await fetch(`${base}/demo/api/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Bench"}' })).json()).meeting;
const link = (role: string, name: string) => `${base}/demo/room.html?meeting=${meeting.id}&role=${role}&name=${name}`;

const IN_PAGE_JOIN = `(() => {
  const el = document.querySelector('video-room');
  const t = (window.__t = {});
  const walk = (root, out) => {
    for (const n of root.querySelectorAll('*')) { out.push(n); if (n.shadowRoot) walk(n.shadowRoot, out); }
    return out;
  };
  new MutationObserver(() => {
    if (el.getAttribute('state') === 'connected' && t.connected === undefined) t.connected = performance.now();
  }).observe(el, { attributes: true, attributeFilter: ['state'] });
  const poll = () => {
    const ok = walk(el.shadowRoot, []).some((n) => n instanceof HTMLVideoElement && n.closest('[part~="tile"]:not([data-local])') && n.videoWidth > 0 && n.readyState >= 2);
    if (ok) t.frame = performance.now(); else setTimeout(poll, 2);
  };
  const button = walk(el.shadowRoot, []).find((n) => n.matches('[part~="join-button"]'));
  t.click = performance.now();
  button.click();
  poll();
})()`;

/** Click Join inside the element and record click/connected/first-remote-frame times (ms, page clock). */
async function timedJoin(page: Page): Promise<{ connected: number; frame: number }> {
  await page.locator('video-room [part~="join-button"]').waitFor({ timeout: 15_000 });
  // Plain JS string: tsx would otherwise inject helpers (__name) that do not exist in the page.
  await page.evaluate(IN_PAGE_JOIN);
  await page.waitForFunction('window.__t.frame !== undefined', undefined, { timeout: 20_000 });
  const t = (await page.evaluate('window.__t')) as Record<string, number>;
  return { connected: t.connected - t.click, frame: t.frame - t.click };
}

const hostCtx = await browser.newContext();
const host = await hostCtx.newPage();
await host.goto(link('host', 'Host'));
await host.locator('video-room [part~="join-button"]').click();
await host.waitForFunction(() => document.querySelector('video-room')?.getAttribute('state') === 'connected');

const connected: number[] = [];
const frames: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(link('participant', `Guest${i}`));
  const r = await timedJoin(page);
  connected.push(r.connected);
  frames.push(r.frame);
  await ctx.close();
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
console.log(`join-to-connected-median ${(median(connected) / 1000).toFixed(3)} s (target 0.5)`);
console.log(`join-to-first-remote-frame-median ${(median(frames) / 1000).toFixed(3)} s (target 1.0)`);
console.log(`join-runs ${RUNS} runs (connected min ${(Math.min(...connected) / 1000).toFixed(3)} s, max ${(Math.max(...connected) / 1000).toFixed(3)} s)`);

await hostCtx.close();
await browser.close();
await new Promise((r) => server.close(r));
await deps.sql.end();
await lk.stop();
await pg.stop();
