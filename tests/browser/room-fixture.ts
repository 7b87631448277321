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

type Remote = { identity: string; name: string; attributes: Record<string, string>; getTrackPublication(source: string): undefined };
/** A remote participant without tracks (the host menu asks for their publications). */
const remote = (identity: string, name: string): Remote => ({ identity, name, attributes: { role: 'participant' }, getTrackPublication: () => undefined });

/** What the chat controller reads of livekit-client's Room: the people in it, text-stream and data registration. */
class StandInLivekitRoom {
  readonly name = 'stand-in-room';
  readonly remoteParticipants = new Map<string, Remote>([
    ['ada', remote('ada', 'Ada Lovelace')],
    ['bob', remote('bob', 'Bob')],
  ]);
  readonly localParticipant = { identity: 'u-1', attributes: {}, sendText: async () => ({ id: 'stand-in' }) };
  getParticipantByIdentity(identity: string) {
    return this.remoteParticipants.get(identity);
  }
  registerTextStreamHandler() {}
  unregisterTextStreamHandler() {}
  on() {
    return this;
  }
  off() {
    return this;
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
 */
export async function roomElement(opts: { host?: boolean; lang?: string } = {}): Promise<VideoRoom> {
  const host = document.createElement('div');
  host.innerHTML = `<video-room code="${opts.host ? 'in-room-host' : 'in-room'}" name="Uma" lang="${opts.lang ?? 'en'}"></video-room>`;
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
