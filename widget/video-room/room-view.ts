/**
 * Lazy part of `<video-room>`: everything needed once in a room (livekit-client session, tile grid, controls,
 * in-room styles). Imported with `import('./room-view.js')` when the user clicks Join.
 */
import { html, nothing } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { TranslationKey } from '../i18n/index.js';
import { renderControls } from './controls.js';
import type { RoomSession } from './room-session.js';
import type { TileView } from './session-types.js';
import { renderTile } from './tile.js';
import { renderWaitingList, type WaitingRoom } from './waiting-room.js';

export { RoomSession } from './room-session.js';
export { default as roomStyles } from './room.styles.js';
export { WaitingRoom } from './waiting-room.js';

/** What the room view needs besides the session. */
export interface RoomViewProps {
  t: (key: TranslationKey, params?: Record<string, string | number>) => string;
  reconnecting: boolean;
  /** Show mic/camera controls (false for viewers). */
  canPublish: boolean;
  /** The meeting allows screen sharing. */
  screenShareAllowed: boolean;
  /** Called with each action's promise (to report failures). */
  act(p: Promise<unknown>): void;
  leave(): void;
  /** Hosts and moderators of a meeting with a waiting room: the guests waiting to be let in. */
  waiting?: WaitingRoom;
  /** Admit or deny a waiting guest (with `waiting`). */
  decide?(id: string, action: 'admit' | 'deny'): void;
  /** The room's chat button: panel open, unread count, open/close (the chat loads in its own chunk: chat.ts). */
  chat?: { open: boolean; unread: number; toggle(): void };
  /** The chat panel, rendered, while open. */
  chatPanel?: unknown;
  /** Raise hand, reactions and participants buttons for the controls bar, rendered (classroom chunk: classroom.ts). */
  classroom?: unknown;
  /** The participants panel, rendered, while open. */
  participantsPanel?: unknown;
  /** Add what a tile shows besides the session's data (raised hand, reaction burst). */
  decorateTile?(v: TileView): TileView;
}

/** Whether this page may capture the screen (API present and not blocked by an iframe's Permissions Policy). */
const canCaptureScreen = () =>
  !!navigator.mediaDevices?.getDisplayMedia &&
  (document as { featurePolicy?: { allowsFeature(f: string): boolean } }).featurePolicy?.allowsFeature('display-capture') !== false;

/** Render the room: banner, waiting list (when someone waits), chat and participants panels (when open), tile grid, hidden remote `<audio>`s, controls bar, audio-unlock overlay. */
export function renderRoom(s: RoomSession, p: RoomViewProps) {
  const tiles = s.tiles();
  return html`<div class="room">
    ${p.reconnecting ? html`<div part="banner" role="status">${p.t('room.reconnecting')}</div>` : nothing}
    ${p.waiting?.items.length ? renderWaitingList(p.waiting, p.t, (id, a) => p.decide?.(id, a)) : nothing}
    ${p.chatPanel ?? nothing}
    ${p.participantsPanel ?? nothing}
    <div part="grid" class="grid">${repeat(tiles, (v) => v.key, (v) => renderTile(p.decorateTile ? p.decorateTile(v) : v, p.t))}</div>
    <div hidden>${repeat(s.audioKeys(), (k) => k, (k) => html`<audio data-track=${k} autoplay></audio>`)}</div>
    ${renderControls({
      t: p.t,
      canPublish: p.canPublish,
      canShare: p.screenShareAllowed && canCaptureScreen(),
      mic: s.micOn,
      cam: s.camOn,
      screen: s.screenOn,
      toggleMic: () => p.act(s.toggleMic()),
      toggleCam: () => p.act(s.toggleCam()),
      toggleScreen: () => p.act(s.toggleScreen()),
      leave: p.leave,
      chat: p.chat,
      classroom: p.classroom,
    })}
    ${s.canPlaybackAudio
      ? nothing
      : html`<button part="audio-unlock" class="overlay" @click=${() => p.act(s.startAudio())}>${p.t('room.enableAudio')}</button>`}
  </div>`;
}
