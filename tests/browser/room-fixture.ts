/**
 * A `<video-room>` in the room without a LiveKit server (out of this suite's reach; tests/e2e joins real rooms): the
 * element's own join through the join stand-in (code `in-room`: a participant; `in-room-host`: a host of meeting
 * `m-wait`, whose waiting room lists two guests), its real in-room chunk, chat controller and waiting-room poller
 * against the stand-ins — only the LiveKit session is replaced, by `StandInSession` (three people, no media).
 * For tests of what the room shows: accessibility scans (axe.ts), direction, panels.
 *
 *   const el = await roomElement({ host: true, lang: 'ar' });
 *   await openChat(el);
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import * as RoomView from '../../widget/video-room/room-view.js';
import type { JoinController } from '../../widget/video-room/join.controller.js';
import type { SessionHost, TileView } from '../../widget/video-room/session-types.js';
import { $, type VideoRoom } from './helpers.js';

/** A participant as the chat, the participants panel and the host menu read it (no tracks: no publications). */
const standInPerson = (identity: string, name: string, role: string, mic: boolean) => ({
  identity,
  name,
  attributes: { role },
  isMicrophoneEnabled: mic,
  isCameraEnabled: false,
  isScreenShareEnabled: false,
  connectionQuality: 'good',
  getTrackPublication: (source: string) => (source === 'microphone' && mic ? { isMuted: false } : undefined),
});
type Remote = ReturnType<typeof standInPerson>;

/** What the chat, classroom and host controls read of livekit-client's Room: the people in it, text-stream and data registration. */
class StandInLivekitRoom {
  readonly name = 'stand-in-room';
  readonly remoteParticipants = new Map<string, Remote>([
    ['ada', standInPerson('ada', 'Ada Lovelace', 'participant', true)],
    ['bob', standInPerson('bob', 'Bob', 'participant', false)],
  ]);
  readonly localParticipant = { ...standInPerson('u-1', 'Uma', '', true), sendText: async () => ({ id: 'stand-in' }), publishData: async () => {} };
  getParticipantByIdentity(identity: string) {
    return identity === this.localParticipant.identity ? this.localParticipant : this.remoteParticipants.get(identity);
  }
  registerTextStreamHandler() {}
  unregisterTextStreamHandler() {}
  private listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  on(event: string, fn: (...args: unknown[]) => void) {
    (this.listeners.get(event) ?? this.listeners.set(event, new Set()).get(event)!).add(fn);
    return this;
  }
  off(event: string, fn: (...args: unknown[]) => void) {
    this.listeners.get(event)?.delete(fn);
    return this;
  }
  /** What LiveKit would tell the room's listeners (e.g. `participantAttributesChanged` after a promotion). */
  emit(event: string, ...args: unknown[]) {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(...args);
  }
}

/** The room session of `room-view.ts` without LiveKit: the local participant, Ada (camera off) and Bob (muted). */
export class StandInSession {
  readonly room = new StandInLivekitRoom();
  micOn = true;
  camOn = false;
  screenOn = false;
  canPlaybackAudio = true;
  /** The tiles the room view shows (it tells the session, as it does LiveKit's, which ones to subscribe to). */
  visible = new Set<string>();
  constructor(private host: SessionHost) {}
  get count() {
    return 3;
  }
  async connect(): Promise<void> {}
  async publish(): Promise<unknown[]> {
    return [];
  }
  tiles(): TileView[] {
    const tile = (identity: string, name: string, over: Partial<TileView> = {}): TileView =>
      ({ key: `camera:${identity}`, identity, name, isLocal: false, source: 'camera', muted: false, speaking: false, hasVideo: false, ...over });
    return [tile('u-1', 'Uma', { isLocal: true, muted: !this.micOn }), tile('ada', 'Ada Lovelace', { speaking: true }), tile('bob', 'Bob', { muted: true })];
  }
  audioKeys(): string[] {
    return [];
  }
  private flip(k: 'micOn' | 'camOn' | 'screenOn') {
    this[k] = !this[k];
    this.host.changed();
    return Promise.resolve();
  }
  toggleMic() {
    return this.flip('micOn');
  }
  toggleCam() {
    return this.flip('camOn');
  }
  toggleScreen() {
    return this.flip('screenOn');
  }
  async startAudio(): Promise<void> {}
  /** The bandwidth mode (no media here: nothing to change). */
  async setMode(): Promise<void> {}
  sync(): void {}
  async leave(): Promise<void> {
    this.host.ended('left');
  }
}

/**
 * Mount a `<video-room>` and join: resolves once it shows the room (state `connected`) and, for a host, the waiting
 * list; reset the stand-ins first (`POST /__stand-in/reset`) when a test changed them.
 * @param opts.host join as the host of a meeting with a waiting room (two guests waiting)
 * @param opts.lang the element's `lang` (default `en`)
 * @param opts.shortcuts turn the keyboard shortcuts on (the `shortcuts` attribute)
 */
export async function roomElement(opts: { host?: boolean; lang?: string; shortcuts?: boolean } = {}): Promise<VideoRoom> {
  const host = document.createElement('div');
  host.innerHTML = `<video-room code="${opts.host ? 'in-room-host' : 'in-room'}" name="Uma" lang="${opts.lang ?? 'en'}"${opts.shortcuts ? ' shortcuts' : ''}></video-room>`;
  const el = await fixture<VideoRoom>(html`${host.firstElementChild}`);
  const joining = (el as unknown as { joining: JoinController }).joining;
  joining.loadRoomView = async () => ({ ...RoomView, RoomSession: StandInSession }) as unknown as typeof RoomView;
  await el.join();
  await waitUntil(() => el.state === 'connected' && $(el, '[part~=controls]'), 'the room view', { timeout: 10_000 });
  if (opts.host) await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~=waiting-item]').length === 2, 'the waiting list', { timeout: 10_000 });
  return el;
}

/** Open the chat panel with its button, as a user does; resolves once the history shows. */
export async function openChat(el: VideoRoom): Promise<HTMLElement> {
  await waitUntil(() => $(el, '[part~=control-chat]'), 'the chat button', { timeout: 10_000 });
  $(el, '[part~=control-chat]')!.click();
  await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~=chat-message]').length === 2, 'the chat history in the open panel', { timeout: 10_000 });
  return $(el, '[part~=chat-panel]')!;
}
