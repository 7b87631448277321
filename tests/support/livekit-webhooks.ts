/**
 * LiveKit webhook deliveries as LiveKit makes them: proto3 JSON bodies (int64 as strings), signed with a JWT from
 * the API key/secret whose `sha256` claim is the base64 SHA-256 of the raw body.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import type { TestServer } from './server.js';

export type Room = { name: string; sid: string };
export type Person = { identity: string; name: string; sid: string; /** UNIX ms */ joinedAtMs: number };

/** POST one signed delivery to the test server's webhook endpoint. */
export async function deliverWebhook(s: TestServer, body: string, secret = s.deps.livekit.apiSecret) {
  const at = new AccessToken(s.deps.livekit.apiKey, secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  const res = await fetch(`${s.baseUrl}/api/v1/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() },
    body,
  });
  return { status: res.status, body: await res.json() };
}

/** participant_joined / participant_left at `atMs` (UNIX ms). */
export function participantEvent(event: 'participant_joined' | 'participant_left', room: Room, p: Person, atMs: number) {
  return JSON.stringify({
    event,
    id: `EV_${randomUUID()}`,
    createdAt: String(Math.floor(atMs / 1000)),
    room: { name: room.name, sid: room.sid },
    participant: {
      sid: p.sid,
      identity: p.identity,
      name: p.name,
      state: event === 'participant_joined' ? 'ACTIVE' : 'DISCONNECTED',
      joinedAt: String(Math.floor(p.joinedAtMs / 1000)),
      joinedAtMs: String(p.joinedAtMs),
      metadata: JSON.stringify({ userId: p.identity, name: p.name, role: 'participant' }),
    },
  });
}

/** room_started / room_finished at `atMs`; the room was created at `creationMs`. */
export function roomEvent(event: 'room_started' | 'room_finished', room: Room, atMs: number, creationMs: number) {
  return JSON.stringify({ event, id: `EV_${randomUUID()}`, createdAt: String(Math.floor(atMs / 1000)), room: { name: room.name, sid: room.sid, creationTime: String(Math.floor(creationMs / 1000)) } });
}

/**
 * track_published / track_unpublished of `p`'s track at `atMs` (UNIX ms). `source` as LiveKit's TrackSource names
 * it in proto3 JSON ('SCREEN_SHARE', 'CAMERA', 'MICROPHONE', 'SCREEN_SHARE_AUDIO').
 */
export function trackEvent(
  event: 'track_published' | 'track_unpublished',
  room: Room,
  p: Person,
  track: { sid: string; source: 'SCREEN_SHARE' | 'CAMERA' | 'MICROPHONE' | 'SCREEN_SHARE_AUDIO' },
  atMs: number,
) {
  const type = track.source === 'MICROPHONE' || track.source === 'SCREEN_SHARE_AUDIO' ? 'AUDIO' : 'VIDEO';
  return JSON.stringify({
    event,
    id: `EV_${randomUUID()}`,
    createdAt: String(Math.floor(atMs / 1000)),
    room: { name: room.name, sid: room.sid },
    participant: { sid: p.sid, identity: p.identity, name: p.name, state: 'ACTIVE', joinedAt: String(Math.floor(p.joinedAtMs / 1000)), joinedAtMs: String(p.joinedAtMs) },
    track: { sid: track.sid, type, name: track.source.toLowerCase(), source: track.source },
  });
}
