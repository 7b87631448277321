/**
 * Raised hands, reactions and the participants panel end to end (issue 11): real LiveKit, real PostgreSQL, Chromium
 * contexts with the script-tag widget.
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

/** A page on the integrator's site with `<video-room ticket>`, joined with camera and microphone off. */
async function openRoom(t: string, ctx?: BrowserContext): Promise<Page> {
  const page = await joinVideoRoom(await (ctx ?? (await newContext())).newPage(), s.baseUrl, t);
  await page.locator('video-room [part~="control-hand"]').waitFor({ timeout: 10_000 });
  // Every text the polite live region takes, in order (it holds one at a time: a join can replace a hand's).
  await page.evaluate(`(() => {
    const region = document.querySelector('video-room').shadowRoot.querySelector('[aria-live="polite"]');
    window.__said = [];
    new MutationObserver(() => window.__said.push(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true });
  })()`);
  return page;
}

const handButton = (p: Page) => p.locator('video-room [part~="control-hand"]');
const tileHand = (p: Page, identity: string) => p.locator(`video-room [part~="tile"][data-identity="${identity}"]`).getAttribute('data-hand', { timeout: 1000 }).catch(() => null);
const panelOrder = (p: Page) => p.locator('video-room [part~="participant"][data-hand]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-identity')}:${r.querySelector('[part~="participant-hand"]')?.textContent?.trim()}`));
/** Whether the polite live region said `text` (or a text containing it) since the page joined. */
const said = (p: Page, text: string) => p.evaluate((t) => (window as unknown as { __said: string[] }).__said.some((x) => x.includes(t)), text);
async function raise(p: Page) {
  await handButton(p).click();
  await expect.poll(() => handButton(p).getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
}

describe('raised hands in the room', () => {
  it('three hands in the order raised, a moderator lowers one and the others see it, a participant who rejoins keeps theirs', { timeout: 180_000 }, async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Hands e2e' })).body;
    const prof = await openRoom(await ticket(m.id, 'prof', 'Prof', 'host'));
    const ada = await openRoom(await ticket(m.id, 'ada', 'Ada'));
    const bob = await openRoom(await ticket(m.id, 'bob', 'Bob'));
    await prof.evaluate(`window.__raised = []; document.querySelector('video-room').addEventListener('vr-hand-raised', (e) => window.__raised.push(e.identity + ':' + e.position))`);

    await raise(bob);
    await raise(ada);
    await raise(prof);
    await expect.poll(() => prof.evaluate('window.__raised'), { timeout: 10_000 }).toEqual(['bob:1', 'ada:2', 'prof:3']);
    // Every browser shows the same queue on the tiles.
    for (const p of [prof, ada, bob]) {
      await expect.poll(async () => [await tileHand(p, 'bob'), await tileHand(p, 'ada'), await tileHand(p, 'prof')], { timeout: 10_000 }).toEqual(['1', '2', '3']);
    }
    await expect.poll(() => said(ada, 'Prof raised their hand, number 3 in the queue'), { timeout: 10_000 }).toBe(true);
    expect(await said(prof, 'You raised your hand, number 3 in the queue')).toBe(true);
    // The server has it too.
    expect((await s.api('GET', `/api/v1/meetings/${m.id}/hands`)).body.items.map((h: { identity: string }) => h.identity)).toEqual(['bob', 'ada', 'prof']);

    // The host opens the participants panel: hands first, in queue order; lowers Bob's.
    await prof.locator('video-room [part~="control-participants"]').click();
    await prof.locator('video-room [part~="participants-panel"][role="region"]').waitFor();
    await expect.poll(() => panelOrder(prof), { timeout: 10_000 }).toEqual(['bob:✋ 1', 'ada:✋ 2', 'prof:✋ 3']);
    expect(await prof.locator('video-room [part~="participant"][data-identity="ada"] [part~="participant-role"]').textContent()).toBe('Participant');
    expect(await prof.locator('video-room [part~="participant"][data-identity="prof"] [part~="participant-role"]').textContent()).toBe('Host');
    await prof.locator('video-room [part~="participant"][data-identity="bob"] [part~="participant-lower-hand"]').click();
    // Bob's browser: his hand is down, he is told; Ada is now first everywhere.
    await expect.poll(() => handButton(bob).getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
    await expect.poll(() => said(bob, 'A moderator lowered your hand'), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => tileHand(ada, 'ada'), { timeout: 10_000 }).toBe('1');
    expect(await tileHand(ada, 'bob')).toBeNull();
    // Participants get no "lower hand" action, and the server refuses Bob's attempt at Ada's hand.
    await bob.locator('video-room [part~="control-participants"]').click();
    await bob.locator('video-room [part~="participants-panel"]').waitFor();
    expect(await bob.locator('video-room [part~="participant-lower-hand"], video-room [part~="participants-lower-all"]').count()).toBe(0);
    expect(await bob.evaluate(`document.querySelector('video-room').joining.flow.features.classroom.hands.lower('ada')`)).toBe(false);
    expect((await s.api('GET', `/api/v1/meetings/${m.id}/hands`)).body.items.map((h: { identity: string }) => h.identity)).toEqual(['ada', 'prof']);

    // Ada leaves (closes the page) and joins again: her hand is still up, first in the queue.
    const adaContext = ada.context();
    await ada.close();
    const again = await openRoom(await ticket(m.id, 'ada', 'Ada'), adaContext);
    await expect.poll(() => handButton(again).getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    await expect.poll(() => tileHand(again, 'ada'), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => tileHand(prof, 'ada'), { timeout: 20_000 }).toBe('1');
  });

  it('a reaction shows on the sender\'s tile in another browser', { timeout: 120_000 }, async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Reactions e2e' })).body;
    const prof = await openRoom(await ticket(m.id, 'prof', 'Prof', 'host'));
    const ada = await openRoom(await ticket(m.id, 'ada', 'Ada'));
    await prof.locator(`video-room [part~="tile"][data-identity="ada"]`).waitFor({ timeout: 10_000 });
    await prof.evaluate(`window.__reactions = []; document.querySelector('video-room').addEventListener('vr-reaction', (e) => window.__reactions.push(e.identity + ' ' + e.emoji))`);
    await ada.locator('video-room [part~="control-reactions"]').click();
    await ada.locator('video-room [part~="reaction"][data-emoji="🎉"]').click();
    await expect.poll(() => prof.evaluate('window.__reactions'), { timeout: 10_000 }).toEqual(['ada 🎉']);
    // Shown for a couple of seconds on Ada's tile, in Prof's browser and in her own.
    expect(await prof.locator('video-room [part~="tile"][data-identity="ada"] [part~="tile-reaction"]').textContent({ timeout: 2000 })).toBe('🎉');
    expect(await ada.locator('video-room [part~="tile"][data-identity="ada"] [part~="tile-reaction"]').textContent({ timeout: 2000 })).toBe('🎉');
    await prof.locator('video-room [part~="tile"][data-identity="ada"] [part~="tile-reaction"]').waitFor({ state: 'detached', timeout: 10_000 });
  });
});
