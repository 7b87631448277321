/**
 * The in-room core: owns the livekit-client `Room`, turns its events into plain view data and callbacks.
 * Loaded lazily (dynamic import on Join), together with livekit-client.
 */
import { DisconnectReason, LocalAudioTrack, LocalVideoTrack, Room, RoomEvent, Track, VideoQuality } from 'livekit-client';
import type { Participant, TrackPublication } from 'livekit-client';
import { storedMode, type BandwidthMode } from './bandwidth-mode.js';
import type { EndReason, SessionHost, TileView } from './session-types.js';

const ATTR = 'data-track';

export class RoomSession {
  /**
   * The livekit-client room (exposed for integrators who need more). Two peer connections (publisher, subscriber)
   * rather than livekit-client's default single one: the single-connection path builds the peer connection and its
   * offer before the signalling WebSocket opens, all on the page's main thread. Six interleaved pairs of
   * `bench/join-time.ts` (10 joins each): click → connected median 0.42 s vs 0.45 s on a page that preloads, 0.52 s
   * vs 0.66 s on one that loads livekit-client on Join; first remote frame and the others seeing us unchanged.
   */
  readonly room = new Room({ adaptiveStream: true, dynacast: true, singlePeerConnection: false });
  private tracks = new Map<string, Track>();
  private attached = new Map<HTMLMediaElement, Track>();
  private leaving = false;
  /**
   * Keys (`source:identity`, as `TileView.key`) of the video tiles on screen: the session subscribes to the video of
   * these only (set by the view at each render, applied after it in `sync`). Audio is always subscribed.
   */
  visible = new Set<string>();
  /**
   * Bandwidth mode (bandwidth.controller.ts): which video we receive and send. The user's stored choice from the
   * start, so that it holds from the first subscription (the controller, in a later chunk, takes over from it).
   */
  private mode: BandwidthMode = storedMode();
  /** Our camera was on when audio-only started (turned on again when it ends). */
  private camBeforeAudioOnly = false;
  private sendQuality = new WeakMap<object, VideoQuality>();
  /** The last remote participant who spoke (data saver receives their video; they stay until someone else speaks). */
  private lastSpeaker?: string;

  constructor(private host: SessionHost) {
    const r = this.room;
    const changed = () => host.changed();
    for (const ev of [
      RoomEvent.TrackSubscribed,
      RoomEvent.TrackUnsubscribed,
      RoomEvent.TrackPublished,
      RoomEvent.TrackUnpublished,
      RoomEvent.ActiveSpeakersChanged,
      RoomEvent.ParticipantNameChanged,
      RoomEvent.AudioPlaybackStatusChanged,
    ] as const) {
      r.on(ev, changed);
    }
    r.on(RoomEvent.ParticipantConnected, (p) => {
      host.participant(true, p.identity, p.name || p.identity);
      changed();
    })
      .on(RoomEvent.ParticipantDisconnected, (p) => {
        host.participant(false, p.identity, p.name || p.identity);
        changed();
      })
      .on(RoomEvent.TrackMuted, (pub, p) => this.muteChange(pub, p, true))
      .on(RoomEvent.TrackUnmuted, (pub, p) => this.muteChange(pub, p, false))
      .on(RoomEvent.LocalTrackPublished, (pub, p) => this.muteChange(pub, p, pub.isMuted))
      .on(RoomEvent.LocalTrackUnpublished, (pub, p) => this.muteChange(pub, p, true))
      .on(RoomEvent.Reconnecting, () => host.reconnecting(true))
      .on(RoomEvent.Reconnected, () => host.reconnecting(false))
      .on(RoomEvent.Disconnected, (reason) => {
        this.detachAll();
        host.ended(this.leaving ? 'left' : endReason(reason));
      });
  }

  private muteChange(pub: TrackPublication, p: Participant, muted: boolean) {
    if (p === this.room.localParticipant && (pub.source === Track.Source.Microphone || pub.source === Track.Source.Camera)) {
      this.host.mute(pub.source === Track.Source.Microphone ? 'audio' : 'video', muted);
    }
    this.host.changed();
  }

  /**
   * Connect to LiveKit and unlock audio playback. Nothing is subscribed automatically (`autoSubscribe: false`):
   * `sync` subscribes everyone's audio and the video of the tiles on screen.
   * @throws the livekit `ConnectionError` when the signalling or media connection fails.
   */
  async connect(url: string, token: string): Promise<void> {
    await this.room.connect(url, token, { autoSubscribe: false });
    this.room.startAudio().catch(() => {});
  }

  /**
   * Publish the microphone and/or camera with the devices chosen before joining, both at once (the others see
   * and hear us sooner than one after the other). Live tracks of `preview` (the pre-join stream, handed over) are
   * published as they are, as tracks livekit-client owns: muting the camera still releases it, unmuting opens it
   * again with the same constraints. A kind without a live preview track is opened anew; preview tracks not
   * published are stopped.
   * @returns the errors of the kinds that failed (e.g. a `NotFoundError`), microphone first; empty when all went well.
   */
  async publish(mic: boolean, cam: boolean, micId: string, camId: string, preview?: MediaStream | null): Promise<unknown[]> {
    const lp = this.room.localParticipant;
    const live = (on: boolean, kind: string) => (on ? preview?.getTracks().find((t) => t.kind === kind && t.readyState === 'live') : undefined);
    const audio = live(mic, 'audio');
    const video = live(cam, 'video');
    for (const t of preview?.getTracks() ?? []) if (t !== audio && t !== video) t.stop();
    const handOver = (t: MediaStreamTrack, track: LocalAudioTrack | LocalVideoTrack, source: Track.Source) =>
      lp.publishTrack(track, { source }).catch((e) => {
        t.stop();
        throw e;
      });
    const results = await Promise.allSettled([
      mic &&
        (audio
          ? handOver(audio, new LocalAudioTrack(audio, audio.getConstraints(), false), Track.Source.Microphone)
          : lp.setMicrophoneEnabled(true, micId ? { deviceId: micId } : undefined)),
      cam &&
        (video
          ? handOver(video, new LocalVideoTrack(video, video.getConstraints(), false), Track.Source.Camera)
          : lp.setCameraEnabled(true, camId ? { deviceId: camId } : undefined)),
    ]);
    return results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  }

  get micOn(): boolean {
    return this.room.localParticipant.isMicrophoneEnabled;
  }
  get camOn(): boolean {
    return this.room.localParticipant.isCameraEnabled;
  }
  get screenOn(): boolean {
    return this.room.localParticipant.isScreenShareEnabled;
  }
  /** `false` while the browser blocks audio playback until a user gesture. */
  get canPlaybackAudio(): boolean {
    return this.room.canPlaybackAudio;
  }
  /** Participants in the room, us included. */
  get count(): number {
    return this.room.remoteParticipants.size + 1;
  }

  /** Toggle the microphone; rejects with the capture error (e.g. NotAllowedError). */
  toggleMic(): Promise<unknown> {
    return this.room.localParticipant.setMicrophoneEnabled(!this.micOn);
  }
  /** Toggle the camera; rejects with the capture error. */
  toggleCam(): Promise<unknown> {
    return this.room.localParticipant.setCameraEnabled(!this.camOn);
  }
  /** Start or stop sharing the screen (with its audio when offered); rejects when the picker is cancelled. */
  toggleScreen(): Promise<unknown> {
    return this.room.localParticipant.setScreenShareEnabled(!this.screenOn, { audio: true });
  }
  /** Resume audio playback; call from a click. */
  startAudio(): Promise<void> {
    return this.room.startAudio();
  }
  /**
   * Apply a bandwidth mode: `audio-only` stops our camera and screen share (the camera comes back when the mode
   * ends) and every incoming video; `data-saver` sends our camera on its lowest layer and receives only the active
   * speaker's and screen shares' video, at their lowest layer. Subscriptions change at the next `sync`.
   */
  setMode(mode: BandwidthMode): Promise<unknown> {
    const was = this.mode;
    this.mode = mode;
    const lp = this.room.localParticipant;
    const steps: Promise<unknown>[] = [];
    if (mode === 'audio-only' && was !== 'audio-only') {
      this.camBeforeAudioOnly = this.camOn;
      if (this.camOn) steps.push(lp.setCameraEnabled(false));
      if (this.screenOn) steps.push(lp.setScreenShareEnabled(false));
    } else if (was === 'audio-only' && mode !== 'audio-only' && this.camBeforeAudioOnly) {
      this.camBeforeAudioOnly = false;
      steps.push(lp.setCameraEnabled(true));
    }
    this.host.changed();
    return Promise.all(steps);
  }

  /**
   * Subscribe to what should be received: every remote audio track; the video of the tiles on screen (`visible`),
   * as the bandwidth mode allows, at the layer the tile's size needs (adaptive stream; capped at the lowest layer in
   * data saver). Unsubscribe from the rest. Our camera is sent on its lowest layer in data saver.
   */
  private subscribe(): void {
    const r = this.room;
    const speaker = (this.lastSpeaker = r.activeSpeakers.find((p) => p !== r.localParticipant)?.identity ?? this.lastSpeaker);
    for (const p of r.remoteParticipants.values()) {
      for (const pub of p.trackPublications.values()) {
        let want = true;
        if (pub.kind === Track.Kind.Video) {
          want =
            this.visible.has(`${pub.source}:${p.identity}`) &&
            this.mode !== 'audio-only' &&
            (this.mode !== 'data-saver' || pub.source === Track.Source.ScreenShare || p.identity === speaker);
        }
        if (pub.isDesired !== want) pub.setSubscribed(want);
        if (want && pub.kind === Track.Kind.Video) pub.setVideoQuality(this.mode === 'data-saver' ? VideoQuality.LOW : VideoQuality.HIGH);
      }
    }
    const cam = r.localParticipant.getTrackPublication(Track.Source.Camera)?.track;
    const q = this.mode === 'data-saver' ? VideoQuality.LOW : VideoQuality.HIGH;
    if (cam instanceof LocalVideoTrack && this.sendQuality.get(cam) !== q && (this.sendQuality.has(cam) || q !== VideoQuality.HIGH)) {
      this.sendQuality.set(cam, q);
      cam.setPublishingQuality(q);
    }
  }

  /** Leave the room (ends as `left`). */
  async leave(): Promise<void> {
    this.leaving = true;
    await this.room.disconnect();
  }

  /** Tiles to show: screen shares first, then us, then the others in join order. */
  tiles(): TileView[] {
    const r = this.room;
    const people: Participant[] = [r.localParticipant, ...r.remoteParticipants.values()];
    const screens: TileView[] = [];
    const cams: TileView[] = [];
    this.tracks.clear();
    for (const p of people) {
      const base = {
        identity: p.identity,
        name: p.name || p.identity,
        isLocal: p === r.localParticipant,
        muted: !p.isMicrophoneEnabled,
        speaking: p.isSpeaking,
      };
      for (const source of [Track.Source.Camera, Track.Source.ScreenShare] as const) {
        const pub = p.getTrackPublication(source);
        const key = `${source}:${p.identity}`;
        const hasVideo = !!pub?.track && !pub.isMuted;
        if (hasVideo) this.tracks.set(key, pub!.track!);
        if (source === Track.Source.Camera) cams.push({ ...base, key, source, hasVideo });
        else if (hasVideo) screens.push({ ...base, key, source, hasVideo });
      }
      if (!base.isLocal) {
        for (const source of [Track.Source.Microphone, Track.Source.ScreenShareAudio]) {
          const track = p.getTrackPublication(source)?.track;
          if (track) this.tracks.set(`${source}:${p.identity}`, track);
        }
      }
    }
    return [...screens, ...cams];
  }

  /** Keys of remote audio tracks to render as `<audio data-track=key>` (valid after `tiles()`). */
  audioKeys(): string[] {
    return [...this.tracks.entries()].filter(([, t]) => t.kind === Track.Kind.Audio).map(([k]) => k);
  }

  /**
   * Attach tracks to the media elements (`[data-track]`) found in `root`, and detach those that went away.
   * Call after each render. Also brings the subscriptions in line with the tiles now on screen.
   */
  sync(root: ParentNode): void {
    if (this.room.state === 'connected' || this.room.state === 'reconnecting') this.subscribe();
    const seen = new Set<HTMLMediaElement>();
    root.querySelectorAll<HTMLMediaElement>(`[${ATTR}]`).forEach((el) => {
      const track = this.tracks.get(el.getAttribute(ATTR)!);
      if (!track) return;
      seen.add(el);
      const prev = this.attached.get(el);
      if (prev !== track) {
        prev?.detach(el);
        track.attach(el);
        this.attached.set(el, track);
      }
    });
    for (const [el, track] of this.attached) {
      if (!seen.has(el)) {
        track.detach(el);
        this.attached.delete(el);
      }
    }
  }

  private detachAll() {
    this.attached.forEach((track, el) => track.detach(el));
    this.attached.clear();
  }
}

function endReason(reason?: DisconnectReason): EndReason {
  switch (reason) {
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return 'roomDeleted';
    case DisconnectReason.PARTICIPANT_REMOVED:
      return 'removed';
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'duplicate';
    case DisconnectReason.CLIENT_INITIATED:
    case DisconnectReason.SERVER_SHUTDOWN:
      return 'generic';
    default:
      return 'lost';
  }
}
