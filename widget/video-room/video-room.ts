import { html, LitElement, type PropertyValues } from 'lit';
import type { Room } from 'livekit-client';
import type { VrState } from '../events.js';
import { documentLanguage, isRtl, loadLanguage, t, type TranslationKey } from '../i18n/index.js';
import type { JoinAnswer } from './join-api.js';
import { JoinController } from './join.controller.js';
import { renderPrejoin } from './prejoin.js';
import { PrejoinController } from './prejoin.controller.js';
import { themeTokens } from '../theme.styles.js';
import styles from './video-room.styles.js';

/**
 * `<video-room>`: a video meeting that drops into any page. Pre-join screen (camera preview, device choice, name),
 * then a grid of participant tiles with a controls bar. Joins through the meeting server
 * (`POST {server-url}/api/v1/join`), then talks to LiveKit with livekit-client, loaded only when the user starts to
 * join (pointer down on, or focus of, the Join button; at the latest on Join), like the rest of the join code —
 * or, with `preload="auto"`, as soon as the pre-join screen is up and the browser is idle (for pages whose only
 * purpose is this meeting: then Join only has to connect).
 * When the meeting has a waiting room, a guest waits (`state="waiting"`) until a host or moderator lets them in;
 * hosts and moderators see the waiting guests in a list with Admit / Deny buttons.
 * In the room: chat, raised hands (an ordered queue kept by the server), reactions and a participants panel, each
 * loaded in its own chunk while the room connects.
 *
 * @tagname video-room
 * @summary Embeddable video meeting (LiveKit inside).
 *
 * @attr server-url - Meeting server origin. Default: the origin this script was loaded from.
 * @attr ticket - Join ticket minted by the integrator's backend (takes precedence over `code`).
 * @attr code - Public join code.
 * @attr password - Meeting password for a code join.
 * @attr name - Default display name (editable before a code join; a ticket carries its own name).
 * @attr preload - When to load the join code and livekit-client (~140 KB gzip): `intent` (default) when the user
 *   starts to join (pointer down on, or focus of, Join); `auto` once the pre-join screen is up and the browser is idle
 *   (a page that exists to join this meeting); `none` only on Join.
 * @attr lang - UI language (`en`, `fr`, `ar`, or any added with `addTranslation`). Default: the document's.
 * @attr state - Reflected, read-only: `prejoin` | `connecting` | `waiting` | `connected` | `reconnecting` | `left` | `ended` | `error`.
 * @attr participant-count - Reflected, read-only: participants in the room, us included (0 when not in a room).
 *
 * @event vr-join - Connected to the room. `VrJoinEvent` {room, identity, role}.
 * @event vr-leave - The user pressed Leave. `VrLeaveEvent`.
 * @event vr-participant-join - A remote participant joined. `VrParticipantJoinEvent` {identity, name}.
 * @event vr-participant-leave - A remote participant left. `VrParticipantLeaveEvent` {identity, name}.
 * @event vr-error - Joining failed or the connection was lost. `VrErrorEvent` {code, message}.
 * @event vr-state-change - The `state` attribute changed. `VrStateChangeEvent` {state}.
 * @event vr-mute-change - Local mic (`audio`) or camera (`video`) muted/unmuted in the room. `VrMuteChangeEvent` {kind, muted}.
 * @event vr-waiting-change - Hosts/moderators: the guests waiting to be let in changed. `VrWaitingChangeEvent` {requests: [{id, name}]}.
 * @event vr-chat-message - A chat message was sent or received live. `VrChatMessageEvent` {message: {id, from, to, text, sentAt, local}}.
 * @event vr-hand-raised - A hand went up in the room's queue (ours or anyone's), as the server announced it. `VrHandRaisedEvent` {identity, name, position}.
 * @event vr-hand-lowered - A hand left the queue (lowered by its owner or a moderator). `VrHandLoweredEvent` {identity, name, position (the place it had)}.
 * @event vr-reaction - A reaction (👍 👏 😂 😮 ❤️ 🎉) was shown on someone's tile (ours included). `VrReactionEvent` {identity, name, emoji}.
 *
 * @csspart base - Wrapper of everything (carries `dir` and `lang`).
 * @csspart prejoin - The pre-join form.
 * @csspart title - Heading of the pre-join, left, ended and error screens.
 * @csspart preview - The camera preview `<video>`.
 * @csspart preview-off - Placeholder shown instead of the preview when the camera is off.
 * @csspart toggle - Pre-join mic/camera toggles (also `toggle-mic`, `toggle-camera`).
 * @csspart device-select - Device `<select>`s (also `mic-select`, `camera-select`).
 * @csspart name-input - Display name input.
 * @csspart password-input - Password input (shown after a wrong password).
 * @csspart media-error - Camera/microphone problem message.
 * @csspart form-error - Pre-join form problem message.
 * @csspart join-button - The Join button.
 * @csspart grid - The tile grid.
 * @csspart tile - A participant (or screen share) tile, with `data-identity`, `data-source`, `data-local`, `data-muted`, `data-speaking`, `data-hand` (raised hand: its place in the queue).
 * @csspart tile-hand - Raised-hand badge on a tile (✋ and the place in the queue).
 * @csspart tile-reaction - A reaction's short burst on a tile.
 * @csspart tile-name - Participant name in a tile.
 * @csspart tile-muted - Muted-microphone icon in a tile.
 * @csspart controls - The controls bar.
 * @csspart control - Every control button (also `control-mic`, `control-camera`, `control-screen-share`, `control-hand`, `control-reactions`, `control-participants`, `control-chat`, `control-leave`).
 * @csspart reactions-menu - The reactions toolbar (opened by `control-reactions`), with one `reaction` button per emoji (`data-emoji`).
 * @csspart participants-count - People in the room, on the Participants button; `hands-count` (hosts/moderators): raised hands.
 * @csspart participants-panel - The participants panel (role=region), with `participants-list`, `participant` rows (`data-identity`, `data-role`, `data-local`, `data-hand`, `data-gone`), `participant-name`, `participant-role`, `participant-hand`, `participant-mic`, `participant-camera`, `participant-quality` (`data-quality`), `participant-lower-hand`, `participants-lower-all`, `participants-close`.
 * @csspart banner - Reconnecting banner (role=status).
 * @csspart audio-unlock - "Click to enable audio" overlay button.
 * @csspart message - Message of the left, ended and error screens.
 * @csspart rejoin-button - Rejoin button on the left screen.
 * @csspart retry-button - Try-again button on the error screen.
 * @csspart waiting-message - Guest in the waiting room: "Waiting for the host to let you in…" (also `title`).
 * @csspart cancel-waiting-button - Guest in the waiting room: stop waiting, back to the pre-join screen.
 * @csspart waiting-list - Hosts/moderators: the panel (role=region) listing the guests waiting to be let in.
 * @csspart waiting-item - One waiting guest, with `data-request-id`.
 * @csspart waiting-name - The waiting guest's name.
 * @csspart admit-button - Let this guest in.
 * @csspart deny-button - Turn this guest away.
 * @csspart chat-panel - The chat panel (role=region), with `chat-messages` (role=log), `chat-message` (`data-message-id`, `data-identity`, `data-private`, `data-local`), `chat-sender`, `chat-private`, `chat-text`, `chat-link`, `chat-delete`, `chat-mute-sender`, `chat-toggle-all`, `chat-close`, `chat-older`, `chat-form`, `chat-recipient`, `chat-input`, `chat-send`, `chat-notice`, `chat-error`.
 * @csspart chat-badge - Unread count on the Chat button (`control-chat`).
 *
 * @cssproperty --vr-background - Background. Default #111418.
 * @cssproperty --vr-surface - Tiles, inputs, controls bar. Default #1f242b.
 * @cssproperty --vr-text - Text colour. Default #f3f5f7.
 * @cssproperty --vr-text-muted - Secondary text. Default #aab2bd.
 * @cssproperty --vr-accent - Primary button, focus ring, speaking outline. Default #3b82f6.
 * @cssproperty --vr-danger - Leave button, toggles that are off, error messages. Default #dc2626.
 * @cssproperty --vr-speaking - Active speaker outline. Default: --vr-accent.
 * @cssproperty --vr-focus-ring - Focus outline colour. Default: --vr-accent.
 * @cssproperty --vr-radius - Corner radius. Default 12px.
 * @cssproperty --vr-font - `font` shorthand. Default 15px/1.4 system-ui.
 * @cssproperty --vr-tile-gap - Gap between tiles. Default 8px.
 * @cssproperty --vr-tile-min-width - Minimum tile width before the grid wraps. Default 240px.
 * @cssproperty --vr-min-height - Minimum height of the element. Default 360px.
 */
export class VideoRoom extends LitElement {
  static override styles = [themeTokens, styles];

  static override properties = {
    serverUrl: { attribute: 'server-url' },
    ticket: {},
    code: {},
    password: {},
    name: {},
    lang: { reflect: true },
    preload: {},
    state: { reflect: true },
    participantCount: { attribute: 'participant-count', type: Number, reflect: true },
  };

  /**
   * Register the element (default tag `video-room`). Safe to call more than once, and when another copy of the
   * script already registered the tag.
   */
  static define(tag = 'video-room'): void {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  /** Meeting server origin; `undefined` = the origin the script was loaded from. */
  declare serverUrl?: string;
  /** Join ticket minted by the integrator's backend. */
  declare ticket?: string;
  /** Public join code. */
  declare code?: string;
  /** Meeting password for a code join. */
  declare password?: string;
  /** Default display name. */
  declare name: string;
  /** When to load the join code and livekit-client: `intent` (default), `auto`, `none`. */
  declare preload?: 'intent' | 'auto' | 'none';
  /** Current screen / connection state (reflected; set by the element). */
  declare state: VrState;
  /** Participants in the room including us; 0 outside a room (reflected). */
  declare participantCount: number;

  /** Pre-join choices (devices, name, password) and the camera preview. */
  private prejoin = new PrejoinController(this);
  /** Join: the form check and the join request here, everything after in the lazy join chunk. */
  private joining = new JoinController(this, this.prejoin);
  private langObserver?: MutationObserver;

  constructor() {
    super();
    this.name = '';
    this.state = 'prejoin';
    this.participantCount = 0;
  }

  /** The livekit-client `Room` while connected (undefined before Join and after leaving). */
  get room(): Room | undefined {
    return this.joining.flow?.session?.room;
  }

  /** The role the server granted for the current or last join (`host`, `moderator`, `participant`, `viewer`). */
  get participantRole(): JoinAnswer['role'] | undefined {
    return this.joining.flow?.answer?.role;
  }

  /** Language in use: own or closest `lang` attribute, else the document's. */
  get language(): string {
    return this.closest('[lang]')?.getAttribute('lang') || documentLanguage();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.langObserver = new MutationObserver(() => this.requestUpdate());
    this.langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.langObserver?.disconnect();
  }

  /** Wait for the translation table of the current language (lazy chunk) before rendering. */
  protected override async scheduleUpdate(): Promise<void> {
    await loadLanguage(this.language);
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const p = this.prejoin;
    if (changed.has('name') && (this.state === 'prejoin' || !p.displayName)) p.displayName = this.name ?? '';
    if (changed.has('password')) p.password = this.password ?? '';
  }

  /**
   * Join the meeting with the current choices (as the Join button does). Call it from a click handler so that
   * audio playback is unlocked. Resolves when connected or failed (see `state`, `vr-join`, `vr-error`); in a
   * meeting with a waiting room, only once a host let us in (or not), or when the wait is cancelled.
   */
  join(): Promise<void> {
    return this.joining.join();
  }

  /**
   * Leave the meeting (as the Leave button does): disconnects, fires `vr-leave`, shows the "you left" screen.
   * In the waiting room: stops waiting and goes back to the pre-join screen (as the Cancel button does).
   */
  async leave(): Promise<void> {
    return this.joining.flow?.leave();
  }

  protected override render() {
    const lang = this.language;
    const flow = this.joining.flow;
    return html`<div part="base" class="base" lang=${lang} dir=${isRtl(lang) ? 'rtl' : 'ltr'}>
      ${this.state === 'prejoin'
        ? renderPrejoin(this.prejoin, {
            t: (key: TranslationKey, params?: Record<string, string | number>) => t(key, params, lang),
            nameEditable: !this.ticket,
            join: () => this.join(),
            preload: () => this.joining.preload(true),
            fields: flow?.prejoinFields(),
          })
        : flow?.render()}
      <div class="sr-only" role="status" aria-live="polite">${flow?.announce ?? ''}</div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'video-room': VideoRoom;
  }
}
