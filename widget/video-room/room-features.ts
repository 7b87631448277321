/**
 * Lazy part of `<video-room>` that the room itself does not wait for: it starts the in-room features once the room is
 * connected and links them to each other and to the room view. Loaded while the room connects (in parallel with the
 * in-room chunk), it loads each feature's own chunk: chat (chat.ts), view toolbar, bandwidth controller and shortcuts
 * (view-tools.ts), polls (polls.ts), host controls (host-controls.ts), raised hands, reactions and the participants
 * panel (classroom.ts), and for hosts of a meeting with a waiting room the poller of waiting guests (waiting-room.ts).
 * What must hold from the first video subscription (the layout, the stored bandwidth choice) stays in the in-room
 * chunk (room-view.ts), started by join-flow.ts.
 * Imports: the feature chunks (dynamically), events, i18n types; never join-flow.ts (it hands over what is needed).
 */
import type { CSSResult } from '@lit/reactive-element/css-tag.js';
import { html, nothing } from 'lit/html.js';
import { VrBandwidthChangeEvent, VrChatMessageEvent, VrWaitingChangeEvent } from '../events/classroom.js';
import type { TranslationKey } from '../i18n/index.js';
import type { BandwidthController } from './bandwidth.controller.js';
import type { ChatController } from './chat.controller.js';
import type * as Chat from './chat.js';
import type * as ClassroomChunk from './classroom.js';
import type * as Host from './host-controls.js';
import type { HostControls } from './host-controls.js';
import type { JoinAnswer } from './join-api.js';
import { lazyChunk } from './lazy-chunk.js';
import type { PollsController } from './polls.controller.js';
import type * as Polls from './polls.js';
import type { RoomSession } from './room-session.js';
import type * as RoomView from './room-view.js';
import type { RoomViewProps } from './room-view.js';
import type { ShortcutActions, Shortcuts } from './shortcuts.js';
import type * as ViewTools from './view-tools.js';
import type { VideoRoom } from './video-room.js';
import type { WaitingRoom } from './waiting-room.js';

const loadChat = lazyChunk(() => import('./chat.js'));
const loadTools = lazyChunk(() => import('./view-tools.js'));
const loadPolls = lazyChunk(() => import('./polls.js'));
const loadHost = lazyChunk(() => import('./host-controls.js'));
const loadClassroom = lazyChunk(() => import('./classroom.js'));
const loadWaiting = lazyChunk(() => import('./waiting-room.js'));

/** Start loading the features' chunks (while the room connects); failures are tried again when a feature starts. */
export function preloadFeatures(): void {
  for (const load of [loadChat, loadTools, loadPolls, loadHost, loadClassroom]) load().catch(() => {});
}

/** Translate in the element's language. */
type Translate = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** What the features need from the join flow. */
export interface FeatureHost {
  el: VideoRoom;
  t: Translate;
  /** Put a text in the element's polite live region. */
  announce(text: string): void;
  /** Report a failed action's error (a media error is announced). */
  act(p: Promise<unknown>): void;
  /** Add a feature's stylesheet to the element's shadow root (once). */
  adopt(style: CSSResult): void;
}

/** A join answer with a room session (the token our server's in-room APIs take). */
type SessionAnswer = JoinAnswer & { sessionToken: string };

/** The room session and the join answer the features start with. */
export interface FeatureRoom {
  server: string;
  answer: JoinAnswer;
  session: RoomSession;
  /** The in-room chunk (its stored bandwidth choice). */
  view: typeof RoomView;
}

/**
 * The in-room features of one room session of one `<video-room>`: started once connected, stopped when the session
 * ends (a new join gets a new instance). Each feature starts when its chunk is there; a feature whose chunk fails to
 * load is left out (the room works without it).
 */
export class RoomFeatures {
  /** Chat (chat.controller.ts) and its chunk's render helpers. */
  chat?: ChatController;
  private chatView?: typeof Chat;
  /** Polls and quizzes (polls.controller.ts) and their chunk's render helpers. */
  polls?: PollsController;
  private pollsView?: typeof Polls;
  /** View toolbar helpers, bandwidth mode, opt-in keyboard shortcuts (view-tools.ts). */
  private tools?: typeof ViewTools;
  private bandwidth?: BandwidthController;
  private shortcuts?: Shortcuts;
  private shortcutHelp = false;
  /** Actions other features offer to the keyboard shortcuts (the hand, once the classroom chunk is there). */
  private readonly shortcutActions: Partial<ShortcutActions> = {};
  /** Host controls (moderators' menus, everyone's notices) and their chunk's render helpers. */
  hostControls?: HostControls;
  private hostView?: typeof Host;
  /** Raised hands, reactions and the participants panel. */
  classroom?: ClassroomChunk.Classroom;
  /** Host/moderator of a meeting with a waiting room: the poller of waiting guests. */
  waitingRoom?: WaitingRoom;
  /** The side panel open last (one at a time: chat, participants, polls). */
  private sidePanel = '';
  private stopped = false;

  /** The room session the features run in (set by `start`). */
  private room?: FeatureRoom;

  constructor(private host: FeatureHost) {}

  private get el() {
    return this.host.el;
  }

  private changed = () => {
    if (!this.stopped) this.el.requestUpdate();
  };

  /**
   * Start every feature for this room session (each as soon as its chunk is there). Chat, polls, host controls and
   * the classroom call our server with the join answer's room session (`sessionToken`): without one, they stay off.
   */
  start(room: FeatureRoom): void {
    this.room = room;
    const { server, answer } = room;
    void this.startWaitingRoom(server, answer);
    void this.startTools(room);
    if (!answer.sessionToken) return;
    const withSession = { ...answer, sessionToken: answer.sessionToken };
    void this.startChat(room, withSession);
    void this.startPolls(room, withSession);
    void this.startHost(room, withSession);
    void this.startClassroom(room, withSession);
  }

  /** A feature's chunk with its styles adopted; `undefined` when it failed to load or the features were stopped meanwhile. */
  private async chunk<C>(load: () => Promise<C>, styles: (c: C) => CSSResult): Promise<C | undefined> {
    const c = await load().catch(() => undefined);
    if (!c || this.stopped) return undefined;
    this.host.adopt(styles(c));
    return c;
  }

  /** Stop every feature (the room session ended, or the element left the page). */
  stop(): void {
    this.stopped = true;
    this.chat?.stop();
    this.bandwidth?.stop();
    this.shortcuts?.stop();
    this.polls?.stop();
    this.hostControls?.stop();
    this.classroom?.stop();
    const w = this.waitingRoom;
    if (w) {
      w.stop();
      if (w.items.length) this.el.dispatchEvent(new VrWaitingChangeEvent({ requests: [] }));
    }
  }

  /** Host/moderator of a meeting with a waiting room: list the waiting guests while in the room. */
  async startWaitingRoom(server: string, answer: JoinAnswer): Promise<void> {
    if (!answer.moderationToken || !answer.meeting.settings?.waitingRoom) return;
    // Its own chunk: only hosts and moderators of such a meeting load it (a failed load is tried at the next join).
    const chunk = await this.chunk(loadWaiting, (c) => c.waitingStyles);
    if (!chunk) return;
    const w = (this.waitingRoom = new chunk.WaitingRoom(server, answer.meeting.id, answer.moderationToken, {
      changed: (items, arrived) => {
        if (this.stopped) return;
        if (arrived.length) this.host.announce(arrived.map((i) => this.host.t('waitingRoom.arrived', { name: i.name })).join('. '));
        this.el.dispatchEvent(new VrWaitingChangeEvent({ requests: [...items] }));
        this.el.requestUpdate();
      },
    }));
    w.start();
  }

  private decide(id: string, action: 'admit' | 'deny') {
    const w = this.waitingRoom;
    if (!w) return;
    w.decide(id, action)
      .catch(() => this.host.announce(this.host.t('error.network')))
      .finally(this.changed);
    this.changed();
  }

  /** Chat for everyone in the room: the server stores, LiveKit delivers (chat.controller.ts). */
  private async startChat({ server, session }: FeatureRoom, answer: SessionAnswer): Promise<void> {
    const chat = (this.chatView = await this.chunk(loadChat, (c) => c.chatStyles));
    if (!chat) return;
    const c = (this.chat = new chat.ChatController(server, answer, session.room, {
      changed: () => (this.changed(), this.el.updateComplete.then(() => {})),
      message: (message) => {
        if (this.stopped) return;
        // Announced politely; with the panel open its log (role=log) does it.
        if (!c.open && !message.local) this.host.announce(this.host.t('chat.newMessage', { name: message.from.name, text: message.text.slice(0, 200) }));
        this.el.dispatchEvent(new VrChatMessageEvent({ message }));
      },
    }));
    c.start();
  }

  /** Bandwidth mode (the stored choice already holds: room-session.ts), the view toolbar, opt-in shortcuts. */
  private async startTools({ session, view }: FeatureRoom): Promise<void> {
    const tools = (this.tools = await this.chunk(loadTools, (c) => c.viewToolStyles));
    if (!tools) return;
    const el = this.el;
    // `shortcuts` and `poor-connection-delay` are read here, as attributes (the first payload stays small).
    const bw = (this.bandwidth = new tools.BandwidthController(session.room, {
      apply: (mode) => !this.stopped && this.host.act(session.setMode(mode)),
      changed: (mode, auto) => {
        if (this.stopped) return;
        el.dispatchEvent(new VrBandwidthChangeEvent({ mode, auto }));
        el.requestUpdate();
      },
      delay: () => {
        const v = Number(el.getAttribute('poor-connection-delay') ?? NaN);
        return Number.isFinite(v) ? v : 10_000;
      },
      stored: () => view.storedMode(),
      remember: (mode) => view.rememberMode(mode),
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
    const s = this.room?.session;
    if (!s || !this.tools || this.stopped) return [];
    const publish = this.room?.answer.role !== 'viewer';
    // The buttons' state changed out of the user's focus: say it (polite live region).
    const said = (p: Promise<unknown>, on: () => boolean, yes: TranslationKey, no: TranslationKey) =>
      this.host.act(p.then(() => this.host.announce(this.host.t(on() ? yes : no))));
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

  /** Polls and quizzes for everyone in the room (polls.controller.ts): events `vr-poll-*`, announced politely. */
  private async startPolls({ server, session }: FeatureRoom, answer: SessionAnswer): Promise<void> {
    const view = (this.pollsView = await this.chunk(loadPolls, (c) => c.pollStyles));
    if (!view) return;
    this.polls = new view.PollsController(server, answer, session.room, {
      changed: () => (this.changed(), this.el.updateComplete.then(() => {})),
      fire: (e, say) => {
        if (this.stopped) return;
        if (say) this.host.announce(say);
        this.el.dispatchEvent(e);
      },
      t: this.host.t,
    });
    this.polls.start();
  }

  /** Host controls for everyone in the room: moderators act through the server; everyone sees lock, spotlight, asks. */
  private async startHost({ server, session }: FeatureRoom, answer: SessionAnswer): Promise<void> {
    const chunk = (this.hostView = await this.chunk(loadHost, (c) => c.hostStyles));
    if (!chunk) return;
    this.hostControls = chunk.attachHostControls(this.el, server, answer, session, this.host.t, {
      announce: (text) => this.host.announce(text),
      role: (role) => {
        if (this.chat) this.chat.session.role = role;
        if (this.classroom) this.classroom.session.role = role;
      },
    });
    this.linkPanel();
  }

  /** Raised hands (the server keeps the queue), reactions and the participants panel (classroom.ts). */
  private async startClassroom({ server, session }: FeatureRoom, answer: SessionAnswer): Promise<void> {
    const chunk = await this.chunk(loadClassroom, (c) => c.classroomStyles);
    if (!chunk) return;
    const c = (this.classroom = new chunk.Classroom(server, answer, session.room, this.el, this.host.t, (text) => this.host.announce(text)));
    c.start();
    this.shortcutActions.hand = () => void c.toggleHand();
    this.linkPanel();
  }

  /**
   * The participants panel's extras: moderators' host actions in its rows and header (linked by whichever chunk
   * comes last), and the waiting list, which moves into the panel while it is open (as in Zoom: nothing covers it).
   */
  private linkPanel() {
    const [c, room, view] = [this.hostControls, this.classroom, this.hostView];
    if (!room) return;
    const a = c && view?.panelActions(c, this.host.t);
    if (c) room.session.role = c.role;
    room.rowActions = a?.row;
    room.headerActions = () =>
      html`${a?.header() ?? nothing}${this.waitingInPanel() ? this.waitingRoom!.render(this.host.t, (id, d) => this.decide(id, d)) : nothing}`;
  }

  private waitingInPanel() {
    return !!(this.classroom?.panelOpen && this.waitingRoom?.items.length);
  }

  /** One side panel at a time (chat, participants, polls), as in Zoom and Teams: the one opened last stays open. */
  private onePanel() {
    const open: Record<string, boolean> = { chat: !!this.chat?.open, participants: !!this.classroom?.panelOpen, polls: !!this.polls?.open };
    const newest = Object.keys(open).find((k) => open[k] && k !== this.sidePanel);
    if (!newest) return void (open[this.sidePanel] || (this.sidePanel = ''));
    this.sidePanel = newest;
    if (this.chat && newest !== 'chat') this.chat.open = false;
    if (this.classroom && newest !== 'participants') this.classroom.panelOpen = false;
    if (this.polls && newest !== 'polls') this.polls.open = false;
  }

  /** The features' part of the room view's props (room-view.ts `RoomViewProps`), for the current render. */
  props(): Partial<RoomViewProps> {
    const t = this.host.t;
    const { chat, polls, pollsView, bandwidth, shortcuts, tools, classroom } = this;
    this.onePanel();
    return {
      waiting: this.waitingInPanel() ? undefined : this.waitingRoom,
      decide: (id, action) => this.decide(id, action),
      chat: chat && { open: chat.open, unread: chat.unread, toggle: () => chat.toggle() },
      chatPanel: chat?.open && this.chatView ? this.chatView.renderChatPanel(chat, t, this.el.language) : undefined,
      tools,
      bandwidth: bandwidth && { mode: bandwidth.mode, auto: bandwidth.auto, choose: (m) => bandwidth.choose(m) },
      shortcuts: shortcuts && {
        help: () => this.openShortcutHelp(),
        dialog:
          this.shortcutHelp && tools
            ? tools.renderShortcutHelp(t, this.shortcutList(), () => ((this.shortcutHelp = false), this.el.requestUpdate()))
            : undefined,
      },
      pollsButton: polls && pollsView ? pollsView.renderPollsButton(polls, t) : undefined,
      pollPanel: polls?.open && pollsView ? pollsView.renderPollPanel(polls, t) : undefined,
      host: this.hostControls && this.hostView?.roomProps(this.hostControls, t),
      classroom: classroom?.controls(),
      participantsPanel: classroom?.panel(),
      decorateTile: classroom && ((v) => classroom.decorate(v)),
    };
  }
}
