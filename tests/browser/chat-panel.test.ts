// The chat panel rendered from plain chat state (tests/e2e/chat.test.ts runs it against the real server and LiveKit):
// links are safe, markup stays text, the panel is a labelled region with a log, and the actions follow the role.
import { expect, fixture, html } from '@open-wc/testing';
import { t } from '../../widget/index.js';
import { linkify, renderChatPanel, type ChatController } from '../../widget/video-room/chat.js';
import type { VrChatMessage } from '../../widget/events.js';

const msg = (id: string, text: string, over: Partial<VrChatMessage> = {}): VrChatMessage => ({
  id,
  from: { identity: 'ada', name: 'Ada' },
  to: null,
  text,
  sentAt: '2026-12-01T09:00:00Z',
  local: false,
  ...over,
});

function fakeChat(over: Partial<ChatController> = {}): ChatController {
  return {
    items: [msg('m1', 'See https://example.edu/a?b=1, then javascript:alert(1) and <b>bold</b>'), msg('m2', 'psst', { to: 'me', from: { identity: 'bob', name: 'Bob' } })],
    open: true,
    unread: 0,
    enabled: true,
    disabled: [],
    hasMore: false,
    recipient: '',
    sending: false,
    error: '',
    session: { meeting: { id: 'm' }, sessionToken: 's', identity: 'me', name: 'Me', role: 'participant' },
    moderator: false,
    canSend: true,
    recipients: () => [{ identity: 'ada', name: 'Ada' }, { identity: 'bob', name: 'Bob' }],
    nameOf: (i: string) => i,
    roleOf: () => 'participant',
    toggle() {},
    send: async () => true,
    remove: async () => {},
    setEnabled: async () => {},
    setParticipant: async () => {},
    loadOlder: async () => {},
    ...over,
  } as unknown as ChatController;
}

const mount = (c: ChatController, lang = 'en') => fixture<HTMLElement>(html`<div>${renderChatPanel(c, (k, p) => t(k, p, lang), lang)}</div>`);

describe('chat panel', () => {
  it('turns http(s) URLs into links that open apart from the page, and nothing else', async () => {
    const parts = linkify('Go to https://example.edu/x). Not javascript:alert(1) nor <a href="http://evil">');
    expect(parts.filter((p) => typeof p === 'string').join('')).to.contain('javascript:alert(1)');
    const p = await fixture<HTMLElement>(html`<p>${parts}</p>`);
    const links = [...p.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.edu/x', 'http://evil/']);
    for (const a of links) {
      expect(a.getAttribute('target')).to.equal('_blank');
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
    }
    expect(p.textContent).to.equal('Go to https://example.edu/x). Not javascript:alert(1) nor <a href="http://evil">');
  });

  it('is a labelled region with a log of messages; markup in a message stays text; a private one is marked', async () => {
    const el = await mount(fakeChat());
    const panel = el.querySelector('[part~="chat-panel"]')!;
    expect(panel.getAttribute('role')).to.equal('region');
    expect(panel.getAttribute('aria-label')).to.equal('Chat');
    expect(el.querySelector('[part~="chat-messages"]')!.getAttribute('role')).to.equal('log');
    const first = el.querySelector('[data-message-id="m1"] [part~="chat-text"]')!;
    expect(first.querySelector('b')).to.equal(null);
    expect(first.querySelectorAll('a').length).to.equal(1);
    expect(el.querySelector('[data-message-id="m2"]')!.hasAttribute('data-private')).to.equal(true);
    expect(el.querySelector('[data-message-id="m2"] [part~="chat-private"]')!.textContent).to.equal('Privately');
    expect(el.querySelectorAll('[part~="chat-recipient"] option').length).to.equal(3);
    // A participant gets no moderation actions.
    expect(el.querySelectorAll('[part~="chat-delete"], [part~="chat-mute-sender"], [part~="chat-toggle-all"]').length).to.equal(0);
  });

  it('gives moderators delete and chat on/off actions, labelled with whose message', async () => {
    const el = await mount(fakeChat({ moderator: true, session: { meeting: { id: 'm' }, sessionToken: 's', identity: 'me', name: 'Me', role: 'host' } } as never));
    expect(el.querySelector('[data-message-id="m1"] [part~="chat-delete"]')!.getAttribute('aria-label')).to.equal('Delete message from Ada');
    expect(el.querySelector('[data-message-id="m1"] [part~="chat-mute-sender"]')!.textContent!.trim()).to.equal('Turn off chat for Ada');
    expect(el.querySelector('[part~="chat-toggle-all"]')!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('when chat is off for us: says so and the message box is disabled; a viewer gets no message box', async () => {
    const off = await mount(fakeChat({ canSend: false, disabled: ['me'] } as never));
    expect(off.querySelector('[part~="chat-notice"]')!.textContent).to.equal('A moderator turned your chat off.');
    expect((off.querySelector('[part~="chat-input"]') as HTMLTextAreaElement).disabled).to.equal(true);
    const viewer = await mount(fakeChat({ canSend: false, session: { meeting: { id: 'm' }, sessionToken: 's', identity: 'me', name: 'Me', role: 'viewer' } } as never));
    expect(viewer.querySelector('[part~="chat-form"]')).to.equal(null);
  });

  it('speaks French and Arabic', async () => {
    const { loadLanguage } = await import('../../widget/index.js');
    await loadLanguage('fr');
    await loadLanguage('ar');
    const fr = await mount(fakeChat(), 'fr');
    expect(fr.querySelector('[part~="chat-panel"]')!.getAttribute('aria-label')).to.equal('Discussion');
    const ar = await mount(fakeChat(), 'ar');
    expect(ar.querySelector('[part~="chat-send"]')!.textContent).to.equal('إرسال');
  });
});
