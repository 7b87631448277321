/**
 * The classroom chunk of `<video-room>`: raised hands (hands.controller.ts), reactions (reactions.ts) and the
 * participants panel (participants-panel.ts). Loaded while the room connects, in parallel with the in-room chunk
 * (like the chat), so neither the first payload nor what a page needs to be in the room grows with it.
 *
 * `Classroom` ties them to one room session and the element: the buttons of the controls bar (hand, reactions,
 * participants), the panel, what a tile shows (raised hand, reaction burst), the events it fires, and what is
 * announced in the polite live region (hands raised and lowered; joins and leaves are announced by join-flow.ts).
 */
import { html, nothing } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import { RoomEvent, type Room } from 'livekit-client';
import type { VrRole } from '../events/room.js';
import { VrHandLoweredEvent, VrHandRaisedEvent, VrReactionEvent, type VrHand } from '../events/classroom.js';
import enClassroom from '../i18n/en-classroom.js';
import { addDefaults, type TranslationKey } from '../i18n/index.js';
import { HandsController } from './hands.controller.js';
import { participantsOf, renderParticipantsPanel, type ParticipantView } from './participants-panel.js';
import { ReactionsController, renderReactionsControl } from './reactions.js';
import type { TileView } from './session-types.js';
import { icon } from './icons.js';

export { HandsController } from './hands.controller.js';
export { ReactionsController, RateLimiter, REACTIONS, renderReactionsControl } from './reactions.js';
export { participantsOf, renderParticipantsPanel, type ParticipantView, type ParticipantsPanelProps } from './participants-panel.js';
export { default as classroomStyles } from './classroom.styles.js';

addDefaults(enClassroom);

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

const handIcon = icon('M21 7a2 2 0 0 0-4 0v5h-1V4a2 2 0 0 0-4 0v8h-1V2a2 2 0 0 0-4 0v10H6V6a2 2 0 0 0-4 0v10a8 8 0 0 0 8 8h2a9 9 0 0 0 9-9V7Z');
const peopleIcon = icon('M16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm-8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm0 2c-2.3 0-7 1.2-7 3.5V19h14v-2.5C15 14.2 10.3 13 8 13Zm8 0h-1c1.2.8 2 2 2 3.5V19h6v-2.5c0-2.3-4.7-3.5-7-3.5Z');

/** What the classroom needs from the join answer. */
export interface ClassroomSession {
  meeting: { id: string };
  sessionToken: string;
  identity: string;
  name: string;
  role: VrRole;
}

/** The element the classroom draws in and fires its events on (`<video-room>`). */
export type ClassroomElement = Pick<HTMLElement, 'dispatchEvent'> & { requestUpdate(): void; readonly updateComplete: Promise<unknown>; readonly renderRoot: ParentNode };

/** Hands, reactions and the participants panel of one room session. */
export class Classroom {
  readonly hands: HandsController;
  /** Reactions (not for viewers: they may not send data). */
  readonly reactions?: ReactionsController;
  /** The participants panel is open. */
  panelOpen = false;
  /** Extension points of the participants panel (host controls): more actions per row and in its header. */
  rowActions?: (p: ParticipantView) => unknown;
  headerActions?: () => unknown;
  private onChange = () => this.panelOpen && this.changed();
  private static readonly ROOM_EVENTS = [
    RoomEvent.ConnectionQualityChanged,
    RoomEvent.ParticipantAttributesChanged,
    RoomEvent.TrackMuted,
    RoomEvent.TrackUnmuted,
    RoomEvent.TrackPublished,
    RoomEvent.TrackUnpublished,
    RoomEvent.LocalTrackPublished,
    RoomEvent.LocalTrackUnpublished,
  ] as const;

  private stopped = false;

  /**
   * @param el the element: re-rendered on changes, fires `vr-hand-raised`, `vr-hand-lowered`, `vr-reaction`
   * @param announce puts a text in the element's polite live region
   */
  constructor(
    serverUrl: string,
    readonly session: ClassroomSession,
    private room: Room,
    private el: ClassroomElement,
    private t: T,
    private announce: (text: string) => void,
  ) {
    this.hands = new HandsController(serverUrl, session, room, {
      changed: () => this.changed(),
      update: (raised, lowered, byOther) => this.handsChanged(raised, lowered, byOther),
    });
    if (session.role !== 'viewer') {
      this.reactions = new ReactionsController(room, {
        changed: () => this.changed(),
        reaction: (identity, name, emoji) => !this.stopped && el.dispatchEvent(new VrReactionEvent({ identity, name, emoji })),
        opened: () => this.focus('[part~="reaction"]'),
      });
    }
  }

  private changed() {
    if (!this.stopped) this.el.requestUpdate();
  }

  private say(text: string) {
    if (this.stopped) return;
    this.announce(text);
    this.el.requestUpdate();
  }

  /** Once rendered, move the focus to the first element matching `selector`. */
  private focus(selector: string) {
    void this.el.updateComplete.then(() => !this.stopped && this.el.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  start(): void {
    this.hands.start();
    this.el.requestUpdate();
    this.reactions?.start();
    for (const ev of Classroom.ROOM_EVENTS) this.room.on(ev, this.onChange);
  }

  stop(): void {
    this.stopped = true;
    this.hands.stop();
    this.reactions?.stop();
    for (const ev of Classroom.ROOM_EVENTS) this.room.off(ev, this.onChange);
  }

  private handsChanged(raised: VrHand[], lowered: VrHand[], byOther: boolean) {
    const me = this.session.identity;
    const said: string[] = [];
    if (this.stopped) return;
    for (const h of lowered) {
      this.el.dispatchEvent(new VrHandLoweredEvent(h));
      if (h.identity !== me) said.push(this.t('hands.loweredFor', { name: h.name }));
      else said.push(this.t(byOther ? 'hands.loweredByModerator' : 'hands.youLowered'));
    }
    for (const h of raised) {
      this.el.dispatchEvent(new VrHandRaisedEvent(h));
      said.push(h.identity === me ? this.t('hands.youRaised', { position: h.position }) : this.t('hands.raisedBy', { name: h.name, position: h.position }));
    }
    if (said.length) this.say(said.join('. '));
  }

  /** Raise or lower our hand (the hand button); a failure is announced. A click while a change is on its way is ignored. */
  async toggleHand(): Promise<void> {
    if (!this.hands.busy && !(await this.hands.toggle())) this.say(this.t('hands.failed'));
  }

  /** Open, close (or toggle) the participants panel; opening moves the focus to its heading. */
  toggleParticipants(open = !this.panelOpen): void {
    this.panelOpen = open;
    this.changed();
    if (open) this.focus('#vr-participants-title');
  }

  /**
   * A camera tile with its raised hand (`data-hand`, `tile-hand`) and reaction burst (`tile-reaction`: a new element
   * per reaction, so its animation starts again).
   */
  decorate(v: TileView): TileView {
    if (v.source !== 'camera') return v;
    const hand = this.hands.position(v.identity);
    const reaction = this.reactions?.burst(v.identity);
    if (!hand && !reaction) return v;
    const label = this.t('hands.position', { position: hand });
    return {
      ...v,
      hand,
      badges: html`${hand ? html`<span part="tile-hand" class="tile-hand" role="img" aria-label=${label} title=${label}>✋ ${hand}</span>` : nothing}
      ${repeat(reaction ? [reaction] : [], (r) => r.id, (r) => html`<span part="tile-reaction" class="tile-reaction" aria-hidden="true">${r.emoji}</span>`)}`,
    };
  }

  /** The panel's rows now. */
  people(): ParticipantView[] {
    return participantsOf(this.room, this.hands.items, this.session.role);
  }

  /**
   * Buttons for the controls bar: raise hand (`control-hand`, `aria-pressed` = raised), reactions
   * (`control-reactions` and its menu; not for viewers), participants (`control-participants`, `aria-pressed` =
   * panel open; its name, with the count, from the visually hidden `participants-label` — not an `aria-label`, which
   * would not hold the visible counts `participants-count` and `hands-count`: axe's label-content-name-mismatch).
   */
  controls(): unknown {
    const t = this.t;
    const h = this.hands;
    const count = this.room.remoteParticipants.size + 1;
    const raised = h.items.length;
    const label = this.hands.moderator && raised ? t('participants.openHands', { count, hands: raised }) : t('participants.open', { count });
    return html`<button type="button" part="control control-hand" class="round" aria-label=${t('hands.raise')} title=${t('hands.raise')}
        aria-pressed=${String(h.raised)} ?data-busy=${h.busy} @click=${() => void this.toggleHand()}>${handIcon}</button>
      ${this.reactions ? renderReactionsControl(this.reactions, t) : nothing}
      <button type="button" part="control control-participants" class="round" title=${label}
        aria-pressed=${String(this.panelOpen)} @click=${() => this.toggleParticipants()}>
        <span part="participants-label" class="sr-only">${label}</span>${peopleIcon}<span part="participants-count" class="count" aria-hidden="true">${count > 999 ? '999+' : count}</span>
        ${this.hands.moderator && raised ? html`<span part="hands-count" class="count hands-count" aria-hidden="true">✋${raised}</span>` : nothing}
      </button>`;
  }

  /** The participants panel while open, else `undefined`. */
  panel(): unknown {
    if (!this.panelOpen) return undefined;
    return renderParticipantsPanel(
      {
        people: this.people(),
        moderator: this.hands.moderator,
        lowerHand: (identity) => void this.hands.lower(identity),
        lowerAll: () => void this.hands.lowerAll(),
        close: () => this.toggleParticipants(false),
        rowActions: this.rowActions,
        headerActions: this.headerActions?.(),
      },
      this.t,
    );
  }
}
