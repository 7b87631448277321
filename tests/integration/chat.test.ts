/**
 * Chat API (issue 11, server/modules/room-activity): participants act with the room session of their own join
 * answer; the integrator reads and moderates with its API key. Real PostgreSQL; LiveKit (through @livekit/rtc-node)
 * for the permission a disabled participant loses and the deletion the server announces.
 */
import { describe, expect, it } from 'vitest';
import { RoomEvent } from '@livekit/rtc-node';
import { connectRoom, joinAs as join, useRtcRooms, type RoomRole } from '../support/rtc.js';
import { useTestServer, waitUntil } from '../support/server.js';

const s = useTestServer();
const rooms = useRtcRooms();

type Role = RoomRole;
/** Join `meetingId` as `id` (named `ID`) with `role`: the join answer (sessionToken, serverUrl, participantToken…). */
const joinAs = (meetingId: string, id: string, role: Role = 'participant') => join(s, meetingId, id, role);
const meeting = async (settings?: object) => (await s.api('POST', '/api/v1/meetings', { title: 'Chat class', ...(settings ? { settings } : {}) })).body as { id: string; roomName: string };
const chat = (m: { id: string }, path = '') => `/api/v1/meetings/${m.id}/chat${path}`;
const texts = (r: { body: { items: { text: string }[] } }) => r.body.items.map((i) => i.text);

describe('chat messages', () => {
  it('every join answer carries a room session; a message is stored with the sender the session names and shows in the history', async () => {
    const m = await meeting();
    const ada = await joinAs(m.id, 'ada');
    for (const role of ['host', 'moderator', 'viewer'] as const) expect((await joinAs(m.id, `x-${role}`, role)).sessionToken).toEqual(expect.any(String));

    const sent = await s.api('POST', chat(m, '/messages'), { text: 'Hello class\nsecond line' }, ada.sessionToken);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ meetingId: m.id, sender: { identity: 'ada', name: 'ADA', role: 'participant' }, recipientIdentity: null, text: 'Hello class\nsecond line' });
    const bob = await joinAs(m.id, 'bob');
    const h = await s.api('GET', chat(m, '/messages'), undefined, bob.sessionToken);
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ hasMore: false, items: [{ id: sent.body.id, text: 'Hello class\nsecond line' }] });
    // The integrator reads it with the API key.
    expect(texts(await s.api('GET', chat(m, '/messages')))).toEqual(['Hello class\nsecond line']);
  });

  it('the history gives the last 200 oldest first, and older ones with the `before` cursor', async () => {
    const m = await meeting();
    const ada = await joinAs(m.id, 'ada');
    for (let i = 0; i < 205; i++) expect((await s.api('POST', chat(m, '/messages'), { text: `m${i}` }, ada.sessionToken)).status).toBe(201);
    const page = await s.api('GET', chat(m, '/messages'), undefined, ada.sessionToken);
    expect(page.body.items).toHaveLength(200);
    expect(page.body.items[0].text).toBe('m5');
    expect(page.body.items.at(-1).text).toBe('m204');
    expect(page.body.hasMore).toBe(true);
    const older = await s.api('GET', chat(m, `/messages?before=${page.body.items[0].id}`), undefined, ada.sessionToken);
    expect(older.body).toMatchObject({ hasMore: false });
    expect(texts(older)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('a private message is visible to its sender and recipient only (and to the API key)', async () => {
    const m = await meeting();
    const [ada, bob, cat] = [await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob'), await joinAs(m.id, 'cat')];
    const p = await s.api('POST', chat(m, '/messages'), { text: 'psst bob', recipientIdentity: 'bob' }, ada.sessionToken);
    expect(p.status).toBe(201);
    expect(p.body.recipientIdentity).toBe('bob');
    await s.api('POST', chat(m, '/messages'), { text: 'hi all' }, cat.sessionToken);
    expect(texts(await s.api('GET', chat(m, '/messages'), undefined, ada.sessionToken))).toEqual(['psst bob', 'hi all']);
    expect(texts(await s.api('GET', chat(m, '/messages'), undefined, bob.sessionToken))).toEqual(['psst bob', 'hi all']);
    expect(texts(await s.api('GET', chat(m, '/messages'), undefined, cat.sessionToken))).toEqual(['hi all']);
    expect(texts(await s.api('GET', chat(m, '/messages')))).toEqual(['psst bob', 'hi all']);
  });

  it('only people in the room post: a viewer and the API key are refused; a session of another meeting is refused', async () => {
    const m = await meeting();
    const other = await meeting();
    const viewer = await joinAs(m.id, 'vic', 'viewer');
    const ada = await joinAs(other.id, 'ada');
    expect((await s.api('POST', chat(m, '/messages'), { text: 'hi' }, viewer.sessionToken)).status).toBe(403);
    expect((await s.api('POST', chat(m, '/messages'), { text: 'hi' })).status).toBe(403);
    expect((await s.api('POST', chat(m, '/messages'), { text: 'hi' }, ada.sessionToken)).body.error.code).toBe('wrong_meeting');
    expect((await s.api('POST', chat(m, '/messages'), { text: 'hi' }, null)).status).toBe(401);
    expect((await s.api('POST', chat(m, '/messages'), { text: 'hi' }, ada.sessionToken + 'x')).status).toBe(401);
    expect((await s.api('GET', chat(m, '/messages'))).body.items).toEqual([]);
  });

  it('bad input answers 400 naming the field and stores nothing', async () => {
    const m = await meeting();
    const ada = await joinAs(m.id, 'ada');
    const bad = async (body: unknown, field: string) => {
      const r = await s.api('POST', chat(m, '/messages'), body, ada.sessionToken);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.body.error.field).toBe(field);
    };
    await bad({ text: 'x'.repeat(2001) }, 'text');
    await bad({ text: '   ' }, 'text');
    await bad({ text: 'bell\u0007' }, 'text');
    await bad({ text: 'nul\u0000' }, 'text');
    await bad({}, 'text');
    await bad({ text: 'hi', recipientIdentity: 'ada' }, 'recipientIdentity');
    await bad({ text: 'hi', recipientIdentity: '' }, 'recipientIdentity');
    expect((await s.api('POST', chat(m, '/messages'), { text: 'x'.repeat(2000) }, ada.sessionToken)).status).toBe(201);
    const q = await s.api('GET', chat(m, '/messages?before=nope'), undefined, ada.sessionToken);
    expect([q.status, q.body.error.field]).toEqual([400, 'before']);
    const l = await s.api('GET', chat(m, '/messages?limit=500'), undefined, ada.sessionToken);
    expect([l.status, l.body.error.field]).toEqual([400, 'limit']);
    const e = await s.api('PUT', chat(m, '/settings'), { enabled: 'yes' });
    expect([e.status, e.body.error.field]).toEqual([400, 'enabled']);
    expect((await s.api('GET', chat(m, '/messages'))).body.items).toHaveLength(1);
  });
});

describe('deleting messages', () => {
  it('a participant can delete neither another\'s message nor their own; a moderator and the API key can, and the room is told', async () => {
    const m = await meeting();
    const [host, ada, bob] = [await joinAs(m.id, 'prof', 'host'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    const a = (await s.api('POST', chat(m, '/messages'), { text: 'from ada' }, ada.sessionToken)).body;
    const b = (await s.api('POST', chat(m, '/messages'), { text: 'from bob' }, bob.sessionToken)).body;

    const refused = await s.api('DELETE', chat(m, `/messages/${a.id}`), undefined, bob.sessionToken);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect((await s.api('DELETE', chat(m, `/messages/${a.id}`), undefined, ada.sessionToken)).status).toBe(403);
    expect(texts(await s.api('GET', chat(m, '/messages'), undefined, bob.sessionToken))).toEqual(['from ada', 'from bob']);

    // Someone in the room hears the deletion from the server.
    const room = await connectRoom(rooms, bob);
    const heard: string[] = [];
    room.on(RoomEvent.DataReceived, (payload, _p, _k, topic) => topic === 'vr.chat.deleted' && heard.push(JSON.parse(new TextDecoder().decode(payload)).id));

    const del = await s.api('DELETE', chat(m, `/messages/${a.id}`), undefined, host.sessionToken);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: a.id, deletedBy: 'prof' });
    await waitUntil(() => heard.includes(a.id), 10_000, 'vr.chat.deleted on LiveKit');
    expect((await s.api('DELETE', chat(m, `/messages/${b.id}`))).status).toBe(200);
    expect((await s.api('GET', chat(m, '/messages'), undefined, ada.sessionToken)).body.items).toEqual([]);
    // The API key still sees them, marked deleted.
    const all = await s.api('GET', chat(m, '/messages'));
    expect(all.body.items.map((i: any) => [i.text, i.deletedBy])).toEqual([['from ada', 'prof'], ['from bob', 'api-key']]);
    expect((await s.api('DELETE', chat(m, '/messages/00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    await room.disconnect();
  });
});

describe('turning chat off', () => {
  it('chat off for the meeting: posting answers 403 chat_disabled and nothing is stored; on again: it works', async () => {
    const m = await meeting();
    const [mod, ada] = [await joinAs(m.id, 'mo', 'moderator'), await joinAs(m.id, 'ada')];
    expect((await s.api('PUT', chat(m, '/settings'), { enabled: false }, ada.sessionToken)).status).toBe(403);
    const off = await s.api('PUT', chat(m, '/settings'), { enabled: false }, mod.sessionToken);
    expect(off.body).toMatchObject({ enabled: false, canSend: false });
    const r = await s.api('POST', chat(m, '/messages'), { text: 'anyone?' }, ada.sessionToken);
    expect([r.status, r.body.error.code]).toEqual([403, 'chat_disabled']);
    expect((await s.api('GET', chat(m, '/settings'), undefined, ada.sessionToken)).body).toMatchObject({ enabled: false, canSend: false });
    expect((await s.api('GET', chat(m, '/messages'))).body.items).toEqual([]);
    await s.api('PUT', chat(m, '/settings'), { enabled: true });
    expect((await s.api('POST', chat(m, '/messages'), { text: 'anyone?' }, ada.sessionToken)).status).toBe(201);
  });

  it("a meeting created with settings.chat false starts with chat off", async () => {
    const m = await meeting({ chat: false });
    const ada = await joinAs(m.id, 'ada');
    expect((await s.api('POST', chat(m, '/messages'), { text: 'hi' }, ada.sessionToken)).body.error.code).toBe('chat_disabled');
  });

  it("one participant's chat off: their messages are refused, LiveKit takes canPublishData away while they are in the room, and on again restores it", async () => {
    const m = await meeting();
    const [host, ada, bob] = [await joinAs(m.id, 'prof', 'host'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    const room = await connectRoom(rooms, ada);
    const bobRoom = await connectRoom(rooms, bob);
    const got: string[] = [];
    bobRoom.on(RoomEvent.DataReceived, (payload, _p, _k, topic) => topic === 'probe' && got.push(new TextDecoder().decode(payload)));
    const permission = async () => (await s.deps.livekit.rooms.getParticipant(m.roomName, 'ada')).permission!;
    expect((await permission()).canPublishData).toBe(true);

    const off = await s.api('PUT', chat(m, '/participants/ada'), { enabled: false }, host.sessionToken);
    expect(off.status).toBe(200);
    expect(off.body.disabledIdentities).toEqual(['ada']);
    expect((await permission()).canPublishData).toBe(false);
    expect((await permission()).canSubscribe).toBe(true);
    // LiveKit itself drops what she sends now.
    await room.localParticipant!.publishData(new TextEncoder().encode('while off'), { reliable: true, topic: 'probe' });
    const r = await s.api('POST', chat(m, '/messages'), { text: 'let me talk' }, ada.sessionToken);
    expect([r.status, r.body.error.code]).toEqual([403, 'chat_disabled']);
    expect((await s.api('POST', chat(m, '/messages'), { text: 'I can' }, bob.sessionToken)).status).toBe(201);
    expect(texts(await s.api('GET', chat(m, '/messages')))).toEqual(['I can']);

    expect((await s.api('PUT', chat(m, '/participants/ada'), { enabled: true })).body.disabledIdentities).toEqual([]);
    expect((await permission()).canPublishData).toBe(true);
    await room.localParticipant!.publishData(new TextEncoder().encode('on again'), { reliable: true, topic: 'probe' });
    await waitUntil(() => got.includes('on again'), 10_000, 'data after re-enabling');
    expect(got).toEqual(['on again']);
    expect((await s.api('POST', chat(m, '/messages'), { text: 'back' }, ada.sessionToken)).status).toBe(201);
    await room.disconnect();
    await bobRoom.disconnect();
  });
});

describe('export', () => {
  it('hosts and the API key export JSON and CSV; participants cannot', async () => {
    const m = await meeting();
    const [host, ada] = [await joinAs(m.id, 'prof', 'host'), await joinAs(m.id, 'ada')];
    await s.api('POST', chat(m, '/messages'), { text: 'Hello, "world"\nline 2' }, ada.sessionToken);
    await s.api('POST', chat(m, '/messages'), { text: '=HYPERLINK("x")', recipientIdentity: 'prof' }, ada.sessionToken);
    await s.api('POST', chat(m, '/messages'), { text: 'between us', recipientIdentity: 'bob' }, ada.sessionToken);

    expect((await s.api('GET', chat(m, '/export'), undefined, ada.sessionToken)).status).toBe(403);
    expect((await s.api('GET', chat(m, '/export.csv'), undefined, ada.sessionToken)).status).toBe(403);
    const hostJson = await s.api('GET', chat(m, '/export'), undefined, host.sessionToken);
    expect(hostJson.status).toBe(200);
    expect(hostJson.body.items.map((i: any) => i.text)).toEqual(['Hello, "world"\nline 2', '=HYPERLINK("x")']);
    const keyJson = await s.api('GET', chat(m, '/export'));
    expect(keyJson.body.items).toHaveLength(3);

    const res = await fetch(`${s.baseUrl}${chat(m, '/export.csv')}`, { headers: { authorization: `Bearer ${s.apiKey}` } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,created_at,sender_identity,sender_name,sender_role,recipient_identity,text,deleted_at,deleted_by');
    expect(csv).toContain(',ada,ADA,participant,,"Hello, ""world""\nline 2",,');
    expect(csv).toContain(`,ada,ADA,participant,prof,"'=HYPERLINK(""x"")",,`);
    expect(csv).toContain(',bob,between us,,');
  });
});
