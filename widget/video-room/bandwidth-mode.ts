/**
 * The low-bandwidth modes and the user's stored choice (see bandwidth.controller.ts), in the in-room chunk: the room
 * session applies the stored choice from its first subscription, before the controller (view-tools chunk) starts;
 * the controller reads and writes it through its host (join-flow.ts), so this module stays in that one chunk.
 */

export type BandwidthMode = 'normal' | 'data-saver' | 'audio-only';

const MODES: readonly BandwidthMode[] = ['normal', 'data-saver', 'audio-only'];
/** localStorage key of the user's choice. */
export const BANDWIDTH_KEY = 'vr-bandwidth';

/** The stored choice, `normal` when none (or storage is blocked). */
export function storedMode(): BandwidthMode {
  try {
    const v = localStorage.getItem(BANDWIDTH_KEY) as BandwidthMode | null;
    return v && MODES.includes(v) ? v : 'normal';
  } catch {
    return 'normal';
  }
}

/** Remember the user's choice in this browser (storage blocked: the choice lasts for this session). */
export function rememberMode(mode: BandwidthMode): void {
  try {
    localStorage.setItem(BANDWIDTH_KEY, mode);
  } catch {
    /* storage blocked */
  }
}
