/**
 * The pre-join state of `<video-room>` as a Lit reactive controller: microphone and camera switches, the chosen
 * devices, the camera preview stream, the display name and password typed in the form, and the messages under it.
 * Read by the pre-join screen (`prejoin.ts`) and by the join flow (`join-flow.ts`, which publishes the preview);
 * changed only through the methods below (or the fields documented as writable). Ships in the first script payload.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadMediaTexts, type TranslationKey } from '../i18n/index.js';
import { listDevices, openPreview, stopStream } from './media.js';

/** A kind of media: microphone (`audio`) or camera (`video`). */
export type MediaKind = 'audio' | 'video';

/** The element the controller belongs to: a Lit host that says whether its pre-join screen is up. */
export interface PrejoinHost extends ReactiveControllerHost {
  readonly isConnected: boolean;
  /** `prejoin` while the pre-join screen is shown (see `VrState`). */
  readonly state: string;
}

/**
 * Pre-join choices and camera preview. The preview opens when the host connects in the `prejoin` state and closes
 * when it disconnects; every change asks the host for an update.
 */
export class PrejoinController implements ReactiveController {
  /** Microphone switched on. */
  mic = true;
  /** Camera switched on. */
  cam = true;
  /** Chosen microphone / camera `deviceId` (`''`: the browser's default, until the preview found the real one). */
  micId = '';
  camId = '';
  /** Audio and video inputs (filled once the preview has asked for media). */
  devices: Record<MediaKind, MediaDeviceInfo[]> = { audio: [], video: [] };
  /** True once the preview has listed the devices. */
  devicesKnown = false;
  /** The preview stream (`null`: none, or handed over with `takePreview`). */
  preview: MediaStream | null = null;
  /** Message key of a camera/microphone problem. */
  problem?: TranslationKey;
  /** Display name in the form (writable: the name input and the host's `name` property set it). */
  displayName = '';
  /** Password in the form (writable: the password input and the host's `password` property set it). */
  password = '';
  /** Show the password field (writable: set after a wrong password). */
  askPassword = false;
  /** Message under the form, `''` for none (writable). */
  formError = '';
  /** Bumped to drop the answer of a preview request that is no longer wanted. */
  private gen = 0;

  constructor(private host: PrejoinHost) {
    host.addController(this);
  }

  /** The element is on the page: open the preview when the pre-join screen is up. */
  hostConnected(): void {
    if (this.host.state === 'prejoin') this.startPreview();
  }

  /** The element left the page: release the camera and microphone. */
  hostDisconnected(): void {
    this.stopPreview();
  }

  /** (Re)open the preview with the current choices; lists the devices once media was granted. Never throws. */
  async startPreview(): Promise<void> {
    const host = this.host;
    if (!host.isConnected) return;
    const gen = ++this.gen;
    stopStream(this.preview);
    this.preview = null;
    const res = await openPreview({ audio: this.mic, video: this.cam, audioDeviceId: this.micId, videoDeviceId: this.camId });
    if (gen !== this.gen || !host.isConnected || host.state !== 'prejoin') return stopStream(res.stream);
    this.preview = res.stream;
    for (const tr of res.stream?.getTracks() ?? []) {
      const id = tr.getSettings().deviceId ?? '';
      if (tr.kind === 'audio') this.micId ||= id;
      else this.camId ||= id;
    }
    // A problem is shown once its English text (a lazy chunk) is there; without it, the generic one.
    const [devices, texts] = await Promise.all([listDevices(), res.problem && loadMediaTexts()]);
    if (gen !== this.gen) return;
    this.problem = texts === false ? 'media.failed' : res.problem;
    this.devices = devices;
    this.devicesKnown = true;
    if (res.missing.audio || !devices.audio.length) this.mic &&= !!res.stream?.getAudioTracks().length;
    if (res.missing.video || !devices.video.length) this.cam &&= !!res.stream?.getVideoTracks().length;
    host.requestUpdate();
  }

  /** Close the preview (releases the camera and microphone). */
  stopPreview(): void {
    stopStream(this.takePreview());
  }

  /** Hand the preview stream over (to be published) without stopping it; `null` when there is none. */
  takePreview(): MediaStream | null {
    this.gen++;
    const s = this.preview;
    this.preview = null;
    return s;
  }

  /** Switch the microphone (`audio`) or camera (`video`) on or off, as the pre-join toggles do. */
  toggle(kind: MediaKind): void {
    const on = kind === 'audio' ? (this.mic = !this.mic) : (this.cam = !this.cam);
    if (on) {
      this.startPreview();
    } else if (this.preview) {
      for (const tr of this.preview.getTracks()) {
        if (tr.kind === kind) {
          tr.stop();
          this.preview.removeTrack(tr);
        }
      }
    }
    this.host.requestUpdate();
  }

  /** Use device `id` for `kind` (switching it on), as the pre-join selectors do. */
  pick(kind: MediaKind, id: string): void {
    if (kind === 'audio') {
      this.micId = id;
      this.mic = true;
    } else {
      this.camId = id;
      this.cam = true;
    }
    this.startPreview();
  }
}
