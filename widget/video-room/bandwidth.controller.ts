/**
 * Low-bandwidth modes of the in-room view (lazy: the view-tools chunk, view-tools.ts, started once in the room; the
 * stored choice itself applies from the first subscription, see bandwidth-mode.ts and room-session.ts):
 * - `normal`: video as the layout needs it;
 * - `data-saver`: our camera sent on its lowest simulcast layer only; no incoming video but the active speaker's and
 *   screen shares (at their lowest layer);
 * - `audio-only`: no video sent (camera and screen share stop) or received.
 * The user picks one (remembered in this browser's localStorage, key `vr-bandwidth`); or, when LiveKit reports our
 * connection quality as Poor for `delay` ms (default 10 s; the element's `poor-connection-delay`), the controller
 * steps down by itself — normal → data saver, and if still Poor for as long again, → audio only — and says so in a
 * notice with a way back. Turning the camera on in audio only goes back to normal. An automatic switch is not remembered; after the user went back, it does not happen again
 * in this room session.
 */
import { ConnectionQuality, RoomEvent, Track, type Participant, type Room, type TrackPublication } from 'livekit-client';
import type { BandwidthMode } from './bandwidth-mode.js';

export type { BandwidthMode };

/** The modes from most to least video (the automatic switch steps down this list). */
const MODES: readonly BandwidthMode[] = ['normal', 'data-saver', 'audio-only'];

/** Default time (ms) of Poor connection quality before the automatic switch. */
export const POOR_DELAY_MS = 10_000;

/** What the controller needs from the element and the session. */
export interface BandwidthHost {
  /** Apply `mode` to the room (subscriptions, what we send). */
  apply(mode: BandwidthMode): void;
  /** The mode changed (`auto`: switched by the controller): re-render, tell the page. */
  changed(mode: BandwidthMode, auto: boolean): void;
  /** Time (ms) of Poor quality before switching; 0 or less: never switch automatically. */
  delay(): number;
  /** The user's stored choice (bandwidth-mode.ts `storedMode`, in the in-room chunk). */
  stored(): BandwidthMode;
  /** Remember the user's choice in this browser (bandwidth-mode.ts `rememberMode`). */
  remember(mode: BandwidthMode): void;
}

/** Bandwidth mode of one room session. */
export class BandwidthController {
  mode: BandwidthMode = 'normal';
  /** The current mode was chosen by the controller (Poor connection), not the user. */
  auto = false;
  private timer?: ReturnType<typeof setTimeout>;
  private autoAllowed = true;
  private onQuality = (q: ConnectionQuality, p: Participant) => {
    if (p === this.room.localParticipant) this.quality(q);
  };

  /** The user turned the camera on in audio only: they want video again (back to normal). */
  private onCamera = (pub: TrackPublication, p: Participant) => {
    if (p === this.room.localParticipant && this.mode === 'audio-only' && pub.source === Track.Source.Camera && !pub.isMuted) this.choose('normal');
  };

  constructor(
    private room: Room,
    private host: BandwidthHost,
  ) {}

  /** Apply the stored choice and start watching the connection quality. */
  start(): void {
    this.mode = this.host.stored();
    this.host.apply(this.mode);
    if (this.mode !== 'normal') this.host.changed(this.mode, false);
    this.room.on(RoomEvent.ConnectionQualityChanged, this.onQuality);
    this.room.on(RoomEvent.LocalTrackPublished, this.onCamera).on(RoomEvent.TrackUnmuted, this.onCamera);
    // The camera may have been published before this chunk started (it loads while the room connects): in audio
    // only, that is the user turning it on, as `onCamera` would have seen it.
    const lp = this.room.localParticipant;
    const cam = lp.getTrackPublication(Track.Source.Camera);
    if (cam) this.onCamera(cam, lp);
    this.quality(lp.connectionQuality);
  }

  /** Stop watching (leaving the room). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.room.off(RoomEvent.ConnectionQualityChanged, this.onQuality);
    this.room.off(RoomEvent.LocalTrackPublished, this.onCamera).off(RoomEvent.TrackUnmuted, this.onCamera);
  }

  /** The user picks `mode` (remembered in this browser). */
  choose(mode: BandwidthMode): void {
    if (!MODES.includes(mode)) return;
    // Back to more video after an automatic switch: the user decided, do not switch again in this session.
    if (this.auto && MODES.indexOf(mode) < MODES.indexOf(this.mode)) this.autoAllowed = false;
    this.host.remember(mode);
    this.set(mode, false);
  }

  private set(mode: BandwidthMode, auto: boolean) {
    const changed = mode !== this.mode || auto !== this.auto;
    this.mode = mode;
    this.auto = auto;
    this.host.apply(mode);
    if (changed) this.host.changed(mode, auto);
    this.quality(this.room.localParticipant.connectionQuality);
  }

  private quality(q: ConnectionQuality) {
    const poor = q === ConnectionQuality.Poor;
    const delay = this.host.delay();
    if (!poor || !this.autoAllowed || delay <= 0 || this.mode === 'audio-only') {
      clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.room.localParticipant.connectionQuality !== ConnectionQuality.Poor) return;
      this.set(this.mode === 'normal' ? 'data-saver' : 'audio-only', true);
    }, delay);
  }
}
