import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { Room } from 'livekit-client';
import {
  VrErrorEvent,
  VrJoinEvent,
  VrLeaveEvent,
  VrMuteChangeEvent,
  VrParticipantJoinEvent,
  VrParticipantLeaveEvent,
  VrStateChangeEvent,
  VrWaitingChangeEvent,
  type VrState,
} from '../events.js';
import { documentLanguage, isRtl, loadLanguage, t, type TranslationKey } from '../i18n/index.js';
import { JoinError, requestJoin, type JoinAnswer, type JoinRequest, type WaitingAnswer } from './join-api.js';
import { listDevices, mediaErrorKey, openPreview, stopStream } from './media.js';
import { renderPrejoin } from './prejoin.js';
import type { RoomSession } from './room-session.js';
import type * as RoomView from './room-view.js';
import type { WaitingRoom } from './waiting-room.js';
import type { EndReason, SessionHost } from './session-types.js';
import styles from './video-room.styles.js';

/** Server error codes after which trying again cannot help. */
const FINAL = ['invalid_ticket', 'ticket_expired', 'meeting_ended', 'meeting_cancelled', 'not_found', 'no_credentials', 'join_denied', 'wait_expired'];
/** Server error codes with a translated message. */
const KNOWN = [...FINAL, 'wrong_password', 'validation_error', 'network', 'connect_failed', 'connection_lost'];

/** How often a guest in the waiting room asks again (ms). */
const WAIT_POLL_MS = 2000;

const ENDED: Record<string, TranslationKey> = {
  roomDeleted: 'ended.roomDeleted',
  removed: 'ended.removed',
  duplicate: 'ended.duplicate',
};

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
 * (`POST {server-url}/api/v1/join`), then talks to LiveKit with livekit-client, loaded only when Join is clicked.
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
export class VideoRoom extends LitElement {
  static override styles = styles;

  static override properties = {
    serverUrl: { attribute: 'server-url' },
    ticket: {},
    code: {},
    password: {},
    name: {},
    lang: { reflect: true },
    state: { reflect: true },
    participantCount: { attribute: 'participant-count', type: Number, reflect: true },
    _tick: { state: true },
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
  /** Current screen / connection state (reflected; set by the element). */
  declare state: VrState;
  /** Participants in the room including us; 0 outside a room (reflected). */
  declare participantCount: number;
  private declare _tick: number;

  private _mic = true;
  private _cam = true;
  private _micId = '';
  private _camId = '';
  private _devices: { audio: MediaDeviceInfo[]; video: MediaDeviceInfo[] } = { audio: [], video: [] };
  private _preview: MediaStream | null = null;
  private _problem?: TranslationKey;
  private _previewGen = 0;
  /** True once the pre-join preview has enumerated the devices. */
  private _devicesKnown = false;
  private _displayName = '';
  private _password = '';
  private _askPassword = false;
  private _formError = '';
  private _error?: { code: string; message: string; retry: boolean };
  private _endKey: TranslationKey = 'ended.generic';
  private _session?: RoomSession;
  private _view?: typeof RoomView;
  private _answer?: JoinAnswer;
  private _announce = '';
  private _langObserver?: MutationObserver;
  /** Guest in the waiting room: generation of the current wait (bumped to stop it), next ask, settle-as-cancelled. */
  private _waitGen = 0;
  private _waitTimer?: ReturnType<typeof setTimeout>;
  private _waitDone?: () => void;
  /** Host/moderator of a meeting with a waiting room: the poller of waiting guests (from the lazy chunk). */
  private _waitingRoom?: WaitingRoom;

  constructor() {
    super();
    this.name = '';
    this.state = 'prejoin';
    this.participantCount = 0;
    this._tick = 0;
  }

  /** The livekit-client `Room` while connected (undefined before Join and after leaving). */
  get room(): Room | undefined {
    return this._session?.room;
  }

  /** The role the server granted for the current or last join (`host`, `moderator`, `participant`, `viewer`). */
  get participantRole(): JoinAnswer['role'] | undefined {
    return this._answer?.role;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._langObserver = new MutationObserver(() => this.requestUpdate());
    this._langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    if (this.state === 'prejoin') this._startPreview();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._langObserver?.disconnect();
    this._stopPreview();
    this._cancelWaiting();
    this._stopWaitingRoom();
    this._session?.leave();
  }

  /** Wait for the translation table of the current language (lazy chunk) before rendering. */
  protected override async scheduleUpdate(): Promise<void> {
    await loadLanguage(this.language);
    await super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('name') && (this.state === 'prejoin' || !this._displayName)) this._displayName = this.name ?? '';
    if (changed.has('password')) this._password = this.password ?? '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    this._session?.sync(this.renderRoot);
    if (changed.has('state') && changed.get('state')) {
      this.renderRoot.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
  }

  /** Language in use: own or closest `lang` attribute, else the document's. */
  get language(): string {
    return this.closest('[lang]')?.getAttribute('lang') || documentLanguage();
  }

  private _t = (key: TranslationKey, params?: Record<string, string | number>) => t(key, params, this.language);

  // ---------------------------------------------------------------- pre-join media

  private async _startPreview() {
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

  private _stopPreview() {
    this._previewGen++;
    stopStream(this._preview);
    this._preview = null;
  }

  private _togglePreview(kind: 'audio' | 'video') {
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

  private _pickDevice(kind: 'audio' | 'video', id: string) {
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

  private _setState(s: VrState) {
    if (s === this.state) return;
    const was = this.state;
    this.state = s;
    if (was === 'prejoin') this._stopPreview();
    if (s === 'prejoin') this._startPreview();
    if (s !== 'connected' && s !== 'reconnecting') {
      this.participantCount = 0;
      this._stopWaitingRoom();
    }
    this.dispatchEvent(new VrStateChangeEvent({ state: s }));
  }

  /** State check that TypeScript does not narrow (the state changes across awaits). */
  private _is(s: VrState): boolean {
    return this.state === s;
  }

  private _fail(code: string, message: string) {
    this._error = { code, message, retry: !FINAL.includes(code) };
    if (code === 'wrong_password') this._askPassword = true;
    this._setState('error');
    this.dispatchEvent(new VrErrorEvent({ code, message }));
  }

  private _errorMessage(e: unknown): [string, string] {
    if (!(e instanceof JoinError)) return ['connect_failed', this._t('error.connect_failed')];
    if (KNOWN.includes(e.code)) return [e.code, this._t(`error.${e.code}` as TranslationKey)];
    if (e.code === 'server' || !e.message) return [e.code, this._t('error.server', { status: e.status })];
    return [e.code, e.message];
  }

  /**
   * Join the meeting with the current choices (as the Join button does). Call it from a click handler so that
   * audio playback is unlocked. Resolves when connected or failed (see `state`, `vr-join`, `vr-error`); in a
   * meeting with a waiting room, only once a host let us in (or not), or when the wait is cancelled.
   */
  async join(): Promise<void> {
    if (['connecting', 'waiting', 'connected', 'reconnecting'].includes(this.state)) return;
    const name = this._displayName.trim();
    let body: JoinRequest;
    if (this.ticket) body = { ticket: this.ticket };
    else if (this.code) {
      if (!name) {
        this._formError = this._t('prejoin.nameRequired');
        this.requestUpdate();
        this.renderRoot.querySelector<HTMLInputElement>('[part~=name-input]')?.focus();
        return;
      }
      body = { code: this.code, name, ...(this._password ? { password: this._password } : {}) };
    } else {
      this._fail('no_credentials', this._t('prejoin.noCredentials'));
      return;
    }
    this._formError = '';
    unlockAudio();
    // Before the preview has listed the devices (a quick click), try what is switched on; errors are announced.
    const mic = this._mic && (!this._devicesKnown || this._devices.audio.length > 0);
    const cam = this._cam && (!this._devicesKnown || this._devices.video.length > 0);
    this._setState('connecting');
    const lazy = import('./room-view.js');
    lazy.catch(() => {});
    let session: RoomSession | undefined;
    const server = this.serverUrl || scriptOrigin;
    try {
      const first = await requestJoin(server, body);
      if (!this._is('connecting')) return;
      // A meeting with a waiting room: wait (keeping the pre-join choices above) until a host lets us in.
      const answer = 'waitToken' in first ? await this._waitForHost(server, first) : first;
      if (!answer) return;
      this._setState('connecting');
      const view = (this._view = await lazy.catch((e) => {
        throw new JoinError('network', String(e));
      }));
      if (!this._is('connecting')) return;
      const root = this.shadowRoot;
      const sheet = view.roomStyles.styleSheet;
      if (root && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      this._answer = answer;
      session = this._session = new view.RoomSession(this._host(() => session));
      await session.connect(answer.serverUrl, answer.participantToken);
      if (!this._is('connecting') || !this.isConnected) return void session.leave();
      this._setState('connected');
      this.participantCount = session.count;
      this.dispatchEvent(new VrJoinEvent({ room: session.room.name, identity: answer.identity, role: answer.role }));
      this._startWaitingRoom(view, server, answer);
      if (answer.role !== 'viewer' && (mic || cam)) {
        const errors = await session.publish(mic, cam, this._micId, this._camId);
        if (errors.length) this._announce = this._t(mediaErrorKey(errors[0]));
      }
      this.requestUpdate();
    } catch (e) {
      if (session) {
        session.leave();
        this._session = undefined;
      }
      if (this._is('connecting') || this._is('waiting')) this._fail(...this._errorMessage(e));
    }
  }

  /**
   * Guest in the waiting room: ask again with the wait token every 2 s until a host lets us in (resolves with the
   * join answer) or not (rejects with the server's JoinError, e.g. `join_denied`, `wait_expired`). Resolves
   * `undefined` when the wait is cancelled. An unreachable server (or a 5xx) is asked again until the token expires.
   */
  private _waitForHost(server: string, w: WaitingAnswer): Promise<JoinAnswer | undefined> {
    const gen = ++this._waitGen;
    this._setState('waiting');
    let token = w.waitToken;
    let expires = Date.parse(w.expiresAt);
    return new Promise((resolve, reject) => {
      this._waitDone = () => resolve(undefined);
      const ask = () => {
        this._waitTimer = setTimeout(async () => {
          try {
            const a = await requestJoin(server, { waitToken: token });
            if (gen !== this._waitGen) return;
            if (!('waitToken' in a)) return resolve(a);
            token = a.waitToken;
            expires = Date.parse(a.expiresAt) || expires;
            ask();
          } catch (e) {
            if (gen !== this._waitGen) return;
            if (!(e instanceof JoinError && (e.code === 'network' || e.status >= 500))) return reject(e);
            if (Date.now() < expires || Number.isNaN(expires)) ask();
            else reject(new JoinError('wait_expired', '', 401));
          }
        }, WAIT_POLL_MS);
      };
      ask();
    });
  }

  /** Stop waiting for the host (Cancel button, `leave()`, removal) and go back to the pre-join screen. */
  private _cancelWaiting() {
    if (this.state !== 'waiting') return;
    this._waitGen++;
    clearTimeout(this._waitTimer);
    this._waitDone?.();
    this._waitDone = undefined;
    this._setState('prejoin');
  }

  /** Host/moderator of a meeting with a waiting room: list the waiting guests while in the room. */
  private _startWaitingRoom(view: typeof RoomView, server: string, answer: JoinAnswer) {
    this._stopWaitingRoom();
    if (!answer.moderationToken || !answer.meeting.settings?.waitingRoom) return;
    const w: WaitingRoom = (this._waitingRoom = new view.WaitingRoom(server, answer.meeting.id, answer.moderationToken, {
      changed: (items, arrived) => {
        if (w !== this._waitingRoom) return;
        if (arrived.length) this._announce = arrived.map((i) => this._t('waitingRoom.arrived', { name: i.name })).join('. ');
        this.dispatchEvent(new VrWaitingChangeEvent({ requests: [...items] }));
        this.requestUpdate();
      },
    }));
    w.start();
  }

  private _stopWaitingRoom() {
    const w = this._waitingRoom;
    if (!w) return;
    this._waitingRoom = undefined;
    w.stop();
    if (w.items.length) this.dispatchEvent(new VrWaitingChangeEvent({ requests: [] }));
  }

  private _decide(id: string, action: 'admit' | 'deny') {
    const w = this._waitingRoom;
    if (!w) return;
    w.decide(id, action)
      .catch(() => (this._announce = this._t('error.network')))
      .finally(() => this.requestUpdate());
    this.requestUpdate();
  }

  /**
   * Leave the meeting (as the Leave button does): disconnects, fires `vr-leave`, shows the "you left" screen.
   * In the waiting room: stops waiting and goes back to the pre-join screen (as the Cancel button does).
   */
  async leave(): Promise<void> {
    if (this.state === 'waiting') return this._cancelWaiting();
    const s = this._session;
    if (!s) return;
    this.dispatchEvent(new VrLeaveEvent());
    await s.leave();
  }

  private _host(current: () => RoomSession | undefined): SessionHost {
    const mine = () => current() === this._session && !!this._session;
    return {
      changed: () => {
        if (!mine()) return;
        this.participantCount = this._session!.count;
        this._tick++;
      },
      reconnecting: (on) => mine() && this._setState(on ? 'reconnecting' : 'connected'),
      ended: (reason: EndReason) => {
        if (!mine() || this.state === 'connecting') return;
        this._session = undefined;
        if (reason === 'left') this._setState('left');
        else if (reason === 'lost') this._fail('connection_lost', this._t('error.connection_lost'));
        else {
          this._endKey = ENDED[reason] ?? 'ended.generic';
          this._setState('ended');
        }
      },
      participant: (joined, identity, name) => {
        if (!mine()) return;
        this._announce = this._t(joined ? 'room.joined' : 'room.left', { name });
        this.dispatchEvent(new (joined ? VrParticipantJoinEvent : VrParticipantLeaveEvent)({ identity, name }));
      },
      mute: (kind, muted) => mine() && this.dispatchEvent(new VrMuteChangeEvent({ kind, muted })),
    };
  }

  private _action(p: Promise<unknown>) {
    p.catch((e: DOMException) => {
      // Cancelling the screen picker is not an error worth showing.
      if (e?.name !== 'NotAllowedError' || !this._session?.screenOn) this._announce = this._t(mediaErrorKey(e));
      this.requestUpdate();
    }).then(() => this.requestUpdate());
  }

  // ---------------------------------------------------------------- render

  protected override render() {
    const lang = this.language;
    return html`<div part="base" class="base" lang=${lang} dir=${isRtl(lang) ? 'rtl' : 'ltr'}>
      ${this._renderState()}
      <div class="sr-only" role="status" aria-live="polite">${this._announce}</div>
    </div>`;
  }

  private _renderState() {
    const tr = this._t;
    switch (this.state) {
      case 'prejoin':
        return renderPrejoin({
          t: tr,
          preview: this._preview,
          mic: this._mic,
          cam: this._cam,
          micId: this._micId,
          camId: this._camId,
          mics: this._devices.audio,
          cams: this._devices.video,
          problem: this._problem,
          name: this._displayName,
          nameEditable: !this.ticket,
          askPassword: this._askPassword && !this.ticket,
          password: this._password,
          formError: this._formError,
          toggle: (k) => this._togglePreview(k),
          pick: (k, id) => this._pickDevice(k, id),
          setName: (v) => (this._displayName = v),
          setPassword: (v) => (this._password = v),
          join: () => this.join(),
        });
      case 'connecting':
        return html`<div class="center" role="status"><h2 part="title">${tr('state.connecting')}</h2></div>`;
      case 'waiting':
        return this._screen(
          tr('waiting.message'),
          html`<button type="button" part="cancel-waiting-button" @click=${() => this._cancelWaiting()}>${tr('waiting.cancel')}</button>`,
          'status',
          'title waiting-message',
        );
      case 'connected':
      case 'reconnecting':
        return this._renderRoom();
      case 'left':
        return this._screen(tr('left.title'), html`<button part="rejoin-button" class="primary" @click=${() => this.join()}>${tr('left.rejoin')}</button>`);
      case 'ended':
        return this._screen(tr(this._endKey));
      default:
        return this._screen(
          this._error?.message ?? '',
          this._error?.retry
            ? html`<button part="retry-button" class="primary" @click=${() => this._setState('prejoin')}>${tr('error.retry')}</button>`
            : nothing,
          'alert',
        );
    }
  }

  private _screen(title: string, action: unknown = nothing, role = 'status', part = 'title message') {
    return html`<div class="center">
      <h2 part=${part} tabindex="-1" data-autofocus><span role=${role}>${title}</span></h2>
      ${action}
    </div>`;
  }

  private _renderRoom() {
    const s = this._session;
    return s && this._view
      ? this._view.renderRoom(s, {
          t: this._t,
          reconnecting: this.state === 'reconnecting',
          canPublish: this._answer?.role !== 'viewer',
          screenShareAllowed: this._answer?.meeting.settings?.screenShare !== false,
          act: (p) => this._action(p),
          leave: () => this.leave(),
          waiting: this._waitingRoom,
          decide: (id, action) => this._decide(id, action),
        })
      : nothing;
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
