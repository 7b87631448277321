/**
 * Raised hands (issue 11, server/modules/room-activity): the ordered queue of a meeting session, kept in PostgreSQL;
 * participants act with the room session of their own join answer, the integrator with its API key. Real
 * PostgreSQL; LiveKit (through @livekit/rtc-node) for the queue the server announces on `vr.hands`.
 */
import { describe, expect, it } from 'vitest';
import { RoomEvent } from '@livekit/rtc-node';
import { connectRoom, joinAs as join, useRtcRooms, type RoomRole } from '../support/rtc.js';
import { startSecondInstance, useTestServer, waitUntil } from '../support/server.js';

const s = useTestServer();
const rooms = useRtcRooms();

type Role = RoomRole;
/** Join `meetingId` as `id` (named `ID`) with `role`: the join answer (sessionToken, serverUrl, participantToken…). */
const joinAs = (meetingId: string, id: string, role: Role = 'participant') => join(s, meetingId, id, role);
const meeting = async () => (await s.api('POST', '/api/v1/meetings', { title: 'Hands class' })).body as { id: string; roomName: string };
const hands = (m: { id: string }, path = '') => `/api/v1/meetings/${m.id}/hands${path}`;
const queue = async (m: { id: string }, key?: string) => {
  const r = await s.api('GET', hands(m), undefined, key);
  expect(r.status).toBe(200);
  return r.body as { version: number; items: { identity: string; name: string; role: string; position: number; raisedAt: string }[] };
};
const order = async (m: { id: string }, key?: string) => (await queue(m, key)).items.map((h) => `${h.position}:${h.identity}`);

describe('raising hands', () => {
  it('three people raise their hands: the queue keeps the order they raised them in, for everyone and for the API key', async () => {
    const m = await meeting();
    const [ada, bob, cat] = [await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob'), await joinAs(m.id, 'cat', 'viewer')];
    expect(await queue(m, ada.sessionToken)).toEqual({ version: 0, items: [] });
    for (const p of [bob, cat, ada]) expect((await s.api('POST', hands(m), undefined, p.sessionToken)).status).toBe(200);
    expect(await order(m, ada.sessionToken)).toEqual(['1:bob', '2:cat', '3:ada']);
    const q = await queue(m);
    expect(q.items[1]).toMatchObject({ identity: 'cat', name: 'CAT', role: 'viewer', position: 2 });
    expect(Date.parse(q.items[0]!.raisedAt)).toBeLessThanOrEqual(Date.parse(q.items[2]!.raisedAt));
    expect(q.version).toBe(3);

    // Raising again keeps one's place (and changes nothing).
    const again = await s.api('POST', hands(m), undefined, bob.sessionToken);
    expect(again.body.items.map((h: { identity: string }) => h.identity)).toEqual(['bob', 'cat', 'ada']);
    expect(again.body.version).toBe(3);
    // Lowering one's own hand and raising it again: to the end of the queue.
    expect((await s.api('DELETE', hands(m, '/bob'), undefined, bob.sessionToken)).body.items.map((h: { identity: string }) => h.identity)).toEqual(['cat', 'ada']);
    await s.api('POST', hands(m), undefined, bob.sessionToken);
    expect(await order(m, cat.sessionToken)).toEqual(['1:cat', '2:ada', '3:bob']);
  });

  it('the API key reads the queue but raises no hand; no credentials, a bad token, a session of another meeting are refused', async () => {
    const m = await meeting();
    const other = await meeting();
    const ada = await joinAs(other.id, 'ada');
    const r = await s.api('POST', hands(m));
    expect([r.status, r.body.error.code]).toEqual([403, 'forbidden']);
    expect((await s.api('GET', hands(m), undefined, null)).status).toBe(401);
    expect((await s.api('GET', hands(m), undefined, 'nope')).status).toBe(401);
    expect((await s.api('POST', hands(m), undefined, ada.sessionToken)).body.error.code).toBe('wrong_meeting');
    const otherOrg = await s.newOrganization('elsewhere');
    expect((await s.api('GET', hands(m), undefined, otherOrg)).status).toBe(404);
    expect((await queue(m)).items).toEqual([]);
  });
});

describe('lowering hands', () => {
  it("a participant cannot lower another's hand nor every hand (403, nothing changes); a moderator lowers one, the host all", async () => {
    const m = await meeting();
    const [host, mod, ada, bob, cat] = [
      await joinAs(m.id, 'prof', 'host'),
      await joinAs(m.id, 'mo', 'moderator'),
      await joinAs(m.id, 'ada'),
      await joinAs(m.id, 'bob'),
      await joinAs(m.id, 'cat', 'viewer'),
    ];
    for (const p of [ada, bob, cat]) await s.api('POST', hands(m), undefined, p.sessionToken);
    const before = await queue(m);

    for (const [who, path] of [[bob, '/ada'], [cat, '/ada'], [bob, ''], [cat, '']] as const) {
      const r = await s.api('DELETE', hands(m, path), undefined, who.sessionToken);
      expect([r.status, r.body.error.code]).toEqual([403, 'forbidden']);
    }
    expect(await queue(m)).toEqual(before);

    const one = await s.api('DELETE', hands(m, '/bob'), undefined, mod.sessionToken);
    expect(one.status).toBe(200);
    expect(one.body.items.map((h: { identity: string; position: number }) => `${h.position}:${h.identity}`)).toEqual(['1:ada', '2:cat']);
    // Lowering a hand that is not raised changes nothing.
    expect((await s.api('DELETE', hands(m, '/bob'), undefined, mod.sessionToken)).body.version).toBe(one.body.version);
    const all = await s.api('DELETE', hands(m), undefined, host.sessionToken);
    expect(all.body.items).toEqual([]);
    expect((await queue(m, ada.sessionToken)).items).toEqual([]);
    // The API key lowers too.
    await s.api('POST', hands(m), undefined, ada.sessionToken);
    expect((await s.api('DELETE', hands(m, '/ada'))).body.items).toEqual([]);
  });
});

describe('the queue lasts', () => {
  it('survives a restart of the server and a participant rejoining; the room hears every change from the server', async () => {
    const m = await meeting();
    const [host, ada, bob] = [await joinAs(m.id, 'prof', 'host'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    const room = await connectRoom(rooms, host);
    const heard: { version: number; items: { identity: string }[]; from?: string }[] = [];
    room.on(RoomEvent.DataReceived, (payload, p, _k, topic) => {
      if (topic === 'vr.hands') heard.push({ ...JSON.parse(new TextDecoder().decode(payload)), from: p?.identity });
    });

    await s.api('POST', hands(m), undefined, ada.sessionToken);
    await s.api('POST', hands(m), undefined, bob.sessionToken);
    await waitUntil(() => heard.some((h) => h.version === 2), 10_000, 'the queue announced on vr.hands');
    expect(heard.at(-1)).toMatchObject({ version: 2, items: [{ identity: 'ada', position: 1 }, { identity: 'bob', position: 2 }] });
    expect(heard.every((h) => h.from === undefined)).toBe(true);

    // Another server instance on the same database (as after a restart) has the same queue.
    const second = await startSecondInstance(s);
    try {
      const res = await fetch(`${second.baseUrl}${hands(m)}`, { headers: { authorization: `Bearer ${bob.sessionToken}` } });
      expect(((await res.json()) as { items: { identity: string }[] }).items.map((h) => h.identity)).toEqual(['ada', 'bob']);
    } finally {
      await second.close();
    }
    // Ada joins again (a reload: a new join answer, a new room session): her hand is still up, in its place.
    const again = await joinAs(m.id, 'ada');
    expect(await order(m, again.sessionToken)).toEqual(['1:ada', '2:bob']);
    await s.api('DELETE', hands(m, '/ada'), undefined, again.sessionToken);
    await waitUntil(() => heard.some((h) => h.version === 3), 10_000, 'the lowered hand announced');
    expect(heard.at(-1)!.items.map((h) => h.identity)).toEqual(['bob']);
    await room.disconnect();
  });

  it('a queue too large for one LiveKit packet is announced as truncated (the widgets then read it over HTTP)', async () => {
    const m = await meeting();
    const host = await joinAs(m.id, 'prof', 'host');
    const room = await connectRoom(rooms, host);
    const heard: { version: number; items?: unknown[]; truncated?: boolean }[] = [];
    room.on(RoomEvent.DataReceived, (payload, _p, _k, topic) => topic === 'vr.hands' && heard.push(JSON.parse(new TextDecoder().decode(payload))));
    // 120 people with 100-character names: ~20 KB of queue.
    const long = async (i: number) => {
      const t = await s.api('POST', `/api/v1/meetings/${m.id}/join-tickets`, { user: { id: `student-${i}`, name: `${i} `.padEnd(100, 'x') }, role: 'participant' });
      return (await s.api('POST', '/api/v1/join', { ticket: t.body.ticket }, null)).body.sessionToken as string;
    };
    const tokens = await Promise.all(Array.from({ length: 120 }, (_, i) => long(i)));
    for (const t of tokens) expect((await s.api('POST', hands(m), undefined, t)).status).toBe(200);
    await waitUntil(() => heard.some((h) => h.version === 120), 20_000, 'the last change announced');
    expect(heard.find((h) => h.version === 120)).toEqual({ version: 120, truncated: true });
    expect(heard.some((h) => Array.isArray(h.items) && h.items.length > 10)).toBe(true);
    const q = await queue(m, host.sessionToken);
    expect([q.version, q.items.length, q.items[119]!.position]).toEqual([120, 120, 120]);
    await room.disconnect();
  });

  it('hands belong to the session: when the meeting ends they are gone, and raising one answers 409 meeting_ended', async () => {
    const m = await meeting();
    const ada = await joinAs(m.id, 'ada');
    await s.api('POST', hands(m), undefined, ada.sessionToken);
    expect((await s.api('POST', `/api/v1/meetings/${m.id}/end`)).status).toBe(200);
    expect((await queue(m)).items).toEqual([]);
    const r = await s.api('POST', hands(m), undefined, ada.sessionToken);
    expect([r.status, r.body.error.code]).toEqual([409, 'meeting_ended']);
  });
});
