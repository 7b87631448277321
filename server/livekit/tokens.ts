/**
 * LiveKit participant tokens with the least grants each role needs.
 *
 * | role        | join | subscribe | publish (sources)                         | data | roomAdmin |
 * |-------------|------|-----------|-------------------------------------------|------|-----------|
 * | host        | yes  | yes       | camera, microphone, screen share (+audio) | yes  | yes       |
 * | moderator   | yes  | yes       | camera, microphone, screen share (+audio) | yes  | yes       |
 * | participant | yes  | yes       | camera, microphone, screen share if the meeting allows it | yes | no |
 * | viewer      | yes  | yes       | nothing                                   | no   | no        |
 *
 * Every token names exactly one room (`room` grant): it cannot join another. No token gets
 * roomCreate/roomList/roomRecord or the right to change its own metadata (its role lives there).
 *
 * The claims are built by livekit-server-sdk (`claimsToJwtPayload`, as `AccessToken.toJwt` does) and
 * signed HS256 with fast-jwt, whose synchronous signer is ~5× faster than the SDK's WebCrypto path
 * (bench/token-throughput.ts); tests/unit/grants.test.ts checks the payload equals the SDK's.
 */
import { signHs256 } from '../shared/signed-tokens.js';
import { RoomConfiguration, TrackSource, claimsToJwtPayload, type ClaimGrants, type VideoGrant } from 'livekit-server-sdk';

export type Role = 'host' | 'moderator' | 'participant' | 'viewer';
/** The meeting settings grants depend on (a meeting's `settings` has them): participants may share their screen. */
export type GrantSettings = { screenShare: boolean };

/** The VideoGrant for `role` in `roomName` (see the table above). */
export function grantsFor(role: Role, roomName: string, settings: GrantSettings): VideoGrant {
  const base: VideoGrant = { roomJoin: true, room: roomName, canSubscribe: true, canUpdateOwnMetadata: false };
  if (role === 'viewer') return { ...base, canPublish: false, canPublishData: false, canPublishSources: [] };
  const admin = role === 'host' || role === 'moderator';
  const sources = [TrackSource.CAMERA, TrackSource.MICROPHONE];
  if (admin || settings.screenShare) sources.push(TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO);
  return { ...base, canPublish: true, canPublishData: true, canPublishSources: sources, ...(admin ? { roomAdmin: true } : {}) };
}

export interface ParticipantTokenInput {
  apiKey: string;
  apiSecret: string;
  roomName: string;
  identity: string;
  name: string;
  role: Role;
  userId: string;
  meetingId: string;
  settings: GrantSettings;
  /** Token lifetime, seconds. LiveKit refreshes tokens of connected participants, so this only bounds (re)connect. */
  ttlSeconds: number;
  /** Applied by LiveKit when this join creates the room. */
  maxParticipants?: number | null;
}

/** The LiveKit claims (before signing) for a participant: grants, name, metadata, attributes, room config. */
export function participantClaims(i: ParticipantTokenInput): ClaimGrants {
  return {
    video: grantsFor(i.role, i.roomName, i.settings),
    name: i.name,
    metadata: JSON.stringify({ userId: i.userId, name: i.name, role: i.role, meetingId: i.meetingId }),
    attributes: { role: i.role },
    roomConfig: new RoomConfiguration({
      name: i.roomName,
      maxParticipants: i.maxParticipants ?? 0,
      emptyTimeout: 300,
      departureTimeout: 20,
    }),
  };
}

/**
 * Mint a LiveKit access token (JWT, HS256 with the API secret): `iss` = API key, `sub` = identity,
 * `nbf` = now, `exp` = now + ttl (seconds). Metadata (JSON string) carries `{userId, name, role, meetingId}`.
 * @returns the token and its expiry (UTC)
 */
export function mintParticipantToken(i: ParticipantTokenInput): { token: string; expiresAt: Date } {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + i.ttlSeconds;
  const { video, roomConfig } = roomClaims(i);
  const token = signHs256(i.apiSecret, {
    video,
    name: i.name,
    metadata: JSON.stringify({ userId: i.userId, name: i.name, role: i.role, meetingId: i.meetingId }),
    attributes: { role: i.role },
    roomConfig,
    iss: i.apiKey,
    sub: i.identity,
    nbf: now,
    exp,
  });
  return { token, expiresAt: new Date(exp * 1000) };
}

/**
 * The claims every participant of one role in one room shares (grants, room configuration), as the JSON
 * livekit-server-sdk puts in the token — built once: serialising the protobuf RoomConfiguration was most of a
 * join's CPU time. Derived data only (bounded, per process): nothing another instance would need.
 */
const shared = new Map<string, { video: unknown; roomConfig: unknown }>();
function roomClaims(i: ParticipantTokenInput) {
  const key = `${i.roomName}\u0000${i.role}\u0000${i.settings.screenShare ? 1 : 0}\u0000${i.maxParticipants ?? 0}`;
  let c = shared.get(key);
  if (!c) {
    const claims = claimsToJwtPayload(participantClaims(i));
    c = JSON.parse(JSON.stringify({ video: claims.video, roomConfig: claims.roomConfig })) as { video: unknown; roomConfig: unknown };
    if (shared.size >= 5000) shared.delete(shared.keys().next().value!);
    shared.set(key, c);
  }
  return c;
}
