// Host controls' render helpers and API calls (widget/video-room/host-controls.ts) against a stand-in room (plain
// objects shaped like livekit-client's) and a recording `fetch`. The real room and server: tests/e2e/host-controls.test.ts.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import { t } from '../../widget/index.js';
import { HostControls, renderHostBar, renderHostMenu, renderTileMenu, type HostControlsHost } from '../../widget/video-room/host-controls.js';
import { renderRoom, type RoomViewProps } from '../../widget/video-room/room-view.js';
import type { RoomSession } from '../../widget/video-room/room-session.js';
import type { Room } from 'livekit-client';

const tr = (k: Parameters<typeof t>[0], p?: Record<string, string | number>) => t(k, p, 'en');

/** A participant as livekit-client exposes it: identity, name, role attribute, permission, publications. */
function person(identity: string, role: string, over: { mic?: boolean; sources?: number[]; data?: boolean } = {}) {
  return {
    identity,
    name: identity.toUpperCase(),
    attributes: { role },
    permissions: { canPublish: true, canPublishData: over.data ?? true, canPublishSources: over.sources ?? [1, 2, 3, 4], canSubscribe: true },
    isMicrophoneEnabled: !!over.mic,
    isScreenShareEnabled: false,
    getTrackPublication: (s: string) => (s === 'microphone' && over.mic ? { isMuted: false } : undefined),
  };
}

function setup(role: 'host' | 'moderator' | 'participant') {
  const me = person('me', role);
  const others = new Map([['ada', person('ada', 'participant', { mic: true, sources: [1, 3, 4], data: false })], ['prof', person('prof', 'host')]]);
  const room = {
    localParticipant: me,
    getParticipantByIdentity: (id: string) => (id === 'me' ? me : others.get(id)),
    on() { return room; },
    off() { return room; },
  } as unknown as Room;
  const log: string[] = [];
  const host: HostControlsHost = {
    changed: () => {},
    announce: (x) => log.push(`announce:${x}`),
    acted: (a, id, p) => log.push(`acted:${a}:${id}${p ? `:${p}` : ''}`),
    role: (r) => log.push(`role:${r}`),
    spotlight: (id) => log.push(`spotlight:${id}`),
    locked: (l) => log.push(`locked:${l}`),
    askUnmute: (by) => log.push(`ask:${by}`),
    unmute: () => (log.push('unmute'), Promise.resolve()),
  };
  const c = new HostControls('https://meet.example/', { meeting: { id: 'm1' }, sessionToken: 'sess', identity: 'me', role }, room, host, tr);
  return { c, log };
}

/** Record fetches; answer `status` with `body`. */
function stubFetch(status = 200, body: unknown = {}) {
  const calls: { url: string; method: string; auth: string | null; body: unknown }[] = [];
  const orig = window.fetch;
  window.fetch = (async (url: string, init: RequestInit = {}) => {
    calls.push({ url: String(url), method: init.method ?? 'GET', auth: new Headers(init.headers).get('authorization'), body: init.body ? JSON.parse(String(init.body)) : undefined });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, restore: () => (window.fetch = orig) };
}

describe('host menu', () => {
  it('offers a moderator the actions for one participant, as LiveKit shows them, with checkbox items for toggles', async () => {
    const { c } = setup('moderator');
    const el = await fixture<HTMLElement>(html`<div>${renderHostMenu('ada', c, tr)}</div>`);
    const menu = el.querySelector('[part~=host-menu]')!;
    expect(menu.getAttribute('role')).to.equal('menu');
    expect(menu.getAttribute('aria-label')).to.equal('Host controls for ADA');
    const parts = [...menu.querySelectorAll('button')].map((b) => b.getAttribute('part')!.replace('host-menu-item ', ''));
    expect(parts).to.deep.equal(['host-mute', 'host-spotlight', 'host-promote', 'host-allow-microphone', 'host-allow-camera', 'host-allow-screenShare', 'host-allow-chat', 'host-remove', 'host-ban']);
    const checked = (p: string) => menu.querySelector(`[part~=${p}]`)!.getAttribute('aria-checked');
    expect([checked('host-allow-microphone'), checked('host-allow-camera'), checked('host-allow-screenShare'), checked('host-allow-chat')]).to.deep.equal(['false', 'true', 'true', 'false']);
    expect(checked('host-spotlight')).to.equal('false');
  });

  it('shows nothing for a host, for ourselves, and to a participant', async () => {
    const mod = setup('moderator').c;
    const el = await fixture<HTMLElement>(html`<div>${renderHostMenu('prof', mod, tr)}${renderHostMenu('me', mod, tr)}${renderHostMenu('ada', setup('participant').c, tr)}${renderTileMenu('ada', 'ADA', setup('participant').c, tr)}</div>`);
    expect(el.querySelector('[part~=host-menu]')).to.equal(null);
    expect(el.querySelector('[part~=host-menu-button]')).to.equal(null);
  });

  it('each choice is one call with our room session; the menu closes; a refusal is announced', async () => {
    const { c, log } = setup('host');
    const f = stubFetch();
    try {
      c.toggleMenu('ada');
      const el = await fixture<HTMLElement>(html`<div>${renderTileMenu('ada', 'ADA', c, tr)}</div>`);
      expect(el.querySelector('[part~=host-menu-button]')!.getAttribute('aria-expanded')).to.equal('true');
      (el.querySelector('[part~=host-mute]') as HTMLButtonElement).click();
      await waitUntil(() => log.includes('acted:mute:ada'), 'the mute call answered');
      expect(c.menuFor).to.equal('');
      await c.allow('ada', 'microphone', true);
      await c.changeRole('ada', 'moderator');
      await c.remove('ada', true);
      await c.lock(true);
      expect(f.calls.map((x) => [x.method, x.url.replace('https://meet.example/api/v1/meetings/m1/controls', ''), x.body])).to.deep.equal([
        ['POST', '/participants/ada/mute', { source: 'microphone' }],
        ['PUT', '/participants/ada/permissions', { microphone: true }],
        ['PUT', '/participants/ada/role', { role: 'moderator' }],
        ['POST', '/participants/ada/remove', { ban: true }],
        ['PUT', '/lock', { locked: true }],
      ]);
      expect(f.calls.every((x) => x.auth === 'Bearer sess')).to.equal(true);
      expect(log.filter((x) => x.startsWith('acted'))).to.deep.equal(['acted:mute:ada', 'acted:allow:ada:microphone', 'acted:promote:ada', 'acted:ban:ada', 'acted:lock:']);
    } finally {
      f.restore();
    }
    const refused = stubFetch(403, { error: { code: 'forbidden', message: 'no' } });
    try {
      expect(await c.muteAll()).to.equal(false);
      expect(log.at(-1)).to.equal('announce:That did not work. Try again.');
    } finally {
      refused.restore();
    }
  });
});

describe('host bar and notices', () => {
  it('moderators get Mute all and a Lock toggle; everyone sees the locked notice and the ask to unmute', async () => {
    const { c, log } = setup('moderator');
    c.locked = true;
    const el = await fixture<HTMLElement>(html`<div></div>`);
    render(renderHostBar(c, tr), el);
    expect(el.querySelector('[part~=host-bar]')!.getAttribute('role')).to.equal('region');
    expect(el.querySelector('[part~=host-lock]')!.getAttribute('aria-pressed')).to.equal('true');
    expect(el.querySelector('[part~=locked-notice]')!.getAttribute('role')).to.equal('status');
    // What participants may do, meeting-wide: toggles; a change is one call, and the answer's state shows.
    const mic = el.querySelector<HTMLButtonElement>('[part~=host-all-microphone]')!;
    expect([mic.getAttribute('aria-pressed'), mic.textContent]).to.deep.equal(['true', 'Unmute']);
    expect(el.querySelector('.host-all')!.getAttribute('aria-label')).to.equal('Participants may:');
    const f = stubFetch(200, { locked: true, spotlightIdentity: null, permissions: { camera: true, microphone: false, screenShare: true, chat: true } });
    try {
      await c.allowAll('microphone', false);
      expect(f.calls.map((x) => [x.method, x.url.endsWith('/controls/permissions'), x.body])).to.deep.equal([['PUT', true, { microphone: false }]]);
    } finally {
      f.restore();
    }
    render(renderHostBar(c, tr), el);
    expect(el.querySelector('[part~=host-all-microphone]')!.getAttribute('aria-pressed')).to.equal('false');
    expect(log).to.contain('acted:deny::microphone');

    const p = setup('participant');
    p.c.askedBy = 'Prof';
    render(renderHostBar(p.c, tr), el);
    expect(el.querySelector('[part~=host-bar]')).to.equal(null);
    const ask = el.querySelector('[part~=ask-unmute]')!;
    expect(ask.getAttribute('role')).to.equal('alertdialog');
    expect(ask.textContent).to.contain('Prof asks you to unmute.');
    (el.querySelector('[part~=ask-unmute-accept]') as HTMLButtonElement).click();
    expect(p.log).to.contain('unmute');
    expect(p.c.askedBy).to.equal('');
  });

  it('the room view puts the spotlighted camera tile first, marked, and hides what we may not publish', async () => {
    const tiles = ['ada', 'bob', 'cat'].map((identity) => ({ key: `camera:${identity}`, identity, name: identity, isLocal: identity === 'ada', source: 'camera' as const, muted: false, speaking: false, hasVideo: false }));
    const s = { tiles: () => tiles, audioKeys: () => [], micOn: false, camOn: false, screenOn: false, canPlaybackAudio: true } as unknown as RoomSession;
    const props: RoomViewProps = {
      t: tr, reconnecting: false, canPublish: true, screenShareAllowed: true, act: () => {}, leave: () => {},
      host: { bar: null, spotlight: 'cat', tileMenu: () => undefined, canMic: false, canCam: true, canShare: false },
    };
    const el = await fixture<HTMLElement>(html`<div>${renderRoom(s, props)}</div>`);
    const first = el.querySelector('[part~=tile]')!;
    expect(first.getAttribute('data-identity')).to.equal('cat');
    expect(first.hasAttribute('data-spotlight')).to.equal(true);
    expect(first.querySelector('[part~=tile-spotlight]')!.textContent).to.equal('Spotlight');
    expect(el.querySelectorAll('[data-spotlight]').length).to.equal(1);
    expect(el.querySelector('[part~=control-mic]')).to.equal(null);
    expect(el.querySelector('[part~=control-camera]')).to.not.equal(null);
    expect(el.querySelector('[part~=control-screen-share]')).to.equal(null);
  });
});

describe('host menu keyboard', () => {
  it('opens with focus on the first item, arrows move, Escape closes and gives the focus back to the button', async () => {
    const { c } = setup('moderator');
    const el = await fixture<HTMLElement>(html`<div class="tile"></div>`);
    const draw = () => render(renderTileMenu('ada', 'ADA', c, tr), el);
    c['host'].changed = draw;
    draw();
    const button = el.querySelector<HTMLButtonElement>('[part~=host-menu-button]')!;
    button.click();
    const items = [...el.querySelectorAll<HTMLElement>('[part~=host-menu] button')];
    await waitUntil(() => document.activeElement === items[0], 'the focus on the first item');
    items[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    expect(document.activeElement).to.equal(items.at(-1));
    items.at(-1)!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(el.querySelector('[part~=host-menu]')).to.equal(null);
    expect(document.activeElement).to.equal(button);
    expect(button.getAttribute('aria-expanded')).to.equal('false');
  });
});
