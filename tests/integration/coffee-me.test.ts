/**
 * The widget's user-scoped coffee API: coffee tickets minted with an API key, then `/api/v1/coffee/me/*` acting as
 * the ticket's user only. Real PostgreSQL and LiveKit (startTestServer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner } from 'fast-jwt';
import { Room, dispose } from '@livekit/rtc-node';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
  await dispose();
});

const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
let seq = 0;
const uid = (name: string) => `${name}-me-${++seq}`;

async function profile(userId: string, p: Record<string, unknown> = {}) {
  const r = await s.api('PUT', `/api/v1/coffee/profiles/${userId}`, { displayName: userId, role: 'alumnus', timezone: 'UTC', availability: allWeek, languages: ['en'], interests: ['jazz'], ...p });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

async function ticketFor(userId: string, ttlSeconds?: number): Promise<string> {
  const r = await s.api('POST', '/api/v1/coffee/tickets', { userId, ...(ttlSeconds ? { ttlSeconds } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect(Date.parse(r.body.expiresAt)).toBeGreaterThan(Date.now());
  return r.body.ticket;
}

/** The widget's call: bearer coffee ticket, JSON. */
const me = (ticket: string | null, method: string, path: string, body?: unknown) => s.api(method, `/api/v1/coffee/me${path}`, body, ticket);

const minutesFromNow = (m: number) => new Date(Math.ceil((Date.now() + m * 60_000) / 60_000) * 60_000).toISOString();

async function pair() {
  const a = uid('ada');
  const b = uid('sam');
  await profile(a, { role: 'alumnus' });
  await profile(b, { role: 'student' });
  return { a, b, ta: await ticketFor(a), tb: await ticketFor(b) };
}

describe('coffee tickets', () => {
  it('need an API key to mint, and a valid ticket to use', async () => {
    expect((await s.api('POST', '/api/v1/coffee/tickets', { userId: 'x' }, null)).status).toBe(401);
    expect((await s.api('POST', '/api/v1/coffee/tickets', { userId: '' })).body.error.field).toBe('userId');
    const noAuth = await me(null, 'GET', '');
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.error.code).toBe('unauthorized');
    // The API key is not a coffee ticket.
    expect((await me(s.apiKey, 'GET', '')).body.error.code).toBe('invalid_ticket');
  });

  it('an expired or forged ticket → 401', async () => {
    const { a } = await pair();
    const now = Math.floor(Date.now() / 1000);
    const sign = (key: string, claims: object) => createSigner({ key, algorithm: 'HS256', noTimestamp: true })({ iss: 'video-rooms', aud: 'vr-coffee', sub: a, iat: now, exp: now + 60, ...claims });
    const real = (await s.api('POST', '/api/v1/coffee/tickets', { userId: a })).body.ticket as string;
    const claims = JSON.parse(Buffer.from(real.split('.')[1]!, 'base64url').toString());

    const expired = await me(sign(s.deps.ticketSecret, { org: claims.org, osl: claims.osl, iat: now - 120, exp: now - 60 }), 'GET', '');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('ticket_expired');

    const forged = await me(sign('not-our-secret', { org: claims.org, osl: claims.osl }), 'GET', '');
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('invalid_ticket');

    // A join ticket (another audience) is not a coffee ticket.
    const wrongAud = await me(sign(s.deps.ticketSecret, { aud: 'vr-join', org: claims.org, osl: claims.osl }), 'GET', '');
    expect(wrongAud.body.error.code).toBe('invalid_ticket');
    // Tampering with the payload breaks the signature.
    const [h, , sig] = real.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${sig}`;
    expect((await me(tampered, 'GET', '')).status).toBe(401);

    const ok = await me(real, 'GET', '');
    expect(ok.status).toBe(200);
    expect(ok.body.userId).toBe(a);
  });

  it('answers CORS preflights from any origin without credentials', async () => {
    const res = await fetch(`${s.baseUrl}/api/v1/coffee/me/requests`, {
      method: 'OPTIONS',
      headers: { origin: 'https://portal.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const bad = await fetch(`${s.baseUrl}/api/v1/coffee/me`, { headers: { origin: 'https://portal.example' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('acting as the ticket user', () => {
  it('shows my profile, suggestions with common slots, and requests both ways', async () => {
    const { a, b, ta, tb } = await pair();
    const sug = await me(ta, 'GET', '/suggestions?limit=50');
    expect(sug.status, JSON.stringify(sug.body)).toBe(200);
    const sam = sug.body.items.find((i: { userId: string }) => i.userId === b);
    expect(sam).toMatchObject({ displayName: b, sharedInterests: ['jazz'] });
    expect(sam.slots.length).toBeGreaterThan(0);
    expect(Date.parse(sam.slots[0])).toBeGreaterThan(Date.now());

    const sent = await me(ta, 'POST', '/requests', { toUserId: b, slots: sam.slots.slice(0, 2), message: 'Hi!' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ kind: 'direct_request', fromUserId: a, toUserId: b, status: 'pending' });

    const mine = await me(ta, 'GET', '/requests');
    expect(mine.body.items[0]).toMatchObject({ id: sent.body.id, direction: 'outgoing', people: [{ userId: b, displayName: b }], joinOpensAt: null });
    const theirs = await me(tb, 'GET', '/requests');
    expect(theirs.body.items[0]).toMatchObject({ id: sent.body.id, direction: 'incoming', people: [{ userId: a }] });

    // Rules of the API-key route hold: not to oneself, distinct slots.
    expect((await me(ta, 'POST', '/requests', { toUserId: a, slots: [sam.slots[0]] })).body.error.field).toBe('toUserId');
    expect((await me(ta, 'POST', '/requests', { toUserId: b, slots: [sam.slots[0], sam.slots[0]] })).body.error.field).toBe('slots');
  });

  it("a ticket for A cannot act as B or accept B's incoming request", async () => {
    const { a, b, ta, tb } = await pair();
    const c = uid('cleo');
    await profile(c);
    // B receives a request from C.
    const toB = await s.api('POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: c, toUserId: b, slots: [minutesFromNow(120)] });
    expect(toB.status).toBe(201);
    const slot = toB.body.slots[0];

    // A's ticket: the body cannot name another actor (fields are ignored or rejected), and B's request is not A's.
    const asB = await me(ta, 'POST', `/requests/${toB.body.id}/accept`, { slot, userId: b });
    expect(asB.status).toBe(403);
    expect(asB.body.error.code).toBe('not_invited');
    expect((await me(ta, 'POST', `/requests/${toB.body.id}/decline`, { userId: b })).status).toBe(403);
    expect((await me(ta, 'POST', `/requests/${toB.body.id}/join-ticket`)).status).toBe(403);
    const spoof = await me(ta, 'POST', '/requests', { fromUserId: b, toUserId: c, slots: [minutesFromNow(180)] });
    expect(spoof.status).toBe(201);
    expect(spoof.body.fromUserId).toBe(a);
    expect((await me(ta, 'GET', '/requests')).body.items.map((r: { id: string }) => r.id)).not.toContain(toB.body.id);
    expect((await s.api('GET', `/api/v1/coffee/requests/${toB.body.id}`)).body.status).toBe('pending');

    // B's own ticket can.
    const ok = await me(tb, 'POST', `/requests/${toB.body.id}/accept`, { slot });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'accepted', acceptedBy: b, acceptedSlot: slot });

    // Another organisation's ticket for the same user id sees nothing of this one.
    const otherKey = await s.newOrganization(`other-${seq}`);
    const other = (await s.api('POST', '/api/v1/coffee/tickets', { userId: b }, otherKey)).body.ticket;
    expect((await me(other, 'GET', '')).status).toBe(404);
    expect((await me(other, 'POST', `/requests/${toB.body.id}/decline`)).status).toBe(404);
  });

  it('declines an incoming request; the sender sees it declined', async () => {
    const { a, b, ta, tb } = await pair();
    const r = (await me(ta, 'POST', '/requests', { toUserId: b, slots: [minutesFromNow(90)] })).body;
    const d = await me(tb, 'POST', `/requests/${r.id}/decline`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ status: 'declined', declinedBy: b });
    expect((await me(ta, 'GET', '/requests')).body.items.find((x: { id: string }) => x.id === r.id)).toMatchObject({ status: 'declined', fromUserId: a });
  });
});

describe('joining the booked chat', () => {
  it('gives a join ticket only to its people, only from 10 minutes before the start', async () => {
    const { b, ta, tb } = await pair();
    const later = (await me(ta, 'POST', '/requests', { toUserId: b, slots: [minutesFromNow(60)] })).body;
    expect((await me(tb, 'POST', `/requests/${later.id}/join-ticket`)).body.error.code).toBe('invalid_state');
    await me(tb, 'POST', `/requests/${later.id}/accept`, { slot: later.slots[0] });
    const early = await me(tb, 'POST', `/requests/${later.id}/join-ticket`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('too_early');
    const listed = (await me(ta, 'GET', '/requests')).body.items.find((x: { id: string }) => x.id === later.id);
    expect(Date.parse(listed.joinOpensAt)).toBe(Date.parse(later.slots[0]) - 10 * 60_000);

    const outsider = await ticketFor(uid('eve'));
    expect((await me(outsider, 'POST', `/requests/${later.id}/join-ticket`)).status).toBe(403);
  });

  it('the join ticket joins the booked meeting’s room', async () => {
    const { a, b, ta, tb } = await pair();
    const soon = (await me(ta, 'POST', '/requests', { toUserId: b, slots: [minutesFromNow(5)] })).body;
    const acc = await me(tb, 'POST', `/requests/${soon.id}/accept`, { slot: soon.slots[0] });
    expect(acc.status).toBe(200);
    const meeting = acc.body.meeting;
    expect(meeting.type).toBe('coffee_chat');

    const jt = await me(ta, 'POST', `/requests/${soon.id}/join-ticket`);
    expect(jt.status, JSON.stringify(jt.body)).toBe(201);
    const join = await s.api('POST', '/api/v1/join', { ticket: jt.body.ticket }, null);
    expect(join.status, JSON.stringify(join.body)).toBe(200);
    expect(join.body).toMatchObject({ identity: a, role: 'participant', meeting: { id: meeting.id } });

    // It really joins that LiveKit room.
    const room = new Room();
    try {
      await room.connect(join.body.serverUrl, join.body.participantToken, { autoSubscribe: false, dynacast: false });
      expect(room.name).toBe(meeting.roomName);
      expect(room.localParticipant?.identity).toBe(a);
    } finally {
      await room.disconnect();
    }
    // The coffee ticket itself is not a join ticket.
    expect((await s.api('POST', '/api/v1/join', { ticket: ta }, null)).status).toBe(401);
  });
});
