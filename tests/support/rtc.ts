/**
 * LiveKit's Node client (@livekit/rtc-node) in a test file: synthetic participants for what only LiveKit can tell
 * (grants, permissions, data and text streams).
 */
import { Room, dispose } from '@livekit/rtc-node';
import { afterAll, expect } from 'vitest';
import { joinTicket, type TestServer } from './server.js';

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

/** A role of a join ticket. */
export type RoomRole = 'host' | 'moderator' | 'participant' | 'viewer';
/** The join answer (`POST /api/v1/join`) fields the tests read. */
export interface JoinAnswer { sessionToken: string; serverUrl: string; participantToken: string; identity: string; role: RoomRole; [field: string]: any }

/**
 * A person joins meeting `meetingId` over HTTP only: the integrator mints their join ticket (API key of `s`) for
 * `userId` named `name` (default `userId` upper-cased) with `role`, and they join (`POST /api/v1/join`).
 * @returns the join answer (its `sessionToken` authorises room activity)
 */
export async function joinAs(s: Pick<TestServer, 'api'>, meetingId: string, userId: string, role: RoomRole = 'participant', name = userId.toUpperCase()): Promise<JoinAnswer> {
  const j = await s.api('POST', '/api/v1/join', { ticket: await joinTicket(s, meetingId, userId, name, role) }, null);
  expect(j.status, JSON.stringify(j.body)).toBe(200);
  return j.body;
}

/**
 * A person joins meeting `meetingId` as a LiveKit client: `joinAs`, then a rtc-node Room connects (no
 * auto-subscription), pushed into `rooms`.
 * @returns the connected Room and the join answer (its `sessionToken` authorises room activity)
 */
export async function joinWithRtc(
  s: Pick<TestServer, 'api'>, rooms: Room[], meetingId: string, userId: string, name: string, role: RoomRole = 'participant',
): Promise<{ room: Room; join: JoinAnswer }> {
  const join = await joinAs(s, meetingId, userId, role, name);
  return { room: await connectRoom(rooms, join), join };
}

/** Connect a rtc-node Room with a join answer's LiveKit token (no auto-subscription), pushed into `rooms`. */
export async function connectRoom(rooms: Room[], join: { serverUrl: string; participantToken: string }): Promise<Room> {
  const room = new Room();
  rooms.push(room);
  await room.connect(join.serverUrl, join.participantToken, { autoSubscribe: false, dynacast: false });
  return room;
}
