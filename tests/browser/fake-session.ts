/**
 * A RoomSession made of plain tile data, for tests of what the room view renders (room-view.test.ts, layouts.test.ts):
 * the microphone on, camera and screen off, audio playable, every toggle a resolved no-op; `over` replaces any of it.
 */
import type { RoomSession } from '../../widget/video-room/room-session.js';
import type { TileView } from '../../widget/video-room/session-types.js';

export function fakeSession(tiles: TileView[], over: Partial<RoomSession> = {}): RoomSession {
  return {
    tiles: () => tiles,
    audioKeys: () => [],
    micOn: true,
    camOn: false,
    screenOn: false,
    canPlaybackAudio: true,
    toggleMic: () => Promise.resolve(),
    toggleCam: () => Promise.resolve(),
    toggleScreen: () => Promise.resolve(),
    startAudio: () => Promise.resolve(),
    ...over,
  } as unknown as RoomSession;
}
