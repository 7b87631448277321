/**
 * Click Join → connected, and → first remote video frame, on loopback with real LiveKit and Chromium. The click is a
 * real mouse click (Playwright) and the clock starts at its pointerdown. Also printed, without a target: click → the
 * host's page plays the joiner's camera (what the others see of a join).
 * A host is already in the room publishing its (fake) camera; each of 10 runs is a fresh browser context, which
 * clicks Join once the camera preview plays (what a person sees before pressing Join).
 * Two pages: the demo room page, which exists to join one meeting (`preload="auto"`: the join code and
 * livekit-client load while the pre-join screen is up), and the same page with the element's default
 * `preload="intent"` (they load on pointerdown on Join: the cold case, printed as `…-cold-…`).
 *   npx tsx bench/join-time.ts        (needs `npm run build:widget` first)
 */
import { freePort, freePortTriple } from '../scripts/lib/ports.js';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createDeps, listen } from '../server/main.js';
import { ensureDevOrganization } from '../server/modules/organizations/service.js';
import { startEmbeddedPostgres } from '../scripts/lib/embedded-postgres.js';
import { startLocalLiveKit } from '../scripts/lib/livekit.js';
import { launchChromium } from '../tests/support/browser.js';
import type { Page } from 'playwright-core';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const free = freePort;
// A state folder and ports of its own, so runs never meet a database migrated by another checkout or overlap.
const runDir = fileURLToPath(new URL(`../.data/bench/run-${process.pid}/`, import.meta.url));
const dir = (p: string) => runDir + p;
/** Base of three consecutive free ports (LiveKit: signalling, RTC TCP, RTC UDP). */
const pg = await startEmbeddedPostgres({ dataDir: dir('postgres'), port: await free() });
const lk = await startLocalLiveKit({ port: await freePortTriple(), stateDir: dir('livekit') });
const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), pg.url, lk);
await ensureDevOrganization(deps.sql, `vr_dev_${randomBytes(12).toString('hex')}`);
const { server, port } = await listen(createApp(deps, { demo: true }).fetch, 0, '127.0.0.1');
const base = `http://127.0.0.1:${port}`;
const browser = await launchChromium();

const meeting = (await (await fetch(`${base}/demo/api/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Bench"}' })).json()).meeting;
const link = (role: string, name: string, preload = 'auto') => `${base}/demo/room.html?meeting=${meeting.id}&role=${role}&name=${name}&preload=${preload}`;

// Installed before the click: the clock starts at the pointerdown of a real (Playwright) mouse click on Join, so
// work the widget starts on pointerdown is counted, not hidden before the start.
const IN_PAGE_SETUP = `(() => {
  const el = document.querySelector('video-room');
  const t = (window.__t = {});
  const walk = (root, out) => {
    for (const n of root.querySelectorAll('*')) { out.push(n); if (n.shadowRoot) walk(n.shadowRoot, out); }
    return out;
  };
  // The remote-frame poll starts once connected (a remote frame cannot be shown before): polling from the click
  // would take the page's main thread from the very join it measures.
  new MutationObserver(() => {
    if (el.getAttribute('state') === 'connected' && t.connected === undefined) { t.connected = performance.now(); poll(); }
  }).observe(el, { attributes: true, attributeFilter: ['state'] });
  const poll = () => {
    const ok = walk(el.shadowRoot, []).some((n) => n instanceof HTMLVideoElement && n.closest('[part~="tile"]:not([data-local])') && n.videoWidth > 0 && n.readyState >= 2);
    if (ok) t.frame = performance.now(); else setTimeout(poll, 2);
  };
  addEventListener('pointerdown', () => { t.click ??= performance.now(); }, { capture: true, once: true });
  // Phases of the LiveKit connection: signalling WebSocket opened, first peer connection connected.
  const WS = window.WebSocket;
  window.WebSocket = class extends WS {
    constructor(...a) { super(...a); t.wsStart ??= performance.now(); this.addEventListener('open', () => (t.wsOpen ??= performance.now())); }
  };
  const PC = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends PC {
    constructor(...a) {
      super(...a);
      this.addEventListener('connectionstatechange', () => { if (this.connectionState === 'connected') t.pcConnected ??= performance.now(); });
    }
  };
})()`;

/** Where the time went (ms after pointerdown): the join request and the in-room chunk, from Resource Timing. */
const IN_PAGE_PHASES = `(() => {
  const t = window.__t;
  const entry = (re) => performance.getEntriesByType('resource').find((e) => re.test(e.name));
  const end = (re) => entry(re)?.responseEnd - t.click;
  return {
    joinRequest: entry(/api\\/v1\\/join/)?.startTime - t.click,
    joinAnswer: end(/api\\/v1\\/join/),
    roomChunk: end(/room-view/),
    wsStart: t.wsStart - t.click,
    wsOpen: t.wsOpen - t.click,
    pcConnected: t.pcConnected - t.click,
  };
})()`;

/**
 * On the host's page: once no remote tile is left from an earlier run, watch (every 10 ms, to leave the CPU to the
 * joining page) for a remote tile whose video plays; `window.__seen` = that moment, wall clock ms.
 */
const HOST_WATCH = `(() => {
  const el = document.querySelector('video-room');
  const remoteTiles = () => [...el.shadowRoot.querySelectorAll('[part~="tile"]:not([data-local])')];
  window.__seen = undefined;
  return new Promise((ready) => {
    const idle = () => (remoteTiles().length ? setTimeout(idle, 10) : (ready(true), watch()));
    const watch = () => {
      const ok = remoteTiles().some((tile) => { const v = tile.querySelector('video'); return v && v.videoWidth > 0 && v.readyState >= 2; });
      if (ok) window.__seen = performance.timeOrigin + performance.now(); else setTimeout(watch, 10);
    };
    idle();
  });
})()`;

/** Click Join inside the element and record pointerdown/connected/first-remote-frame times (ms, page clock). */
type Phases = { joinRequest: number; joinAnswer: number; roomChunk: number; wsStart: number; wsOpen: number; pcConnected: number };
async function timedJoin(page: Page): Promise<{ connected: number; frame: number; seen: number } & Phases> {
  const button = page.locator('video-room [part~="join-button"]');
  await button.waitFor({ timeout: 15_000 });
  await page.locator('video-room [part~="preview"]').waitFor({ timeout: 15_000 });
  await page.waitForFunction(`document.querySelector('video-room').shadowRoot.querySelector('[part~="preview"]').readyState >= 2`);
  // Plain JS string: tsx would otherwise inject helpers (__name) that do not exist in the page.
  await page.evaluate(IN_PAGE_SETUP);
  await host.evaluate(HOST_WATCH);
  await button.click();
  await page.waitForFunction('window.__t.frame !== undefined', undefined, { timeout: 20_000 });
  await host.waitForFunction('window.__seen !== undefined', undefined, { timeout: 20_000 });
  const t = (await page.evaluate('window.__t')) as Record<string, number>;
  const clickWall = (await page.evaluate('performance.timeOrigin + window.__t.click')) as number;
  const seen = ((await host.evaluate('window.__seen')) as number) - clickWall;
  const phases = (await page.evaluate(IN_PAGE_PHASES)) as Phases;
  return { connected: t.connected - t.click, frame: t.frame - t.click, seen, ...phases };
}

const hostCtx = await browser.newContext();
const host = await hostCtx.newPage();
await host.goto(link('host', 'Host'));
await host.locator('video-room [part~="join-button"]').click();
await host.waitForFunction(() => document.querySelector('video-room')?.getAttribute('state') === 'connected');

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
for (const [preload, label] of [['auto', ''], ['intent', 'cold-']] as const) {
  const connected: number[] = [];
  const frames: number[] = [];
  const seen: number[] = [];
  const phases: Phases[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(link('participant', `Guest${i}`, preload));
    const r = await timedJoin(page);
    connected.push(r.connected);
    frames.push(r.frame);
    seen.push(r.seen);
    phases.push(r);
    await ctx.close();
  }
  const what = preload === 'auto' ? 'room page, preload=auto' : 'cold: preload=intent, join code and livekit-client loaded from pointerdown on';
  console.log(`join-${label}to-connected-median ${(median(connected) / 1000).toFixed(3)} s (target 0.5) (${what})`);
  console.log(`join-${label}to-first-remote-frame-median ${(median(frames) / 1000).toFixed(3)} s (target 1.0)`);
  console.log(`join-${label}to-seen-by-host-median ${(median(seen) / 1000).toFixed(3)} s (the host's page plays the joiner's camera; no target)`);
  // Where the time went (medians, s after pointerdown): not targets, for reading the two figures above.
  const phase = (k: keyof Phases, note: string) =>
    console.log(`join-${label}phase-${k}-median ${(median(phases.map((p) => p[k])) / 1000).toFixed(3)} s (${note})`);
  phase('joinRequest', 'POST /api/v1/join sent');
  phase('joinAnswer', 'POST /api/v1/join answered');
  phase('roomChunk', 'in-room chunk with livekit-client downloaded; negative: before the click');
  phase('wsStart', 'LiveKit signalling WebSocket opening');
  phase('wsOpen', 'LiveKit signalling WebSocket open');
  phase('pcConnected', 'first peer connection connected');
  console.log(`join-${label}runs ${RUNS} runs (connected min ${(Math.min(...connected) / 1000).toFixed(3)} s, max ${(Math.max(...connected) / 1000).toFixed(3)} s)`);
}

await hostCtx.close();
await browser.close();
await new Promise((r) => server.close(r));
await deps.sql.end();
await lk.stop();
await pg.stop();
rmSync(runDir, { recursive: true, force: true });
