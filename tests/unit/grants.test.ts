import { describe, expect, it } from 'vitest';
import { TrackSource } from 'livekit-server-sdk';
import { grantsFor } from '../../server/livekit/tokens.js';
import { roomNameFor } from '../../server/modules/meetings/service.js';

describe('least-privilege LiveKit grants', () => {
  const room = 'school-class-1';
  it('a viewer may only subscribe', () => {
    const g = grantsFor('viewer', room, { screenShare: true });
    expect(g).toMatchObject({ roomJoin: true, room, canSubscribe: true, canPublish: false, canPublishData: false });
    expect(g.roomAdmin).toBeUndefined();
  });
  it('a participant publishes camera and microphone, screen share only when the meeting allows it', () => {
    expect(grantsFor('participant', room, { screenShare: false }).canPublishSources).toEqual([TrackSource.CAMERA, TrackSource.MICROPHONE]);
    expect(grantsFor('participant', room, { screenShare: true }).canPublishSources).toContain(TrackSource.SCREEN_SHARE);
    expect(grantsFor('participant', room, { screenShare: true }).roomAdmin).toBeUndefined();
  });
  it('hosts and moderators administer only their own room', () => {
    for (const role of ['host', 'moderator'] as const) {
      const g = grantsFor(role, room, { screenShare: false });
      expect(g).toMatchObject({ roomAdmin: true, room, canPublish: true });
      expect(g.roomCreate ?? false).toBe(false);
      expect(g.roomList ?? false).toBe(false);
    }
  });
  it('nobody may rewrite their own metadata (it carries the role)', () => {
    for (const role of ['host', 'moderator', 'participant', 'viewer'] as const) expect(grantsFor(role, room, { screenShare: true }).canUpdateOwnMetadata).toBe(false);
  });
  it('room names are tenant-scoped and deterministic', () => {
    expect(roomNameFor('school', 'coffee_chat', 'abc')).toBe('school-coffee-chat-abc');
  });
});

describe('participant tokens', () => {
  it('carry exactly the claims livekit-server-sdk would put in them', async () => {
    const { AccessToken } = await import('livekit-server-sdk');
    const { decode } = await import('hono/jwt');
    const { mintParticipantToken, participantClaims } = await import('../../server/livekit/tokens.js');
    const input = {
      apiKey: 'devkey', apiSecret: 'secret', roomName: 'school-class-1', identity: 'u-1', name: 'Ada', role: 'participant' as const,
      userId: 'u-1', meetingId: 'm-1', settings: { screenShare: true }, ttlSeconds: 600, maxParticipants: 30,
    };
    const c = participantClaims(input);
    const at = new AccessToken('devkey', 'secret', { identity: 'u-1', name: c.name, metadata: c.metadata, attributes: c.attributes, ttl: 600 });
    at.addGrant(c.video!);
    at.roomConfig = c.roomConfig;
    const sdk = decode(await at.toJwt());
    const ours = decode(mintParticipantToken(input).token);
    expect(ours.header).toMatchObject({ alg: 'HS256' });
    const strip = ({ exp, nbf, iat, ...rest }: Record<string, unknown>) => rest;
    expect(strip(ours.payload as never)).toEqual(strip(sdk.payload as never));
    expect((ours.payload.exp as number) - (ours.payload.nbf as number)).toBe(600);
  });
});
