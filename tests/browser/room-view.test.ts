// The in-room view (tile grid, controls, banner, audio overlay) rendered from plain tile data.
// A LiveKit server is outside this suite's reach (tests/e2e covers the real room); this pins the DOM contract
// (parts, data attributes, aria) that the e2e test and integrators rely on.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import { t, type VrWaitingChangeEvent, type VrWaitingRequest } from '../../widget/index.js';
import { renderRoom, type RoomViewProps } from '../../widget/video-room/room-view.js';
import { WaitingRoom } from '../../widget/video-room/waiting-room.js';
import type { JoinAnswer } from '../../widget/video-room/join-api.js';
import type { JoinController } from '../../widget/video-room/join.controller.js';
import type { VideoRoom } from './helpers.js';
import './helpers.js';
import type { RoomSession } from '../../widget/video-room/room-session.js';
import { fakeSession as sessionOf } from './fake-session.js';
import type { TileView } from '../../widget/video-room/session-types.js';

const tile = (v: Partial<TileView> & { identity: string }): TileView => ({
  key: `camera:${v.identity}`,
  name: v.identity,
  isLocal: false,
  source: 'camera',
  muted: false,
  speaking: false,
  hasVideo: false,
  ...v,
});

/** The room view's sessions here: Bob's microphone has an audio element. */
const fakeSession = (tiles: TileView[], over: Partial<RoomSession> = {}) => sessionOf(tiles, { audioKeys: () => ['microphone:bob'], ...over });

const props = (over: Partial<RoomViewProps> = {}): RoomViewProps => ({
  t: (k, p) => t(k, p, 'en'),
  reconnecting: false,
  canPublish: true,
  screenShareAllowed: true,
  act: () => {},
  leave: () => {},
  ...over,
});

const mount = (s: RoomSession, p: RoomViewProps) => fixture<HTMLElement>(html`<div>${renderRoom(s, p)}</div>`);

describe('room view', () => {
  it('renders one tile per participant with identity, local, muted and speaking markers', async () => {
    const el = await mount(
      fakeSession([
        tile({ identity: 'ada', name: 'Ada', isLocal: true, hasVideo: true }),
        tile({ identity: 'bob', name: 'Bob', muted: true, speaking: true }),
      ]),
      props(),
    );
    const tiles = el.querySelectorAll('[part~=tile]');
    expect(tiles.length).to.equal(2);
    const ada = el.querySelector('[part~=tile][data-identity=ada]')!;
    expect(ada.hasAttribute('data-local')).to.equal(true);
    expect(ada.hasAttribute('data-muted')).to.equal(false);
    expect(ada.getAttribute('data-source')).to.equal('camera');
    const video = ada.querySelector('video')!;
    expect(video.autoplay && video.muted && video.playsInline).to.equal(true);
    expect(ada.querySelector('[part~=tile-name]')!.textContent).to.equal('Ada');
    const bob = el.querySelector('[part~=tile][data-identity=bob]')!;
    expect(bob.hasAttribute('data-local')).to.equal(false);
    expect(bob.hasAttribute('data-muted')).to.equal(true);
    expect(bob.hasAttribute('data-speaking')).to.equal(true);
    expect(bob.querySelector('[part~=tile-muted]')!.getAttribute('aria-label')).to.equal('Microphone muted');
    expect(el.querySelector('audio[data-track="microphone:bob"]')).to.not.equal(null);
  });

  it('shows a screen share as its own tile, first', async () => {
    const el = await mount(
      fakeSession([
        tile({ identity: 'bob', key: 'screen_share:bob', source: 'screen_share', hasVideo: true }),
        tile({ identity: 'bob' }),
      ]),
      props(),
    );
    const first = el.querySelector('[part~=tile]')!;
    expect(first.getAttribute('data-source')).to.equal('screen_share');
    expect(first.querySelector('video')).to.not.equal(null);
  });

  it('has labelled toggle buttons with aria-pressed, and a leave button', async () => {
    let left = false;
    const el = await mount(fakeSession([]), props({ leave: () => (left = true) }));
    const mic = el.querySelector('[part~=controls] [part~=control-mic]')!;
    const cam = el.querySelector('[part~=control-camera]')!;
    expect(mic.tagName).to.equal('BUTTON');
    expect(mic.getAttribute('aria-pressed')).to.equal('true');
    expect(mic.getAttribute('aria-label')).to.equal('Microphone');
    expect(cam.getAttribute('aria-pressed')).to.equal('false');
    expect(el.querySelector('[part~=control-screen-share]')!.getAttribute('aria-label')).to.equal('Share screen');
    (el.querySelector('[part~=control-leave]') as HTMLButtonElement).click();
    expect(left).to.equal(true);
  });

  it('hides mic and camera for a viewer, and screen share when the meeting forbids it', async () => {
    const el = await mount(fakeSession([]), props({ canPublish: false, screenShareAllowed: false }));
    expect(el.querySelector('[part~=control-mic]')).to.equal(null);
    expect(el.querySelector('[part~=control-camera]')).to.equal(null);
    expect(el.querySelector('[part~=control-screen-share]')).to.equal(null);
    expect(el.querySelector('[part~=control-leave]')).to.not.equal(null);
  });

  it('shows a reconnecting banner and an enable-audio overlay when needed', async () => {
    let unlocked = false;
    const s = fakeSession([], { canPlaybackAudio: false, startAudio: () => ((unlocked = true), Promise.resolve()) });
    const el = await mount(s, props({ reconnecting: true, act: (p) => void p }));
    const banner = el.querySelector('[part~=banner]')!;
    expect(banner.getAttribute('role')).to.equal('status');
    expect(banner.textContent).to.contain('Reconnecting');
    const overlay = el.querySelector('[part~=audio-unlock]') as HTMLButtonElement;
    expect(overlay.textContent).to.contain('enable audio');
    overlay.click();
    expect(unlocked).to.equal(true);
  });
});

// Host side of the waiting room: the real poller against the stand-in `/api/v1/waiting-room/m-wait` route of
// tests/browser/stand-ins/waiting-room.ts (two guests, bearer `mod-token`), rendered by the room view.
type Recorded = { method: string; path: string; authorization?: string };
const recorded = async (): Promise<Recorded[]> => (await fetch('/__stand-in/requests')).json();
const rows = (el: HTMLElement) => [...el.querySelectorAll<HTMLElement>('[part~=waiting-item]')];

describe('waiting list (hosts and moderators)', () => {
  beforeEach(async () => {
    await fetch('/__stand-in/reset', { method: 'POST' });
  });

  it('lists the waiting guests, admits and denies them with the moderation token', async () => {
    const el = await fixture<HTMLElement>(html`<div></div>`);
    const changes: VrWaitingRequest[][] = [];
    const arrived: string[] = [];
    const draw = () =>
      render(renderRoom(fakeSession([]), props({ waiting: w, decide: (id, a) => void w.decide(id, a).finally(draw) })), el);
    const w = new WaitingRoom(location.origin, 'm-wait', 'mod-token', {
      changed: (items, fresh) => {
        changes.push(items);
        arrived.push(...fresh.map((i) => i.name));
        draw();
      },
    });
    draw();
    expect(el.querySelector('[part~=waiting-list]')).to.equal(null);
    w.start();
    try {
      await waitUntil(() => rows(el).length === 2, 'two waiting guests');
      const panel = el.querySelector('[part~=waiting-list]')!;
      expect(panel.getAttribute('role')).to.equal('region');
      const heading = el.querySelector(`#${panel.getAttribute('aria-labelledby')}`)!;
      expect(heading.textContent?.trim()).to.equal('Waiting to join (2)');
      expect(rows(el).map((r) => r.getAttribute('data-request-id'))).to.deep.equal(['r1', 'r2']);
      expect(rows(el).map((r) => r.querySelector('[part~=waiting-name]')!.textContent)).to.deep.equal(['Ada Lovelace', 'Bob']);
      const admit = rows(el)[0]!.querySelector<HTMLButtonElement>('[part~=admit-button]')!;
      const deny = rows(el)[1]!.querySelector<HTMLButtonElement>('[part~=deny-button]')!;
      expect(admit.textContent?.trim()).to.equal('Admit');
      expect(admit.getAttribute('aria-label')).to.equal('Admit Ada Lovelace');
      expect(deny.textContent?.trim()).to.equal('Deny');
      expect(deny.getAttribute('aria-label')).to.equal('Deny Bob');

      admit.click();
      await waitUntil(() => rows(el).length === 1, 'Ada let in');
      expect(rows(el)[0]!.getAttribute('data-request-id')).to.equal('r2');
      expect(el.querySelector('[part~=waiting-list] h3')!.textContent?.trim()).to.equal('Waiting to join (1)');
      expect(await recorded()).to.deep.include({ method: 'POST', path: '/api/v1/waiting-room/m-wait/r1/admit', authorization: 'Bearer mod-token' });

      rows(el)[0]!.querySelector<HTMLButtonElement>('[part~=deny-button]')!.click();
      await waitUntil(() => !el.querySelector('[part~=waiting-list]'), 'nobody waits any more');
      const sent = await recorded();
      expect(sent).to.deep.include({ method: 'POST', path: '/api/v1/waiting-room/m-wait/r2/deny', authorization: 'Bearer mod-token' });
      const lists = sent.filter((r) => r.method === 'GET');
      expect(lists.length).to.be.greaterThan(0);
      expect(lists.every((r) => r.path === '/api/v1/waiting-room/m-wait' && r.authorization === 'Bearer mod-token')).to.equal(true);
      // Each guest arrived once; the list went 2 → 1 → 0.
      expect(arrived).to.deep.equal(['Ada Lovelace', 'Bob']);
      expect(changes.map((c) => c.map((i) => i.id))).to.deep.equal([['r1', 'r2'], ['r2'], []]);
    } finally {
      w.stop();
    }
  });

  it('is translated (French, Arabic)', async () => {
    const w = Object.assign(Object.create(WaitingRoom.prototype) as WaitingRoom, { items: [{ id: 'r1', name: 'Ada' }], busy: () => false });
    await import('../../widget/i18n/index.js').then((m) => Promise.all([m.loadLanguage('fr'), m.loadLanguage('ar')]));
    for (const [lang, title, admit, deny] of [
      ['fr', 'Salle d’attente (1)', 'Admettre Ada', 'Refuser Ada'],
      ['ar', 'في انتظار الانضمام (1)', 'قبول Ada', 'رفض Ada'],
    ]) {
      const el = await fixture<HTMLElement>(html`<div>${renderRoom(fakeSession([]), props({ t: (k, p) => t(k, p, lang), waiting: w }))}</div>`);
      expect(el.querySelector('[part~=waiting-list] h3')!.textContent?.trim()).to.equal(title);
      expect(el.querySelector('[part~=admit-button]')!.getAttribute('aria-label')).to.equal(admit);
      expect(el.querySelector('[part~=deny-button]')!.getAttribute('aria-label')).to.equal(deny);
    }
  });

  it('<video-room> announces arrivals, fires vr-waiting-change, and stops polling when it leaves the room', async () => {
    // No LiveKit server here: start the element's waiting-room poller as a successful host join does.
    const el = await fixture<VideoRoom>(html`<video-room code="x" name="Host" lang="en"></video-room>`);
    const answer = {
      role: 'host',
      moderationToken: 'mod-token',
      meeting: { id: 'm-wait', title: 'T', settings: { chat: true, screenShare: true, recordingAllowed: false, waitingRoom: true } },
    } as JoinAnswer;
    const change = oneEvent(el, 'vr-waiting-change') as Promise<VrWaitingChangeEvent>;
    // The element's join controller (private: a host join needs LiveKit) loads the join chunk's controller.
    const flow = await (el as unknown as { joining: JoinController }).joining.load();
    const features = await flow.roomFeatures();
    void features!.startWaitingRoom(location.origin, answer);
    const ev = await change;
    expect(ev.bubbles && ev.composed).to.equal(true);
    expect(ev.requests).to.deep.equal([
      { id: 'r1', name: 'Ada Lovelace' },
      { id: 'r2', name: 'Bob' },
    ]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=status][aria-live]')!.textContent).to.equal(
      'Ada Lovelace is waiting to join. Bob is waiting to join',
    );
    // Removing the element (like leaving the room) stops the poller and clears the list.
    const cleared = oneEvent(el, 'vr-waiting-change') as Promise<VrWaitingChangeEvent>;
    el.remove();
    expect((await cleared).requests).to.deep.equal([]);
  });

  it('is not rendered for an empty list', async () => {
    const w = { items: [], busy: () => false } as unknown as WaitingRoom;
    const el = await mount(fakeSession([]), props({ waiting: w }));
    expect(el.querySelector('[part~=waiting-list]')).to.equal(null);
  });
});
