/**
 * The join flow of `<video-room>` as a Lit reactive controller, the part that ships in the first script payload:
 * it checks the pre-join form, sends the join request the moment Join is pressed, and loads the lazy join chunk
 * (`join-flow.ts`: joining, waiting room, room session, every screen after the pre-join one) and the in-room chunk
 * (`room-view.ts`, with livekit-client) — on intent (pointer down on, or focus of, Join), when the browser is idle
 * (`preload="auto"`), or at the latest on Join.
 */
import type { ReactiveController } from 'lit';
import { t } from '../i18n/index.js';
import type { JoinRequest } from './join-api.js';
import type { JoinFlow } from './join-flow.js';
import type { PrejoinController } from './prejoin.controller.js';
import { sendJoin } from './join-request.js';
import type * as RoomView from './room-view.js';
import type { VideoRoom } from './video-room.js';

/** Origin the script was loaded from: the default meeting server. */
const scriptOrigin = (() => {
  try {
    return new URL(import.meta.url).origin;
  } catch {
    return location.origin;
  }
})();

/**
 * Loads and starts the join flow of one `<video-room>`; `flow` is the lazy part once loaded (it then is a
 * controller of the element too).
 */
export class JoinController implements ReactiveController {
  /** The join chunk's controller: everything from Join on (created when the user starts to join). */
  flow?: JoinFlow;
  private flowLoad?: Promise<JoinFlow>;
  /** A join started and waits for the join chunk (the state changes once it is there). */
  private starting = false;

  /**
   * @param host the element (its public properties and `language`).
   * @param prejoin the element's pre-join state (the form is checked, its messages set, from here).
   */
  constructor(
    private host: VideoRoom,
    private prejoin: PrejoinController,
  ) {
    host.addController(this);
  }

  /** The element is on the page: with `preload="auto"` and something to join with, load the join code when idle. */
  hostConnected(): void {
    const host = this.host;
    // A page that exists to join: load what Join needs while the user looks at the preview.
    if (host.state === 'prejoin' && host.preload === 'auto' && (host.ticket || host.code)) {
      (window.requestIdleCallback ?? setTimeout)(() => host.isConnected && this.preload());
    }
  }

  /** The join chunk's controller, loading the chunk the first time. Rejects when it cannot be loaded (asked again next time). */
  load(): Promise<JoinFlow> {
    if (!this.flowLoad) {
      this.flowLoad = import('./join-flow.js').then(
        (m) => (this.flow ??= new m.JoinFlow(this.host, this.prejoin, this)),
        (e) => {
          this.flowLoad = undefined;
          throw e;
        },
      );
    }
    return this.flowLoad;
  }

  /** The in-room chunk (livekit-client). */
  loadRoomView(): Promise<typeof RoomView> {
    return import('./room-view.js');
  }

  /**
   * Start loading the join chunk, and the in-room chunk when there is something to join with. `intent`: the user
   * starts to join (nothing is loaded then with `preload="none"`).
   */
  preload(intent?: boolean): void {
    const host = this.host;
    if (intent && host.preload === 'none') return;
    this.load().catch(() => {});
    if (host.ticket || host.code) this.loadRoomView().catch(() => {});
  }

  /** See `VideoRoom.join`. */
  async join(): Promise<void> {
    const host = this.host;
    const p = this.prejoin;
    if (['connecting', 'waiting', 'connected', 'reconnecting'].includes(host.state) || this.starting) return;
    const name = p.displayName.trim();
    if (!host.ticket && host.code && !name) {
      p.formError = t('prejoin.nameRequired', undefined, host.language);
      host.requestUpdate();
      host.renderRoot.querySelector<HTMLInputElement>('[part~=name-input]')?.focus();
      return;
    }
    p.formError = '';
    const body: JoinRequest | undefined = host.ticket
      ? { ticket: host.ticket }
      : host.code
        ? { code: host.code, name, ...(p.password ? { password: p.password } : {}) }
        : undefined;
    // Send the join request now, while the join chunk (and livekit-client) load: nothing waits for nothing.
    const server = host.serverUrl || scriptOrigin;
    const sent = body && sendJoin(server, body);
    sent?.catch(() => {});
    // Still inside the click, so audio may play later (~10 ms: after the request is on its way, not before).
    unlockAudio();
    this.preload();
    let flow: JoinFlow;
    this.starting = true;
    try {
      flow = await this.load();
    } catch {
      // The join chunk did not load (network): say so on the pre-join screen; Join may be pressed again.
      p.formError = t('error.network', undefined, host.language);
      host.requestUpdate();
      return;
    } finally {
      this.starting = false;
    }
    return flow.join(server, body, sent);
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
