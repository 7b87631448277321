// The in-room view (tile grid, controls, banner, audio overlay) rendered from plain tile data.
// A LiveKit server is outside this suite's reach (tests/e2e covers the real room); this pins the DOM contract
// (parts, data attributes, aria) that the e2e test and integrators rely on.
import { expect, fixture, html } from '@open-wc/testing';
import { t } from '../../widget/index.js';
import { renderRoom, type RoomViewProps } from '../../widget/video-room/room-view.js';
import type { RoomSession } from '../../widget/video-room/room-session.js';
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

function fakeSession(tiles: TileView[], over: Partial<RoomSession> = {}): RoomSession {
  return {
    tiles: () => tiles,
    audioKeys: () => ['microphone:bob'],
    micOn: true,
    camOn: false,
    screenOn: false,
    canPlaybackAudio: true,
    toggleMic: () => Promise.resolve(),
    toggleCam: () => Promise.resolve(),
    toggleScreen: () => Promise.resolve(),
    startAudio: () => Promise.resolve(),
    ...over,
  } as unknown as RoomSession;
}

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
