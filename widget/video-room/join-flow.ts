/**
 * Lazy part of `<video-room>` loaded when the user starts to join (pointer down on, or focus of, the Join button;
 * at the latest on Join): the join request and its answers, the guest side of the waiting room, the host side's
 * poller, the connecting / waiting / left / ended / error screens with their strings and styles, and the hand-over
 * to the in-room chunk (`room-view.ts`, with livekit-client), which it imports in parallel with the join request.
 * Keeping all this out of the first script payload keeps that payload small.
 */
import { css, type CSSResult } from '@lit/reactive-element/css-tag.js';
import type { ReactiveController } from 'lit';
import { html, nothing } from 'lit/html.js';
import {
  VrBandwidthChangeEvent,
  VrChatMessageEvent,
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
import type { WaitingRoom } from './waiting-room.js';
import type { ChatController } from './chat.controller.js';
import type * as Chat from './chat.js';
import type { BandwidthController } from './bandwidth.controller.js';
import type { LayoutController } from './layout.controller.js';
import type { ShortcutActions, Shortcuts } from './shortcuts.js';
import type * as ViewTools from './view-tools.js';
import type { PollsController } from './polls.controller.js';
import type * as Polls from './polls.js';
import type * as Host from './host-controls.js';
import type { HostControls } from './host-controls.js';
import type * as ClassroomChunk from './classroom.js';

addDefaults(enJoin);

/** Server error codes after which trying again cannot help. */
const FINAL = ['invalid_ticket', 'ticket_expired', 'meeting_ended', 'meeting_cancelled', 'not_found', 'no_credentials', 'join_denied', 'wait_expired', 'banned'];
/** Server error codes with a translated message. */
const KNOWN = [...FINAL, 'wrong_password', 'meeting_locked', 'validation_error', 'network', 'connect_failed', 'connection_lost'];

/** How often a guest in the waiting room asks again (ms). */
const WAIT_POLL_MS = 2000;

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
/** A lazy chunk: imported once for every join of this element; a failed load (network) is tried again at the next call. */
function lazyChunk<T>(load: () => Promise<T>): () => Promise<T> {
  let chunk: Promise<T> | undefined;
  return () =>
    (chunk ??= load().catch((e: unknown) => {
      chunk = undefined;
      throw e;
    }));
}

export class JoinFlow implements ReactiveController {
  /** The in-room features' chunks (loaded while joining, started once connected). */
  private loadChat = lazyChunk(() => import('./chat.js'));
  private loadTools = lazyChunk(() => import('./view-tools.js'));
  private loadPolls = lazyChunk(() => import('./polls.js'));
  private loadHost = lazyChunk(() => import('./host-controls.js'));
  private loadClassroom = lazyChunk(() => import('./classroom.js'));
  /** The room session while in a room. */
  session?: RoomSession;
  /** The server's answer of the current or last join. */
  answer?: JoinAnswer;
  /** Text for the polite live region. */
  announce = '';
  private view?: typeof RoomView;
  private error?: { code: string; message: string; retry: boolean };
  private endKey: TranslationKey = 'ended.generic';
  /** Guest in the waiting room: generation of the current wait (bumped to stop it), next ask, settle-as-cancelled. */
  private waitGen = 0;
  private waitTimer?: ReturnType<typeof setTimeout>;
  private waitDone?: () => void;
  /** Host/moderator of a meeting with a waiting room: the poller of waiting guests (from the lazy chunk). */
  private waitingRoom?: WaitingRoom;
  /** The room's chat while in a room, and its chunk (loaded while joining, in parallel with the in-room chunk). */
  private chat?: ChatController;
  private chatView?: typeof Chat;
  /** The room's polls while in a room, and their chunk (loaded while joining, like the chat's). */
  private polls?: PollsController;
  private pollsView?: typeof Polls;

  /**
   * Layout while in a room (from the in-room chunk: it decides which videos are subscribed); bandwidth mode and keyboard
   * shortcuts (from the view-tools chunk, loaded while joining like the chat's, started once in the room).
   */
  private layout?: LayoutController;
  private tools?: typeof ViewTools;
  private bandwidth?: BandwidthController;
  private shortcuts?: Shortcuts;
  private shortcutHelp = false;
  /**
   * Actions other room features offer to the keyboard shortcuts (`hand` once hand raising exists: set
   * `flow.shortcutActions.hand = () => …` while in the room); the built-in ones (mic, camera, chat, leave) win.
   */
  readonly shortcutActions: Partial<ShortcutActions> = {};
  /** Host controls while in a room (moderators' menus, everyone's notices), and their chunk (loaded with the chat's). */
  private hostControls?: HostControls;
  private hostView?: typeof Host;
  /** Raised hands, reactions and the participants panel while in a room, and their chunk (loaded like the chat's). */
  private classroom?: ClassroomChunk.Classroom;

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
      this.stopWaitingRoom();
      this.stopChat();
      this.stopView();
      this.stopPolls();
      this.stopHost();
      this.stopClassroom();
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
    this.loadChat().catch(() => {});
    this.loadTools().catch(() => {});
    this.loadPolls().catch(() => {});
    this.loadHost().catch(() => {});
    this.loadClassroom().catch(() => {});
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
      void this.startWaitingRoom(server, answer, session);
      void this.startChat(server, answer, session);
      this.startView(view, session);
      void this.startPolls(server, answer, session);
      void this.startHost(server, answer, session);
      void this.startClassroom(server, answer, session);
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
   * Guest in the waiting room: ask again with the wait token every 2 s until a host lets us in (resolves with the
   * join answer) or not (rejects with the server's JoinError, e.g. `join_denied`, `wait_expired`). Resolves
   * `undefined` when the wait is cancelled. An unreachable server (or a 5xx) is asked again until the token expires.
   */
  private waitForHost(server: string, w: WaitingAnswer): Promise<JoinAnswer | undefined> {
    const gen = ++this.waitGen;
    this.setState('waiting');
    let token = w.waitToken;
    let expires = Date.parse(w.expiresAt);
    return new Promise((resolve, reject) => {
      this.waitDone = () => resolve(undefined);
      const ask = () => {
        this.waitTimer = setTimeout(async () => {
          try {
            const a = await requestJoin(server, { waitToken: token });
            if (gen !== this.waitGen) return;
            if (!('waitToken' in a)) return resolve(a);
            token = a.waitToken;
            expires = Date.parse(a.expiresAt) || expires;
            ask();
          } catch (e) {
            if (gen !== this.waitGen) return;
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
  cancelWaiting(): void {
    if (this.el.state !== 'waiting') return;
    this.waitGen++;
    clearTimeout(this.waitTimer);
    this.waitDone?.();
    this.waitDone = undefined;
    this.setState('prejoin');
  }

  /** Host/moderator of a meeting with a waiting room: list the waiting guests while in the room. */
  async startWaitingRoom(server: string, answer: JoinAnswer, session = this.session): Promise<void> {
    this.stopWaitingRoom();
    if (!answer.moderationToken || !answer.meeting.settings?.waitingRoom) return;
    // Its own chunk: only hosts and moderators of such a meeting load it (a failed load is tried at the next join).
    const chunk = await import('./waiting-room.js').catch(() => undefined);
    if (!chunk || this.session !== session) return;
    adopt(this.el, chunk.waitingStyles);
    const w: WaitingRoom = (this.waitingRoom = new chunk.WaitingRoom(server, answer.meeting.id, answer.moderationToken, {
      changed: (items, arrived) => {
        if (w !== this.waitingRoom) return;
        if (arrived.length) this.announce = arrived.map((i) => this.t('waitingRoom.arrived', { name: i.name })).join('. ');
        this.el.dispatchEvent(new VrWaitingChangeEvent({ requests: [...items] }));
        this.el.requestUpdate();
      },
    }));
    w.start();
  }

  /** Chat for everyone in the room: the server stores, LiveKit delivers (chat.controller.ts). */
  private async startChat(server: string, answer: JoinAnswer, session: RoomSession): Promise<void> {
    this.stopChat();
    const sessionToken = answer.sessionToken;
    const chat = sessionToken ? await this.loadChat().catch(() => undefined) : undefined;
    if (!chat || !sessionToken || this.session !== session) return;
    this.chatView = chat;
    adopt(this.el, chat.chatStyles);
    const c: ChatController = (this.chat = new chat.ChatController(server, { ...answer, sessionToken }, session.room, {
      changed: () => {
        if (c === this.chat) this.el.requestUpdate();
        return this.el.updateComplete.then(() => {});
      },
      message: (message) => {
        if (c !== this.chat) return;
        // Announced politely; with the panel open its log (role=log) does it.
        if (!c.open && !message.local) this.announce = this.t('chat.newMessage', { name: message.from.name, text: message.text.slice(0, 200) });
        this.el.dispatchEvent(new VrChatMessageEvent({ message }));
      },
    }));
    c.start();
  }

  private stopChat() {
    this.chat?.stop();
    this.chat = undefined;
  }

  /** Layout (follows the element's size), bandwidth mode (stored choice, connection quality), opt-in shortcuts. */
  private startView(view: typeof RoomView, session: RoomSession): void {
    this.stopView();
    const el = this.el;
    // `layout`, `shortcuts` and `poor-connection-delay` are read here, as attributes (the first payload stays small).
    const layout = (this.layout = new view.LayoutController({
      changed: () => layout === this.layout && el.requestUpdate(),
      get layout() {
        return el.getAttribute('layout') === 'speaker' ? 'speaker' : 'grid';
      },
      setLayout: (l) => el.setAttribute('layout', l),
    }));
    layout.observe(el);
    void this.startTools(session);
  }

  /** Bandwidth mode (the stored choice already holds: room-session.ts), the view toolbar, opt-in shortcuts. */
  private async startTools(session: RoomSession): Promise<void> {
    const tools = await this.loadTools().catch(() => undefined);
    const room = this.view; // the in-room chunk: the stored bandwidth choice
    if (!tools || !room || this.session !== session || !this.layout) return;
    const el = this.el;
    this.tools = tools;
    adopt(el, tools.viewToolStyles);
    const bw: BandwidthController = (this.bandwidth = new tools.BandwidthController(session.room, {
      apply: (mode) => bw === this.bandwidth && this.action(session.setMode(mode)),
      changed: (mode, auto) => {
        if (bw !== this.bandwidth) return;
        el.dispatchEvent(new VrBandwidthChangeEvent({ mode, auto }));
        el.requestUpdate();
      },
      delay: () => {
        const v = Number(el.getAttribute('poor-connection-delay') ?? NaN);
        return Number.isFinite(v) ? v : 10_000;
      },
      stored: () => room.storedMode(),
      remember: (mode) => room.rememberMode(mode),
    }));
    bw.start();
    if (el.hasAttribute('shortcuts')) {
      this.shortcuts = new tools.Shortcuts(document, () => this.shortcutList(), () => this.openShortcutHelp());
      this.shortcuts.start();
    }
    el.requestUpdate();
  }

  /** The room's shortcuts for the actions present (an action added later — a raised hand — joins the list here). */
  private shortcutList() {
    const s = this.session;
    if (!s || !this.tools) return [];
    const publish = this.answer?.role !== 'viewer';
    // The buttons' state changed out of the user's focus: say it (polite live region).
    const said = (p: Promise<unknown>, on: () => boolean, yes: TranslationKey, no: TranslationKey) =>
      this.action(p.then(() => void (this.announce = this.t(on() ? yes : no))));
    return this.tools.roomShortcuts({
      ...this.shortcutActions,
      mic: publish ? () => said(s.toggleMic(), () => s.micOn, 'shortcuts.micOn', 'shortcuts.micOff') : undefined,
      camera: publish ? () => said(s.toggleCam(), () => s.camOn, 'shortcuts.cameraOn', 'shortcuts.cameraOff') : undefined,
      chat: this.chat ? () => this.chat?.toggle() : undefined,
      leave: () => void this.el.leave(),
    });
  }

  private openShortcutHelp() {
    this.shortcutHelp = true;
    this.el.requestUpdate();
    void this.el.updateComplete.then(() => {
      const d = this.el.renderRoot.querySelector<HTMLDialogElement>('[part~="shortcuts-dialog"]');
      if (d && !d.open) d.showModal();
    });
  }

  private stopView() {
    this.layout?.stop();
    this.bandwidth?.stop();
    this.shortcuts?.stop();
    this.layout = this.bandwidth = this.shortcuts = undefined;
    this.shortcutHelp = false;
  }

  /** Polls and quizzes for everyone in the room (polls.controller.ts): events `vr-poll-*`, announced politely. */
  private async startPolls(server: string, answer: JoinAnswer, session: RoomSession): Promise<void> {
    this.stopPolls();
    const sessionToken = answer.sessionToken;
    const view = sessionToken ? await this.loadPolls().catch(() => undefined) : undefined;
    if (!view || !sessionToken || this.session !== session) return;
    this.pollsView = view;
    adopt(this.el, view.pollStyles);
    const p: PollsController = (this.polls = new view.PollsController(server, { ...answer, sessionToken }, session.room, {
      changed: () => {
        if (p === this.polls) this.el.requestUpdate();
        return this.el.updateComplete.then(() => {});
      },
      fire: (e, say) => {
        if (p !== this.polls) return;
        if (say) this.announce = say;
        this.el.dispatchEvent(e);
      },
      t: this.t,
    }));
    p.start();
  }

  private stopPolls() {
    this.polls?.stop();
    this.polls = undefined;
  }

  /** Host controls for everyone in the room: moderators act through the server; everyone sees lock, spotlight, asks. */
  private async startHost(server: string, answer: JoinAnswer, session: RoomSession): Promise<void> {
    this.stopHost();
    const sessionToken = answer.sessionToken;
    const chunk = sessionToken ? await this.loadHost().catch(() => undefined) : undefined;
    if (!chunk || !sessionToken || this.session !== session) return;
    this.hostView = chunk;
    adopt(this.el, chunk.hostStyles);
    this.hostControls = chunk.attachHostControls(this.el, server, { ...answer, sessionToken }, session, this.t, {
      announce: (text) => (this.announce = text),
      role: (role) => {
        if (this.chat) this.chat.session.role = role;
        if (this.classroom) this.classroom.session.role = role;
      },
    });
    this.linkPanel();
  }

  /**
   * The participants panel's extras: moderators' host actions in its rows and header (linked by whichever chunk
   * comes last), and the waiting list, which moves into the panel while it is open (as in Zoom: nothing covers it).
   */
  private linkPanel() {
    const [c, room, view] = [this.hostControls, this.classroom, this.hostView];
    if (!room) return;
    const a = c && view?.panelActions(c, this.t);
    if (c) room.session.role = c.role;
    room.rowActions = a?.row;
    room.headerActions = () => html`${a?.header() ?? nothing}${this.waitingInPanel() ? this.waitingRoom!.render(this.t, (id, d) => this.decide(id, d)) : nothing}`;
  }

  private waitingInPanel() {
    return !!(this.classroom?.panelOpen && this.waitingRoom?.items.length && this.view);
  }

  /** One side panel at a time (chat, participants, polls), as in Zoom and Teams: the one opened last stays open. */
  private sidePanel = '';
  private onePanel() {
    const open: Record<string, boolean> = { chat: !!this.chat?.open, participants: !!this.classroom?.panelOpen, polls: !!this.polls?.open };
    const newest = Object.keys(open).find((k) => open[k] && k !== this.sidePanel);
    if (!newest) return void (open[this.sidePanel] || (this.sidePanel = ''));
    this.sidePanel = newest;
    if (this.chat && newest !== 'chat') this.chat.open = false;
    if (this.classroom && newest !== 'participants') this.classroom.panelOpen = false;
    if (this.polls && newest !== 'polls') this.polls.open = false;
  }

  private stopHost() {
    this.hostControls?.stop();
    this.hostControls = undefined;
  }

  /** Raised hands (the server keeps the queue), reactions and the participants panel (classroom.ts). */
  private async startClassroom(server: string, answer: JoinAnswer, session: RoomSession): Promise<void> {
    this.stopClassroom();
    const chunk = answer.sessionToken ? await this.loadClassroom().catch(() => undefined) : undefined;
    if (!chunk || this.session !== session) return;
    adopt(this.el, chunk.classroomStyles);
    const c = (this.classroom = new chunk.Classroom(server, answer as ClassroomChunk.ClassroomSession, session.room, this.el, this.t, (text) => (this.announce = text)));
    c.start();
    this.shortcutActions.hand = () => void c.toggleHand();
    this.linkPanel();
  }

  private stopClassroom() {
    delete this.shortcutActions.hand;
    this.classroom?.stop();
    this.classroom = undefined;
  }

  private stopWaitingRoom() {
    const w = this.waitingRoom;
    if (!w) return;
    this.waitingRoom = undefined;
    w.stop();
    if (w.items.length) this.el.dispatchEvent(new VrWaitingChangeEvent({ requests: [] }));
  }

  private decide(id: string, action: 'admit' | 'deny') {
    const w = this.waitingRoom;
    if (!w) return;
    w.decide(id, action)
      .catch(() => (this.announce = this.t('error.network')))
      .finally(() => this.el.requestUpdate());
    this.el.requestUpdate();
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
    this.stopWaitingRoom();
    this.stopChat();
    this.stopView();
    this.stopPolls();
    this.stopHost();
    this.stopClassroom();
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
    this.onePanel();
    return s && this.view
      ? this.view.renderRoom(s, {
          t: this.t,
          reconnecting: this.el.state === 'reconnecting',
          canPublish: this.answer?.role !== 'viewer',
          screenShareAllowed: this.answer?.meeting.settings?.screenShare !== false,
          act: (p) => this.action(p),
          leave: () => this.el.leave(),
          waiting: this.waitingInPanel() ? undefined : this.waitingRoom,
          decide: (id, action) => this.decide(id, action),
          chat: this.chat && { open: this.chat.open, unread: this.chat.unread, toggle: () => this.chat?.toggle() },
          chatPanel: this.chat?.open && this.chatView ? this.chatView.renderChatPanel(this.chat, this.t, this.el.language) : undefined,
          layout: this.layout,
          tools: this.tools,
          bandwidth: this.bandwidth && { mode: this.bandwidth.mode, auto: this.bandwidth.auto, choose: (m) => this.bandwidth?.choose(m) },
          shortcuts: this.shortcuts && {
            help: () => this.openShortcutHelp(),
            dialog: this.shortcutHelp && this.tools ? this.tools.renderShortcutHelp(this.t, this.shortcutList(), () => ((this.shortcutHelp = false), this.el.requestUpdate())) : undefined,
          },
          pollsButton: this.polls && this.pollsView ? this.pollsView.renderPollsButton(this.polls, this.t) : undefined,
          pollPanel: this.polls?.open && this.pollsView ? this.pollsView.renderPollPanel(this.polls, this.t) : undefined,
          host: this.hostControls && this.hostView?.roomProps(this.hostControls, this.t),
          classroom: this.classroom?.controls(),
          participantsPanel: this.classroom?.panel(),
          decorateTile: this.classroom && ((v) => this.classroom!.decorate(v)),
        })
      : nothing;
  }
}
