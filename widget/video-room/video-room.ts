import { html, LitElement, type PropertyValues } from 'lit';
import type { Room } from 'livekit-client';
import type { VrState } from '../events/room.js';
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
 * In the room, hosts and moderators run polls and quizzes (Polls button): everyone answers once, results are shown
 * to everyone when a moderator shares them.
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
 * @attr layout - Room layout, reflected (the user can switch): `grid` (default; at most 25 tiles a page, fewer on a
 *   small element, with previous/next page buttons) or `speaker` (the active speaker on the main stage, the others in a
 *   strip). A screen share always takes the main stage. Only the video of the tiles on screen is received.
 * @attr shortcuts - Boolean: turn on the room's keyboard shortcuts (M microphone, V camera, H hand, C chat, Shift+L
 *   leave, ? their list in a dialog). Off by default (single-key shortcuts must be opt-in); never while typing in a field.
 * @attr poor-connection-delay - Milliseconds of Poor connection quality (as LiveKit reports it) before the room
 *   switches to data saver by itself (and, still Poor as long again, to audio only), with a notice and a way back.
 *   Default 10000; 0 turns the automatic switch off. The user's own choice (toolbar) is remembered in this browser.
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
 * @event vr-bandwidth-change - The bandwidth mode changed (user's choice, or `auto` after a Poor connection). `VrBandwidthChangeEvent` {mode: `normal` | `data-saver` | `audio-only`, auto}.
 * @event vr-poll-launched - A moderator launched a poll (the server announced it). `VrPollLaunchedEvent` {poll: {id, question, type, options, anonymous, quiz, status, closesAt, resultsShared}}.
 * @event vr-poll-answered - The server accepted the local user's answer. `VrPollAnsweredEvent` {poll, answer: {choice | choices | rating | text}}.
 * @event vr-poll-closed - A poll closed (a moderator, or its timer). `VrPollClosedEvent` {poll}.
 * @event vr-poll-results - A moderator shared a poll's results with everyone. `VrPollResultsEvent` {poll, results: {total, counts, average, texts, correctCount}}.
 * @event vr-host-action - Hosts/moderators: a host control was applied by the server. `VrHostActionEvent` {action, identity, permission?}.
 * @event vr-role-change - A moderator promoted or demoted us; the new role applies at once (no rejoin). `VrRoleChangeEvent` {role}.
 * @event vr-spotlight-change - A moderator pinned a participant for everyone, or ended it. `VrSpotlightChangeEvent` {identity | null}.
 * @event vr-lock-change - A moderator locked or unlocked the meeting. `VrLockChangeEvent` {locked}.
 * @event vr-ask-unmute - A moderator asks us to unmute (the widget asks; we decide). `VrAskUnmuteEvent` {by}.
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
 * @csspart grid - The tile grid: one page of tiles (`data-page`, `data-pages`); under the main stage, the strip of the others.
 * @csspart main-stage - Speaker view or a screen share: the large tile (the screen share, else the active speaker).
 * @csspart view-bar - The view toolbar (role=toolbar): `view-control` buttons `view-prev-page`, `view-next-page`
 *   (with `page-indicator` "Page n of m"), `view-speaker` (toggle), `view-self` (self view, toggle), `view-shortcuts`
 *   (with the `shortcuts` attribute), and `bandwidth-select` (Full video / Data saver / Audio only).
 * @csspart bandwidth-notice - Data saver or audio only is on (role=status; `data-mode`, `data-auto` when switched
 *   because of a poor connection), with `bandwidth-restore` (back to full video).
 * @csspart shortcuts-dialog - The keyboard-shortcut help (modal `<dialog>`), with `shortcuts-close`.
 * @csspart tile - A participant (or screen share) tile, with `data-identity`, `data-source`, `data-local`, `data-muted`, `data-speaking`, `data-spotlight`, `data-hand` (raised hand: its place in the queue).
 * @csspart tile-hand - Raised-hand badge on a tile (✋ and the place in the queue).
 * @csspart tile-reaction - A reaction's short burst on a tile.
 * @csspart tile-spotlight - "Spotlight" mark in the tile of the participant a moderator pinned for everyone (shown first).
 * @csspart host-menu-button - Hosts/moderators: opens a participant's host menu (in their tile, and in their row of the participants panel; `aria-expanded`).
 * @csspart host-menu - Hosts/moderators: one participant's host menu (role=menu) of `host-menu-item`s: `host-mute`, `host-ask-unmute`, `host-stop-camera`, `host-stop-screen-share`, `host-spotlight`, `host-promote`, `host-demote`, `host-allow-microphone`, `host-allow-camera`, `host-allow-screenShare`, `host-allow-chat` (toggles with `aria-checked`), `host-remove`, `host-ban`.
 * @csspart host-bar - Hosts/moderators: room-wide host controls (role=region): `host-mute-all`, `host-lock`, and what participants may do: `host-all-microphone`, `host-all-camera`, `host-all-screenShare`, `host-all-chat` (toggles: `aria-pressed`).
 * @csspart locked-notice - Everyone: the meeting is locked (role=status).
 * @csspart ask-unmute - A moderator asks us to unmute (role=alertdialog), with `ask-unmute-accept` and `ask-unmute-decline`.
 * @csspart tile-name - Participant name in a tile.
 * @csspart tile-muted - Muted-microphone icon in a tile.
 * @csspart controls - The controls bar.
 * @csspart control - Every control button (also `control-mic`, `control-camera`, `control-screen-share`, `control-hand`, `control-reactions`, `control-participants`, `control-chat`, `control-leave`).
 * @csspart reactions-menu - The reactions toolbar (opened by `control-reactions`), with one `reaction` button per emoji (`data-emoji`).
 * @csspart participants-count - People in the room, on the Participants button; `hands-count` (hosts/moderators): raised hands; `participants-label` its (visually hidden) name.
 * @csspart participants-panel - The participants panel (role=region), with `participants-list`, `participant` rows (`data-identity`, `data-role`, `data-local`, `data-hand`, `data-gone`), `participant-name`, `participant-role`, `participant-hand`, `participant-mic`, `participant-camera`, `participant-quality` (`data-quality`), `participant-lower-hand`, `participants-lower-all`, `participants-close`; for hosts/moderators each row's `host-menu-button` and `host-menu`, and in the header `participants-mute-all` and `participants-lock` (toggle: `aria-pressed`) and, while guests wait, the `waiting-list` (moved into the panel while it is open). One side panel at a time: opening the chat, participants or polls panel closes the other open one.
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
 * @csspart poll-panel - The polls panel (role=region, opened by the Polls button `control-polls`; it opens by itself when a poll is launched), with `poll-list`, `poll` (`data-poll-id`, `data-status`), `poll-question`, `poll-status`, `poll-timer`, `poll-answer-form`, `poll-option`, `poll-text-input`, `poll-submit`, `poll-my-answer`, `poll-verdict` (quizzes, once the answer is shown: `data-correct`), `poll-error`, `poll-results`, `poll-result` (`data-correct`), `poll-texts`, `poll-answers`, `poll-panel-close`; for hosts and moderators `poll-create`, `poll-form`, `poll-question-input`, `poll-type`, `poll-options-input`, `poll-anonymous`, `poll-timer-input`, `poll-correct`, `poll-correct-text`, `poll-create-button`, `poll-create-error`, `poll-export`, `poll-launch`, `poll-delete`, `poll-close`, `poll-share`.
 * @csspart poll-badge - Open polls waiting for the user's answer, on the Polls button (`control-polls`).
 *
 * @cssproperty --vr-background - Background. Default #111418.
 * @cssproperty --vr-surface - Tiles, inputs, controls bar. Default #1f242b.
 * @cssproperty --vr-text - Text colour. Default #f3f5f7.
 * @cssproperty --vr-text-muted - Secondary text. Default #aab2bd.
 * @cssproperty --vr-accent - Primary button, focus ring, speaking outline. Default #2563eb (white text on it: 5.2:1, WCAG AA).
 * @cssproperty --vr-danger - Leave button, toggles that are off, error messages. Default #dc2626.
 * @cssproperty --vr-speaking - Active speaker outline. Default: --vr-accent.
 * @cssproperty --vr-spotlight - Outline of the spotlighted tile. Default #facc15.
 * @cssproperty --vr-focus-ring - Focus outline colour. Default: --vr-accent.
 * @cssproperty --vr-radius - Corner radius. Default 12px.
 * @cssproperty --vr-font - `font` shorthand. Default 15px/1.4 system-ui.
 * @cssproperty --vr-tile-gap - Gap between tiles. Default 8px.
 * @cssproperty --vr-tile-min-width - Smallest tile width: sets how many tiles fit on a page (at most 25). Default 160px.
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
