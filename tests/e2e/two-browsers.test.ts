/**
 * Two people, two browser contexts, one real LiveKit room, through the demo page:
 * each sees the other's video playing and name; muting shows on the other side; leaving removes the tile.
 */
import { describe, expect, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import { demoMeetingLinks, needsWidgetBuild, useChromium } from '../support/browser.js';
import { useTestServer } from '../support/server.js';

needsWidgetBuild('video-room');
const s = useTestServer({ demo: true });
const browser = useChromium();

async function createDemoMeeting(title: string) {
  const res = await fetch(`${s.baseUrl}/demo/api/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  return (await res.json()).meeting as { id: string };
}

const remoteTile = (p: Page | FrameLocator) => p.locator('video-room [part~="tile"]:not([data-local])');

/** videoWidth of the first <video> in the remote tile (0 until frames are decoded). */
const remoteVideoWidth = (p: Page | FrameLocator) =>
  remoteTile(p)
    .first()
    .locator('video')
    .first()
    .evaluate((v: HTMLVideoElement) => (v.readyState >= 2 && !v.paused ? v.videoWidth : 0))
    .catch(() => 0);

/** The pre-join preview `<video>` (a JS expression for page.evaluate). */
const PREVIEW = `document.querySelector('video-room')?.shadowRoot?.querySelector('[part~="preview"]')`;

/** The camera track `page` publishes: its MediaStreamTrack id and readyState (`ended` once released). */
const publishedCamera = (page: Page) =>
  page.evaluate(`(() => {
    const t = document.querySelector('video-room').room?.localParticipant.getTrackPublication('camera')?.track?.mediaStreamTrack;
    return t ? { id: t.id, state: t.readyState } : null;
  })()`) as Promise<{ id: string; state: string } | null>;

async function joinFromLink(page: Page, href: string) {
  if (page.url() !== href) await page.goto(href);
  const join = page.locator('video-room [part~="join-button"]');
  await join.click({ timeout: 15_000 });
  await expect.poll(() => page.locator('video-room').getAttribute('state'), { timeout: 15_000 }).toBe('connected');
}

describe('two browsers in one meeting', () => {
  it('see and hear each other, see mute, and see the other leave', { timeout: 120_000 }, async () => {
    const hostCtx = await browser.newContext();
    const guestCtx = await browser.newContext();
    const host = await hostCtx.newPage();
    const guest = await guestCtx.newPage();

    const { hostHref, guestHref } = await demoMeetingLinks(host, s.baseUrl, 'E2E meeting');
    expect(hostHref).toMatch(/role=host/);

    await joinFromLink(host, hostHref);
    // The camera the guest sees in the pre-join preview is the one published: it is not closed and opened again.
    await guest.goto(guestHref);
    await guest.waitForFunction(`${PREVIEW}?.srcObject?.getVideoTracks()[0]?.readyState === 'live'`, undefined, { timeout: 15_000 });
    const previewCamera = await guest.evaluate(`${PREVIEW}.srcObject.getVideoTracks()[0].id`);
    await joinFromLink(guest, guest.url());

    // Each shows the other's name and video actually playing.
    await expect.poll(() => remoteTile(host).locator('[part~="tile-name"]').first().textContent().catch(() => null), { timeout: 20_000 }).toContain('Guest');
    await expect.poll(() => remoteTile(guest).locator('[part~="tile-name"]').first().textContent().catch(() => null), { timeout: 20_000 }).toContain('Host');
    await expect.poll(() => remoteVideoWidth(host), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => remoteVideoWidth(guest), { timeout: 20_000 }).toBeGreaterThan(0);

    expect((await publishedCamera(guest))?.id).toBe(previewCamera);

    // The guest turns the camera off: it is released (camera light off) and the host sees the avatar; on again: a
    // new capture, and the host sees video again.
    await guest.locator('video-room [part~="control-camera"]').click();
    await expect.poll(async () => (await publishedCamera(guest))?.state, { timeout: 10_000 }).toBe('ended');
    await expect.poll(() => remoteTile(host).first().locator('video').count(), { timeout: 10_000 }).toBe(0);
    await guest.locator('video-room [part~="control-camera"]').click();
    await expect.poll(async () => (await publishedCamera(guest))?.state, { timeout: 10_000 }).toBe('live');
    expect((await publishedCamera(guest))?.id).not.toBe(previewCamera);
    await expect.poll(() => remoteVideoWidth(host), { timeout: 20_000 }).toBeGreaterThan(0);

    // The guest mutes: the host sees the guest's tile as muted.
    expect(await remoteTile(host).first().getAttribute('data-muted')).toBeNull();
    await guest.locator('video-room [part~="control-mic"]').click();
    await expect.poll(() => remoteTile(host).first().getAttribute('data-muted'), { timeout: 10_000 }).not.toBeNull();

    // The guest leaves: the host's remote tile goes away.
    await guest.locator('video-room [part~="control-leave"]').click();
    await expect.poll(() => remoteTile(host).count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => guest.locator('video-room').getAttribute('state'), { timeout: 10_000 }).toBe('left');

    await hostCtx.close();
    await guestCtx.close();
  });
});

describe('inside an LMS-style iframe', () => {
  it('joins from a cross-origin iframe that grants camera and microphone, and both sides see video', { timeout: 120_000 }, async () => {
    const m = await createDemoMeeting('Iframe meeting');
    const hostCtx = await browser.newContext();
    const lmsCtx = await browser.newContext();
    const host = await hostCtx.newPage();
    const lms = await lmsCtx.newPage();
    await joinFromLink(host, `${s.baseUrl}/demo/room.html?meeting=${m.id}&role=host&name=Host`);

    // The "LMS" page is on http://localhost:PORT; the tool (our widget) on http://127.0.0.1:PORT: another origin.
    const lmsOrigin = s.baseUrl.replace('127.0.0.1', 'localhost');
    await lms.goto(`${lmsOrigin}/demo/`);
    await lms.setContent(
      `<h1>Course page</h1><iframe id="tool" style="width:900px;height:600px" allow="camera; microphone; autoplay"
        src="${s.baseUrl}/demo/room.html?meeting=${m.id}&role=participant&name=Student"></iframe>`,
    );
    const tool = lms.frameLocator('#tool');
    await tool.locator('video-room [part~="join-button"]').click({ timeout: 15_000 });
    await expect.poll(() => tool.locator('video-room').getAttribute('state'), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => remoteVideoWidth(tool), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => remoteVideoWidth(host), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => remoteTile(host).locator('[part~="tile-name"]').first().textContent(), { timeout: 10_000 }).toContain('Student');
    await hostCtx.close();
    await lmsCtx.close();
  });
});

describe('waiting room', () => {
  it('a guest with the public code waits until the host admits them from the room', { timeout: 120_000 }, async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Office hours', publicJoin: true, settings: { waitingRoom: true } })).body;
    const ticket = (await s.api('POST', `/api/v1/meetings/${m.id}/join-tickets`, { user: { id: 'prof', name: 'Prof' }, role: 'host' })).body.ticket;
    const hostCtx = await browser.newContext();
    const guestCtx = await browser.newContext();
    const host = await hostCtx.newPage();
    const guest = await guestCtx.newPage();

    // The integrator's page for the host: the bare script tag with a ticket.
    await host.goto(`${s.baseUrl}/demo/`); // any HTML page of that origin (a JSON page would not run the module)
    await host.setContent(`<script type="module" src="${s.baseUrl}/widget/video-room.js"></script><video-room ticket="${ticket}"></video-room>`);
    await host.locator('video-room [part~="join-button"]').click({ timeout: 15_000 });
    await expect.poll(() => host.locator('video-room').getAttribute('state'), { timeout: 15_000 }).toBe('connected');

    await guest.goto(`${s.baseUrl}/demo/embed.html?code=${m.joinCode}`);
    await guest.locator('video-room [part~="name-input"]').fill('Ada');
    await guest.locator('video-room [part~="join-button"]').click();
    await expect.poll(() => guest.locator('video-room').getAttribute('state'), { timeout: 10_000 }).toBe('waiting');

    const row = host.locator('video-room [part~="waiting-item"]');
    await expect.poll(() => row.first().textContent().catch(() => null), { timeout: 15_000 }).toContain('Ada');
    await row.first().locator('[part~="admit-button"]').click();

    await expect.poll(() => guest.locator('video-room').getAttribute('state'), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => remoteTile(host).locator('[part~="tile-name"]').first().textContent().catch(() => null), { timeout: 15_000 }).toContain('Ada');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    await hostCtx.close();
    await guestCtx.close();
  });
});
