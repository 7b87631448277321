/**
 * In-room chat end to end (issue 11): real LiveKit, real PostgreSQL, Chromium contexts with the script-tag widget,
 * and a LiveKit server-side client (@livekit/rtc-node) on the `lk.chat` text-stream topic.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Room } from '@livekit/rtc-node';
import { joinVideoRoom, needsWidgetBuild, useBrowserContexts, useChromium } from '../support/browser.js';
import { useRtcRooms } from '../support/rtc.js';
import { joinTicket, useTestServer, waitUntil } from '../support/server.js';

needsWidgetBuild('video-room');
const s = useTestServer({ demo: true });
const browser = useChromium();
const bots = useRtcRooms();
const newContext = useBrowserContexts(browser);
const ticket = (meetingId: string, id: string, name: string, role = 'participant') => joinTicket(s, meetingId, id, name, role);

/**
 * Record every byte this page receives on its WebRTC data channels (where LiveKit delivers data and text streams),
 * as latin1 text in `window.__wire`, to check what reached the browser at all.
 */
const WIRE_TAP = `(() => {
  window.__wire = '';
  const keep = (b) => { let s = ''; for (const x of new Uint8Array(b)) s += String.fromCharCode(x); window.__wire += s; };
  const tap = (ch) => ch.addEventListener('message', (e) => e.data instanceof Blob ? e.data.arrayBuffer().then(keep) : keep(e.data));
  const Orig = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Orig {
    constructor(...a) { super(...a); this.addEventListener('datachannel', (e) => tap(e.channel)); }
    createDataChannel(...a) { const c = super.createDataChannel(...a); tap(c); return c; }
  };
})()`;

/** A browser context on the integrator's page with `<video-room ticket>`, joined with camera and microphone off. */
async function openRoom(t: string): Promise<Page> {
  const page = await (await newContext()).newPage();
  await page.addInitScript(WIRE_TAP);
  await joinVideoRoom(page, s.baseUrl, t);
  await page.locator('video-room [part~="control-chat"]').waitFor({ timeout: 10_000 });
  return page;
}

const chatButton = (p: Page) => p.locator('video-room [part~="control-chat"]');
const messages = (p: Page) => p.locator('video-room [part~="chat-message"]');
const messageTexts = (p: Page) => messages(p).locator('[part~="chat-text"]').allTextContents();
async function openChat(p: Page) {
  if ((await chatButton(p).getAttribute('aria-pressed')) !== 'true') await chatButton(p).click();
  await p.locator('video-room [part~="chat-panel"]').waitFor();
}
async function send(p: Page, text: string, to?: string) {
  await openChat(p);
  if (to !== undefined) await p.locator('video-room [part~="chat-recipient"]').selectOption({ label: to });
  await p.locator('video-room [part~="chat-input"]').fill(text);
  await p.locator('video-room [part~="chat-input"]').press('Enter');
}
const wire = (p: Page) => p.evaluate('window.__wire') as Promise<string>;
const stored = async (meetingId: string) => ((await s.api('GET', `/api/v1/meetings/${meetingId}/chat/messages`)).body.items as { id: string; text: string }[]);

/** A LiveKit server-side participant that records the `lk.chat` text streams it receives. */
async function bot(meetingId: string) {
  const j = (await s.api('POST', '/api/v1/join', { ticket: await ticket(meetingId, 'bot', 'Bot') }, null)).body;
  const room = new Room();
  bots.push(room);
  const got: { text: string; from: string; attributes: Record<string, string> }[] = [];
  room.registerTextStreamHandler('lk.chat', (reader, who) => {
    void reader.readAll().then((text) => got.push({ text, from: who.identity, attributes: reader.info.attributes ?? {} }));
  });
  await room.connect(j.serverUrl, j.participantToken, { autoSubscribe: false, dynacast: false });
  return { room, got };
}

describe('chat in the room', () => {
  it('public and private messages, links, unread badge, a late joiner\'s history, a LiveKit chat client both ways, and deletion', { timeout: 180_000 }, async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Chat e2e' })).body;
    const prof = await openRoom(await ticket(m.id, 'prof', 'Prof', 'host'));
    const ada = await openRoom(await ticket(m.id, 'ada', 'Ada'));
    const b = await bot(m.id);
    const events = ada.evaluate(`new Promise((r) => document.querySelector('video-room').addEventListener('vr-chat-message', (e) => r(e.message)))`);

    // A public message with a link: stored, delivered to the other browser (badge while the panel is closed) and to
    // the LiveKit client, with the server's id.
    await send(ada, 'Slides: https://example.edu/slides?a=1.');
    const sent = (await events) as { id: string; local: boolean };
    expect(sent.local).toBe(true);
    await expect.poll(() => chatButton(prof).getAttribute('aria-label'), { timeout: 10_000 }).toBe('Chat (1 unread)');
    expect(await prof.locator('video-room [part~="chat-badge"]').textContent()).toBe('1');
    await openChat(prof);
    await expect.poll(() => messageTexts(prof)).toEqual(['Slides: https://example.edu/slides?a=1.']);
    const link = prof.locator('video-room [part~="chat-link"]');
    expect(await link.getAttribute('href')).toBe('https://example.edu/slides?a=1');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await chatButton(prof).getAttribute('aria-label')).toBe('Chat');
    const [row] = await stored(m.id);
    expect(row!.id).toBe(sent.id);
    await waitUntil(() => b.got.find((g) => g.text.startsWith('Slides:')), 10_000, 'the LiveKit client to receive the message');
    expect(b.got[0]).toMatchObject({ from: 'ada', attributes: { 'vr.chat.id': sent.id } });

    // Markup in a message stays text.
    await send(prof, '<img src=x onerror="window.__pwned=1"><b>bold</b>');
    await expect.poll(() => messageTexts(ada).then((t) => t.at(-1)), { timeout: 10_000 }).toBe('<img src=x onerror="window.__pwned=1"><b>bold</b>');
    expect(await ada.locator('video-room [part~="chat-text"] img, video-room [part~="chat-text"] b').count()).toBe(0);

    // The LiveKit client's message shows in the widgets.
    await b.room.localParticipant!.sendText('Hello from a LiveKit chat client', { topic: 'lk.chat' });
    await expect.poll(() => messageTexts(ada).then((t) => t.at(-1)), { timeout: 10_000 }).toBe('Hello from a LiveKit chat client');

    // A late joiner sees the history.
    const bob = await openRoom(await ticket(m.id, 'bob', 'Bob'));
    await openChat(bob);
    await expect.poll(() => messageTexts(bob), { timeout: 10_000 }).toEqual(['Slides: https://example.edu/slides?a=1.', '<img src=x onerror="window.__pwned=1"><b>bold</b>']);

    // A private message reaches its recipient only: not Bob (DOM or wire), not the LiveKit client.
    await send(ada, 'Private question for Prof', 'Prof');
    await expect.poll(() => messageTexts(prof).then((t) => t.at(-1)), { timeout: 10_000 }).toBe('Private question for Prof');
    expect(await messages(prof).last().getAttribute('data-private')).not.toBeNull();
    const priv = (await stored(m.id)).find((x) => x.text === 'Private question for Prof')!;
    expect(await wire(prof)).toContain(priv.id);
    // Bob gets a later public message, so anything sent before it would have arrived by now.
    await send(prof, 'Public after the private one');
    await expect.poll(() => messageTexts(bob).then((t) => t.at(-1)), { timeout: 10_000 }).toBe('Public after the private one');
    expect(await messageTexts(bob)).not.toContain('Private question for Prof');
    expect(await wire(bob)).not.toContain(priv.id);
    expect(await wire(bob)).not.toContain('Private question');
    await waitUntil(() => b.got.find((g) => g.text === 'Public after the private one'), 10_000, 'the LiveKit client to get the public message');
    expect(b.got.map((g) => g.text)).not.toContain('Private question for Prof');

    // The host deletes Ada's message: it disappears for everyone.
    const first = messages(prof).filter({ hasText: 'Slides:' });
    await first.locator('[part~="chat-delete"]').click();
    for (const p of [prof, ada, bob]) {
      await expect.poll(() => messageTexts(p).then((t) => t.some((x) => x.startsWith('Slides:'))), { timeout: 10_000 }).toBe(false);
    }
    // Participants see no delete action.
    expect(await ada.locator('video-room [part~="chat-delete"]').count()).toBe(0);
  });

  it('a participant whose chat is turned off cannot send: the server stores nothing and LiveKit drops a direct send; on again, it works', { timeout: 120_000 }, async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Chat off e2e' })).body;
    const prof = await openRoom(await ticket(m.id, 'prof', 'Prof', 'host'));
    const ada = await openRoom(await ticket(m.id, 'ada', 'Ada'));
    const b = await bot(m.id);
    await send(ada, 'First');
    await openChat(prof);
    await expect.poll(() => messageTexts(prof), { timeout: 10_000 }).toEqual(['First']);

    await messages(prof).first().locator('[part~="chat-mute-sender"]').click();
    await expect.poll(() => ada.locator('video-room [part~="chat-notice"]').textContent().catch(() => null), { timeout: 10_000 }).toBe('A moderator turned your chat off.');
    expect(await ada.locator('video-room [part~="chat-input"]').isDisabled()).toBe(true);

    // Editing the page does not help: the widget's own send is refused by the server, and a send straight through
    // LiveKit is dropped (canPublishData is off).
    const flowSend = await ada.evaluate(`document.querySelector('video-room').joining.flow.features.chat.send('Sneaky')`);
    expect(flowSend).toBe(false);
    await ada.evaluate(`document.querySelector('video-room').room.localParticipant.sendText('Bypass', { topic: 'lk.chat' }).catch(() => {})`);
    expect((await stored(m.id)).map((x) => x.text)).toEqual(['First']);

    await prof.locator('video-room [part~="chat-mute-sender"]').first().click();
    await expect.poll(() => ada.locator('video-room [part~="chat-input"]').isDisabled(), { timeout: 10_000 }).toBe(false);
    await send(ada, 'Back again');
    await waitUntil(() => b.got.find((g) => g.text === 'Back again'), 10_000, 'the message after re-enabling');
    expect(b.got.map((g) => g.text)).toEqual(['First', 'Back again']);
    await expect.poll(() => messageTexts(prof), { timeout: 10_000 }).toEqual(['First', 'Back again']);
    expect((await stored(m.id)).map((x) => x.text)).toEqual(['First', 'Back again']);

    // Chat off for everyone from the host's panel: Ada is told and cannot type; on again.
    await prof.locator('video-room [part~="chat-toggle-all"]').click();
    await expect.poll(() => ada.locator('video-room [part~="chat-notice"]').textContent().catch(() => null), { timeout: 10_000 }).toBe('A moderator turned chat off.');
    expect(await ada.locator('video-room [part~="chat-input"]').isDisabled()).toBe(true);
    expect((await s.api('POST', `/api/v1/meetings/${m.id}/chat/messages`, { text: 'x' }, await ada.evaluate(`document.querySelector('video-room').joining.flow.answer.sessionToken`))).status).toBe(403);
    await prof.locator('video-room [part~="chat-toggle-all"]').click();
    await expect.poll(() => ada.locator('video-room [part~="chat-input"]').isDisabled(), { timeout: 10_000 }).toBe(false);

    // Keyboard: Escape closes the panel and puts the focus back on the Chat button; the button reopens it.
    await prof.locator('video-room [part~="chat-input"]').press('Escape');
    await expect.poll(() => prof.locator('video-room [part~="chat-panel"]').count()).toBe(0);
    expect(await prof.evaluate(`document.querySelector('video-room').shadowRoot.activeElement?.getAttribute('part')`)).toBe('control control-chat');
    await prof.keyboard.press('Enter');
    await prof.locator('video-room [part~="chat-panel"][role="region"][aria-label="Chat"]').waitFor();
    expect(await prof.evaluate(`document.querySelector('video-room').shadowRoot.activeElement?.getAttribute('part')`)).toBe('chat-input');
  });
});
