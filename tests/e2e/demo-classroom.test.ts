/**
 * The demo as a newcomer uses it (demo/index.html → "Join as host" and "Join as guest" in two tabs): real LiveKit,
 * real PostgreSQL, two Chromium contexts. The host sees the guest in the participants panel, with the host's menu
 * in the guest's row, and lowers the guest's raised hand from there; the guest's H key raised it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoMeetingLinks, needsWidgetBuild, useChromium } from '../support/browser.js';
import { useTestServer } from '../support/server.js';

needsWidgetBuild('video-room');
const s = useTestServer({ demo: true });
const browser = useChromium();

/** Open a demo room link and join with camera and microphone off (lighter on a shared machine). */
async function join(page: Page, href: string) {
  await page.goto(href);
  await page.locator('video-room [part~="join-button"]').waitFor({ timeout: 15_000 });
  for (const part of ['toggle-camera', 'toggle-mic']) {
    const b = page.locator(`video-room [part~="${part}"]`);
    if ((await b.getAttribute('aria-pressed')) === 'true') await b.click();
  }
  await page.locator('video-room [part~="join-button"]').click();
  await expect.poll(() => page.locator('video-room').getAttribute('state'), { timeout: 20_000 }).toBe('connected');
}

describe('the demo in two tabs', () => {
  it('the host sees the guest in the participants panel, with the host menu in the row, and lowers their raised hand', { timeout: 120_000 }, async () => {
    const hostCtx = await browser.newContext();
    const guestCtx = await browser.newContext();
    try {
      const host = await hostCtx.newPage();
      const guest = await guestCtx.newPage();
      const { hostHref, guestHref } = await demoMeetingLinks(host, s.baseUrl, 'Class');
      await join(host, hostHref);
      await join(guest, guestHref);

      // The guest raises their hand with the keyboard shortcut the demo turns on.
      const hand = guest.locator('video-room [part~="control-hand"]');
      await hand.waitFor({ timeout: 10_000 });
      await guest.locator('body').press('h');
      await expect.poll(() => hand.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');

      // The host opens the participants panel: the guest is listed, hand raised, with the host's menu in the row.
      await host.locator('video-room [part~="control-participants"]').click();
      const row = host.locator('video-room [part~="participant"]:not([data-local])');
      await expect.poll(() => row.locator('[part~="participant-name"]').first().textContent().catch(() => null), { timeout: 15_000 }).toBe('Guest');
      await expect.poll(() => row.first().getAttribute('data-role'), { timeout: 10_000 }).toBe('participant');
      await expect.poll(() => row.first().getAttribute('data-hand'), { timeout: 10_000 }).not.toBeNull();
      await expect.poll(() => host.locator('video-room [part~="participants-mute-all"]').count(), { timeout: 10_000 }).toBe(1);
      await row.first().locator('[part~="host-menu-button"]').click();
      await expect.poll(() => row.first().locator('[part~="host-menu"] [part~="host-promote"]').count(), { timeout: 10_000 }).toBe(1);
      await host.keyboard.press('Escape');

      // Lowered from the panel: the guest's hand goes down on both sides.
      await row.first().locator('[part~="participant-lower-hand"]').click();
      await expect.poll(() => hand.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
      await expect.poll(() => row.first().getAttribute('data-hand'), { timeout: 10_000 }).toBeNull();
    } finally {
      await hostCtx.close();
      await guestCtx.close();
    }
  });
});
