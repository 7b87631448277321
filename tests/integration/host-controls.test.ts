/**
 * Host controls (issue 12, server/modules/room-activity/host-*.ts) against real PostgreSQL and LiveKit: each action
 * works for a host's or moderator's room session and for the API key, and a participant or viewer calling with their
 * own session gets 403 with nothing changed. Participants in the room are @livekit/rtc-node clients, so what LiveKit
 * does (muted tracks, removed participants, permissions, server data packets) is checked at LiveKit itself.
 */
import { describe, expect, it } from 'vitest';
import { AudioSource, LocalAudioTrack, LocalVideoTrack, Room, RoomEvent, TrackPublishOptions, TrackSource, VideoSource } from '@livekit/rtc-node';
import { TrackSource as ServerTrackSource } from 'livekit-server-sdk';
import { decode } from 'hono/jwt';
import { joinAs as joinMeeting, useRtcRooms, type JoinAnswer, type RoomRole } from '../support/rtc.js';
import { startSecondInstance, useTestServer, waitUntil } from '../support/server.js';

const s = useTestServer();
const rooms = useRtcRooms();

type Role = RoomRole;
type Joined = JoinAnswer;
const ticket = async (meetingId: string, id: string, role: Role) =>
  (await s.api('POST', `/api/v1/meetings/${meetingId}/join-tickets`, { user: { id, name: id.toUpperCase() }, role })).body.ticket as string;
const join = (body: unknown) => s.api('POST', '/api/v1/join', body, null);
const joinAs = (meetingId: string, id: string, role: Role = 'participant') => joinMeeting(s, meetingId, id, role);
const meeting = async (extra: object = {}) => (await s.api('POST', '/api/v1/meetings', { title: 'Host controls', ...extra })).body as { id: string; roomName: string; joinCode?: string };
const ctl = (m: { id: string }, path = '') => `/api/v1/meetings/${m.id}/controls${path}`;
const who = (m: { id: string }, identity: string, action: string) => ctl(m, `/participants/${encodeURIComponent(identity)}/${action}`);
const claims = (token: string) => decode(token).payload as any;
const micOptions = () => Object.assign(new TrackPublishOptions(), { source: TrackSource.SOURCE_MICROPHONE });

/** Connect `j` to the room (rtc-node); `topics` collects the server data packets it receives, by topic. */
async function enter(j: Joined, opts: { mic?: boolean } = {}) {
  const room = new Room();
  rooms.push(room);
  const heard: { topic: string; body: any; fromServer: boolean }[] = [];
  room.on(RoomEvent.DataReceived, (payload, p, _k, topic) => heard.push({ topic: topic ?? '', body: JSON.parse(new TextDecoder().decode(payload)), fromServer: !p }));
  await room.connect(j.serverUrl, j.participantToken, { autoSubscribe: false, dynacast: false });
  if (opts.mic) await room.localParticipant!.publishTrack(LocalAudioTrack.createAudioTrack('mic', new AudioSource(48000, 1)), micOptions());
  return { room, heard };
}
const info = (m: { roomName: string }, identity: string) => s.deps.livekit.rooms.getParticipant(m.roomName, identity);
const mic = async (m: { roomName: string }, identity: string) => (await info(m, identity)).tracks.find((t) => t.source === ServerTrackSource.MICROPHONE);
const sources = async (m: { roomName: string }, identity: string) => [...((await info(m, identity)).permission?.canPublishSources ?? [])].sort();

describe('refused for participants and viewers', () => {
  it('every action with a participant\'s or viewer\'s own session answers 403 forbidden and changes nothing', async () => {
    const m = await meeting({ publicJoin: true });
    const [host, ada, vic, bob] = [await joinAs(m.id, 'prof', 'host'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'vic', 'viewer'), await joinAs(m.id, 'bob')];
    await enter(host);
    const bobIn = await enter(bob, { mic: true });
    await waitUntil(() => mic(m, 'bob'), 10_000, "bob's microphone");
    const before = { sources: await sources(m, 'bob'), data: (await info(m, 'bob')).permission?.canPublishData };

    const actions: [string, string, unknown?][] = [
      ['PUT', ctl(m, '/lock'), { locked: true }],
      ['PUT', ctl(m, '/spotlight'), { identity: 'bob' }],
      ['PUT', ctl(m, '/permissions'), { microphone: false, screenShare: false, camera: false, chat: false }],
      ['POST', ctl(m, '/mute-all')],
      ['PUT', who(m, 'bob', 'permissions'), { microphone: false, chat: false }],
      ['PUT', who(m, 'bob', 'role'), { role: 'viewer' }],
      ['PUT', who(m, 'ada', 'role'), { role: 'moderator' }],
      ['POST', who(m, 'bob', 'mute'), { source: 'microphone' }],
      ['POST', who(m, 'bob', 'ask-unmute')],
      ['POST', who(m, 'bob', 'remove'), { ban: true }],
      ['DELETE', who(m, 'bob', 'ban')],
    ];
    for (const caller of [ada, vic]) {
      for (const [method, path, body] of actions) {
        const r = await s.api(method, path, body, caller.sessionToken);
        expect([r.status, r.body.error?.code], `${caller.identity} ${method} ${path}`).toEqual([403, 'forbidden']);
      }
    }
    // Nothing changed: state, roles, LiveKit (bob still in, microphone live, same permissions, no packets).
    const state = await s.api('GET', ctl(m));
    expect(state.body).toMatchObject({ locked: false, spotlightIdentity: null, permissions: { camera: true, microphone: true, screenShare: true, chat: true }, participants: [] });
    expect((await mic(m, 'bob'))!.muted).toBe(false);
    expect({ sources: await sources(m, 'bob'), data: (await info(m, 'bob')).permission?.canPublishData }).toEqual(before);
    expect((await info(m, 'bob')).attributes.role).toBe('participant');
    expect(bobIn.heard.filter((h) => h.topic.startsWith('vr.host.'))).toEqual([]);
    expect((await join({ code: m.joinCode, name: 'New' })).status).toBe(200);
    expect((await s.api('PUT', ctl(m, '/lock'), { locked: true }, ada.sessionToken)).status).toBe(403);
    // Their own session still reads the state (and only their part).
    const mine = await s.api('GET', ctl(m), undefined, ada.sessionToken);
    expect(mine.body).toMatchObject({ you: { identity: 'ada', role: 'participant' }, participants: [] });
  });
});

describe('mute, stop, ask to unmute', () => {
  it("a moderator mutes a participant's microphone: LiveKit mutes the track for everyone and tells the participant", async () => {
    const m = await meeting();
    const [mod, ada, bob] = [await joinAs(m.id, 'mo', 'moderator'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    const adaIn = await enter(ada, { mic: true });
    await enter(bob, { mic: true });
    await waitUntil(async () => (await mic(m, 'ada')) && (await mic(m, 'bob')), 10_000, 'microphones');

    const r = await s.api('POST', who(m, 'ada', 'mute'), { source: 'microphone' }, mod.sessionToken);
    expect(r.body).toEqual({ identity: 'ada', changed: true });
    await waitUntil(async () => (await mic(m, 'ada'))!.muted, 10_000, "ada's microphone muted");
    await waitUntil(() => adaIn.heard.some((h) => h.topic === 'vr.host.muted' && h.fromServer && h.body.source === 'microphone'), 10_000, 'vr.host.muted');
    expect((await mic(m, 'bob'))!.muted).toBe(false);
    // Again: nothing to do. The API key works too.
    expect((await s.api('POST', who(m, 'ada', 'mute'), {}, mod.sessionToken)).body.changed).toBe(false);
    expect((await s.api('POST', who(m, 'bob', 'mute'), { source: 'microphone' })).body.changed).toBe(true);
    await waitUntil(async () => (await mic(m, 'bob'))!.muted, 10_000, "bob's microphone muted");
    expect((await s.api('POST', who(m, 'nobody', 'mute'), { source: 'camera' })).body).toEqual({ identity: 'nobody', changed: false });
    expect((await s.api('POST', who(m, 'ada', 'mute'), { source: 'speaker' })).body.error.field).toBe('source');
  });

  it("stop camera and stop screen share mute those tracks only; a participant's session cannot", async () => {
    const m = await meeting();
    const [mod, ada] = [await joinAs(m.id, 'mo', 'moderator'), await joinAs(m.id, 'ada')];
    const adaIn = await enter(ada);
    const publish = (name: string, source: TrackSource) =>
      adaIn.room.localParticipant!.publishTrack(LocalVideoTrack.createVideoTrack(name, new VideoSource(64, 36)), Object.assign(new TrackPublishOptions(), { source }));
    await publish('cam', TrackSource.SOURCE_CAMERA);
    await publish('screen', TrackSource.SOURCE_SCREENSHARE);
    const track = async (source: ServerTrackSource) => (await info(m, 'ada')).tracks.find((t) => t.source === source);
    await waitUntil(async () => (await track(ServerTrackSource.CAMERA)) && (await track(ServerTrackSource.SCREEN_SHARE)), 10_000, 'camera and screen share');

    const other = await joinAs(m.id, 'bob');
    expect((await s.api('POST', who(m, 'ada', 'mute'), { source: 'camera' }, other.sessionToken)).status).toBe(403);
    expect((await track(ServerTrackSource.CAMERA))!.muted).toBe(false);
    expect((await s.api('POST', who(m, 'ada', 'mute'), { source: 'camera' }, mod.sessionToken)).body.changed).toBe(true);
    await waitUntil(async () => (await track(ServerTrackSource.CAMERA))!.muted, 10_000, 'camera stopped');
    expect((await track(ServerTrackSource.SCREEN_SHARE))!.muted).toBe(false);
    expect((await s.api('POST', who(m, 'ada', 'mute'), { source: 'screen_share' })).body.changed).toBe(true);
    await waitUntil(async () => (await track(ServerTrackSource.SCREEN_SHARE))!.muted, 10_000, 'screen share stopped');
    await waitUntil(() => adaIn.heard.some((h) => h.topic === 'vr.host.muted' && h.body.source === 'screen_share'), 10_000, 'told');
  });

  it('mute all mutes everyone but the presenters (hosts and moderators)', async () => {
    const m = await meeting();
    const [host, mod, ada, bob] = [await joinAs(m.id, 'prof', 'host'), await joinAs(m.id, 'mo', 'moderator'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    for (const j of [host, mod, ada, bob]) await enter(j, { mic: true });
    await waitUntil(async () => (await Promise.all(['prof', 'mo', 'ada', 'bob'].map((i) => mic(m, i)))).every(Boolean), 10_000, 'microphones');
    const r = await s.api('POST', ctl(m, '/mute-all'), undefined, mod.sessionToken);
    expect(r.status).toBe(200);
    expect(r.body.muted.sort()).toEqual(['ada', 'bob']);
    await waitUntil(async () => (await mic(m, 'ada'))!.muted && (await mic(m, 'bob'))!.muted, 10_000, 'muted');
    expect((await mic(m, 'prof'))!.muted).toBe(false);
    expect((await mic(m, 'mo'))!.muted).toBe(false);
  });

  it('ask to unmute reaches that participant only, from the server; refused while their microphone is denied', async () => {
    const m = await meeting();
    const [host, ada, bob] = [await joinAs(m.id, 'prof', 'host'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    const adaIn = await enter(ada);
    const bobIn = await enter(bob);
    await enter(host);
    const r = await s.api('POST', who(m, 'ada', 'ask-unmute'), undefined, host.sessionToken);
    expect(r.body).toEqual({ identity: 'ada', changed: true });
    await waitUntil(() => adaIn.heard.find((h) => h.topic === 'vr.host.ask-unmute'), 10_000, 'ask-unmute');
    expect(adaIn.heard.find((h) => h.topic === 'vr.host.ask-unmute')).toMatchObject({ fromServer: true, body: { by: 'PROF' } });
    await s.api('PUT', who(m, 'bob', 'permissions'), { microphone: false }, host.sessionToken);
    const denied = await s.api('POST', who(m, 'bob', 'ask-unmute'), undefined, host.sessionToken);
    expect([denied.status, denied.body.error.code]).toEqual([409, 'microphone_denied']);
    expect((await s.api('POST', who(m, 'nobody', 'ask-unmute'))).status).toBe(404);
    expect(bobIn.heard.filter((h) => h.topic === 'vr.host.ask-unmute')).toEqual([]);
  });
});

describe('remove and ban', () => {
  it('remove disconnects; with ban the identity cannot re-join nor use its room session, until unbanned', async () => {
    const m = await meeting();
    const [mod, ada, bob] = [await joinAs(m.id, 'mo', 'moderator'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    const adaIn = await enter(ada);
    const bobIn = await enter(bob);
    const gone = (r: Room) => new Promise<void>((res) => r.once(RoomEvent.Disconnected, () => res()));

    const adaGone = gone(adaIn.room);
    expect((await s.api('POST', who(m, 'ada', 'remove'), { ban: true }, mod.sessionToken)).body).toEqual({ identity: 'ada', changed: true });
    await adaGone;
    const again = await join({ ticket: await ticket(m.id, 'ada', 'participant') });
    expect([again.status, again.body.error.code]).toEqual([403, 'banned']);
    const sess = await s.api('GET', `/api/v1/meetings/${m.id}/chat/messages`, undefined, ada.sessionToken);
    expect([sess.status, sess.body.error.code]).toEqual([403, 'banned']);
    expect((await s.api('GET', ctl(m))).body.participants).toMatchObject([{ identity: 'ada', banned: true }]);

    // Without a ban (API key this time): out, and back in with a new ticket.
    const bobGone = gone(bobIn.room);
    expect((await s.api('POST', who(m, 'bob', 'remove'))).body).toEqual({ identity: 'bob', changed: true });
    await bobGone;
    expect((await join({ ticket: await ticket(m.id, 'bob', 'participant') })).status).toBe(200);

    expect((await s.api('DELETE', who(m, 'ada', 'ban'), undefined, mod.sessionToken)).body).toMatchObject({ identity: 'ada', banned: false });
    expect((await join({ ticket: await ticket(m.id, 'ada', 'participant') })).status).toBe(200);
  });

  it('a host cannot be removed, banned or demoted', async () => {
    const m = await meeting();
    const [host, mod] = [await joinAs(m.id, 'prof', 'host'), await joinAs(m.id, 'mo', 'moderator')];
    await enter(host);
    for (const [method, path, body] of [['POST', who(m, 'prof', 'remove'), { ban: true }], ['PUT', who(m, 'prof', 'role'), { role: 'participant' }]] as const) {
      expect((await s.api(method, path, body, mod.sessionToken)).status).toBe(403);
    }
    expect(await info(m, 'prof')).toBeTruthy();
    expect((await join({ ticket: await ticket(m.id, 'prof', 'host') })).status).toBe(200);
  });
});

describe('lock', () => {
  it('locked: new tickets, codes and the waiting room are refused (hosts and moderators still join); unlocked: joins work', async () => {
    const m = await meeting({ publicJoin: true });
    const wr = await meeting({ publicJoin: true, settings: { waitingRoom: true } });
    const mod = await joinAs(m.id, 'mo', 'moderator');
    const modIn = await enter(mod);

    const locked = await s.api('PUT', ctl(m, '/lock'), { locked: true }, mod.sessionToken);
    expect(locked.body).toMatchObject({ locked: true });
    await waitUntil(() => modIn.heard.find((h) => h.topic === 'vr.host.state' && h.fromServer && h.body.locked === true), 10_000, 'vr.host.state');
    const t = await join({ ticket: await ticket(m.id, 'ada', 'participant') });
    expect([t.status, t.body.error.code]).toEqual([403, 'meeting_locked']);
    expect((await join({ ticket: await ticket(m.id, 'vic', 'viewer') })).status).toBe(403);
    const c = await join({ code: m.joinCode, name: 'Guest' });
    expect([c.status, c.body.error.code]).toEqual([403, 'meeting_locked']);
    expect((await join({ ticket: await ticket(m.id, 'prof', 'host') })).status).toBe(200);
    expect((await join({ ticket: await ticket(m.id, 'mo2', 'moderator') })).status).toBe(200);

    // The waiting room: no new request while locked; an admitted guest collects no token while locked.
    const host = await joinAs(wr.id, 'prof', 'host');
    const waiting = (await join({ code: wr.joinCode, name: 'Early' })).body;
    expect((await s.api('PUT', ctl(wr, '/lock'), { locked: true })).status).toBe(200);
    const late = await join({ code: wr.joinCode, name: 'Late' });
    expect([late.status, late.body.error.code]).toEqual([403, 'meeting_locked']);
    const [req] = (await s.api('GET', `/api/v1/waiting-room/${wr.id}`, undefined, (host as any).moderationToken)).body.items;
    expect(req.name).toBe('Early');
    await s.api('POST', `/api/v1/waiting-room/${wr.id}/${req.id}/admit`, undefined, (host as any).moderationToken);
    expect((await join({ waitToken: waiting.waitToken })).body.error.code).toBe('meeting_locked');
    expect((await s.api('PUT', ctl(wr, '/lock'), { locked: false })).status).toBe(200);
    expect((await join({ waitToken: waiting.waitToken })).status).toBe(200);

    expect((await s.api('PUT', ctl(m, '/lock'), { locked: false }, mod.sessionToken)).body.locked).toBe(false);
    expect((await join({ ticket: await ticket(m.id, 'ada', 'participant') })).status).toBe(200);
    expect((await join({ code: m.joinCode, name: 'Guest' })).status).toBe(200);
  });
});

describe('joins on every instance follow the controls', () => {
  it('a lock and a ban set through one instance refuse joins on another that had the meeting cached', async () => {
    const m = await meeting();
    const other = await startSecondInstance(s);
    try {
      const joinThere = async (id: string) => (await fetch(`${other.baseUrl}/api/v1/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticket: await ticket(m.id, id, 'participant') }) })).json();
      expect((await joinThere('ada')).participantToken).toEqual(expect.any(String)); // cached there now
      await s.api('POST', who(m, 'ada', 'remove'), { ban: true });
      await waitUntil(async () => (await joinThere('ada')).error?.code === 'banned', 10_000, 'ban seen by the other instance');
      expect((await joinThere('bob')).participantToken).toEqual(expect.any(String));
      await s.api('PUT', ctl(m, '/lock'), { locked: true });
      await waitUntil(async () => (await joinThere('bob')).error?.code === 'meeting_locked', 10_000, 'lock seen by the other instance');
      await s.api('PUT', `/api/v1/meetings/${m.id}/chat/participants/cat`, { enabled: false });
      await s.api('PUT', ctl(m, '/lock'), { locked: false });
      await waitUntil(async () => (await joinThere('cat')).participantToken, 10_000, 'unlock seen by the other instance');
      expect(claims((await joinThere('cat')).participantToken).video.canPublishData).toBe(false);
    } finally {
      await other.close();
    }
  });
});

describe('roles', () => {
  it('a promotion works at once: the next API call with the same session is a moderator\'s, LiveKit shows the role, no rejoin; demotion takes it back', async () => {
    const m = await meeting({ settings: { screenShare: false } });
    const [host, ada] = [await joinAs(m.id, 'prof', 'host'), await joinAs(m.id, 'ada')];
    await enter(host);
    const adaIn = await enter(ada);
    expect((await s.api('PUT', ctl(m, '/lock'), { locked: false }, ada.sessionToken)).status).toBe(403);
    expect(await sources(m, 'ada')).not.toContain(ServerTrackSource.SCREEN_SHARE);

    const p = await s.api('PUT', who(m, 'ada', 'role'), { role: 'moderator' }, host.sessionToken);
    expect(p.body).toMatchObject({ identity: 'ada', role: 'moderator' });
    // Same session, no rejoin.
    expect((await s.api('PUT', ctl(m, '/lock'), { locked: false }, ada.sessionToken)).status).toBe(200);
    expect((await s.api('GET', ctl(m), undefined, ada.sessionToken)).body.you.role).toBe('moderator');
    expect((await info(m, 'ada')).attributes.role).toBe('moderator');
    expect(JSON.parse((await info(m, 'ada')).metadata).role).toBe('moderator');
    expect(await sources(m, 'ada')).toContain(ServerTrackSource.SCREEN_SHARE);
    await waitUntil(() => adaIn.room.localParticipant!.attributes.role === 'moderator', 10_000, 'role attribute at the client');
    // A new join gets the role too.
    const rejoin = await join({ ticket: await ticket(m.id, 'ada', 'participant') });
    expect([rejoin.body.role, claims(rejoin.body.participantToken).attributes.role, claims(rejoin.body.participantToken).video.roomAdmin]).toEqual(['moderator', 'moderator', true]);

    expect((await s.api('PUT', who(m, 'ada', 'role'), { role: 'participant' })).body.role).toBe('participant');
    expect((await s.api('PUT', ctl(m, '/lock'), { locked: true }, ada.sessionToken)).status).toBe(403);
    expect((await info(m, 'ada')).attributes.role).toBe('participant');
    expect(await sources(m, 'ada')).not.toContain(ServerTrackSource.SCREEN_SHARE);
    expect((await s.api('GET', ctl(m))).body.locked).toBe(false);
  });
});

describe('permissions', () => {
  it('meeting-wide and per-participant: LiveKit permissions change in the room at once and at the next join', async () => {
    const m = await meeting();
    const [mod, ada, bob] = [await joinAs(m.id, 'mo', 'moderator'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    for (const j of [mod, ada, bob]) await enter(j);
    const S = ServerTrackSource;

    const r = await s.api('PUT', ctl(m, '/permissions'), { microphone: false, screenShare: false }, mod.sessionToken);
    expect(r.body.permissions).toEqual({ camera: true, microphone: false, screenShare: false, chat: true });
    expect(await sources(m, 'ada')).toEqual([S.CAMERA]);
    expect(await sources(m, 'mo')).toContain(S.MICROPHONE); // moderators present
    // One participant allowed back; another denied the camera too (nothing left: canPublish false).
    await s.api('PUT', who(m, 'bob', 'permissions'), { microphone: true, screenShare: true }, mod.sessionToken);
    expect(await sources(m, 'bob')).toEqual([S.CAMERA, S.MICROPHONE, S.SCREEN_SHARE, S.SCREEN_SHARE_AUDIO].sort());
    const off = await s.api('PUT', who(m, 'ada', 'permissions'), { camera: false }, mod.sessionToken);
    expect(off.body).toMatchObject({ identity: 'ada', permissions: { camera: false, microphone: null, screenShare: null, chat: true } });
    expect((await info(m, 'ada')).permission).toMatchObject({ canPublish: false, canSubscribe: true });

    // The next join's token says the same.
    const adaToken = claims((await join({ ticket: await ticket(m.id, 'ada', 'participant') })).body.participantToken).video;
    expect([adaToken.canPublish, adaToken.canPublishSources]).toEqual([false, []]);
    const carl = claims((await join({ ticket: await ticket(m.id, 'carl', 'participant') })).body.participantToken).video;
    expect(carl.canPublishSources).toEqual(['camera']);
    const bobToken = claims((await join({ ticket: await ticket(m.id, 'bob', 'participant') })).body.participantToken).video;
    expect(bobToken.canPublishSources).toEqual(['camera', 'microphone', 'screen_share', 'screen_share_audio']);

    // Back to the defaults.
    await s.api('PUT', ctl(m, '/permissions'), { microphone: null, screenShare: null });
    await s.api('PUT', who(m, 'ada', 'permissions'), { camera: null });
    expect(await sources(m, 'ada')).toEqual([S.CAMERA, S.MICROPHONE, S.SCREEN_SHARE, S.SCREEN_SHARE_AUDIO].sort());
    expect((await s.api('PUT', ctl(m, '/permissions'), { microphone: 'no' })).body.error.field).toBe('microphone');
  });

  it('chat in the same model: a rejoin keeps a chat-disabled participant without canPublishData; chat off for the meeting revokes it in the room', async () => {
    const m = await meeting();
    const [mod, ada, bob] = [await joinAs(m.id, 'mo', 'moderator'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    for (const j of [mod, ada, bob]) await enter(j);
    await s.api('PUT', `/api/v1/meetings/${m.id}/chat/participants/ada`, { enabled: false }, mod.sessionToken);
    const rejoin = await join({ ticket: await ticket(m.id, 'ada', 'participant') });
    expect(claims(rejoin.body.participantToken).video.canPublishData).toBe(false);

    expect((await info(m, 'bob')).permission?.canPublishData).toBe(true);
    await s.api('PUT', `/api/v1/meetings/${m.id}/chat/settings`, { enabled: false }, mod.sessionToken);
    expect((await info(m, 'bob')).permission?.canPublishData).toBe(false);
    expect((await info(m, 'mo')).permission?.canPublishData).toBe(true);
    expect(claims((await join({ ticket: await ticket(m.id, 'carl', 'participant') })).body.participantToken).video.canPublishData).toBe(false);
    // Through host controls too.
    const on = await s.api('PUT', ctl(m, '/permissions'), { chat: true }, mod.sessionToken);
    expect(on.body.permissions.chat).toBe(true);
    expect((await info(m, 'bob')).permission?.canPublishData).toBe(true);
    expect((await info(m, 'ada')).permission?.canPublishData).toBe(false);
    expect((await s.api('PUT', who(m, 'ada', 'permissions'), { chat: true }, mod.sessionToken)).body.permissions.chat).toBe(true);
    expect((await info(m, 'ada')).permission?.canPublishData).toBe(true);
  });
});

describe('spotlight', () => {
  it('pins a participant for everyone (announced by the server); only someone in the room; null ends it', async () => {
    const m = await meeting();
    const [mod, ada] = [await joinAs(m.id, 'mo', 'moderator'), await joinAs(m.id, 'ada')];
    await enter(mod);
    const adaIn = await enter(ada);
    const r = await s.api('PUT', ctl(m, '/spotlight'), { identity: 'ada' }, mod.sessionToken);
    expect(r.body.spotlightIdentity).toBe('ada');
    await waitUntil(() => adaIn.heard.find((h) => h.topic === 'vr.host.state' && h.fromServer && h.body.spotlightIdentity === 'ada'), 10_000, 'spotlight announced');
    expect((await s.api('GET', ctl(m), undefined, ada.sessionToken)).body.spotlightIdentity).toBe('ada');
    expect((await s.api('PUT', ctl(m, '/spotlight'), { identity: 'ghost' })).status).toBe(404);
    expect((await s.api('PUT', ctl(m, '/spotlight'), { identity: null })).body.spotlightIdentity).toBe(null);
  });
});
