import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { startTestServer, type TestServer } from '../support/server.js';
import { sweepExpired } from '../../server/modules/coffee/requests.js';
import * as store from '../../server/modules/coffee/store.js';

let s: TestServer;
let orgId: string;
beforeAll(async () => {
  s = await startTestServer();
  [{ id: orgId }] = await s.deps.sql<{ id: string }[]>`SELECT id FROM organizations WHERE slug = 'school'`;
});
afterAll(() => s?.close());

const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
let seq = 0;
/** A fresh user id per call, so tests do not see each other's people. */
const uid = (name: string) => `${name}-${++seq}`;

async function profile(userId: string, p: Record<string, unknown> = {}) {
  const r = await s.api('PUT', `/api/v1/coffee/profiles/${userId}`, {
    displayName: userId,
    role: 'alumnus',
    timezone: 'UTC',
    availability: allWeek,
    languages: ['en'],
    ...p,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Whole hours from now, as UTC ISO instants. */
const hoursFromNow = (h: number) => new Date(Math.ceil(Date.now() / 3600_000) * 3600_000 + h * 3600_000).toISOString();

async function directRequest(from: string, to: string, extra: Record<string, unknown> = {}) {
  const r = await s.api('POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: from, toUserId: to, slots: [hoursFromNow(24), hoursFromNow(48)], ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** Monday of the second full week of next January (UTC): in the future, and standard time in Europe and the US. */
function winterMonday(): string {
  const year = new Date().getUTCFullYear() + 1;
  let d = Temporal.PlainDate.from({ year, month: 1, day: 8 });
  while (d.dayOfWeek !== 1) d = d.add({ days: 1 });
  return d.toString();
}

async function round(body: Record<string, unknown> = {}) {
  const r = await s.api('POST', '/api/v1/coffee/rounds', { weekStart: winterMonday(), optInClosesAt: hoursFromNow(24), ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

async function runRound(people: string[], body: Record<string, unknown> = {}) {
  const r = await round(body);
  for (const u of people) expect((await s.api('POST', `/api/v1/coffee/rounds/${r.id}/participants`, { userId: u })).status).toBe(200);
  const m = await s.api('POST', `/api/v1/coffee/rounds/${r.id}/match`);
  expect(m.status, JSON.stringify(m.body)).toBe(200);
  return m.body;
}

const pairKey = (g: { members: string[] }) => [...g.members].sort().join('+');

describe('coffee profiles', () => {
  it('stores a profile and reads it back; bad input names the field', async () => {
    const u = uid('ada');
    const p = await profile(u, { interests: ['Robotics', 'jazz'], timezone: 'Europe/Berlin', availability: [{ weekday: 1, start: '09:00', end: '12:00' }] });
    expect(p).toMatchObject({ userId: u, interests: ['robotics', 'jazz'], timezone: 'Europe/Berlin', paused: false, pausedReason: null, unansweredIntros: 0 });
    expect((await s.api('GET', `/api/v1/coffee/profiles/${u}`)).body).toEqual(p);
    const bad = await s.api('PUT', `/api/v1/coffee/profiles/${u}`, { displayName: 'x', role: 'alumnus', timezone: 'Mars/Base' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_error', field: 'timezone' });
    const badWindow = await s.api('PUT', `/api/v1/coffee/profiles/${u}`, { displayName: 'x', role: 'alumnus', timezone: 'UTC', availability: [{ weekday: 1, start: '12:00', end: '09:00' }] });
    expect(badWindow.body.error.field).toBe('availability.0.end');
    expect((await s.api('GET', `/api/v1/coffee/profiles/${uid('nobody')}`)).status).toBe(404);
  });
});

describe('coffee requests: the state machine', () => {
  it('accepting a slot books a coffee_chat meeting for two; later steps follow the state machine', async () => {
    const [a, b] = [uid('amy'), uid('bob')];
    await profile(a);
    await profile(b, { role: 'student' });
    const req = await directRequest(a, b, { message: 'Hi!' });
    expect(req).toMatchObject({ status: 'pending', kind: 'direct_request', fromUserId: a, toUserId: b, meetingId: null });

    expect((await s.api('POST', `/api/v1/coffee/requests/${req.id}/accept`, { userId: a, slot: req.slots[0] })).body.error.code).toBe('not_invited');
    const wrongSlot = await s.api('POST', `/api/v1/coffee/requests/${req.id}/accept`, { userId: b, slot: hoursFromNow(5) });
    expect(wrongSlot.body.error).toMatchObject({ code: 'slot_not_proposed', field: 'slot' });

    const acc = await s.api('POST', `/api/v1/coffee/requests/${req.id}/accept`, { userId: b, slot: req.slots[1] });
    expect(acc.status).toBe(200);
    expect(acc.body).toMatchObject({ status: 'accepted', acceptedBy: b, acceptedSlot: req.slots[1] });
    expect(acc.body.meeting).toMatchObject({ type: 'coffee_chat', maxParticipants: 2, scheduledStartAt: req.slots[1], status: 'scheduled' });
    expect(Date.parse(acc.body.meeting.scheduledEndAt) - Date.parse(req.slots[1])).toBe(30 * 60_000);

    const decline = await s.api('POST', `/api/v1/coffee/requests/${req.id}/decline`, { userId: b });
    expect(decline.status).toBe(409);
    expect(decline.body.error).toMatchObject({ code: 'invalid_state' });
    expect(decline.body.error.message).toContain('accepted');

    const ticket = await s.api('POST', `/api/v1/coffee/requests/${req.id}/join-tickets`, { userId: a });
    expect(ticket.status).toBe(201);
    const join = await s.api('POST', '/api/v1/join', { ticket: ticket.body.ticket }, null);
    expect(join.status).toBe(200);
    expect(join.body.meeting.id).toBe(acc.body.meetingId);
    expect((await s.api('POST', `/api/v1/coffee/requests/${req.id}/join-tickets`, { userId: uid('stranger') })).status).toBe(403);

    expect((await s.api('POST', `/api/v1/coffee/requests/${req.id}/feedback`, { userId: a, met: true })).body.error.code).toBe('too_early');
    await s.deps.sql`UPDATE coffee_requests SET accepted_slot = now() - interval '1 hour' WHERE id = ${req.id}`;
    const fb = await s.api('POST', `/api/v1/coffee/requests/${req.id}/feedback`, { userId: a, met: true });
    expect(fb.body).toMatchObject({ status: 'completed', feedback: { [a]: true } });
  });

  it('both saying "we did not meet" makes a no_show; a declined request cannot be accepted', async () => {
    const [a, b] = [uid('cat'), uid('dan')];
    await profile(a);
    await profile(b);
    const r1 = await directRequest(a, b);
    await s.api('POST', `/api/v1/coffee/requests/${r1.id}/accept`, { userId: b, slot: r1.slots[0] });
    await s.deps.sql`UPDATE coffee_requests SET accepted_slot = now() - interval '1 hour' WHERE id = ${r1.id}`;
    expect((await s.api('POST', `/api/v1/coffee/requests/${r1.id}/feedback`, { userId: a, met: false })).body.status).toBe('accepted');
    expect((await s.api('POST', `/api/v1/coffee/requests/${r1.id}/feedback`, { userId: b, met: false })).body.status).toBe('no_show');

    const r2 = await directRequest(a, b);
    const feedbackEarly = await s.api('POST', `/api/v1/coffee/requests/${r2.id}/feedback`, { userId: a, met: true });
    expect(feedbackEarly.body.error).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('pending') });
    expect((await s.api('POST', `/api/v1/coffee/requests/${r2.id}/decline`, { userId: b })).body.status).toBe('declined');
    expect((await s.api('POST', `/api/v1/coffee/requests/${r2.id}/decline`, { userId: b })).status).toBe(200); // idempotent
    const late = await s.api('POST', `/api/v1/coffee/requests/${r2.id}/accept`, { userId: b, slot: r2.slots[0] });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('declined');
  });

  it('a pending request expires after its time: reads show it at once, the sweep writes it, accept answers 409', async () => {
    const [a, b] = [uid('eve'), uid('fay')];
    await profile(a);
    await profile(b);
    const req = await directRequest(a, b, { expiresInHours: 1 });
    expect(Date.parse(req.expiresAt) - Date.parse(req.createdAt)).toBeCloseTo(3600_000, -3);
    await s.deps.sql`UPDATE coffee_requests SET expires_at = now() - interval '1 second' WHERE id = ${req.id}`;
    expect((await s.api('GET', `/api/v1/coffee/requests/${req.id}`)).body.status).toBe('expired');
    const acc = await s.api('POST', `/api/v1/coffee/requests/${req.id}/accept`, { userId: b, slot: req.slots[0] });
    expect(acc.status).toBe(409);
    expect(acc.body.error).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('expired') });
    const sweep = await s.api('POST', '/api/v1/coffee/sweep');
    expect(sweep.body.expired).toBeGreaterThanOrEqual(1);
    const [{ status }] = await s.deps.sql`SELECT status FROM coffee_requests WHERE id = ${req.id}`;
    expect(status).toBe('expired');
    const listed = await s.api('GET', `/api/v1/coffee/requests?userId=${b}&status=expired`);
    expect(listed.body.items.map((r: any) => r.id)).toEqual([req.id]);
  });

  it('accept is idempotent: concurrent and repeated accepts give one booking', async () => {
    const [a, b] = [uid('gus'), uid('hal')];
    await profile(a);
    await profile(b);
    const req = await directRequest(a, b);
    const tries = await Promise.all(Array.from({ length: 6 }, () => s.api('POST', `/api/v1/coffee/requests/${req.id}/accept`, { userId: b, slot: req.slots[0] })));
    expect(tries.map((t) => t.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const ids = new Set(tries.map((t) => t.body.meetingId));
    expect(ids.size).toBe(1);
    const again = await s.api('POST', `/api/v1/coffee/requests/${req.id}/accept`, { userId: b, slot: req.slots[0] });
    expect(again.body.meetingId).toBe([...ids][0]);
    const [{ n }] = await s.deps.sql`SELECT count(*)::int AS n FROM meetings WHERE type = 'coffee_chat' AND title LIKE ${'%' + a + '%'}`;
    expect(n).toBe(1);
    const other = await s.api('POST', `/api/v1/coffee/requests/${req.id}/accept`, { userId: b, slot: req.slots[1] });
    expect(other.status).toBe(409);
  });

  it('checks slots against availability in each zone, and refuses blocked people', async () => {
    const [berlin, ny] = [uid('berlin'), uid('ny')];
    await profile(berlin, { timezone: 'Europe/Berlin', availability: [{ weekday: 1, start: '15:00', end: '17:00' }] });
    await profile(ny, { timezone: 'America/New_York', availability: [{ weekday: 1, start: '09:00', end: '11:00' }] });
    const monday = winterMonday();
    const ok = await s.api('POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: berlin, toUserId: ny, slots: [`${monday}T14:30:00Z`] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const bad = await s.api('POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: berlin, toUserId: ny, slots: [`${monday}T14:30:00Z`, `${monday}T13:00:00Z`] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'slot_unavailable', field: 'slots.0' });

    const [x, y] = [uid('x'), uid('y')];
    await profile(x);
    await profile(y, { blocked: [x] });
    const blocked = await s.api('POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: x, toUserId: y, slots: [hoursFromNow(24)] });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('blocked');
  });

  it('an open invitation can be accepted by someone who fits its criteria', async () => {
    const [host, alum, student] = [uid('host'), uid('alum'), uid('stud')];
    await profile(host, { industry: 'Finance' });
    await profile(alum, { role: 'alumnus' });
    await profile(student, { role: 'student' });
    const inv = await s.api('POST', '/api/v1/coffee/requests', { kind: 'open_invitation', fromUserId: host, criteria: { role: 'student' }, slots: [hoursFromNow(30)] });
    expect(inv.status).toBe(201);
    expect((await s.api('POST', `/api/v1/coffee/requests/${inv.body.id}/accept`, { userId: alum, slot: inv.body.slots[0] })).body.error.code).toBe('not_invited');
    const acc = await s.api('POST', `/api/v1/coffee/requests/${inv.body.id}/accept`, { userId: student, slot: inv.body.slots[0] });
    expect(acc.body).toMatchObject({ status: 'accepted', toUserId: student });
  });

  it('three unanswered intros pause a person', async () => {
    const [a, b] = [uid('ivy'), uid('jay')];
    await profile(a);
    await profile(b);
    for (let i = 0; i < 3; i++) {
      await store.insertRequest(s.deps.sql, {
        id: crypto.randomUUID(), organizationId: orgId, kind: 'matched', fromUserId: a, toUserId: b, otherUserIds: [], roundId: null,
        criteria: null, message: '', slots: [new Date(Date.now() + 86_400_000)], durationMinutes: 30, expiresAt: new Date(Date.now() - 1000),
      });
    }
    await sweepExpired(s.deps);
    const p = (await s.api('GET', `/api/v1/coffee/profiles/${a}`)).body;
    expect(p).toMatchObject({ paused: true, pausedReason: 'unanswered_intros', unansweredIntros: 3 });
    // paused people are left out of rounds and suggestions; un-pausing starts the count again
    expect((await s.api('GET', `/api/v1/coffee/suggestions/${b}?limit=50`)).body.items.map((i: any) => i.userId)).not.toContain(a);
    const back = await profile(a, { paused: false });
    expect(back).toMatchObject({ paused: false, pausedReason: null, unansweredIntros: 0 });
  });
});

describe('coffee suggestions', () => {
  it('ranks alumni with shared interests first and never suggests blocked or recently met people', async () => {
    const me = uid('me');
    const [good, meh, blockedByMe, blocksMe, met] = ['good', 'meh', 'bme', 'bsme', 'met'].map(uid);
    await profile(me, { role: 'student', interests: ['ai', 'music'], industry: 'software' });
    await profile(good, { role: 'alumnus', interests: ['ai', 'music'], industry: 'software' });
    await profile(meh, { role: 'student', interests: ['gardening'] });
    await profile(blockedByMe, { role: 'alumnus', interests: ['ai', 'music'], industry: 'software' });
    await profile(blocksMe, { role: 'alumnus', interests: ['ai', 'music'], industry: 'software', blocked: [me] });
    await profile(met, { role: 'alumnus', interests: ['ai', 'music'], industry: 'software' });
    await profile(me, { role: 'student', interests: ['ai', 'music'], industry: 'software', blocked: [blockedByMe] });
    const r = await directRequest(me, met);
    await s.api('POST', `/api/v1/coffee/requests/${r.id}/accept`, { userId: met, slot: r.slots[0] });

    const sug = await s.api('GET', `/api/v1/coffee/suggestions/${me}?limit=50`);
    expect(sug.status).toBe(200);
    const ids = sug.body.items.map((i: any) => i.userId);
    expect(ids).not.toContain(blockedByMe);
    expect(ids).not.toContain(blocksMe);
    expect(ids).not.toContain(met);
    expect(ids).not.toContain(me);
    expect(ids.indexOf(good)).toBeLessThan(ids.indexOf(meh));
    expect(sug.body.items[ids.indexOf(good)].sharedInterests).toEqual(['ai', 'music']);
    // nor the other way round
    expect((await s.api('GET', `/api/v1/coffee/suggestions/${blocksMe}?limit=50`)).body.items.map((i: any) => i.userId)).not.toContain(me);
  });
});

describe('coffee matching rounds', () => {
  it('pairs people by common time across zones (Berlin vs New York) and proposes slots inside it', async () => {
    const [berlin, ny, tokyo] = [uid('ber'), uid('nyc'), uid('tyo')];
    await profile(berlin, { timezone: 'Europe/Berlin', availability: [{ weekday: 1, start: '15:00', end: '17:00' }] });
    await profile(ny, { timezone: 'America/New_York', availability: [{ weekday: 1, start: '09:00', end: '11:00' }] });
    await profile(tokyo, { timezone: 'Asia/Tokyo', availability: [{ weekday: 1, start: '09:00', end: '11:00' }] });
    const r = await runRound([berlin, ny, tokyo]);
    expect(r.status).toBe('matched');
    expect(r.groups.map(pairKey)).toEqual([[berlin, ny].sort().join('+')]);
    expect(r.stats.unmatched).toEqual([tokyo]);
    const intro = (await s.api('GET', `/api/v1/coffee/requests/${r.groups[0].requestId}`)).body;
    expect(intro).toMatchObject({ kind: 'matched', status: 'pending', roundId: r.id });
    // Berlin 15–17 (UTC+1) and New York 09–11 (UTC−5) are both 14:00–16:00 UTC on that Monday
    const monday = winterMonday();
    expect(intro.slots.length).toBeGreaterThanOrEqual(1);
    for (const slot of intro.slots) {
      expect(slot >= `${monday}T14:00:00.000Z` && slot <= `${monday}T15:30:00.000Z`, slot).toBe(true);
    }
    expect((await s.api('GET', `/api/v1/coffee/profiles/${tokyo}`)).body.matchPriority).toBe(true);

    const acc = await s.api('POST', `/api/v1/coffee/requests/${intro.id}/accept`, { userId: ny, slot: intro.slots[0] });
    expect(acc.body.meeting).toMatchObject({ type: 'coffee_chat', maxParticipants: 2 });

    const again = await s.api('POST', `/api/v1/coffee/rounds/${r.id}/match`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('matched');
  });

  it('never pairs the same people twice within K rounds, nor a blocked pair', async () => {
    const ppl = ['k1', 'k2', 'k3', 'k4'].map(uid);
    for (const p of ppl) await profile(p);
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const r = await runRound(ppl, { seed: i + 1 });
      expect(r.groups).toHaveLength(2);
      for (const g of r.groups) {
        expect(seen.has(pairKey(g)), pairKey(g)).toBe(false);
        seen.add(pairKey(g));
      }
    }
    // all 6 pairs of four people have met within the last 3 rounds: nobody is left to meet (K = 6)
    const fourth = await runRound(ppl);
    expect(fourth.groups).toEqual([]);
    expect(fourth.stats.unmatched.sort()).toEqual([...ppl].sort());
    // with K = 0 the history does not count
    expect((await runRound(ppl, { repeatWindow: 0 })).groups).toHaveLength(2);

    const [p, q] = [uid('p'), uid('q')];
    await profile(p);
    await profile(q, { blocked: [p] });
    expect((await runRound([p, q])).groups).toEqual([]);
  });

  it('puts the odd person out into a trio when the round asks for it', async () => {
    const ppl = ['t1', 't2', 't3'].map(uid);
    for (const p of ppl) await profile(p);
    const r = await runRound(ppl, { oddPolicy: 'trio' });
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0].members.sort()).toEqual([...ppl].sort());
    const intro = (await s.api('GET', `/api/v1/coffee/requests/${r.groups[0].requestId}`)).body;
    expect(intro.otherUserIds).toHaveLength(1);
    const acc = await s.api('POST', `/api/v1/coffee/requests/${intro.id}/accept`, { userId: intro.otherUserIds[0], slot: intro.slots[0] });
    expect(acc.body.meeting.maxParticipants).toBe(3);
  });
});
