/**
 * Large room (issue 12): one real Chromium page (1280×720) joins a room where BENCH_PUBLISHERS (default 49) synthetic
 * participants publish a camera each (`@livekit/rtc-node` in a separate process: generated 320×180 frames at 10 fps,
 * simulcast on; a microphone track without frames). Real LiveKit, PostgreSQL, server, script-tag widget. Prints:
 * - large-room-subscribed-video-tracks: remote video publications the page is subscribed to (target: only the visible
 *   page, ≤ 25), and the video streams that actually carried bytes during the window;
 * - large-room-inbound-video-bitrate: kbit/s of incoming video over the window (target: ≤ 25 tiles' worth: 25 × the
 *   bitrate of one synthetic camera at its full 320×180, measured in the same run as bytes per active stream);
 * - large-room-main-thread-cpu: the page's main-thread busy time (CDP `Performance.getMetrics` TaskDuration) over
 *   BENCH_SECONDS (default 30) s, as % of one core;
 * - large-room-join-to-visible-playing: from the pointerdown on Join to every remote tile in the viewport playing
 *   video (videoWidth > 0, readyState ≥ 2).
 * Also printed: the machine's load average at start and end (2 shared cores: read the figures with it).
 * BENCH_SCREENSHOT=file.png saves the page as it was at the end; BENCH_LAYOUT=speaker measures the speaker view.
 *   npx tsx bench/large-room.ts        (needs `npm run build:widget` first)
 */
import { openVideoRoom, startRoomStack } from './support/room-stack.js';
import { loadavg } from 'node:os';
import { startPublishers, type Publishers } from '../tests/support/synthetic-publishers.js';

const N = Number(process.env.BENCH_PUBLISHERS ?? 49);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const loadStart = load();
const stack = await startRoomStack();
const { base, browser } = stack;
let pubs: Publishers | undefined;
try {
  const api = stack.json;
  const { ticket } = await stack.meeting('Large room bench');
  const answers = [];
  for (let i = 0; i < N; i++) answers.push(await api('POST', '/api/v1/join', { ticket: await ticket(`Publisher ${String(i + 1).padStart(2, '0')}`) }));
  pubs = await startPublishers({ url: answers[0].serverUrl, tokens: answers.map((a) => a.participantToken as string), width: 320, height: 180, fps: 10 });

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  // Every peer connection of the page, to read its inbound-rtp statistics.
  await page.addInitScript(`(() => {
    const PC = window.RTCPeerConnection;
    window.__pcs = [];
    window.RTCPeerConnection = class extends PC { constructor(...a) { super(...a); window.__pcs.push(this); } };
  })()`);
  await openVideoRoom(page, base, await ticket('viewer-page'), {
    head: '<style>html,body{margin:0;height:100%}video-room{display:block;height:100vh}</style>\n    ',
    attrs: `layout="${process.env.BENCH_LAYOUT ?? 'grid'}"`,
    join: false,
  });
  await page.evaluate(`(() => {
    const el = document.querySelector('video-room');
    const t = (window.__t = {});
    addEventListener('pointerdown', () => { t.click ??= performance.now(); }, { capture: true, once: true });
    // Every remote tile inside the viewport plays video, and every publisher is in the room.
    const poll = () => {
      const room = el.room;
      const tiles = [...el.shadowRoot.querySelectorAll('[part~="tile"]:not([data-local])')].filter((tile) => {
        const r = tile.getBoundingClientRect();
        return r.width > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
      });
      const playing = tiles.filter((tile) => { const v = tile.querySelector('video'); return v && v.videoWidth > 0 && v.readyState >= 2; });
      if (room && room.remoteParticipants.size >= ${N} && tiles.length > 0 && playing.length === tiles.length) { t.visible = tiles.length; t.playing = performance.now(); }
      else setTimeout(poll, 50);
    };
    poll();
  })()`);
  const joinAt = Date.now();
  await page.locator('video-room [part~="join-button"]').click();
  const joined = await page.waitForFunction('window.__t.playing !== undefined', undefined, { timeout: 120_000 }).then(
    () => true,
    () => false,
  );
  const t = (await page.evaluate('window.__t')) as { click: number; playing?: number; visible?: number };
  const joinSeconds = joined ? (t.playing! - t.click) / 1000 : (Date.now() - joinAt) / 1000;

  // Let subscriptions and layers settle, then measure over the window.
  await page.waitForTimeout(5000);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
  const inbound = () =>
    page.evaluate(`(async () => {
      const out = {};
      for (const pc of window.__pcs) {
        if (pc.connectionState === 'closed') continue;
        (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') out[s.id + '@' + window.__pcs.indexOf(pc)] = s.bytesReceived; });
      }
      return out;
    })()`) as Promise<Record<string, number>>;
  // Update requests of the element during the window (each may re-render the room view).
  await page.evaluate(`(() => {
    const el = document.querySelector('video-room');
    const orig = el.requestUpdate;
    window.__updates = 0;
    el.requestUpdate = function (...a) { window.__updates++; return orig.apply(this, a); };
  })()`);
  const cpu0 = await taskTime();
  const bytes0 = await inbound();
  const w0 = Date.now();
  await page.waitForTimeout(SECONDS * 1000);
  const cpu1 = await taskTime();
  const bytes1 = await inbound();
  const window = (Date.now() - w0) / 1000;
  let total = 0;
  let active = 0;
  for (const [k, b] of Object.entries(bytes1)) {
    const d = b - (bytes0[k] ?? 0);
    total += d;
    if (d > 1000) active++;
  }
  const subscribed = (await page.evaluate(`(() => {
    const room = document.querySelector('video-room').room;
    let video = 0, audio = 0;
    for (const p of room.remoteParticipants.values()) for (const pub of p.trackPublications.values()) {
      if (!pub.isSubscribed) continue;
      if (pub.kind === 'video') video++; else audio++;
    }
    return { video, audio };
  })()`)) as { video: number; audio: number };
  const updates = (await page.evaluate('window.__updates')) as number;
  const kbps = (total * 8) / 1000 / window;
  const perStream = active ? kbps / active : 0;
  console.log(`large-room-subscribed-video-tracks ${subscribed.video} tracks (target ≤ 25: the visible page only) (${N} publishers; ${active} video streams carried bytes; ${subscribed.audio} audio tracks subscribed; ${t.visible ?? '?'} remote tiles in the viewport)`);
  console.log(`large-room-inbound-video-bitrate ${kbps.toFixed(0)} kbit/s (target ${(25 * perStream).toFixed(0)}: 25 tiles × ${perStream.toFixed(0)} kbit/s per active stream of 320×180 at 10 fps)`);
  console.log(`large-room-main-thread-cpu ${((100 * (cpu1 - cpu0)) / window).toFixed(1)} % of one core (no target; lower is better) (page main thread busy over ${window.toFixed(0)} s)`);
  console.log(`large-room-element-updates ${(updates / window).toFixed(1)} per s (no target) (update requests of <video-room> during the window)`);
  console.log(`large-room-join-to-visible-playing ${joinSeconds.toFixed(2)} s (target 5)${joined ? '' : ' (TIMED OUT: not every visible tile played within 120 s)'}`);
  console.log(`large-room-load-average ${load()} (at start ${loadStart}; 1/5/15 min, 2 cores shared)`);
  // BENCH_SCREENSHOT=path.png: what the page looked like at the end (to look at the layout).
  if (process.env.BENCH_SCREENSHOT) await page.screenshot({ path: process.env.BENCH_SCREENSHOT });
  await ctx.close();
} finally {
  await pubs?.stop();
  await stack.stop();
}
