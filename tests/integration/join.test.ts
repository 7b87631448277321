/**
 * Joining through tickets and public codes, against the real LiveKit server with the official
 * Node client (@livekit/rtc-node), so the grants are checked by LiveKit itself.
 */
import { describe, expect, it } from 'vitest';
import { AudioSource, DisconnectReason, LocalAudioTrack, Room, RoomEvent, TrackPublishOptions, TrackSource } from '@livekit/rtc-node';
import { decode, sign } from 'hono/jwt';
import { useRtcRooms } from '../support/rtc.js';
import { useTestServer, waitUntil } from '../support/server.js';

const s = useTestServer();
const rooms = useRtcRooms();

async function newMeeting(extra: Record<string, unknown> = {}) {
  const r = await s.api('POST', '/api/v1/meetings', { title: 'Room', type: 'group_meeting', ...extra });
  expect(r.status).toBe(201);
  return r.body;
}
async function ticket(meetingId: string, userId: string, role: string, ttlSeconds?: number) {
  const r = await s.api('POST', `/api/v1/meetings/${meetingId}/join-tickets`, { user: { id: userId, name: `User ${userId}` }, role, ttlSeconds });
  expect(r.status).toBe(201);
  return r.body.ticket as string;
}
const jwtClaims = (t: string) => decode(t).payload;
const join = (body: unknown) => s.api('POST', '/api/v1/join', body, null);
async function connect(t: string) {
  const j = await join({ ticket: t });
  expect(j.status).toBe(200);
  const room = new Room();
  rooms.push(room);
  await room.connect(j.body.serverUrl, j.body.participantToken, { autoSubscribe: false, dynacast: false });
  return { room, join: j.body };
}
const micOptions = () => Object.assign(new TrackPublishOptions(), { source: TrackSource.SOURCE_MICROPHONE });

describe('join tickets → LiveKit tokens', () => {
  it('a ticket becomes a token for that meeting\'s room only, with the role\'s grants, identity and metadata', async () => {
    const m = await newMeeting();
    const j = await join({ ticket: await ticket(m.id, 'u-42', 'participant') });
    expect(j.status).toBe(200);
    expect(j.body).toMatchObject({ identity: 'u-42', name: 'User u-42', role: 'participant', meeting: { id: m.id, title: 'Room' } });
    const claims = jwtClaims(j.body.participantToken) as any;
    expect(claims.sub).toBe('u-42');
    expect(claims.video).toMatchObject({ room: m.roomName, roomJoin: true, canPublish: true, canSubscribe: true });
    expect(claims.video.roomAdmin).toBeUndefined();
    expect(JSON.parse(claims.metadata)).toEqual({ userId: 'u-42', name: 'User u-42', role: 'participant', meetingId: m.id });
    expect(claims.exp - claims.nbf).toBeLessThanOrEqual(600);
  });

  it('a viewer token cannot publish: LiveKit refuses the track', async () => {
    const m = await newMeeting();
    const viewer = await connect(await ticket(m.id, 'viewer-1', 'viewer'));
    const track = LocalAudioTrack.createAudioTrack('mic', new AudioSource(48000, 1));
    const attempt = viewer.room.localParticipant!.publishTrack(track, micOptions()).then(
      () => 'published',
      () => 'refused',
    );
    const deadline = new Promise((r) => setTimeout(() => r('no answer'), 3000));
    expect(await Promise.race([attempt, deadline])).not.toBe('published');
    const [p] = await s.deps.livekit.rooms.listParticipants(m.roomName);
    expect(p!.identity).toBe('viewer-1');
    expect(p!.permission?.canPublish).toBe(false);
    expect(p!.tracks).toHaveLength(0);
  });

  it('a participant token can publish its microphone', async () => {
    const m = await newMeeting();
    const p = await connect(await ticket(m.id, 'speaker-1', 'participant'));
    await p.room.localParticipant!.publishTrack(LocalAudioTrack.createAudioTrack('mic', new AudioSource(48000, 1)), micOptions());
    const info = await waitUntil(async () => (await s.deps.livekit.rooms.listParticipants(m.roomName)).find((x) => x.tracks.length === 1), 5000, 'published track');
    expect(info.identity).toBe('speaker-1');
  });

  it('a ticket for meeting A cannot join meeting B', async () => {
    const a = await newMeeting();
    const b = await newMeeting();
    const j = await join({ ticket: await ticket(a.id, 'u-a', 'host') });
    expect((jwtClaims(j.body.participantToken) as any).video.room).toBe(a.roomName);
    const room = new Room();
    rooms.push(room);
    await room.connect(j.body.serverUrl, j.body.participantToken, { autoSubscribe: false, dynacast: false });
    expect(room.name).toBe(a.roomName);
    expect((await s.deps.livekit.rooms.listParticipants(b.roomName).catch(() => []))).toHaveLength(0);
  });

  it('rejects forged, expired and cross-tenant tickets without leaking why in detail', async () => {
    const m = await newMeeting();
    const good = await ticket(m.id, 'u1', 'participant');
    const forged = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await join({ ticket: forged })).body.error).toMatchObject({ code: 'invalid_ticket', field: 'ticket' });
    expect((await join({ ticket: 'not-a-jwt' })).status).toBe(401);

    // A genuine ticket (signed with the server's secret) whose exp has passed.
    const claims = (decode(good).payload) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const expired = await sign({ ...claims, iat: now - 120, exp: now - 60 }, s.deps.ticketSecret, 'HS256');
    const r = await join({ ticket: expired });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('ticket_expired');
    // A ticket for a meeting of another organisation (org claim swapped) is refused.
    const otherOrg = await sign({ ...claims, org: 'org_someoneelse' }, s.deps.ticketSecret, 'HS256');
    expect((await join({ ticket: otherOrg })).body.error.code).toBe('invalid_ticket');
  });

  it('bad join input names the field', async () => {
    expect((await join({})).body.error).toMatchObject({ code: 'validation_error', field: 'ticket' });
    expect((await join({ code: 'abc' })).body.error).toMatchObject({ code: 'validation_error', field: 'name' });
  });

  it('an ended or cancelled meeting cannot be joined', async () => {
    const m = await newMeeting();
    const t = await ticket(m.id, 'u1', 'participant');
    await s.api('POST', `/api/v1/meetings/${m.id}/end`);
    expect((await join({ ticket: t })).body.error.code).toBe('meeting_ended');
    expect((await s.api('POST', `/api/v1/meetings/${m.id}/join-tickets`, { user: { id: 'x', name: 'X' } })).status).toBe(409);
    const c = await newMeeting();
    const tc = await ticket(c.id, 'u1', 'participant');
    await s.api('POST', `/api/v1/meetings/${c.id}/cancel`);
    expect((await join({ ticket: tc })).body.error.code).toBe('meeting_cancelled');
  });
});

describe('public join codes', () => {
  it('anyone with the code (and the password) joins as a participant with a guest identity', async () => {
    const m = await newMeeting({ publicJoin: true, password: 'open sesame' });
    expect((await join({ code: m.joinCode, name: 'Guest' })).body.error).toMatchObject({ code: 'wrong_password', field: 'password' });
    expect((await join({ code: m.joinCode, name: 'Guest', password: 'nope' })).status).toBe(401);
    expect((await join({ code: 'nosuchcode', name: 'Guest' })).status).toBe(404);
    const ok = await join({ code: m.joinCode, name: 'Guest', password: 'open sesame' });
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('participant');
    expect(ok.body.identity).toMatch(/^guest-/);
    expect((jwtClaims(ok.body.participantToken) as any).video.room).toBe(m.roomName);
  });

  it('the join endpoint answers browsers from any origin (CORS)', async () => {
    const res = await fetch(`${s.baseUrl}/api/v1/join`, { method: 'OPTIONS', headers: { origin: 'https://lms.example.edu', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
    const post = await fetch(`${s.baseUrl}/api/v1/join`, { method: 'POST', headers: { origin: 'https://lms.example.edu', 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(400);
    expect(post.headers.get('access-control-allow-origin')).toBe('*'); // errors are readable cross-origin too
  });

  it('a body over 64 KiB is refused with 413 before it is read', async () => {
    const r = await join({ ticket: 'x'.repeat(70_000) });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });
});

describe('end for all', () => {
  it('disconnects every participant and marks the meeting ended', async () => {
    const m = await newMeeting();
    const host = await connect(await ticket(m.id, 'host-1', 'host'));
    const guest = await connect(await ticket(m.id, 'guest-1', 'participant'));
    const reasons = [host.room, guest.room].map((r) => new Promise((res) => r.once(RoomEvent.Disconnected, res)));
    const r = await s.api('POST', `/api/v1/meetings/${m.id}/end`);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ended');
    expect(r.body.endedAt).not.toBeNull();
    expect(await Promise.all(reasons)).toEqual([DisconnectReason.ROOM_DELETED, DisconnectReason.ROOM_DELETED]);
    expect((await s.api('GET', `/api/v1/meetings/${m.id}`)).body.status).toBe('ended');
  });
});
