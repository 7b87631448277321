/** Plain view data shared by the lazy room session and the element's render helpers (no livekit types). */

/** One tile of the grid: a participant's camera, or a screen share. */
export interface TileView {
  /** Stable key `source:identity`; also the `data-track` of its `<video>`. */
  key: string;
  identity: string;
  name: string;
  isLocal: boolean;
  source: 'camera' | 'screen_share';
  /** Microphone muted or not published. */
  muted: boolean;
  speaking: boolean;
  /** A video track is there and not muted. */
  hasVideo: boolean;
  /** Place of their raised hand in the queue (1 = first); 0 or absent when not raised (classroom chunk). */
  hand?: number;
  /** More to show on the tile, rendered (classroom chunk: the raised hand, a reaction burst). */
  badges?: unknown;
}

/** Why the room ended for us. */
export type EndReason = 'left' | 'roomDeleted' | 'removed' | 'duplicate' | 'generic' | 'lost';

/** What the room session tells the element. */
export interface SessionHost {
  /** Something visible changed: re-render. */
  changed(): void;
  /** Lost (`true`) or regained (`false`) the connection while staying in the room. */
  reconnecting(on: boolean): void;
  /** The room is over for us. */
  ended(reason: EndReason): void;
  /** A remote participant joined or left. */
  participant(joined: boolean, identity: string, name: string): void;
  /** The local microphone (`audio`) or camera (`video`) was muted / unmuted. */
  mute(kind: 'audio' | 'video', muted: boolean): void;
}
