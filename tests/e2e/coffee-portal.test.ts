/**
 * The coffee-chat portal demo in two browser contexts (Debian Chromium, real server, PostgreSQL and LiveKit):
 * Ada requests Sam with the soonest proposed time (within the join window), Sam accepts, both press Join and see
 * each other's video.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { needsWidgetBuild, useChromium } from '../support/browser.js';
import { useTestServer } from '../support/server.js';

needsWidgetBuild('coffee-chat');
const s = useTestServer({ demo: true });
const browser = useChromium();

/** The `<coffee-chat>` request item with someone, by its state. */
const chat = (p: Page, status: string) => p.locator(`coffee-chat [part~="request-item"][data-status="${status}"]`);
const remoteVideoWidth = (p: Page) =>
  p
    .locator('coffee-chat video-room [part~="tile"]:not([data-local]) video')
    .first()
    .evaluate((v: HTMLVideoElement) => (v.readyState >= 2 && !v.paused ? v.videoWidth : 0))
    .catch(() => 0);

/** Press the chat's Join, then the room's own Join (pre-join screen); wait until connected. */
async function join(p: Page) {
  await chat(p, 'accepted').locator('.actions [part~="join-button"]').click({ timeout: 20_000 });
  const room = p.locator('coffee-chat video-room');
  await room.locator('[part~="join-button"]').click({ timeout: 15_000 });
  await expect.poll(() => room.getAttribute('state'), { timeout: 15_000 }).toBe('connected');
}

describe('coffee-chat portal demo', () => {
  it('Ada requests Sam, Sam accepts, both join and see each other', { timeout: 120_000 }, async () => {
    const pair = `e2e${Date.now().toString(36)}`;
    const adaCtx = await browser.newContext();
    const samCtx = await browser.newContext();
    const ada = await adaCtx.newPage();
    const sam = await samCtx.newPage();
    await ada.goto(`${s.baseUrl}/demo/coffee.html?as=ada&pair=${pair}`);
    await sam.goto(`${s.baseUrl}/demo/coffee.html?as=sam&pair=${pair}`);

    // Ada: Sam is suggested (shared interests); request with the soonest time (pre-selected, minutes away).
    const samCard = ada.locator(`coffee-chat [part~="suggestion"][data-user-id="demo-sam-${pair}"]`);
    await expect.poll(() => samCard.locator('[part~="suggestion-name"]').textContent().catch(() => null), { timeout: 15_000 }).toBe('Sam (student)');
    expect(await samCard.locator('[part~="shared-interests"]').textContent()).toContain('robotics');
    await samCard.locator('[part~="request-button"]').click();
    const first = samCard.locator('[part~="slot-option"] input').first();
    expect(await first.isChecked()).toBe(true);
    const slot = await first.inputValue();
    expect(Date.parse(slot) - Date.now()).toBeLessThan(10 * 60_000);
    await samCard.locator('[part~="message-input"]').fill('Coffee now?');
    await samCard.locator('[part~="send-button"]').click();
    await chat(ada, 'pending').first().waitFor({ timeout: 10_000 });

    // Sam: the request arrives (the widget polls), accept it.
    const incoming = chat(sam, 'pending').first();
    await expect.poll(() => incoming.locator('[part~="request-title"]').textContent().catch(() => null), { timeout: 20_000 }).toBe('Ada (alumna) would like to meet');
    await incoming.locator('[part~="accept-button"]').click();
    await chat(sam, 'accepted').first().waitFor({ timeout: 10_000 });

    // Both join: Ada sees the acceptance by polling.
    await join(sam);
    await join(ada);
    await expect.poll(() => remoteVideoWidth(ada), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => remoteVideoWidth(sam), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => ada.locator('coffee-chat video-room [part~="tile"]:not([data-local]) [part~="tile-name"]').first().textContent().catch(() => null), { timeout: 10_000 })
      .toContain('Sam (student)');

    await adaCtx.close();
    await samCtx.close();
  });
});
