/**
 * LiveKit's Node client (@livekit/rtc-node) in a test file: synthetic participants for what only LiveKit can tell
 * (grants, permissions, data and text streams).
 */
import { Room, dispose } from '@livekit/rtc-node';
import { afterAll } from 'vitest';

/**
 * `const rooms = useRtcRooms()`: push each Room the file connects into `rooms`; after the file's tests every one is
 * disconnected and the client's native runtime disposed (else it keeps the worker alive). Declare it after
 * useTestServer, so the rooms leave before the server closes.
 */
export function useRtcRooms(): Room[] {
  const rooms: Room[] = [];
  afterAll(async () => {
    for (const r of rooms) await r.disconnect().catch(() => {});
    await dispose();
  });
  return rooms;
}
