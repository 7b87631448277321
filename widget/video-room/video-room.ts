import { html } from 'lit/html.js';
import { LitHtmlElement, type PropertyValues } from '../lit-html-element.js';
import type { Room } from 'livekit-client';
import type { VrState } from '../events.js';
import { documentLanguage, isRtl, loadLanguage, t, type TranslationKey } from '../i18n/index.js';
import type { JoinFlow } from './join-flow.js';
import type * as RoomView from './room-view.js';
import type { JoinAnswer, JoinRequest } from './join-api.js';
import { sendJoin } from './join-request.js';
import { listDevices, openPreview, stopStream } from './media.js';
import { renderPrejoin } from './prejoin.js';
import { themeTokens } from '../theme.styles.js';
import styles from './video-room.styles.js';

const BUSY = ['connecting', 'waiting', 'connected', 'reconnecting'];

/** Origin the script was loaded from: the default meeting server. */
const scriptOrigin = (() => {
  try {
    return new URL(import.meta.url).origin;
  } catch {
    return location.origin;
  }
})();

/**
 * `<video-room>`: a video meeting that drops into any page. Pre-join screen (camera preview, device choice, name),
 * then a grid of participant tiles with a controls bar. Joins through the meeting server
 * (`POST {server-url}/api/v1/join`), then talks to LiveKit with livekit-client, loaded only when the user starts to
 * join (pointer down on, or focus of, the Join button; at the latest on Join), like the rest of the join code —
 * or, with `preload="auto"`, as soon as the pre-join screen is up and the browser is idle (for pages whose only
 * purpose is this meeting: then Join only has to connect).
 * When the meeting has a waiting room, a guest waits (`state="waiting"`) until a host or moderator lets them in;
 * hosts and moderators see the waiting guests in a list with Admit / Deny buttons.
 *
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
 * @csspart tile - A participant (or screen share) tile, with `data-identity`, `data-source`, `data-local`, `data-muted`, `data-speaking`.
 * @csspart tile-name - Participant name in a tile.
 * @csspart tile-muted - Muted-microphone icon in a tile.
 * @csspart controls - The controls bar.
 * @csspart control - Every control button (also `control-mic`, `control-camera`, `control-screen-share`, `control-leave`).
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
export class VideoRoom extends LitHtmlElement {
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

  // Pre-join state, read by the pre-join render helper (`prejoin.ts`) and the join chunk (`join-flow.ts`).
  /** @internal */ _mic = true;
  /** @internal */ _cam = true;
  /** @internal */ _micId = '';
  /** @internal */ _camId = '';
  /** @internal */ _devices: { audio: MediaDeviceInfo[]; video: MediaDeviceInfo[] } = { audio: [], video: [] };
  /** @internal True once the pre-join preview has enumerated the devices. */
  _devicesKnown = false;
  /** @internal */ _displayName = '';
  /** @internal */ _password = '';
  /** @internal Show the password field (after a wrong password). */
  _askPassword = false;
  /** @internal The pre-join preview stream. */
  _preview: MediaStream | null = null;
  /** @internal Message key of a camera/microphone problem. */
  _problem?: TranslationKey;
  /** @internal Message under the pre-join form. */
  _formError = '';
  private _previewGen = 0;
  private _langObserver?: MutationObserver;
  /** The join chunk's controller: everything from Join on (created when the user starts to join). */
  private _flow?: JoinFlow;
  private _flowLoad?: Promise<JoinFlow>;
  /** A join started and waits for the join chunk (the state changes once it is there). */
  private _starting = false;

  constructor() {
    super();
    this.name = '';
    this.state = 'prejoin';
    this.participantCount = 0;
  }

  /** The livekit-client `Room` while connected (undefined before Join and after leaving). */
  get room(): Room | undefined {
    return this._flow?.session?.room;
  }

  /** The role the server granted for the current or last join (`host`, `moderator`, `participant`, `viewer`). */
  get participantRole(): JoinAnswer['role'] | undefined {
    return this._flow?.answer?.role;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._langObserver = new MutationObserver(() => this.requestUpdate());
    this._langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    if (this.state === 'prejoin') {
      this._startPreview();
      // A page that exists to join: load what Join needs while the user looks at the preview.
      if (this.preload === 'auto' && (this.ticket || this.code)) (window.requestIdleCallback ?? setTimeout)(() => this.isConnected && this._preload());
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._langObserver?.disconnect();
    this._stopPreview();
    this._flow?.disconnected();
  }

  /** Wait for the translation table of the current language (lazy chunk) before rendering. */
  protected override async scheduleUpdate(): Promise<void> {
    await loadLanguage(this.language);
    await super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('name') && (this.state === 'prejoin' || !this._displayName)) this._displayName = this.name ?? '';
    if (changed.has('password')) this._password = this.password ?? '';
  }

  protected override updated(changed: PropertyValues): void {
    this._flow?.updated(changed.has('state') && !!changed.get('state'));
  }

  /** Language in use: own or closest `lang` attribute, else the document's. */
  get language(): string {
    return this.closest('[lang]')?.getAttribute('lang') || documentLanguage();
  }

  /** @internal Translate in the element's language. */
  _t = (key: TranslationKey, params?: Record<string, string | number>) => t(key, params, this.language);

  // ---------------------------------------------------------------- pre-join media

  /** @internal (Re)open the pre-join preview with the current choices. */
  async _startPreview() {
    if (!this.isConnected) return;
    const gen = ++this._previewGen;
    stopStream(this._preview);
    this._preview = null;
    const res = await openPreview({ audio: this._mic, video: this._cam, audioDeviceId: this._micId, videoDeviceId: this._camId });
    if (gen !== this._previewGen || !this.isConnected || this.state !== 'prejoin') {
      stopStream(res.stream);
      return;
    }
    this._preview = res.stream;
    this._problem = res.problem;
    for (const tr of res.stream?.getTracks() ?? []) {
      const id = tr.getSettings().deviceId ?? '';
      if (tr.kind === 'audio') this._micId ||= id;
      else this._camId ||= id;
    }
    this._devices = await listDevices();
    if (gen !== this._previewGen) return;
    this._devicesKnown = true;
    if (res.missing.audio || !this._devices.audio.length) this._mic &&= !!res.stream?.getAudioTracks().length;
    if (res.missing.video || !this._devices.video.length) this._cam &&= !!res.stream?.getVideoTracks().length;
    this.requestUpdate();
  }

  /** @internal Close the pre-join preview. */
  _stopPreview() {
    stopStream(this._takePreview());
  }

  /** @internal Hand the pre-join preview stream over (to be published) without stopping it; `null` when none. */
  _takePreview(): MediaStream | null {
    this._previewGen++;
    const s = this._preview;
    this._preview = null;
    return s;
  }

  /** @internal Mic or camera toggle of the pre-join screen. */
  _togglePreview(kind: 'audio' | 'video') {
    const on = kind === 'audio' ? (this._mic = !this._mic) : (this._cam = !this._cam);
    if (on) {
      this._startPreview();
    } else if (this._preview) {
      for (const tr of this._preview.getTracks()) {
        if (tr.kind === kind) {
          tr.stop();
          this._preview.removeTrack(tr);
        }
      }
    }
    this.requestUpdate();
  }

  /** @internal Device chosen in a pre-join selector. */
  _pickDevice(kind: 'audio' | 'video', id: string) {
    if (kind === 'audio') {
      this._micId = id;
      this._mic = true;
    } else {
      this._camId = id;
      this._cam = true;
    }
    this._startPreview();
  }

  // ---------------------------------------------------------------- join / leave

  /**
   * @internal The join chunk's controller, loading the chunk the first time. Rejects when the chunk cannot be
   * loaded (asked again next time).
   */
  _loadFlow(): Promise<JoinFlow> {
    if (!this._flowLoad) {
      const chunk = import('./join-flow.js');
      this._flowLoad = chunk.then(
        (m) => (this._flow ??= new m.JoinFlow(this)),
        (e) => {
          this._flowLoad = undefined;
          throw e;
        },
      );
    }
    return this._flowLoad;
  }

  /**
   * @internal The user starts to join (pointer down on, or focus of, the Join button): start loading the join chunk
   * and the in-room chunk (livekit-client) now rather than on click. Nothing is loaded before that.
   */
  _preload(intent?: boolean) {
    if (intent && this.preload === 'none') return;
    this._loadFlow().catch(() => {});
    if (this.ticket || this.code) this._loadRoomView().catch(() => {});
  }

  /**
   * @internal The in-room chunk (livekit-client). Every dynamic import lives in this entry module, so that the
   * bundler can drop its preload wrapper (there is nothing to preload).
   */
  _loadRoomView(): Promise<typeof RoomView> {
    return import('./room-view.js');
  }

  /**
   * Join the meeting with the current choices (as the Join button does). Call it from a click handler so that
   * audio playback is unlocked. Resolves when connected or failed (see `state`, `vr-join`, `vr-error`); in a
   * meeting with a waiting room, only once a host let us in (or not), or when the wait is cancelled.
   */
  async join(): Promise<void> {
    if (BUSY.includes(this.state) || this._starting) return;
    const name = this._displayName.trim();
    if (!this.ticket && this.code && !name) {
      this._formError = this._t('prejoin.nameRequired');
      this.requestUpdate();
      this.renderRoot.querySelector<HTMLInputElement>('[part~=name-input]')?.focus();
      return;
    }
    this._formError = '';
    const body: JoinRequest | undefined = this.ticket
      ? { ticket: this.ticket }
      : this.code
        ? { code: this.code, name, ...(this._password ? { password: this._password } : {}) }
        : undefined;
    // Send the join request now, while the join chunk (and livekit-client) load: nothing waits for nothing.
    const server = this.serverUrl || scriptOrigin;
    const sent = body && sendJoin(server, body);
    sent?.catch(() => {});
    // Still inside the click, so audio may play later (~10 ms: after the request is on its way, not before).
    unlockAudio();
    this._preload();
    let flow: JoinFlow;
    this._starting = true;
    try {
      flow = await this._loadFlow();
    } catch {
      // The join chunk did not load (network): say so on the pre-join screen; Join may be pressed again.
      this._formError = this._t('error.network');
      this.requestUpdate();
      return;
    } finally {
      this._starting = false;
    }
    return flow.join(server, body, sent);
  }

  /**
   * Leave the meeting (as the Leave button does): disconnects, fires `vr-leave`, shows the "you left" screen.
   * In the waiting room: stops waiting and goes back to the pre-join screen (as the Cancel button does).
   */
  async leave(): Promise<void> {
    return this._flow?.leave();
  }

  // ---------------------------------------------------------------- render

  protected override render() {
    const lang = this.language;
    return html`<div part="base" class="base" lang=${lang} dir=${isRtl(lang) ? 'rtl' : 'ltr'}>
      ${this.state === 'prejoin' ? renderPrejoin(this) : this._flow?.render()}
      <div class="sr-only" role="status" aria-live="polite">${this._flow?.announce ?? ''}</div>
    </div>`;
  }
}

/** Resume a throw-away AudioContext inside the user's click so later audio may play (autoplay policies). */
function unlockAudio() {
  try {
    const ctx = new AudioContext();
    ctx.resume().finally(() => ctx.close());
  } catch {
    /* no Web Audio: nothing to unlock */
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'video-room': VideoRoom;
  }
}
