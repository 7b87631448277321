/**
 * Pre-join media helpers built on plain `navigator.mediaDevices` (no livekit-client, so the first
 * payload stays small).
 */
import type { TranslationKey } from '../i18n/index.js';

/** Which media the user wants and from which device (`''` = browser default). */
export interface MediaWish {
  audio: boolean;
  video: boolean;
  audioDeviceId: string;
  videoDeviceId: string;
}

/** Outcome of a preview request: the stream (possibly partial or null) and a message key for what failed. */
export interface PreviewResult {
  stream: MediaStream | null;
  /** Set when a requested kind could not be opened. */
  problem?: TranslationKey;
  /** Kinds known to have no device at all. */
  missing: { audio: boolean; video: boolean };
}

/** Map a getUserMedia `DOMException` to a message key. */
export function mediaErrorKey(e: unknown, kind?: 'audio' | 'video'): TranslationKey {
  switch ((e as DOMException)?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'media.denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return kind === 'video' ? 'media.noCamera' : kind === 'audio' ? 'media.noMicrophone' : 'media.notFound';
    case 'NotReadableError':
    case 'AbortError':
      return 'media.inUse';
    case 'TypeError':
      return 'media.unavailable';
    default:
      return 'media.failed';
  }
}

const isMissing = (e: unknown) => /NotFound|Overconstrained/.test((e as DOMException)?.name);

function constraint(on: boolean, deviceId: string, video: boolean): boolean | MediaTrackConstraints {
  if (!on) return false;
  const c: MediaTrackConstraints = deviceId ? { deviceId: { exact: deviceId } } : {};
  if (video) Object.assign(c, { width: { ideal: 1280 }, height: { ideal: 720 } });
  return c;
}

/**
 * Open the camera and/or microphone for the preview. Never throws.
 * When both kinds are asked and one has no device (NotFoundError / OverconstrainedError), each kind is retried
 * alone so that audio-only (or video-only) still works. A stale `deviceId` is retried with the default device.
 */
export async function openPreview(w: MediaWish): Promise<PreviewResult> {
  const missing = { audio: false, video: false };
  if (!w.audio && !w.video) return { stream: null, missing };
  const md = navigator.mediaDevices;
  if (!md?.getUserMedia) return { stream: null, problem: 'media.unavailable', missing };
  const get = (a: boolean, v: boolean, exact = true) =>
    md.getUserMedia({
      audio: constraint(a, exact ? w.audioDeviceId : '', false),
      video: constraint(v, exact ? w.videoDeviceId : '', true),
    });
  const one = async (kind: 'audio' | 'video'): Promise<MediaStream | DOMException> => {
    const a = kind === 'audio';
    try {
      return await get(a, !a);
    } catch (e) {
      if (isMissing(e) && (a ? w.audioDeviceId : w.videoDeviceId)) {
        try {
          return await get(a, !a, false);
        } catch (e2) {
          e = e2;
        }
      }
      if (isMissing(e)) missing[kind] = true;
      return e as DOMException;
    }
  };
  try {
    return { stream: await get(w.audio, w.video), missing };
  } catch (e) {
    if (!isMissing(e)) return { stream: null, problem: mediaErrorKey(e), missing };
  }
  // A device is missing (or a remembered deviceId is stale): try each kind alone and keep what works.
  const tracks: MediaStreamTrack[] = [];
  const failed: [DOMException, 'audio' | 'video'][] = [];
  for (const kind of ['audio', 'video'] as const) {
    if (!w[kind]) continue;
    const r = await one(kind);
    if (r instanceof MediaStream) tracks.push(...r.getTracks());
    else failed.push([r, kind]);
  }
  const problem: TranslationKey | undefined =
    failed.length === 2 && missing.audio && missing.video ? 'media.notFound' : failed[0] && mediaErrorKey(...failed[0]);
  return { stream: tracks.length ? new MediaStream(tracks) : null, problem, missing };
}

/** Stop every track of a stream (releases the camera light). */
export function stopStream(s: MediaStream | null | undefined): void {
  s?.getTracks().forEach((t) => t.stop());
}

/** Audio and video inputs; labels are empty until the page has a media permission. */
export async function listDevices(): Promise<{ audio: MediaDeviceInfo[]; video: MediaDeviceInfo[] }> {
  const all = (await navigator.mediaDevices?.enumerateDevices?.().catch(() => [])) ?? [];
  // Chrome lists a "default" alias next to the real devices; drop ids that are empty.
  return {
    audio: all.filter((d) => d.kind === 'audioinput' && d.deviceId),
    video: all.filter((d) => d.kind === 'videoinput' && d.deviceId),
  };
}
