/**
 * Host controls end to end (issue 12): real LiveKit, real PostgreSQL, Chromium contexts with the script-tag widget.
 * A host acts from the host menu in a participant's tile; the other browser shows the effect (muted, removed,
 * promoted) without reloading or rejoining.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { joinVideoRoom, needsWidgetBuild, useBrowserContexts, useChromium } from '../support/browser.js';
import { joinTicket, useTestServer } from '../support/server.js';

needsWidgetBuild('video-room');
const s = useTestServer({ demo: true });
const browser = useChromium();
const newContext = useBrowserContexts(browser);
const ticket = (meetingId: string, id: string, name: string, role = 'participant') => joinTicket(s, meetingId, id, name, role);

/** A browser context with `<video-room ticket>`, joined with the camera off and the microphone on or off (fake device). */
async function openRoom(t: string, mic = false): Promise<Page> {
  return joinVideoRoom(await (await newContext()).newPage(), s.baseUrl, t, { mic });
}

const tile = (p: Page, identity: string) => p.locator(`video-room [part~="tile"][data-identity="${identity}"][data-source="camera"]`);
/** Open `identity`'s host menu in their tile and pick `item` (a `host-…` part). */
async function hostMenu(p: Page, identity: string, item: string) {
  const t = tile(p, identity);
  await t.locator('[part~="host-menu-button"]').click();
  await t.locator(`[part~="host-menu"] [part~="${item}"]`).click();
}

describe('host controls in the room', () => {
  it('the host mutes a participant from the tile menu: the participant\'s browser shows the microphone muted', { timeout: 120_000 }, async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Host e2e mute' })).body;
    const prof = await openRoom(await ticket(m.id, 'prof', 'Prof', 'host'));
    const ada = await openRoom(await ticket(m.id, 'ada', 'Ada'), true);
    await expect.poll(() => ada.locator('video-room [part~="control-mic"]').getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => tile(prof, 'ada').getAttribute('data-muted'), { timeout: 15_000 }).toBe(null);
    // A participant has no host menu and no host bar.
    expect(await ada.locator('video-room [part~="host-menu-button"]').count()).toBe(0);
    expect(await ada.locator('video-room [part~="host-bar"]').count()).toBe(0);

    const acted = prof.evaluate(`new Promise((r) => document.querySelector('video-room').addEventListener('vr-host-action', (e) => r(e.detail)))`);
    await hostMenu(prof, 'ada', 'host-mute');
    expect(await acted).toEqual({ action: 'mute', identity: 'ada' });
    await expect.poll(() => ada.locator('video-room [part~="control-mic"]').getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('false');
    await expect.poll(() => tile(ada, 'ada').getAttribute('data-muted'), { timeout: 15_000 }).toBe('');
    await expect.poll(() => tile(prof, 'ada').getAttribute('data-muted'), { timeout: 15_000 }).toBe('');

    // Ask to unmute: Ada's browser asks her; she accepts and is live again.
    await hostMenu(prof, 'ada', 'host-ask-unmute');
    await ada.locator('video-room [part~="ask-unmute"]').waitFor({ timeout: 15_000 });
    await ada.locator('video-room [part~="ask-unmute-accept"]').click();
    await expect.poll(() => tile(prof, 'ada').getAttribute('data-muted'), { timeout: 15_000 }).toBe(null);

    // Denying her microphone: LiveKit takes it (she is muted for everyone) and her browser hides the control; allowed
    // again, it is back.
    await hostMenu(prof, 'ada', 'host-allow-microphone');
    await expect.poll(() => ada.locator('video-room [part~="control-mic"]').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => tile(prof, 'ada').getAttribute('data-muted'), { timeout: 15_000 }).toBe('');
    await tile(prof, 'ada').locator('[part~="host-menu-button"]').click();
    expect(await tile(prof, 'ada').locator('[part~="host-allow-microphone"]').getAttribute('aria-checked')).toBe('false');
    await tile(prof, 'ada').locator('[part~="host-allow-microphone"]').click();
    await ada.locator('video-room [part~="control-mic"]').waitFor({ timeout: 15_000 });
  });

  it('the host removes a participant: the other browser shows they were removed, and a ban keeps them out', { timeout: 120_000 }, async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Host e2e remove' })).body;
    const prof = await openRoom(await ticket(m.id, 'prof', 'Prof', 'host'));
    const ada = await openRoom(await ticket(m.id, 'ada', 'Ada'));
    await tile(prof, 'ada').waitFor({ timeout: 15_000 });
    await hostMenu(prof, 'ada', 'host-ban');
    await expect.poll(() => ada.locator('video-room').getAttribute('state'), { timeout: 15_000 }).toBe('ended');
    expect(await ada.locator('video-room [part~="message"]').textContent()).toContain('You were removed from the meeting.');
    await expect.poll(() => tile(prof, 'ada').count(), { timeout: 15_000 }).toBe(0);

    // Back with a fresh ticket: refused by the server, and the page says why.
    const again = await (await newContext()).newPage();
    await again.goto(`${s.baseUrl}/demo/`);
    await again.setContent(`<script type="module" src="${s.baseUrl}/widget/video-room.js"></script><video-room ticket="${await ticket(m.id, 'ada', 'Ada')}" lang="en"></video-room>`);
    await again.locator('video-room [part~="join-button"]').click();
    await expect.poll(() => again.locator('video-room').getAttribute('state'), { timeout: 20_000 }).toBe('error');
    expect(await again.locator('video-room [part~="message"]').textContent()).toContain('You cannot join it again');
  });

  it('a promoted participant gets the moderator controls without rejoining, and uses them', { timeout: 120_000 }, async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Host e2e promote' })).body;
    const prof = await openRoom(await ticket(m.id, 'prof', 'Prof', 'host'));
    const bob = await openRoom(await ticket(m.id, 'bob', 'Bob'));
    const cat = await openRoom(await ticket(m.id, 'cat', 'Cat'));
    await tile(bob, 'cat').waitFor({ timeout: 15_000 });
    expect(await bob.locator('video-room [part~="host-menu-button"]').count()).toBe(0);
    const role = bob.evaluate(`new Promise((r) => document.querySelector('video-room').addEventListener('vr-role-change', (e) => r(e.role)))`);

    await hostMenu(prof, 'bob', 'host-promote');
    expect(await role).toBe('moderator');
    await bob.locator('video-room [part~="host-bar"]').waitFor({ timeout: 15_000 });
    await tile(bob, 'cat').locator('[part~="host-menu-button"]').waitFor({ timeout: 15_000 });
    // The host's own tile has no menu (no control touches a host).
    expect(await tile(bob, 'prof').locator('[part~="host-menu-button"]').count()).toBe(0);

    // Bob, still in the same session, locks the meeting: everyone sees the notice.
    await bob.locator('video-room [part~="host-lock"]').click();
    await cat.locator('video-room [part~="locked-notice"]').waitFor({ timeout: 15_000 });
    expect(await bob.locator('video-room [part~="host-lock"]').getAttribute('aria-pressed')).toBe('true');
    expect((await s.api('GET', `/api/v1/meetings/${m.id}/controls`)).body.locked).toBe(true);
    // And spotlights Cat: her tile comes first, marked, in Prof's browser.
    await hostMenu(bob, 'cat', 'host-spotlight');
    await expect.poll(() => prof.locator('video-room [part~="tile"]').first().getAttribute('data-identity'), { timeout: 15_000 }).toBe('cat');
    await tile(prof, 'cat').locator('[part~="tile-spotlight"]').waitFor();
  });
});
