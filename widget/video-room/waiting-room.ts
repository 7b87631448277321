/**
 * The waiting room, both sides (its own lazy chunk: only a guest told to wait, or a host or moderator of a meeting with
 * a waiting room once in the room, loads it; the first tiles do not wait for it).
 * - Guest side (`GuestWait`): asks again with the wait token until a host lets the guest in or not.
 * - Host side (`WaitingRoom`): polls the guests waiting to be let in (`GET {server}/api/v1/waiting-room/{meetingId}`),
 *   admits or denies them, and renders the list. Every call carries `Authorization: Bearer {moderationToken}` (from
 *   the host's or moderator's join answer).
 */
import { css } from '@lit/reactive-element/css-tag.js';
import { html } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { VrWaitingRequest } from '../events/classroom.js';
import enWaiting from '../i18n/en-waiting.js';
import { addDefaults, type TranslationKey } from '../i18n/index.js';
import { JoinError, requestJoin, type JoinAnswer, type WaitingAnswer } from './join-api.js';

addDefaults(enWaiting);

/** How often a guest in the waiting room asks again (ms). */
const WAIT_POLL_MS = 2000;

/**
 * Guest in the waiting room: asks `POST {server}/api/v1/join` again with the wait token every 2 s until a host lets
 * us in or not. An unreachable server (or a 5xx) is asked again until the wait token expires.
 */
export class GuestWait {
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  private done?: () => void;

  constructor(
    private server: string,
    private first: WaitingAnswer,
  ) {}

  /**
   * Resolves with the join answer once a host let us in, `undefined` when `cancel()`ed; rejects with the server's
   * JoinError (e.g. `join_denied`, `wait_expired`).
   */
  result(): Promise<JoinAnswer | undefined> {
    let token = this.first.waitToken;
    let expires = Date.parse(this.first.expiresAt);
    return new Promise((resolve, reject) => {
      this.done = () => resolve(undefined);
      const ask = () => {
        this.timer = setTimeout(async () => {
          try {
            const a = await requestJoin(this.server, { waitToken: token });
            if (this.stopped) return;
            if (!('waitToken' in a)) return resolve(a);
            token = a.waitToken;
            expires = Date.parse(a.expiresAt) || expires;
            ask();
          } catch (e) {
            if (this.stopped) return;
            if (!(e instanceof JoinError && (e.code === 'network' || e.status >= 500))) return reject(e);
            if (Date.now() < expires || Number.isNaN(expires)) ask();
            else reject(new JoinError('wait_expired', '', 401));
          }
        }, WAIT_POLL_MS);
      };
      ask();
    });
  }

  /** Stop asking; `result()` resolves `undefined`. */
  cancel(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.done?.();
  }
}

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** What the waiting-room poller tells the element. */
export interface WaitingRoomHost {
  /** The list changed (`items`, oldest first); `arrived` = the requests never seen before. */
  changed(items: VrWaitingRequest[], arrived: VrWaitingRequest[]): void;
}

/** An admit/deny call the server refused or that did not reach it. */
export class WaitingRoomError extends Error {
  constructor(readonly status: number) {
    super(`waiting-room call failed (${status || 'network'})`);
  }
}

const valid = (i: unknown): i is VrWaitingRequest =>
  !!i && typeof (i as VrWaitingRequest).id === 'string' && typeof (i as VrWaitingRequest).name === 'string';

/** Polls the pending join requests of a meeting every `interval` ms until `stop()`; admits and denies them. */
export class WaitingRoom {
  /** Pending requests, oldest first. */
  items: VrWaitingRequest[] = [];
  private seen = new Set<string>();
  /** Requests decided here: left out of later answers that were on their way. */
  private decided = new Set<string>();
  private pending = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  private gen = 0;
  private stopped = false;
  private base: string;

  constructor(
    serverUrl: string,
    meetingId: string,
    private token: string,
    private host: WaitingRoomHost,
    private interval = 3000,
  ) {
    this.base = new URL(`api/v1/waiting-room/${encodeURIComponent(meetingId)}`, serverUrl.replace(/\/?$/, '/')).href;
  }

  /** The waiting list, rendered (`renderWaitingList`): the room view calls this, so it needs no import of this chunk. */
  render(t: T, decide: (id: string, action: 'admit' | 'deny') => void): unknown {
    return renderWaitingList(this, t, decide);
  }

  /** Fetch the list now, then every `interval` ms. */
  start(): void {
    this.stopped = false;
    void this.poll();
  }

  /** Stop polling (answers still on their way are ignored). */
  stop(): void {
    this.stopped = true;
    this.gen++;
    clearTimeout(this.timer);
  }

  /** An admit/deny call for this request is on its way. */
  busy(id: string): boolean {
    return this.pending.has(id);
  }

  /**
   * Let a guest in (`admit`) or turn them away (`deny`), then refresh the list.
   * A request the server no longer knows (404/409/410: decided elsewhere, or the guest gave up) just leaves the list.
   * @throws WaitingRoomError when the server could not be reached or refused (the row stays).
   */
  async decide(id: string, action: 'admit' | 'deny'): Promise<void> {
    if (this.pending.has(id)) return;
    this.pending.add(id);
    try {
      const res = await this.call(`/${encodeURIComponent(id)}/${action}`, 'POST').catch(() => null);
      if (!res || (!res.ok && ![404, 409, 410].includes(res.status))) throw new WaitingRoomError(res?.status ?? 0);
      this.decided.add(id);
      this.set(this.items);
    } finally {
      this.pending.delete(id);
    }
    if (!this.stopped) void this.poll();
  }

  private call(path: string, method: 'GET' | 'POST'): Promise<Response> {
    return fetch(this.base + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
      credentials: 'omit',
      signal: AbortSignal.timeout(10_000),
    });
  }

  /** One round: fetch the list, then schedule the next round (a newer round supersedes this one). */
  private async poll() {
    const gen = ++this.gen;
    clearTimeout(this.timer);
    let again = true;
    try {
      const res = await this.call('', 'GET');
      // The token is refused or the meeting is gone: asking again cannot help.
      if ([401, 403, 404].includes(res.status)) again = false;
      const json = res.ok ? await res.json() : null;
      if (gen === this.gen && Array.isArray(json?.items)) this.set(json.items.filter(valid));
    } catch {
      /* network trouble: try again next round */
    }
    if (gen !== this.gen) return;
    if (again) this.timer = setTimeout(() => void this.poll(), this.interval);
    else this.stop();
  }

  private set(list: VrWaitingRequest[]) {
    const items = list.filter((i) => !this.decided.has(i.id)).map(({ id, name }) => ({ id, name }));
    const arrived = items.filter((i) => !this.seen.has(i.id));
    for (const i of arrived) this.seen.add(i.id);
    const same = items.length === this.items.length && items.every((i, n) => i.id === this.items[n]!.id && i.name === this.items[n]!.name);
    this.items = items;
    if (!same) this.host.changed(items, arrived);
  }
}

/**
 * Render the waiting list (`part="waiting-list"`, a labelled region): one `waiting-item` row per request with
 * `data-request-id`, the name (`waiting-name`), and Admit / Deny buttons (`admit-button`, `deny-button`).
 */
export function renderWaitingList(w: WaitingRoom, t: T, decide: (id: string, action: 'admit' | 'deny') => void) {
  return html`<section part="waiting-list" class="waiting" role="region" aria-labelledby="vr-waiting-title">
    <h3 id="vr-waiting-title">${t('waitingRoom.title', { count: w.items.length })}</h3>
    <ul>
      ${repeat(
        w.items,
        (i) => i.id,
        (i) => html`<li part="waiting-item" data-request-id=${i.id}>
          <span part="waiting-name">${i.name}</span>
          <button type="button" part="admit-button" class="primary" aria-label=${t('waitingRoom.admitName', { name: i.name })} ?disabled=${w.busy(i.id)} @click=${() => decide(i.id, 'admit')}>
            ${t('waitingRoom.admit')}
          </button>
          <button type="button" part="deny-button" aria-label=${t('waitingRoom.denyName', { name: i.name })} ?disabled=${w.busy(i.id)} @click=${() => decide(i.id, 'deny')}>
            ${t('waitingRoom.deny')}
          </button>
        </li>`,
      )}
    </ul>
  </section>`;
}

/** Styles of the waiting list, adopted by the element with this chunk. */
export const waitingStyles = css`
  .waiting { position: absolute; inset-block-start: 12px; inset-inline-end: 12px; z-index: 3; width: min(320px, calc(100% - 24px)); max-height: calc(100% - 96px); overflow: auto; background: var(--_surface); border-radius: var(--_radius); padding: 12px; box-shadow: 0 4px 16px rgb(0 0 0 / 0.4); }
  .waiting h3 { margin: 0 0 8px; font-size: 1em; }
  .waiting ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
  [part~='waiting-item'] { display: flex; gap: 8px; align-items: center; }
  [part~='waiting-name'] { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .waiting button { padding: 6px 12px; }
  [part~='deny-button'] { background: color-mix(in srgb, var(--_text) 12%, transparent); }
`;
