/**
 * Reactions of `<video-room>` (lazy, in the classroom chunk): a small fixed set of emoji, sent to the room as LiveKit
 * data (topic `vr.reaction`, lossy: a lost reaction does not matter) and shown as a short burst on the sender's tile.
 *
 * Rate limited twice: the sender sends at most `SEND_LIMIT` per second, and every receiver drops what a sender sends
 * beyond `RECEIVE_LIMIT` per second (an edited page cannot flood the others). Anything that is not one of
 * `REACTIONS` is dropped. Not stored by the server.
 */
import { html, nothing } from 'lit/html.js';
import { RoomEvent, type Participant, type Room } from 'livekit-client';
import type { TranslationKey } from '../i18n/index.js';

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** LiveKit data topic of reactions. */
export const REACTION_TOPIC = 'vr.reaction';
/** The reactions offered, with the key of their spoken label. */
export const REACTIONS = [
  ['👍', 'reactions.thumbsUp'],
  ['👏', 'reactions.clap'],
  ['😂', 'reactions.laugh'],
  ['😮', 'reactions.surprised'],
  ['❤️', 'reactions.heart'],
  ['🎉', 'reactions.party'],
] as const satisfies readonly (readonly [string, TranslationKey])[];
const EMOJI: ReadonlySet<string> = new Set(REACTIONS.map(([e]) => e));
/** Reactions one person may send per second. */
export const SEND_LIMIT = 3;
/** Reactions shown per sender per second (a little over SEND_LIMIT: packets bunch up on the way). */
export const RECEIVE_LIMIT = 5;
/** How long a burst stays on a tile, ms. */
export const BURST_MS = 2500;

/** At most `max` events per key in any `windowMs` (a sliding window of the last `max` instants). */
export class RateLimiter {
  private seen = new Map<string, number[]>();
  constructor(
    private max: number,
    private windowMs = 1000,
  ) {}

  /** Whether one more event of `key` at `now` (ms) is within the limit; counts it when it is. */
  allow(key: string, now = performance.now()): boolean {
    const times = (this.seen.get(key) ?? []).filter((x) => now - x < this.windowMs);
    if (times.length >= this.max) {
      this.seen.set(key, times);
      return false;
    }
    times.push(now);
    this.seen.set(key, times);
    return true;
  }
}

/** What the reactions tell the element. */
export interface ReactionsHost {
  changed(): void;
  /** A reaction is shown (ours included): fire `vr-reaction`. */
  reaction(identity: string, name: string, emoji: string): void;
  /** The menu opened: move the focus into it. */
  opened?(): void;
}

/** The burst shown on one tile: the emoji, and a number that changes with every reaction (restarts the animation). */
export interface Burst {
  emoji: string;
  id: number;
}

/** Send and show reactions in one room session. */
export class ReactionsController {
  /** The reactions menu is open. */
  open = false;
  private bursts = new Map<string, Burst & { timer: ReturnType<typeof setTimeout> }>();
  private sendLimit = new RateLimiter(SEND_LIMIT);
  private receiveLimit = new RateLimiter(RECEIVE_LIMIT);
  private next = 1;
  private onData = (payload: Uint8Array, p?: Participant, _kind?: unknown, topic?: string) => this.receive(payload, p, topic);

  constructor(
    private room: Pick<Room, 'on' | 'off' | 'localParticipant'>,
    private host: ReactionsHost,
  ) {}

  start(): void {
    this.room.on(RoomEvent.DataReceived, this.onData);
  }

  stop(): void {
    this.room.off(RoomEvent.DataReceived, this.onData);
    for (const b of this.bursts.values()) clearTimeout(b.timer);
    this.bursts.clear();
  }

  /** The burst on `identity`'s tile now, if any. */
  burst(identity: string): Burst | undefined {
    const b = this.bursts.get(identity);
    return b && { emoji: b.emoji, id: b.id };
  }

  /** Open, close (or toggle) the menu; opening moves the focus to its first reaction. */
  toggle(open = !this.open): void {
    this.open = open;
    this.host.changed();
    if (open) this.host.opened?.();
  }

  /**
   * Send `emoji` to the room and show it on our tile.
   * @returns false when over the rate limit or not one of `REACTIONS` (nothing sent)
   */
  send(emoji: string): boolean {
    if (!EMOJI.has(emoji) || !this.sendLimit.allow('')) return false;
    const lp = this.room.localParticipant;
    lp.publishData(new TextEncoder().encode(JSON.stringify({ emoji })), { reliable: false, topic: REACTION_TOPIC }).catch(() => {});
    this.show(lp.identity, lp.name || lp.identity, emoji);
    return true;
  }

  private receive(payload: Uint8Array, p: Participant | undefined, topic: string | undefined) {
    if (topic !== REACTION_TOPIC || !p) return;
    let emoji: unknown;
    try {
      emoji = JSON.parse(new TextDecoder().decode(payload))?.emoji;
    } catch {
      return;
    }
    if (typeof emoji !== 'string' || !EMOJI.has(emoji) || !this.receiveLimit.allow(p.identity)) return;
    this.show(p.identity, p.name || p.identity, emoji);
  }

  private show(identity: string, name: string, emoji: string) {
    clearTimeout(this.bursts.get(identity)?.timer);
    const id = this.next++;
    const timer = setTimeout(() => {
      if (this.bursts.get(identity)?.id !== id) return;
      this.bursts.delete(identity);
      this.host.changed();
    }, BURST_MS);
    this.bursts.set(identity, { emoji, id, timer });
    this.host.reaction(identity, name, emoji);
    this.host.changed();
  }
}

/** Move the focus among the menu's buttons with the arrow keys, Home and End; Escape closes it (toolbar pattern). */
function menuKeys(e: KeyboardEvent, close: () => void) {
  const buttons = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('button')];
  const at = buttons.indexOf((e.target as HTMLElement).closest('button')!);
  const rtl = getComputedStyle(e.currentTarget as HTMLElement).direction === 'rtl';
  const step: Record<string, number> = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowDown: 1, ArrowUp: -1 };
  let to = -1;
  if (e.key in step) to = (at + step[e.key]! + buttons.length) % buttons.length;
  else if (e.key === 'Home') to = 0;
  else if (e.key === 'End') to = buttons.length - 1;
  else if (e.key === 'Escape') {
    e.preventDefault();
    close();
    return;
  } else return;
  e.preventDefault();
  buttons[to]?.focus();
}

/**
 * The Reactions button (`control-reactions`, `aria-expanded`) and, while open, its menu (`reactions-menu`, a
 * labelled toolbar of `reaction` buttons, each with `data-emoji`). Escape closes the menu and returns to the button.
 */
export function renderReactionsControl(r: ReactionsController, t: T) {
  const close = (e: Event) => {
    const root = (e.currentTarget as HTMLElement).getRootNode() as ParentNode;
    r.toggle(false);
    root.querySelector<HTMLElement>('[part~="control-reactions"]')?.focus();
  };
  return html`<span class="reactions">
    <button type="button" part="control control-reactions" class="round" aria-label=${t('reactions.open')} title=${t('reactions.open')}
      aria-expanded=${String(r.open)} aria-controls="vr-reactions-menu" @click=${() => r.toggle()}>
      <span aria-hidden="true">😀</span>
    </button>
    ${r.open
      ? html`<div id="vr-reactions-menu" part="reactions-menu" class="reactions-menu" role="toolbar" aria-label=${t('reactions.open')}
          @keydown=${(e: KeyboardEvent) => menuKeys(e, () => close(e))}>
          ${REACTIONS.map(
            ([emoji, key]) => html`<button type="button" part="reaction" data-emoji=${emoji} aria-label=${t(key)} title=${t(key)} @click=${() => r.send(emoji)}>
              <span aria-hidden="true">${emoji}</span>
            </button>`,
          )}
        </div>`
      : nothing}
  </span>`;
}
