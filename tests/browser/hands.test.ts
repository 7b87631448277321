// Raised hands, reactions and the participants panel (classroom chunk) against the stand-in hand API of
// tests/browser/stand-ins/hands.ts and a stand-in LiveKit room (an event emitter with participants; a LiveKit server
// is outside this suite's reach: tests/e2e/hands.test.ts runs the real one). Pins what a user sees and can do.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import { RoomEvent } from 'livekit-client';
import { loadLanguage, t, type VrHand, type VrHandLoweredEvent, type VrHandRaisedEvent, type VrReactionEvent } from '../../widget/index.js';
import { Classroom, RateLimiter, type ClassroomSession } from '../../widget/video-room/classroom.js';
import { renderTile } from '../../widget/video-room/tile.js';
import type { Room } from 'livekit-client';

type Recorded = { method: string; path: string; authorization?: string };
const recorded = async (): Promise<Recorded[]> => (await fetch('/__stand-in/requests')).json();

interface FakeParticipant {
  identity: string;
  name: string;
  attributes: Record<string, string>;
  isMicrophoneEnabled: boolean;
  isCameraEnabled: boolean;
  connectionQuality: string;
  sent: { data: string; topic?: string; reliable?: boolean }[];
  publishData(data: Uint8Array, o: { topic?: string; reliable?: boolean }): Promise<void>;
}
const person = (identity: string, name: string, role: string, over: Partial<FakeParticipant> = {}): FakeParticipant => ({
  identity,
  name,
  attributes: { role },
  isMicrophoneEnabled: true,
  isCameraEnabled: false,
  connectionQuality: 'good',
  sent: [],
  async publishData(data, o) {
    this.sent.push({ data: new TextDecoder().decode(data), topic: o.topic, reliable: o.reliable });
  },
  ...over,
});

/** A stand-in livekit-client Room: participants, and `on`/`off`/`emit` like its event emitter. */
function fakeRoom(local: FakeParticipant, remotes: FakeParticipant[]) {
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const room = {
    localParticipant: local,
    remoteParticipants: new Map(remotes.map((p) => [p.identity, p])),
    on(ev: string, fn: (...a: unknown[]) => void) {
      (listeners.get(ev) ?? listeners.set(ev, new Set()).get(ev)!).add(fn);
      return room;
    },
    off(ev: string, fn: (...a: unknown[]) => void) {
      listeners.get(ev)?.delete(fn);
      return room;
    },
    emit(ev: string, ...a: unknown[]) {
      for (const fn of listeners.get(ev) ?? []) fn(...a);
    },
    /** A data packet on `topic` from `from` (undefined: sent by the server). */
    data(topic: string, body: unknown, from?: FakeParticipant) {
      room.emit(RoomEvent.DataReceived, new TextEncoder().encode(JSON.stringify(body)), from, undefined, topic);
    },
  };
  return room;
}

const session = (identity: string, name: string, role: ClassroomSession['role'], token: string): ClassroomSession => ({
  meeting: { id: 'm-hands' },
  sessionToken: token,
  identity,
  name,
  role,
});

/**
 * A Classroom drawn into a container (controls, panel, the local and one remote tile) like `<video-room>` draws it,
 * with the element's live region text in `said` and its events in `events`.
 */
async function mountClassroom(s: ClassroomSession, room: ReturnType<typeof fakeRoom>, lang = 'en', waitForQueue = true) {
  const box = await fixture<HTMLDivElement>(html`<div></div>`);
  const said: string[] = [];
  const events: (VrHandRaisedEvent | VrHandLoweredEvent | VrReactionEvent)[] = [];
  for (const type of ['vr-hand-raised', 'vr-hand-lowered', 'vr-reaction'] as const) box.addEventListener(type, (e) => events.push(e as never));
  const tr = (k: Parameters<typeof t>[0], p?: Record<string, string | number>) => t(k, p, lang);
  let c: Classroom;
  const el = {
    dispatchEvent: (e: Event) => box.dispatchEvent(e),
    renderRoot: box,
    updateComplete: Promise.resolve(),
    requestUpdate() {
      const tiles = [room.localParticipant, ...room.remoteParticipants.values()].map((p) =>
        c.decorate({ key: `camera:${p.identity}`, identity: p.identity, name: p.name, isLocal: p === room.localParticipant, source: 'camera', muted: false, speaking: false, hasVideo: false }),
      );
      render(html`<div class="controls">${c.controls()}</div>${c.panel() ?? ''}${tiles.map((v) => renderTile(v, tr))}`, box);
      this.updateComplete = Promise.resolve();
    },
  };
  c = new Classroom(location.origin, s, room as unknown as Room, el, tr, (text) => said.push(text));
  c.start();
  if (waitForQueue) await waitUntil(() => c.hands.version >= 0, 'the queue read from the server');
  return { c, box, said, events, q: (sel: string) => box.querySelector<HTMLElement>(sel), all: (sel: string) => [...box.querySelectorAll<HTMLElement>(sel)] };
}

beforeEach(async () => {
  await fetch('/__stand-in/reset', { method: 'POST' });
});

describe('raised hands', () => {
  it('reads the queue on start, raises our hand at the end with the hand button (aria-pressed), and lowers it', async () => {
    const ada = person('ada', 'Ada', 'participant');
    const room = fakeRoom(ada, [person('bob', 'Bob', 'participant'), person('mo', 'Mo', 'moderator')]);
    const m = await mountClassroom(session('ada', 'Ada', 'participant', 'hands-ada'), room);
    // Bob's hand was up before we came: shown, not announced, no event.
    expect(m.q('[part~=tile][data-identity=bob]')!.getAttribute('data-hand')).to.equal('1');
    expect(m.q('[part~=tile][data-identity=bob] [part~=tile-hand]')!.getAttribute('aria-label')).to.equal('Hand raised, number 1 in the queue');
    expect(m.said).to.deep.equal([]);
    expect(m.events).to.deep.equal([]);

    const hand = m.q('[part~=control-hand]')!;
    expect(hand.getAttribute('aria-label')).to.equal('Raise hand');
    expect(hand.getAttribute('aria-pressed')).to.equal('false');
    hand.click();
    await waitUntil(() => m.q('[part~=control-hand]')!.getAttribute('aria-pressed') === 'true', 'hand raised');
    expect(m.q('[part~=tile][data-identity=ada]')!.getAttribute('data-hand')).to.equal('2');
    expect(m.said.at(-1)).to.equal('You raised your hand, number 2 in the queue');
    const raised = m.events.at(-1) as VrHandRaisedEvent;
    expect([raised.type, raised.identity, raised.name, raised.position]).to.deep.equal(['vr-hand-raised', 'ada', 'Ada', 2]);
    expect(raised.bubbles && raised.composed).to.equal(true);

    m.q('[part~=control-hand]')!.click();
    await waitUntil(() => m.q('[part~=control-hand]')!.getAttribute('aria-pressed') === 'false', 'hand lowered');
    expect(m.said.at(-1)).to.equal('You lowered your hand');
    expect((m.events.at(-1) as VrHandLoweredEvent).type).to.equal('vr-hand-lowered');
    expect(m.q('[part~=tile][data-identity=ada]')!.hasAttribute('data-hand')).to.equal(false);
    const calls = (await recorded()).filter((r) => r.path.startsWith('/api/v1/meetings/m-hands/hands'));
    expect(calls.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      'GET /api/v1/meetings/m-hands/hands',
      'POST /api/v1/meetings/m-hands/hands',
      'DELETE /api/v1/meetings/m-hands/hands/ada',
    ]);
    expect(calls.every((r) => r.authorization === 'Bearer hands-ada')).to.equal(true);
    m.c.stop();
  });

  it('a hand raised before the queue was first read is announced like any other', async () => {
    // Hold the first read of the queue until the hand button was pressed.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const realFetch = window.fetch;
    window.fetch = async (input, init) => {
      if (String(input).endsWith('/meetings/m-hands/hands') && (init?.method ?? 'GET') === 'GET') await gate;
      return realFetch(input, init);
    };
    try {
      const ada = person('ada', 'Ada', 'participant');
      const m = await mountClassroom(session('ada', 'Ada', 'participant', 'hands-ada'), fakeRoom(ada, [person('bob', 'Bob', 'participant')]), 'en', false);
      m.q('[part~=control-hand]')!.click();
      release();
      await waitUntil(() => m.q('[part~=control-hand]')!.getAttribute('aria-pressed') === 'true', 'hand raised');
      expect(m.said).to.deep.equal(['You raised your hand, number 2 in the queue']);
      expect((m.events.at(-1) as VrHandRaisedEvent).identity).to.equal('ada');
      m.c.stop();
    } finally {
      window.fetch = realFetch;
    }
  });

  it('follows the queue the server announces: only packets from the server, never an older queue; a truncated one is read again', async () => {
    const bob = person('bob', 'Bob', 'participant');
    const room = fakeRoom(person('ada', 'Ada', 'participant'), [bob]);
    const m = await mountClassroom(session('ada', 'Ada', 'participant', 'hands-ada'), room);
    const queue = (version: number, items: VrHand[]) => ({ version, items: items.map((h) => ({ ...h, role: 'participant', raisedAt: '2030-01-01T10:00:00Z' })) });

    // A participant's packet on the same topic (an edited page) is ignored.
    room.data('vr.hands', queue(9, []), bob);
    expect(m.c.hands.items.map((h) => h.identity)).to.deep.equal(['bob']);
    // The server's: Bob lowered, Cy raised.
    room.data('vr.hands', queue(2, [{ identity: 'cy', name: 'Cy', position: 1 }]));
    await waitUntil(() => m.said.length === 1, 'the change announced');
    expect(m.said[0]).to.equal("Bob's hand is lowered. Cy raised their hand, number 1 in the queue");
    expect(m.events.map((e) => `${e.type} ${(e as VrHandRaisedEvent).identity} ${(e as VrHandRaisedEvent).position}`)).to.deep.equal(['vr-hand-lowered bob 1', 'vr-hand-raised cy 1']);
    // An older queue arriving late changes nothing.
    room.data('vr.hands', queue(1, [{ identity: 'bob', name: 'Bob', position: 1 }]));
    expect(m.c.hands.items.map((h) => h.identity)).to.deep.equal(['cy']);
    // Too large for one packet: the widget reads it (the stand-in's queue, version 1, is older than what we have:
    // ignored; a newer one is taken).
    room.data('vr.hands', { version: 5, truncated: true });
    await waitUntil(async () => (await recorded()).filter((r) => r.method === 'GET').length === 2, 'the queue read again');
    expect(m.c.hands.items.map((h) => h.identity)).to.deep.equal(['cy']);
    // After a reconnection the queue is read again.
    room.emit(RoomEvent.Reconnected);
    await waitUntil(async () => (await recorded()).filter((r) => r.method === 'GET').length === 3, 'the queue read after reconnecting');
    m.c.stop();
  });

  it('a moderator lowering our hand is announced as such', async () => {
    const room = fakeRoom(person('bob', 'Bob', 'participant'), []);
    const m = await mountClassroom(session('bob', 'Bob', 'participant', 'hands-bob'), room);
    expect(m.q('[part~=control-hand]')!.getAttribute('aria-pressed')).to.equal('true');
    room.data('vr.hands', { version: 2, items: [] });
    await waitUntil(() => m.said.length, 'announced');
    expect(m.said).to.deep.equal(['A moderator lowered your hand']);
    expect(m.q('[part~=control-hand]')!.getAttribute('aria-pressed')).to.equal('false');
    m.c.stop();
  });
});

describe('participants panel', () => {
  it('lists everyone with role, microphone, camera, raised hand and connection; hands first, in queue order', async () => {
    const room = fakeRoom(person('ada', 'Ada', 'participant', { isCameraEnabled: true }), [
      person('zed', 'Zed', 'viewer', { isMicrophoneEnabled: false, connectionQuality: 'poor' }),
      person('bob', 'Bob', 'participant'),
      person('mo', 'Mo', 'moderator', { connectionQuality: 'excellent' }),
    ]);
    const m = await mountClassroom(session('ada', 'Ada', 'participant', 'hands-ada'), room);
    const button = m.q('[part~=control-participants]')!;
    expect(m.q('[part~=participants-label]')!.textContent).to.equal('Participants (4)');
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(m.q('[part~=participants-count]')!.textContent).to.equal('4');
    button.click();
    await waitUntil(() => m.q('[part~=participants-panel]'), 'the panel');
    const panel = m.q('[part~=participants-panel]')!;
    expect(panel.getAttribute('role')).to.equal('region');
    expect(m.box.querySelector(`#${panel.getAttribute('aria-labelledby')}`)!.textContent).to.equal('Participants (4)');
    expect(m.q('[part~=control-participants]')!.getAttribute('aria-pressed')).to.equal('true');
    // Opening moves the focus into the panel (its heading).
    await waitUntil(() => document.activeElement === m.q('#vr-participants-title'), 'focus on the heading');

    // Bob (hand 1), then us, then the others by name.
    expect(m.all('[part~=participant]').map((r) => r.dataset.identity)).to.deep.equal(['bob', 'ada', 'mo', 'zed']);
    const row = (id: string) => m.q(`[part~=participant][data-identity=${id}]`)!;
    const label = (id: string, part: string) => row(id).querySelector(`[part~=${part}]`)?.getAttribute('aria-label');
    expect(row('bob').querySelector('[part~=participant-hand]')!.textContent!.trim()).to.equal('✋ 1');
    expect(label('bob', 'participant-hand')).to.equal('Hand raised, number 1 in the queue');
    expect(row('ada').querySelector('[part~=participant-name]')!.textContent).to.equal('Ada (you)');
    expect(row('mo').querySelector('[part~=participant-role]')!.textContent).to.equal('Moderator');
    expect(row('zed').querySelector('[part~=participant-role]')!.textContent).to.equal('Viewer');
    expect([label('zed', 'participant-mic'), label('zed', 'participant-camera'), label('zed', 'participant-quality')]).to.deep.equal([
      'Microphone off',
      'Camera off',
      'Connection: poor',
    ]);
    expect([label('ada', 'participant-mic'), label('ada', 'participant-camera')]).to.deep.equal(['Microphone on', 'Camera on']);
    expect(label('mo', 'participant-quality')).to.equal('Connection: excellent');
    // A participant gets no "lower hand" actions.
    expect(m.all('[part~=participant-lower-hand], [part~=participants-lower-all]').length).to.equal(0);

    // Connection quality and the list follow the room.
    room.remoteParticipants.get('zed')!.connectionQuality = 'lost';
    room.emit(RoomEvent.ConnectionQualityChanged);
    await waitUntil(() => label('zed', 'participant-quality') === 'Connection: lost', 'quality updated');

    // Escape closes it and returns to the Participants button.
    panel.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await waitUntil(() => !m.q('[part~=participants-panel]'), 'closed');
    expect(document.activeElement === m.q('[part~=control-participants]'), 'focus back on the Participants button').to.equal(true);
    m.c.stop();
  });

  it('gives moderators "Lower hand" per row and "Lower all hands", and the hand count on the button; a hook adds host actions', async () => {
    const room = fakeRoom(person('mo', 'Mo', 'moderator'), [person('bob', 'Bob', 'participant'), person('ada', 'Ada', 'participant')]);
    const m = await mountClassroom(session('mo', 'Mo', 'moderator', 'hands-mod'), room);
    m.c.rowActions = (p) => html`<button part="participant-extra">More for ${p.name}</button>`;
    expect(m.q('[part~=participants-label]')!.textContent).to.equal('Participants (3), raised hands: 1');
    m.c.toggleParticipants(true);
    await waitUntil(() => m.q('[part~=participant-lower-hand]'), 'lower hand button');
    expect(m.all('[part~=participant-extra]').map((b) => b.textContent)).to.deep.equal(['More for Bob', 'More for Mo', 'More for Ada']);
    const lower = m.q('[part~=participant][data-identity=bob] [part~=participant-lower-hand]')!;
    expect(lower.textContent).to.equal("Lower Bob's hand");
    lower.click();
    await waitUntil(() => !m.q('[part~=participant][data-identity=bob]')!.hasAttribute('data-hand'), "Bob's hand lowered");
    expect(m.said.at(-1)).to.equal("Bob's hand is lowered");

    // Lower all: two hands up (the stand-in's Ada raises through her own session), then none.
    await fetch('/api/v1/meetings/m-hands/hands', { method: 'POST', headers: { authorization: 'Bearer hands-ada' } });
    await fetch('/api/v1/meetings/m-hands/hands', { method: 'POST', headers: { authorization: 'Bearer hands-bob' } });
    await m.c.hands.refresh();
    await waitUntil(() => m.q('[part~=participants-lower-all]'), 'lower all');
    m.q('[part~=participants-lower-all]')!.click();
    await waitUntil(() => m.all('[part~=participant][data-hand]').length === 0, 'every hand lowered');
    expect((await recorded()).some((r) => r.method === 'DELETE' && r.path === '/api/v1/meetings/m-hands/hands')).to.equal(true);
    m.c.stop();
  });

  it("a participant's attempt to lower another's hand is refused by the server: nothing changes", async () => {
    const room = fakeRoom(person('ada', 'Ada', 'participant'), [person('bob', 'Bob', 'participant')]);
    const m = await mountClassroom(session('ada', 'Ada', 'participant', 'hands-ada'), room);
    expect(await m.c.hands.lower('bob')).to.equal(false);
    expect(await m.c.hands.lowerAll()).to.equal(false);
    expect(m.c.hands.items.map((h) => h.identity)).to.deep.equal(['bob']);
    m.c.stop();
  });

  it('speaks French and Arabic', async () => {
    await loadLanguage('fr');
    await loadLanguage('ar');
    const fr = await mountClassroom(session('ada', 'Ada', 'participant', 'hands-ada'), fakeRoom(person('ada', 'Ada', 'participant'), [person('bob', 'Bob', 'participant')]), 'fr');
    fr.c.toggleParticipants(true);
    await waitUntil(() => fr.q('[part~=participants-panel]'), 'panel');
    expect(fr.q('[part~=control-hand]')!.getAttribute('aria-label')).to.equal('Lever la main');
    expect(fr.q('#vr-participants-title')!.textContent).to.equal('Participants (2)');
    expect(fr.q('[part~=participant][data-identity=bob] [part~=participant-hand]')!.getAttribute('aria-label')).to.equal('Main levée, n° 1 dans la file');
    fr.c.stop();
    const ar = await mountClassroom(session('ada', 'Ada', 'participant', 'hands-ada'), fakeRoom(person('ada', 'Ada', 'participant'), []), 'ar');
    expect(ar.q('[part~=control-hand]')!.getAttribute('aria-label')).to.equal('رفع اليد');
    expect(ar.q('[part~=control-reactions]')!.getAttribute('aria-label')).to.equal('التفاعلات');
    ar.c.stop();
  });
});

describe('reactions', () => {
  it('the menu is a keyboard-operable toolbar; a reaction is sent lossy on vr.reaction and bursts on our tile', async () => {
    const ada = person('ada', 'Ada', 'participant');
    const m = await mountClassroom(session('ada', 'Ada', 'participant', 'hands-ada'), fakeRoom(ada, []));
    const button = m.q('[part~=control-reactions]')!;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    button.click();
    await waitUntil(() => m.q('[part~=reactions-menu]'), 'the menu');
    const menu = m.q('[part~=reactions-menu]')!;
    expect([menu.getAttribute('role'), menu.getAttribute('aria-label')]).to.deep.equal(['toolbar', 'Reactions']);
    expect(m.q('[part~=control-reactions]')!.getAttribute('aria-expanded')).to.equal('true');
    const items = m.all('[part~=reaction]');
    expect(items.map((b) => b.dataset.emoji)).to.deep.equal(['👍', '👏', '😂', '😮', '❤️', '🎉']);
    expect(items.map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Thumbs up', 'Applause', 'Laughter', 'Surprise', 'Heart', 'Celebration']);
    await waitUntil(() => document.activeElement === items[0], 'focus on the first reaction');
    items[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(document.activeElement === items[1], 'ArrowRight: the next reaction').to.equal(true);
    items[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(document.activeElement === items[5], 'End: the last reaction').to.equal(true);

    items[1]!.click();
    await waitUntil(() => m.q('[part~=tile][data-identity=ada] [part~=tile-reaction]'), 'the burst on our tile');
    expect(m.q('[part~=tile][data-identity=ada] [part~=tile-reaction]')!.textContent).to.equal('👏');
    expect(ada.sent).to.deep.equal([{ data: JSON.stringify({ emoji: '👏' }), topic: 'vr.reaction', reliable: false }]);
    const ev = m.events.at(-1) as VrReactionEvent;
    expect([ev.type, ev.identity, ev.emoji]).to.deep.equal(['vr-reaction', 'ada', '👏']);

    m.q('[part~=reactions-menu]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await waitUntil(() => !m.q('[part~=reactions-menu]'), 'menu closed');
    expect(document.activeElement === m.q('[part~=control-reactions]'), 'focus back on the Reactions button').to.equal(true);
    m.c.stop();
  });

  it('is rate limited at the sender and, per sender, at the receiver; unknown emoji and server packets are dropped', async () => {
    const ada = person('ada', 'Ada', 'participant');
    const bob = person('bob', 'Bob', 'participant');
    const cy = person('cy', 'Cy', 'participant');
    const room = fakeRoom(ada, [bob, cy]);
    const m = await mountClassroom(session('ada', 'Ada', 'participant', 'hands-ada'), room);
    const r = m.c.reactions!;
    // We send at most 3 per second, whatever the page does.
    const sent = Array.from({ length: 10 }, () => r.send('🎉'));
    expect(sent.filter(Boolean).length).to.equal(3);
    expect(ada.sent.length).to.equal(3);
    expect(r.send('💩')).to.equal(false);

    // Bob's edited page floods: 5 in a second are shown, the rest dropped; Cy is not affected.
    const shown = () => m.events.filter((e) => e.type === 'vr-reaction' && (e as VrReactionEvent).identity === 'bob').length;
    for (let i = 0; i < 20; i++) room.data('vr.reaction', { emoji: '👍' }, bob);
    expect(shown()).to.equal(5);
    room.data('vr.reaction', { emoji: '😮' }, cy);
    await waitUntil(() => m.q('[part~=tile][data-identity=cy] [part~=tile-reaction]'), "Cy's burst");
    expect(m.q('[part~=tile][data-identity=bob] [part~=tile-reaction]')!.textContent).to.equal('👍');
    room.data('vr.reaction', { emoji: '<img src=x>' }, cy);
    room.data('vr.reaction', { emoji: '👍' });
    expect(m.events.filter((e) => e.type === 'vr-reaction').length).to.equal(3 + 5 + 1);

    const limit = new RateLimiter(3, 1000);
    expect([0, 10, 20, 30, 999, 1001, 1011].map((at) => limit.allow('x', at))).to.deep.equal([true, true, true, false, false, true, true]);
    m.c.stop();
  });

  it('viewers get the hand button but no reactions (they may not send data)', async () => {
    const m = await mountClassroom(session('zed', 'Zed', 'viewer', 'hands-ada'), fakeRoom(person('zed', 'Zed', 'viewer'), []));
    expect(m.q('[part~=control-hand]')).to.not.equal(null);
    expect(m.q('[part~=control-reactions]')).to.equal(null);
    m.c.stop();
  });
});
