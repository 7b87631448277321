/**
 * Lazy part of `<video-room>` loaded when the user starts to join (pointer down on, or focus of, the Join button;
 * at the latest on Join): the join request and its answers (a guest told to wait asks again from the waiting room's
 * chunk), the connecting / waiting / left / ended / error screens with their strings and styles, and the hand-over to the
 * in-room chunk (`room-view.ts`, with livekit-client), which it imports in parallel with the join request. The in-room
 * features (chat, polls, hands, host controls, view toolbar, the host's waiting list) start from their own chunk,
 * `room-features.ts`, loaded while the room connects.
 * Keeping all this out of the first script payload keeps that payload small.
 */
import { css, type CSSResult } from '@lit/reactive-element/css-tag.js';
import type { ReactiveController } from 'lit';
import { html, nothing } from 'lit/html.js';
import { VrErrorEvent, VrJoinEvent, VrLeaveEvent, VrMuteChangeEvent, VrParticipantJoinEvent, VrParticipantLeaveEvent, VrStateChangeEvent, type VrState } from '../events/room.js';
import enJoin from '../i18n/en-join.js';
import { addDefaults, loadMediaTexts, t, type TranslationKey } from '../i18n/index.js';
import { JoinError, requestJoin, type JoinAnswer, type JoinRequest, type WaitingAnswer } from './join-api.js';
import { mediaErrorKey, stopStream } from './media.js';
import type { RoomSession } from './room-session.js';
import type * as RoomView from './room-view.js';
import type { EndReason, SessionHost } from './session-types.js';
import type { JoinController } from './join.controller.js';
import type { MediaKind, PrejoinController } from './prejoin.controller.js';
import type { VideoRoom } from './video-room.js';
import { lazyChunk } from './lazy-chunk.js';
import type { LayoutController } from './layout.controller.js';
import type * as Features from './room-features.js';
import type * as WaitingChunk from './waiting-room.js';

addDefaults(enJoin);

/** Server error codes after which trying again cannot help. */
const FINAL = ['invalid_ticket', 'ticket_expired', 'meeting_ended', 'meeting_cancelled', 'not_found', 'no_credentials', 'join_denied', 'wait_expired', 'banned'];
/** Server error codes with a translated message. */
const KNOWN = [...FINAL, 'wrong_password', 'meeting_locked', 'validation_error', 'network', 'connect_failed', 'connection_lost'];

const ENDED: Record<string, TranslationKey> = {
  roomDeleted: 'ended.roomDeleted',
  removed: 'ended.removed',
  duplicate: 'ended.duplicate',
};

/** Styles of the screens drawn here (joining, waiting, left, ended, error). */
const styles = css`
  .center { margin: auto; padding: 24px; max-width: 480px; text-align: center; display: grid; gap: 16px; justify-items: center; }
`;

/** Add a stylesheet to the element's shadow root (once). */
function adopt(el: VideoRoom, style: CSSResult) {
  const root = el.shadowRoot;
  const sheet = style.styleSheet;
  if (root && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/**
 * Everything `<video-room>` does from Join on, for one element: joins, waits, runs the room session, leaves,
 * and renders every screen but the pre-join one. A Lit reactive controller of the element, created by its
 * `JoinController` on first use and reused for later joins.
 */
export class JoinFlow implements ReactiveController {
  /** The in-room features' chunk (loaded while joining, started once connected). */
  private loadFeatures = lazyChunk(() => import('./room-features.js'));
  /** The room session while in a room. */
  session?: RoomSession;
  /** The server's answer of the current or last join. */
  answer?: JoinAnswer;
  /** Text for the polite live region. */
  announce = '';
  private view?: typeof RoomView;
  private error?: { code: string; message: string; retry: boolean };
  private endKey: TranslationKey = 'ended.generic';
  /** Guest in the waiting room: the current wait (waiting-room.ts). */
  private wait?: WaitingChunk.GuestWait;
  /** The in-room features of the current room session (chat, polls, hands, host controls, view toolbar…). */
  features?: Features.RoomFeatures;
  /** Layout while in a room (from the in-room chunk: it decides which videos are subscribed). */
  private layout?: LayoutController;

  /** The element's state at the last update (a change moves the focus to the new screen's heading). */
  private shown: VrState;

  /**
   * @param el the element: its public properties (`state` and `participantCount` are set from here), events, render root.
   * @param prejoin the element's pre-join choices and preview.
   * @param joining the element's join controller (loads the in-room chunk).
   */
  constructor(
    private el: VideoRoom,
    private prejoin: PrejoinController,
    private joining: JoinController,
  ) {
    this.shown = el.state;
    el.addController(this);
  }

  private t = (key: TranslationKey, params?: Record<string, string | number>) => t(key, params, this.el.language);

  /** Change the element's state: pre-join preview on/off, participant count, event. */
  setState(s: VrState): void {
    const el = this.el;
    if (s === el.state) return;
    const was = el.state;
    el.state = s;
    // The preview keeps the camera and microphone while connecting: they are released once the room shows (in
    // `join`, right before publishing), or here when connecting ends otherwise (waiting room, error, cancel).
    if ((was === 'prejoin' && s !== 'connecting') || (was === 'connecting' && s !== 'connected')) this.prejoin.stopPreview();
    if (s === 'prejoin') this.prejoin.startPreview();
    if (s !== 'connected' && s !== 'reconnecting') {
      el.participantCount = 0;
      this.stopRoom();
    }
    el.dispatchEvent(new VrStateChangeEvent({ state: s }));
  }

  /** State check that TypeScript does not narrow (the state changes across awaits). */
  private is(s: VrState): boolean {
    return this.el.state === s;
  }

  /** Whether to publish `kind` on join: switched on before joining, and a device exists (or the list is not known yet: try). */
  private wants(kind: MediaKind): boolean {
    const p = this.prejoin;
    return (kind === 'audio' ? p.mic : p.cam) && (!p.devicesKnown || p.devices[kind].length > 0);
  }

  private fail(code: string, message: string) {
    this.error = { code, message, retry: !FINAL.includes(code) };
    if (code === 'wrong_password') this.prejoin.askPassword = true;
    this.setState('error');
    this.el.dispatchEvent(new VrErrorEvent({ code, message }));
  }

  private errorMessage(e: unknown): [string, string] {
    if (!(e instanceof JoinError)) return ['connect_failed', this.t('error.connect_failed')];
    if (KNOWN.includes(e.code)) return [e.code, this.t(`error.${e.code}` as TranslationKey)];
    if (e.code === 'server' || !e.message) return [e.code, this.t('error.server', { status: e.status })];
    return [e.code, e.message];
  }

  /**
   * Join with the element's current choices (see `VideoRoom.join`, which checked the form, unlocked audio and sent
   * the join request as `sent`). The join answer and the in-room chunk come in parallel; `room.connect` starts as
   * soon as both are there.
   * @param body the join request (`undefined`: neither ticket nor code).
   */
  async join(server: string, body: JoinRequest | undefined, sent?: Promise<Response>): Promise<void> {
    const el = this.el;
    if (['connecting', 'waiting', 'connected', 'reconnecting'].includes(el.state)) return;
    if (!body) return this.fail('no_credentials', this.t('prejoin.noCredentials'));
    // Before the preview has listed the devices (a quick click), try what is switched on; errors are announced.
    const mic = this.wants('audio');
    const cam = this.wants('video');
    this.setState('connecting');
    // The in-room chunk (livekit-client): the element already started loading it when the user started to join.
    const lazy = this.joining.loadRoomView();
    lazy.catch(() => {});
    this.loadFeatures().then((f) => f.preloadFeatures(), () => {});
    let session: RoomSession | undefined;
    try {
      const first = await requestJoin(server, body, sent);
      if (!this.is('connecting')) return;
      // A meeting with a waiting room: wait (keeping the pre-join choices above) until a host lets us in.
      const answer = 'waitToken' in first ? await this.waitForHost(server, first) : first;
      if (!answer) return;
      this.setState('connecting');
      const view = (this.view = await lazy.catch((e) => {
        throw new JoinError('network', String(e));
      }));
      if (!this.is('connecting')) return;
      this.answer = answer;
      session = this.session = new view.RoomSession(this.host(() => session));
      await session.connect(answer.serverUrl, answer.participantToken);
      if (!this.is('connecting') || !el.isConnected) return void session.leave();
      this.setState('connected');
      el.participantCount = session.count;
      el.dispatchEvent(new VrJoinEvent({ room: session.room.name, identity: answer.identity, role: answer.role }));
      this.startLayout(view);
      void this.startFeatures({ server, answer, session, view });
      // Show the room first; then publish the preview's camera and microphone as they are (no second getUserMedia:
      // the camera does not go dark and warm up again).
      await el.updateComplete;
      const preview = this.prejoin.takePreview();
      if ((!this.is('connected') && !this.is('reconnecting')) || answer.role === 'viewer') return stopStream(preview);
      if (mic || cam) {
        const errors = await session.publish(mic, cam, this.prejoin.micId, this.prejoin.camId, preview);
        if (errors.length) this.sayMediaError(errors[0]);
      }
      el.requestUpdate();
    } catch (e) {
      if (session) {
        session.leave();
        this.session = undefined;
      }
      if (this.is('connecting') || this.is('waiting')) this.fail(...this.errorMessage(e));
    }
  }

  /**
   * Guest in the waiting room: show the waiting screen and ask again until a host lets us in (resolves with the join
   * answer) or not (rejects with the server's JoinError, e.g. `join_denied`, `wait_expired`). Resolves `undefined`
   * when the wait is cancelled. The asking is in the waiting room's chunk (only guests told to wait load it).
   */
  private async waitForHost(server: string, w: WaitingAnswer): Promise<JoinAnswer | undefined> {
    this.setState('waiting');
    const chunk = await import('./waiting-room.js');
    if (!this.is('waiting')) return undefined;
    const wait = (this.wait = new chunk.GuestWait(server, w));
    return wait.result();
  }

  /** Stop waiting for the host (Cancel button, `leave()`, removal) and go back to the pre-join screen. */
  cancelWaiting(): void {
    if (this.el.state !== 'waiting') return;
    this.wait?.cancel();
    this.wait = undefined;
    this.setState('prejoin');
  }

  /** The room's layout (follows the element's size and its `layout` attribute); it decides which videos are subscribed. */
  private startLayout(view: typeof RoomView): void {
    const el = this.el;
    const layout = (this.layout = new view.LayoutController({
      changed: () => layout === this.layout && el.requestUpdate(),
      get layout() {
        return el.getAttribute('layout') === 'speaker' ? 'speaker' : 'grid';
      },
      setLayout: (l) => el.setAttribute('layout', l),
    }));
    layout.observe(el);
  }

  /** Start the in-room features from their chunk (room-features.ts); the room works without them if it fails to load. */
  private async startFeatures(room: Features.FeatureRoom): Promise<void> {
    const features = await this.roomFeatures();
    if (!features || this.session !== room.session) return;
    features.start(room);
    this.el.requestUpdate();
  }

  /**
   * The in-room features of the current room session, created on first use (their chunk loads first); `undefined`
   * when the chunk fails to load. `start` them with the room; leaving the room stops them.
   */
  async roomFeatures(): Promise<Features.RoomFeatures | undefined> {
    const chunk = await this.loadFeatures().catch(() => undefined);
    if (!chunk) return undefined;
    return (this.features ??= new chunk.RoomFeatures({
      el: this.el,
      t: this.t,
      announce: (text) => {
        this.announce = text;
        this.el.requestUpdate();
      },
      act: (p) => this.action(p),
      adopt: (style) => adopt(this.el, style),
    }));
  }

  /** Stop the room's layout and features (the session ended or the element left the page). */
  private stopRoom() {
    this.layout?.stop();
    this.features?.stop();
    this.layout = this.features = undefined;
  }

  /** See `VideoRoom.leave`. */
  async leave(): Promise<void> {
    if (this.el.state === 'waiting') return this.cancelWaiting();
    const s = this.session;
    if (!s) return;
    this.el.dispatchEvent(new VrLeaveEvent());
    await s.leave();
  }

  /** The element left the page: stop waiting, stop the waiting-room poller, leave the room. */
  hostDisconnected(): void {
    this.cancelWaiting();
    this.stopRoom();
    this.session?.leave();
  }

  /** After each render: attach tracks to the new media elements; focus the heading of a new screen. */
  hostUpdated(): void {
    const root = this.el.renderRoot;
    this.session?.sync(root);
    if (this.shown !== (this.shown = this.el.state)) root.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }

  private host(current: () => RoomSession | undefined): SessionHost {
    const el = this.el;
    const mine = () => current() === this.session && !!this.session;
    return {
      changed: () => {
        if (!mine()) return;
        el.participantCount = this.session!.count;
        el.requestUpdate();
      },
      reconnecting: (on) => mine() && this.setState(on ? 'reconnecting' : 'connected'),
      ended: (reason: EndReason) => {
        if (!mine() || el.state === 'connecting') return;
        this.session = undefined;
        if (reason === 'left') this.setState('left');
        else if (reason === 'lost') this.fail('connection_lost', this.t('error.connection_lost'));
        else {
          this.endKey = ENDED[reason] ?? 'ended.generic';
          this.setState('ended');
        }
      },
      participant: (joined, identity, name) => {
        if (!mine()) return;
        this.announce = this.t(joined ? 'room.joined' : 'room.left', { name });
        el.dispatchEvent(new (joined ? VrParticipantJoinEvent : VrParticipantLeaveEvent)({ identity, name }));
      },
      mute: (kind, muted) => mine() && el.dispatchEvent(new VrMuteChangeEvent({ kind, muted })),
    };
  }

  private action(p: Promise<unknown>) {
    p.catch((e: DOMException) => {
      // Cancelling the screen picker is not an error worth showing.
      if (e?.name !== 'NotAllowedError' || !this.session?.screenOn) this.sayMediaError(e);
      this.el.requestUpdate();
    }).then(() => this.el.requestUpdate());
  }

  /**
   * Announce a camera/microphone problem once its English text is there (`en-media.ts`, a lazy chunk the preview
   * already loaded when it had a problem itself); without it, the generic text.
   */
  private sayMediaError(e: unknown) {
    void loadMediaTexts().then((ok) => {
      this.announce = this.t(ok ? mediaErrorKey(e) : 'media.failed');
      this.el.requestUpdate();
    });
  }

  /**
   * The pre-join form's fields that only a join answer brings up: the meeting password, once the server found it
   * wrong or missing (a code join only: a ticket carries its grants).
   */
  prejoinFields(): unknown {
    const p = this.prejoin;
    return p.askPassword && !this.el.ticket
      ? html`<label for="vr-password">${this.t('prejoin.password')}</label>
          <input
            id="vr-password"
            part="password-input"
            type="password"
            autocomplete="off"
            .value=${p.password}
            @input=${(e: Event) => (p.password = (e.target as HTMLInputElement).value)}
          />`
      : nothing;
  }

  /** Every screen but the pre-join one, for the element's current state. */
  render(): unknown {
    const tr = this.t;
    const el = this.el;
    // Styles of these screens, and of the room once its chunk is there (adopted at render: the shadow root exists).
    adopt(el, styles);
    if (this.view) adopt(el, this.view.roomStyles);
    switch (el.state) {
      case 'connecting':
        return html`<div class="center" role="status"><h2 part="title">${tr('state.connecting')}</h2></div>`;
      case 'waiting':
        return this.screen(
          tr('waiting.message'),
          html`<button type="button" part="cancel-waiting-button" @click=${() => this.cancelWaiting()}>${tr('waiting.cancel')}</button>`,
          'status',
          'title waiting-message',
        );
      case 'connected':
      case 'reconnecting':
        return this.renderRoom();
      case 'left':
        return this.screen(tr('left.title'), html`<button part="rejoin-button" class="primary" @click=${() => el.join()}>${tr('left.rejoin')}</button>`);
      case 'ended':
        return this.screen(tr(this.endKey));
      default:
        return this.screen(
          this.error?.message ?? '',
          this.error?.retry
            ? html`<button part="retry-button" class="primary" @click=${() => this.setState('prejoin')}>${tr('error.retry')}</button>`
            : nothing,
          'alert',
        );
    }
  }

  private screen(title: string, action: unknown = nothing, role = 'status', part = 'title message') {
    return html`<div class="center">
      <h2 part=${part} tabindex="-1" data-autofocus><span role=${role}>${title}</span></h2>
      ${action}
    </div>`;
  }

  private renderRoom() {
    const s = this.session;
    return s && this.view
      ? this.view.renderRoom(s, {
          t: this.t,
          reconnecting: this.el.state === 'reconnecting',
          canPublish: this.answer?.role !== 'viewer',
          screenShareAllowed: this.answer?.meeting.settings?.screenShare !== false,
          act: (p) => this.action(p),
          leave: () => this.el.leave(),
          layout: this.layout,
          ...this.features?.props(),
        })
      : nothing;
  }
}
