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
 */
import { AccessToken, RoomConfiguration, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { MeetingSettings } from '../schemas/meetings.js';

export type Role = 'host' | 'moderator' | 'participant' | 'viewer';

/** The VideoGrant for `role` in `roomName` (see the table above). */
export function grantsFor(role: Role, roomName: string, settings: Pick<MeetingSettings, 'screenShare'>): VideoGrant {
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
  settings: Pick<MeetingSettings, 'screenShare'>;
  /** Token lifetime, seconds. LiveKit refreshes tokens of connected participants, so this only bounds (re)connect. */
  ttlSeconds: number;
  /** Applied by LiveKit when this join creates the room. */
  maxParticipants?: number | null;
}

/**
 * Mint a LiveKit access token (JWT, HS256 with the API secret).
 * Metadata (JSON string) carries `{userId, name, role, meetingId}`; attributes carry `role`.
 * @returns the token and its expiry (UTC)
 */
export async function mintParticipantToken(i: ParticipantTokenInput): Promise<{ token: string; expiresAt: Date }> {
  const at = new AccessToken(i.apiKey, i.apiSecret, {
    identity: i.identity,
    name: i.name,
    ttl: i.ttlSeconds,
    metadata: JSON.stringify({ userId: i.userId, name: i.name, role: i.role, meetingId: i.meetingId }),
    attributes: { role: i.role },
  });
  at.addGrant(grantsFor(i.role, i.roomName, i.settings));
  at.roomConfig = new RoomConfiguration({
    name: i.roomName,
    maxParticipants: i.maxParticipants ?? 0,
    emptyTimeout: 300,
    departureTimeout: 20,
  });
  const token = await at.toJwt();
  return { token, expiresAt: new Date(Date.now() + i.ttlSeconds * 1000) };
}
