/**
 * Lazy part of `<video-room>`: everything needed once in a room (livekit-client session, tile grid, controls,
 * in-room styles). Imported with `import('./room-view.js')` when the user clicks Join.
 */
import { html, nothing } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { TranslationKey } from '../i18n/index.js';
import type { BandwidthMode } from './bandwidth-mode.js';
import { renderControls } from './controls.js';
import type { Arrangement, LayoutController } from './layout.controller.js';
import type { RoomSession } from './room-session.js';
import type { TileView } from './session-types.js';
import { renderTile } from './tile.js';
import type * as ViewTools from './view-tools.js';
import type { WaitingRoom } from './waiting-room.js';

export { RoomSession } from './room-session.js';
export { LayoutController } from './layout.controller.js';
export { rememberMode, storedMode } from './bandwidth-mode.js';
export { default as roomStyles } from './room.styles.js';

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
  /** Layout (grid/speaker, page, self view). Without it every tile shows, in one grid. */
  layout?: LayoutController;
  /**
   * The view-tools chunk's render helpers (view-tools.ts, loaded while connecting): the view toolbar (with `layout`)
   * and the low-bandwidth notice (with `bandwidth`) show once it is there.
   */
  tools?: Pick<typeof ViewTools, 'renderViewBar' | 'renderBandwidthNotice'>;
  /** Bandwidth mode and the user's choice (bandwidth.controller.ts). */
  bandwidth?: { mode: BandwidthMode; auto: boolean; choose(mode: BandwidthMode): void };
  /** Keyboard shortcuts are on: the toolbar's help button, and the help dialog (rendered). */
  shortcuts?: { help(): void; dialog: unknown };
  /** The room's Polls button, rendered (the polls load in their own chunk: polls.ts). */
  pollsButton?: unknown;
  /** The polls panel, rendered, while open. */
  pollPanel?: unknown;
  /**
   * Host controls (their own chunk: host-controls.ts): the room-wide bar and notices, the spotlighted identity (its
   * camera tile first and marked), a tile's host menu (moderators), and what we may publish now.
   */
  host?: { bar: unknown; spotlight: string | null; tileMenu(v: TileView): unknown; canMic: boolean; canCam: boolean; canShare: boolean };
  /** Raise hand, reactions and participants buttons for the controls bar, rendered (classroom chunk: classroom.ts). */
  classroom?: unknown;
  /** The participants panel, rendered, while open. */
  participantsPanel?: unknown;
  /** Add what a tile shows besides the session's data (raised hand, reaction burst). */
  decorateTile?(v: TileView): TileView;
}

/** `spotlight`'s camera tile first (screen shares keep their place before it otherwise). */
const spotlightFirst = (tiles: TileView[], spotlight?: string | null) => {
  const i = spotlight ? tiles.findIndex((v) => v.identity === spotlight && v.source === 'camera') : -1;
  return i < 0 ? tiles : [tiles[i]!, ...tiles.slice(0, i), ...tiles.slice(i + 1)];
};

/** Whether this page may capture the screen (API present and not blocked by an iframe's Permissions Policy). */
const canCaptureScreen = () =>
  !!navigator.mediaDevices?.getDisplayMedia &&
  (document as { featurePolicy?: { allowsFeature(f: string): boolean } }).featurePolicy?.allowsFeature('display-capture') !== false;

/**
 * Render the room: banner, low-bandwidth notice, waiting list (when someone waits), chat, participants and polls
 * panels (when open), host bar, the main stage (speaker view or a screen share) and the tile grid (one page), view
 * toolbar, hidden remote `<audio>`s, controls bar, audio-unlock overlay. Tells the session which video tiles are on
 * screen (`visible`): it subscribes to their video only.
 */
export function renderRoom(s: RoomSession, p: RoomViewProps) {
  const all = s.tiles();
  const spot = p.host?.spotlight;
  const a: Arrangement = p.layout?.arrange(all, spot) ?? { tiles: spotlightFirst(all, spot), page: 0, pages: 1, cols: 0, rows: 0, tileWidth: 0, stageWidth: 0 };
  s.visible = new Set([...(a.stage ? [a.stage.key] : []), ...a.tiles.map((v) => v.key)]);
  // Inline sizes through the CSSOM (`.style` = cssText: allowed by a Content-Security-Policy without 'unsafe-inline',
  // like lit's styleMap, without its directive code in this chunk).
  const grid = a.tileWidth ? `grid-template-columns: repeat(${a.cols}, ${a.tileWidth}px)` : '';
  const tile = (v: TileView) =>
    renderTile(p.decorateTile ? p.decorateTile(v) : v, p.t, p.host && { spotlight: v.identity === spot && v.source === 'camera', menu: v.source === 'camera' ? p.host.tileMenu(v) : undefined });
  return html`<div class="room">
    ${p.reconnecting ? html`<div part="banner" role="status">${p.t('room.reconnecting')}</div>` : nothing}
    ${p.bandwidth && p.tools ? p.tools.renderBandwidthNotice(p.t, p.bandwidth) : nothing}
    ${p.waiting?.items.length ? p.waiting.render(p.t, (id, a) => p.decide?.(id, a)) : nothing}
    ${p.chatPanel ?? nothing}
    ${p.participantsPanel ?? nothing}
    ${p.pollPanel ?? nothing}
    ${p.host?.bar ?? nothing}
    ${a.stage
      ? html`<div part="main-stage" class="main-stage" .style=${`width: ${a.stageWidth}px`}>${tile(a.stage)}</div>`
      : nothing}
    <div part="grid" class="grid ${a.tileWidth ? 'paged' : ''} ${a.stage ? 'strip' : ''}" .style=${grid} data-page=${a.page + 1} data-pages=${a.pages}>
      ${repeat(a.tiles, (v) => v.key, tile)}
    </div>
    ${p.layout && p.tools
      ? p.tools.renderViewBar({
          t: p.t,
          layout: p.layout,
          arrangement: a,
          hasSelf: all.some((v) => v.isLocal && v.source === 'camera'),
          bandwidth: p.bandwidth,
          shortcuts: p.shortcuts,
        })
      : nothing}
    ${p.shortcuts?.dialog ?? nothing}
    <div hidden>${repeat(s.audioKeys(), (k) => k, (k) => html`<audio data-track=${k} autoplay></audio>`)}</div>
    ${renderControls({
      t: p.t,
      canPublish: p.canPublish,
      canShare: (p.host?.canShare ?? p.screenShareAllowed) && canCaptureScreen(),
      canMic: p.host?.canMic,
      canCam: p.host?.canCam,
      mic: s.micOn,
      cam: s.camOn,
      screen: s.screenOn,
      toggleMic: () => p.act(s.toggleMic()),
      toggleCam: () => p.act(s.toggleCam()),
      toggleScreen: () => p.act(s.toggleScreen()),
      leave: p.leave,
      chat: p.chat,
      pollsButton: p.pollsButton,
      classroom: p.classroom,
    })}
    ${s.canPlaybackAudio
      ? nothing
      : html`<button part="audio-unlock" class="overlay" @click=${() => p.act(s.startAudio())}>${p.t('room.enableAudio')}</button>`}
  </div>`;
}
