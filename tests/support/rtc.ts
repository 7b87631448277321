/**
 * LiveKit's Node client (@livekit/rtc-node) in a test file: synthetic participants for what only LiveKit can tell
 * (grants, permissions, data and text streams).
 */
import { Room, dispose } from '@livekit/rtc-node';
import { afterAll, expect } from 'vitest';
import type { TestServer } from './server.js';

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

/**
 * A person joins meeting `meetingId` as a LiveKit client: the integrator mints their join ticket (API key of `s`),
 * they join (`POST /api/v1/join`) and connect a rtc-node Room (no auto-subscription), pushed into `rooms`.
 * @returns the connected Room and the join answer (its `sessionToken` authorises room activity)
 */
export async function joinWithRtc(
  s: Pick<TestServer, 'api'>, rooms: Room[], meetingId: string, userId: string, name: string, role = 'participant',
): Promise<{ room: Room; join: any }> {
  const t = await s.api('POST', `/api/v1/meetings/${meetingId}/join-tickets`, { user: { id: userId, name }, role });
  expect(t.status).toBe(201);
  const j = await s.api('POST', '/api/v1/join', { ticket: t.body.ticket }, null);
  expect(j.status).toBe(200);
  const room = new Room();
  rooms.push(room);
  await room.connect(j.body.serverUrl, j.body.participantToken, { autoSubscribe: false, dynacast: false });
  return { room, join: j.body };
}
