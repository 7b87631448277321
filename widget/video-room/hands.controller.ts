/**
 * Raised hands of `<video-room>` (lazy, in the classroom chunk): the server keeps the queue, LiveKit carries its
 * changes.
 *
 * - Raise / lower our own hand: `POST` / `DELETE {server}/api/v1/meetings/{id}/hands[/{identity}]` with our room
 *   session; moderators lower anyone's hand, or every hand (`DELETE …/hands`). The answer is the queue.
 * - Changes: the server announces the whole queue with its version on the LiveKit data topic `vr.hands` (reliable).
 *   Only packets from the server (no participant) are trusted; a queue older than the one shown is ignored; a
 *   `truncated` announcement (a queue too large for one packet) is read over HTTP.
 * - On start and after a reconnection the queue is read over HTTP (`GET …/hands`): packets sent while we were away
 *   are not replayed by LiveKit.
 */
import { RoomEvent, type Room } from 'livekit-client';
import type { VrRole } from '../events/room.js';
import type { VrHand } from '../events/classroom.js';
import { RoomActivity, serverPackets } from './room-api.js';

/** LiveKit data topic of the server's queue announcements. */
export const HANDS_TOPIC = 'vr.hands';

/** What the hands need from the join answer. */
export interface HandsSession {
  meeting: { id: string };
  sessionToken: string;
  identity: string;
  role: VrRole;
}

/** What the hands tell the element. */
export interface HandsHost {
  /** Something visible changed: re-render. */
  changed(): void;
  /**
   * The queue changed: `raised` hands went up, `lowered` ones left it (not called for the queue found on start).
   * `loweredByOther`: our own hand was lowered by someone else (a moderator).
   */
  update(raised: VrHand[], lowered: VrHand[], loweredByOther: boolean): void;
}

/** Why the last change of our own hand failed (`''`: it did not). */
export type HandsError = 'failed' | '';

const valid = (h: unknown): h is VrHand =>
  !!h && typeof (h as VrHand).identity === 'string' && typeof (h as VrHand).name === 'string' && Number.isInteger((h as VrHand).position);

/** The queue of raised hands for one room session, and our own hand's actions. */
export class HandsController extends RoomActivity<HandsSession, HandsHost> {
  protected readonly feature = 'hands';
  /** Raised hands, first raised first. */
  items: VrHand[] = [];
  /** Version of the queue shown (-1: none read yet). */
  version = -1;
  /** A change of our own hand is on its way. */
  busy = false;
  error: HandsError = '';
  /** A lowering of ours on its way (so that its announcement is not taken for a moderator's). */
  private lowering = false;
  private onData = serverPackets((t) => t === HANDS_TOPIC, (data) => this.serverData(data));
  private onReconnected = () => void this.refresh();
  /** The first read of the queue (a change of ours waits for it, so that its answer is not taken for the first read). */
  private loaded: Promise<void> = Promise.resolve();

  /** Our own hand is up. */
  get raised(): boolean {
    return this.position(this.session.identity) > 0;
  }

  /** Place of `identity`'s hand in the queue (1 = first), 0 when not raised. */
  position(identity: string): number {
    return this.items.find((h) => h.identity === identity)?.position ?? 0;
  }

  /** Listen to the server's announcements and read the queue. */
  start(): void {
    this.listen(RoomEvent.DataReceived, this.onData);
    this.listen(RoomEvent.Reconnected, this.onReconnected);
    this.loaded = this.refresh();
  }

  /** Read the queue from the server (on start, after a reconnection, after a truncated announcement). */
  async refresh(): Promise<void> {
    const res = await this.api.call('').catch(() => null);
    if (!res?.ok || this.stopped) return;
    this.apply(await res.json().catch(() => null));
  }

  /**
   * Show `q` (`{version, items}`) unless an equal or newer queue is shown. Changes against the queue shown go to
   * `host.update` (except for the first queue read).
   */
  apply(q: { version?: unknown; items?: unknown } | null): void {
    if (!q || typeof q.version !== 'number' || !Array.isArray(q.items) || q.version <= this.version) return;
    const first = this.version < 0;
    const before = this.items;
    const items = q.items.filter(valid).map(({ identity, name, position }) => ({ identity, name, position }));
    this.version = q.version;
    this.items = items;
    if (!first) {
      const raised = items.filter((h) => !before.some((b) => b.identity === h.identity));
      const lowered = before.filter((b) => !items.some((h) => h.identity === b.identity));
      const mine = lowered.some((h) => h.identity === this.session.identity);
      if (raised.length || lowered.length) this.host.update(raised, lowered, mine && !this.lowering);
    }
    this.host.changed();
  }

  /** Packets on `vr.hands` from the server (no participant): the queue, or a note that it is too large to send. */
  private serverData(data: { version?: unknown; items?: unknown; truncated?: unknown }) {
    if (data.truncated === true && typeof data.version === 'number' && data.version > this.version) void this.refresh();
    else this.apply(data);
  }

  private async change(path: string, method: string, own: boolean): Promise<boolean> {
    if (own) {
      if (this.busy) return false;
      this.busy = true;
      this.error = '';
      this.host.changed();
    }
    // Our own lowering (of our hand, or of every hand) is not "a moderator lowered your hand".
    if (method === 'DELETE') this.lowering = true;
    try {
      await this.loaded;
      const res = await this.api.call(path, method).catch(() => null);
      if (!res?.ok) {
        if (own) this.error = 'failed';
        return false;
      }
      this.apply(await res.json().catch(() => null));
      return true;
    } finally {
      this.lowering = false;
      if (own) this.busy = false;
      this.host.changed();
    }
  }

  /** Raise our hand, or lower it when it is up. Resolves whether the server took it. */
  async toggle(): Promise<boolean> {
    return this.raised ? this.change(`/${encodeURIComponent(this.session.identity)}`, 'DELETE', true) : this.change('', 'POST', true);
  }

  /** Moderators (or anyone, for their own): lower `identity`'s hand. */
  lower(identity: string): Promise<boolean> {
    if (identity === this.session.identity) return this.raised ? this.toggle() : Promise.resolve(true);
    return this.change(`/${encodeURIComponent(identity)}`, 'DELETE', false);
  }

  /** Moderators: lower every hand. */
  lowerAll(): Promise<boolean> {
    return this.change('', 'DELETE', false);
  }
}
