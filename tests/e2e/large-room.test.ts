/**
 * Large rooms and low bandwidth end to end (issue 12): real LiveKit, PostgreSQL and Chromium (script-tag widget), with
 * 30 synthetic publishers (@livekit/rtc-node in a child process: small generated frames at a low rate, a microphone
 * track each). What the page subscribes to is read from the page's livekit-client room (`videoRoom.room`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { joinVideoRoom, needsWidgetBuild, useChromium } from '../support/browser.js';
import { joinTicket, useTestServer } from '../support/server.js';
import { startPublishers, type Publishers } from '../support/synthetic-publishers.js';

const PUBLISHERS = 30;
needsWidgetBuild('video-room');
const s = useTestServer({ demo: true });
const browser = useChromium();
let pubs: Publishers | undefined;
let meetingId: string;

const ticket = (id: string, name: string, role = 'participant') => joinTicket(s, meetingId, id, name, role);

beforeAll(async () => {
  meetingId = (await s.api('POST', '/api/v1/meetings', { title: 'Large room e2e' })).body.id;
  const tokens: string[] = [];
  let url = '';
  for (let i = 1; i <= PUBLISHERS; i++) {
    const a = (await s.api('POST', '/api/v1/join', { ticket: await ticket(`pub-${i}`, `Publisher ${String(i).padStart(2, '0')}`) }, null)).body;
    tokens.push(a.participantToken);
    url = a.serverUrl;
  }
  // Small frames at a low rate: 30 encoders share the machine with the browser.
  pubs = await startPublishers({ url, tokens, width: 160, height: 90, fps: 5, simulcast: false });
}, 240_000);

afterAll(async () => {
  await pubs?.stop();
});

/** A page (1280×720) with `<video-room ticket>` plus `attrs`, joined with camera and microphone off, all publishers in. */
async function openRoom(id: string, attrs = ''): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await joinVideoRoom(await ctx.newPage(), s.baseUrl, await ticket(id, id), {
    attrs, head: '<style>html,body{margin:0;height:100%}video-room{display:block;height:100vh}</style>',
  });
  // (A page of an earlier test may linger in the room for a while: it publishes nothing.)
  await expect.poll(() => page.evaluate(`document.querySelector('video-room').room.remoteParticipants.size`), { timeout: 20_000 }).toBeGreaterThanOrEqual(PUBLISHERS);
  return page;
}

/** Leave the room and close the page's context. */
async function close(page: Page) {
  await page.evaluate(`document.querySelector('video-room').leave()`);
  await page.context().close();
}

/**
 * What the page's room is subscribed to: video by identity (sorted), and the count of audio tracks. A track that is
 * still there (`pub.track`) counts as subscribed until livekit-client has removed it.
 */
const subscriptions = (page: Page) =>
  page.evaluate(`(() => {
    const video = [], audio = [];
    for (const p of document.querySelector('video-room').room.remoteParticipants.values()) {
      for (const pub of p.trackPublications.values()) {
        if (!pub.isSubscribed && !pub.track) continue;
        (pub.kind === 'video' ? video : audio).push(p.identity);
      }
    }
    return { video: video.sort(), audio: audio.length };
  })()`) as Promise<{ video: string[]; audio: number }>;

/** Identities of the remote camera tiles rendered (the page shown), sorted. */
const shownTiles = (page: Page) =>
  page.evaluate(`[...document.querySelector('video-room').shadowRoot.querySelectorAll('[part~="tile"][data-source="camera"]:not([data-local])')].map((t) => t.dataset.identity).sort()`) as Promise<string[]>;

const playingTiles = (page: Page) =>
  page.evaluate(`[...document.querySelector('video-room').shadowRoot.querySelectorAll('[part~="tile"]:not([data-local]) video')].filter((v) => v.videoWidth > 0).length`) as Promise<number>;

describe('a room of 30 publishers', () => {
  it('the page receives only the visible page\'s video (everyone\'s audio), and paging changes which', { timeout: 180_000 }, async () => {
    const page = await openRoom('watcher');
    const grid = page.locator('video-room [part~="grid"]');
    expect(Number(await grid.getAttribute('data-pages'))).toBeGreaterThan(1);
    const first = await shownTiles(page);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(25);
    expect(first.length).toBeLessThan(PUBLISHERS);
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 30_000 }).toEqual(first);
    expect((await subscriptions(page)).audio).toBe(PUBLISHERS);
    await expect.poll(() => playingTiles(page), { timeout: 30_000 }).toBe(first.length);
    expect(await page.locator('video-room [part~="page-indicator"]').textContent()).toMatch(/^Page 1 of \d+$/);

    await page.locator('video-room [part~="view-next-page"]').click();
    await expect.poll(() => page.locator('video-room [part~="page-indicator"]').textContent()).toMatch(/^Page 2 of/);
    const second = await shownTiles(page);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((x) => first.includes(x))).toEqual([]);
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 30_000 }).toEqual(second);
    expect((await subscriptions(page)).audio).toBe(PUBLISHERS);

    // Speaker view: one tile on the main stage, a strip of the others; still only the video shown is received.
    await page.locator('video-room [part~="view-speaker"]').click();
    expect(await page.locator('video-room').getAttribute('layout')).toBe('speaker');
    expect(await page.locator('video-room [part~="view-speaker"]').getAttribute('aria-pressed')).toBe('true');
    await page.locator('video-room [part~="main-stage"] [part~="tile"]').waitFor();
    const shown = await shownTiles(page);
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.length).toBeLessThan(PUBLISHERS);
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 30_000 }).toEqual(shown);
    await close(page);
  });

  it('audio only and data saver, chosen by the user: incoming video stops, a notice says so, and the way back works; the choice is remembered', { timeout: 180_000 }, async () => {
    const page = await openRoom('saver');
    const first = await shownTiles(page);
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 30_000 }).toEqual(first);
    const camOn = () => page.evaluate(`document.querySelector('video-room').room.localParticipant.isCameraEnabled`);
    await page.locator('video-room [part~="control-camera"]').click();
    await expect.poll(camOn, { timeout: 15_000 }).toBe(true);

    // Audio only: no video received, our camera stops.
    await page.locator('video-room [part~="bandwidth-select"]').selectOption('audio-only');
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 20_000 }).toEqual([]);
    expect((await subscriptions(page)).audio).toBe(PUBLISHERS);
    const notice = page.locator('video-room [part~="bandwidth-notice"]');
    expect(await notice.getAttribute('role')).toBe('status');
    expect(await notice.textContent()).toContain('Audio only is on');
    await expect.poll(() => playingTiles(page)).toBe(0);
    await expect.poll(camOn).toBe(false);
    expect(await page.evaluate(`localStorage.getItem('vr-bandwidth')`)).toBe('audio-only');

    // Data saver: only the active speaker's and screen shares' video — nobody speaks or shares here; our camera is back.
    await page.locator('video-room [part~="bandwidth-select"]').selectOption('data-saver');
    await expect.poll(() => notice.textContent()).toContain('Data saver is on');
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 20_000 }).toEqual([]);
    await expect.poll(camOn, { timeout: 15_000 }).toBe(true);

    await page.locator('video-room [part~="bandwidth-restore"]').click();
    await expect.poll(() => notice.count()).toBe(0);
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 30_000 }).toEqual(first);
    expect(await page.evaluate(`localStorage.getItem('vr-bandwidth')`)).toBe('normal');

    // Turning the camera on in audio only means video again.
    await page.locator('video-room [part~="bandwidth-select"]').selectOption('audio-only');
    await expect.poll(camOn).toBe(false);
    await page.locator('video-room [part~="control-camera"]').click();
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(0);
    expect(await camOn()).toBe(true);
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 30_000 }).toEqual(first);
    await close(page);
  });

  it('a Poor connection for the configured time switches to data saver, then audio only, by itself, with a notice and a way back', { timeout: 180_000 }, async () => {
    const page = await openRoom('poor', 'poor-connection-delay="1500" shortcuts');
    const first = await shownTiles(page);
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 30_000 }).toEqual(first);
    await page.evaluate(`(() => {
      const el = document.querySelector('video-room');
      window.__modes = [];
      window.__notices = [];
      el.addEventListener('vr-bandwidth-change', (e) => {
        window.__modes.push(e.mode + (e.auto ? ':auto' : ''));
        el.updateComplete.then(() => window.__notices.push(el.shadowRoot.querySelector('[part~="bandwidth-notice"]')?.textContent.trim() ?? ''));
      });
      // What livekit-client does with the server's ConnectionQualityUpdate (proto POOR = 0) for our participant; the
      // loopback connection is fine, so the server's own later updates are overridden: Poor it stays.
      const lp = el.room.localParticipant;
      lp.on('connectionQualityChanged', (q) => q !== 'poor' && lp.setConnectionQuality(0));
      lp.setConnectionQuality(0);
    })()`);
    // Poor for the delay: data saver; still Poor as long again: audio only. Each time the notice says so.
    const notice = page.locator('video-room [part~="bandwidth-notice"][data-auto]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.getAttribute('role')).toBe('status');
    await expect.poll(() => page.evaluate('window.__modes'), { timeout: 15_000 }).toEqual(['data-saver:auto', 'audio-only:auto']);
    expect(await notice.getAttribute('data-mode')).toBe('audio-only');
    expect(((await page.evaluate('window.__notices')) as string[])[0]).toContain('Your connection is poor: switched to data saver');
    expect(await notice.textContent()).toContain('Your connection is still poor: switched to audio only');
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 20_000 }).toEqual([]);
    await expect.poll(() => playingTiles(page)).toBe(0);
    // An automatic switch is not remembered as the user's choice.
    expect(await page.evaluate(`localStorage.getItem('vr-bandwidth')`)).toBe(null);

    await page.locator('video-room [part~="bandwidth-restore"]').click();
    await expect.poll(() => page.locator('video-room [part~="bandwidth-notice"]').count()).toBe(0);
    await expect.poll(async () => (await subscriptions(page)).video, { timeout: 30_000 }).toEqual(first);
    expect(await page.evaluate('window.__modes')).toEqual(['data-saver:auto', 'audio-only:auto', 'normal']);

    // Opt-in shortcuts (the `shortcuts` attribute): ? lists them in a dialog; C opens the chat; typing there is text.
    const micOn = () => page.evaluate(`document.querySelector('video-room').room.localParticipant.isMicrophoneEnabled`);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Shift+?');
    const dialog = page.locator('video-room [part~="shortcuts-dialog"][open]');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.locator('kbd').allTextContents()).toEqual(['M', 'V', 'H', 'C', 'Shift + L', '?']);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.keyboard.press('c');
    await page.locator('video-room [part~="chat-input"]').waitFor({ timeout: 10_000 });
    await page.locator('video-room [part~="chat-input"]').type('my mic');
    expect(await page.locator('video-room [part~="chat-input"]').inputValue()).toBe('my mic');
    expect(await micOn()).toBe(false);
    await page.locator('video-room [part~="chat-input"]').press('Escape');
    await page.keyboard.press('m');
    await expect.poll(micOn, { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.locator('video-room .sr-only[aria-live]').textContent()).toBe('Microphone on');
    await close(page);
  });
});
