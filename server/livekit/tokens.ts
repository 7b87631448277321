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

/**
 * What one participant may publish, as host controls decided (room-activity/host-policy.ts): each source, and data
 * (chat, LiveKit's `canPublishData`). A viewer publishes nothing whatever this says.
 */
export interface PublishRights {
  camera: boolean;
  microphone: boolean;
  screenShare: boolean;
  data: boolean;
}

/** The rights of `role` when no moderator changed anything (the table above). */
export function defaultRights(role: Role, settings: GrantSettings): PublishRights {
  if (role === 'viewer') return { camera: false, microphone: false, screenShare: false, data: false };
  const admin = role === 'host' || role === 'moderator';
  return { camera: true, microphone: true, screenShare: admin || settings.screenShare, data: true };
}

/**
 * The publish half of a LiveKit permission for `rights` (token grant or `ParticipantPermission` of
 * RoomService.UpdateParticipant). LiveKit reads an empty `canPublishSources` as "every source", so a participant
 * allowed no source gets `canPublish: false`.
 */
export function publishPermission(role: Role, rights: PublishRights): { canPublish: boolean; canPublishData: boolean; canPublishSources: TrackSource[] } {
  if (role === 'viewer') return { canPublish: false, canPublishData: false, canPublishSources: [] };
  const sources: TrackSource[] = [];
  if (rights.camera) sources.push(TrackSource.CAMERA);
  if (rights.microphone) sources.push(TrackSource.MICROPHONE);
  if (rights.screenShare) sources.push(TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO);
  return { canPublish: sources.length > 0, canPublishData: rights.data, canPublishSources: sources };
}

/** The VideoGrant for `role` in `roomName` (see the table above), narrowed by `rights` when host controls set them. */
export function grantsFor(role: Role, roomName: string, settings: GrantSettings, rights = defaultRights(role, settings)): VideoGrant {
  const base: VideoGrant = { roomJoin: true, room: roomName, canSubscribe: true, canUpdateOwnMetadata: false };
  const admin = role === 'host' || role === 'moderator';
  return { ...base, ...publishPermission(role, rights), ...(admin ? { roomAdmin: true } : {}) };
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
  /** What host controls allow (default: `defaultRights(role, settings)`). */
  rights?: PublishRights;
  /** Token lifetime, seconds. LiveKit refreshes tokens of connected participants, so this only bounds (re)connect. */
  ttlSeconds: number;
  /** Applied by LiveKit when this join creates the room. */
  maxParticipants?: number | null;
}

/** The LiveKit claims (before signing) for a participant: grants, name, metadata, attributes, room config. */
export function participantClaims(i: ParticipantTokenInput): ClaimGrants {
  return {
    video: grantsFor(i.role, i.roomName, i.settings, i.rights),
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
  const r = i.rights ?? defaultRights(i.role, i.settings);
  const bits = `${+r.camera}${+r.microphone}${+r.screenShare}${+r.data}`;
  const key = `${i.roomName}\u0000${i.role}\u0000${bits}\u0000${i.maxParticipants ?? 0}`;
  let c = shared.get(key);
  if (!c) {
    const claims = claimsToJwtPayload(participantClaims(i));
    c = JSON.parse(JSON.stringify({ video: claims.video, roomConfig: claims.roomConfig })) as { video: unknown; roomConfig: unknown };
    if (shared.size >= 5000) shared.delete(shared.keys().next().value!);
    shared.set(key, c);
  }
  return c;
}
