/**
 * Coffee availability as people state it: the matcher and direct requests read it the same way (windows that
 * meet at local midnight are one stretch in every zone), overlapping windows are merged, and a block list names
 * only real other people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

/**
 * The Monday of the second full week of next January (2027-01-11, the week, when run in 2026): always in
 * the future, and in winter (London on UTC, Chatham on daylight time +13:45, St John's on −03:30).
 */
const week = (() => {
  let d = Temporal.PlainDate.from({ year: new Date().getUTCFullYear() + 1, month: 1, day: 8 });
  while (d.dayOfWeek !== 1) d = d.add({ days: 1 });
  return d;
})();
const weekStart = week.toString();
/** UTC instant `hhmm` on the week's Monday + `days` (4 = Friday). */
const at = (days: number, hhmm: string) => `${week.add({ days }).toString()}T${hhmm}:00.000Z`;

let seq = 0;
const uid = (name: string) => `${name}-${++seq}`;

async function profile(userId: string, p: Record<string, unknown>, key?: string) {
  const r = await s.api('PUT', `/api/v1/coffee/profiles/${userId}`, { displayName: userId, role: 'alumnus', languages: ['en'], matchingOptIn: true, ...p }, key);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

describe('coffee availability across local midnight', () => {
  const cases = [
    // zone of A, and B's London half hour (January: London = UTC) that straddles A's local midnight
    { zone: 'Asia/Kathmandu', b: { weekday: 5, start: '18:00', end: '18:30' }, slot: at(4, '18:00') }, // midnight 18:15Z
    { zone: 'Pacific/Chatham', b: { weekday: 5, start: '10:00', end: '10:30' }, slot: at(4, '10:00') }, // +13:45: midnight 10:15Z
    { zone: 'Asia/Kolkata', b: { weekday: 5, start: '18:15', end: '18:45' }, slot: null }, // +05:30: a 30-min slot on the UTC grid cannot straddle
    { zone: 'America/St_Johns', b: { weekday: 6, start: '03:00', end: '04:00' }, slot: at(5, '03:00') }, // −03:30: midnight 03:30Z Sat
  ];
  for (const { zone, b, slot } of cases) {
    it(`${zone}: Fri 22:00–24:00 + Sat 00:00–01:00 meets London ${b.start}–${b.end} in the round and in a direct request alike`, async () => {
      const key = await s.newOrganization(`tz-${++seq}`); // an organisation of their own: only these two opted in
      const [ua, ub] = [uid('a'), uid('b')];
      await profile(ua, { timezone: zone, availability: [{ weekday: 5, start: '22:00', end: '24:00' }, { weekday: 6, start: '00:00', end: '01:00' }] }, key);
      await profile(ub, { role: 'student', timezone: 'Europe/London', availability: [b] }, key);
      const round = await s.api('POST', '/api/v1/coffee/rounds', { weekStart, optInClosesAt: new Date(Date.now() + 3600_000).toISOString() }, key);
      expect(round.status, JSON.stringify(round.body)).toBe(201);
      const matched = await s.api('POST', `/api/v1/coffee/rounds/${round.body.id}/match`, undefined, key);
      expect(matched.status, JSON.stringify(matched.body)).toBe(200);
      const direct = await s.api('POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: ub, toUserId: ua, slots: [slot ?? at(4, '18:15')] }, key);
      expect(direct.status, JSON.stringify(direct.body)).toBe(201);
      if (slot) {
        expect(matched.body.groups.map((g: { members: string[] }) => [...g.members].sort())).toEqual([[ua, ub].sort()]);
        const intro = await s.api('GET', `/api/v1/coffee/requests/${matched.body.groups[0].requestId}`, undefined, key);
        expect(intro.body.slots).toContain(slot);
      }
    });
  }
});

describe('coffee availability: none stated reads as free all week, for rounds as for requests', () => {
  it('a person without windows is matched in a round, at the other person\'s time, as a direct request between them is accepted', async () => {
    const key = await s.newOrganization(`free-${++seq}`);
    const [free, busy] = [uid('free'), uid('busy')];
    await profile(free, { timezone: 'Asia/Tokyo', availability: [] }, key);
    await profile(busy, { role: 'student', timezone: 'Europe/London', availability: [{ weekday: 3, start: '12:00', end: '13:00' }] }, key);
    const direct = await s.api('POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: busy, toUserId: free, slots: [at(2, '12:00')] }, key);
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
    const round = await s.api('POST', '/api/v1/coffee/rounds', { weekStart, optInClosesAt: new Date(Date.now() + 3600_000).toISOString() }, key);
    const matched = await s.api('POST', `/api/v1/coffee/rounds/${round.body.id}/match`, undefined, key);
    expect(matched.status, JSON.stringify(matched.body)).toBe(200);
    expect(matched.body.groups.map((g: { members: string[] }) => [...g.members].sort())).toEqual([[busy, free].sort()]);
    const intro = await s.api('GET', `/api/v1/coffee/requests/${matched.body.groups[0].requestId}`, undefined, key);
    expect(intro.body.slots).toEqual([at(2, '12:00'), at(2, '12:30')]);
  });
});

describe('coffee open invitations', () => {
  it('accepting a slot outside the accepter\'s availability answers 400 naming slot and books nothing', async () => {
    const [host, night, day] = [uid('host'), uid('night'), uid('day')];
    await profile(host, { timezone: 'UTC', availability: [], interests: ['jazz'] });
    await profile(night, { role: 'student', timezone: 'Asia/Kathmandu', availability: [{ weekday: 3, start: '00:00', end: '06:00' }] });
    await profile(day, { role: 'student', timezone: 'Asia/Kathmandu', availability: [{ weekday: 3, start: '17:00', end: '19:00' }] });
    const slot = at(2, '11:45'); // Wednesday 17:30 in Kathmandu
    const inv = await s.api('POST', '/api/v1/coffee/requests', { kind: 'open_invitation', fromUserId: host, criteria: { role: 'student' }, slots: [slot] });
    expect(inv.status, JSON.stringify(inv.body)).toBe(201);
    const refused = await s.api('POST', `/api/v1/coffee/requests/${inv.body.id}/accept`, { userId: night, slot });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'slot_unavailable', field: 'slot' });
    expect((await s.api('GET', `/api/v1/coffee/requests/${inv.body.id}`)).body).toMatchObject({ status: 'pending', meetingId: null });
    const ok = await s.api('POST', `/api/v1/coffee/requests/${inv.body.id}/accept`, { userId: day, slot });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'accepted', acceptedBy: day });
  });
});

describe('coffee profile input is stored as meant or refused', () => {
  it('merges overlapping, touching and repeated windows of a weekday and shows the merged result', async () => {
    const u = uid('ada');
    const p = await profile(u, {
      timezone: 'UTC',
      availability: [
        { weekday: 1, start: '10:00', end: '12:00' },
        { weekday: 1, start: '09:00', end: '11:00' },
        { weekday: 3, start: '14:00', end: '15:00' },
        { weekday: 3, start: '14:00', end: '15:00' },
        { weekday: 3, start: '15:00', end: '16:00' },
        { weekday: 5, start: '22:00', end: '24:00' },
        { weekday: 6, start: '00:00', end: '01:00' },
      ],
    });
    const merged = [
      { weekday: 1, start: '09:00', end: '12:00' },
      { weekday: 3, start: '14:00', end: '16:00' },
      { weekday: 5, start: '22:00', end: '24:00' },
      { weekday: 6, start: '00:00', end: '01:00' },
    ];
    expect(p.availability).toEqual(merged);
    expect((await s.api('GET', `/api/v1/coffee/profiles/${u}`)).body.availability).toEqual(merged);
  });

  it('refuses blocking oneself or an unknown user with a 400 naming blocked.i, and changes nothing', async () => {
    const [u, other] = [uid('sam'), uid('kim')];
    await profile(other, { timezone: 'UTC' });
    const first = await profile(u, { timezone: 'UTC', headline: 'before' });
    const self = await s.api('PUT', `/api/v1/coffee/profiles/${u}`, { displayName: u, role: 'student', timezone: 'UTC', headline: 'after', blocked: [other, u] });
    expect(self.status).toBe(400);
    expect(self.body.error).toMatchObject({ code: 'invalid_block', field: 'blocked.1' });
    const unknown = await s.api('PUT', `/api/v1/coffee/profiles/${u}`, { displayName: u, role: 'student', timezone: 'UTC', headline: 'after', blocked: [other, 'nobody-at-all'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'invalid_block', field: 'blocked.1' });
    expect((await s.api('GET', `/api/v1/coffee/profiles/${u}`)).body).toEqual(first);
    const ok = await s.api('PUT', `/api/v1/coffee/profiles/${u}`, { displayName: u, role: 'student', timezone: 'UTC', blocked: [other, other] });
    expect(ok.status).toBe(200);
    expect(ok.body.blocked).toEqual([other]);
  });

  it('refuses windows that end before they start or run past 24:00', async () => {
    for (const [w, field] of [
      [{ weekday: 1, start: '10:00', end: '10:00' }, 'availability.0.end'],
      [{ weekday: 1, start: '23:00', end: '24:30' }, 'availability.0.end'],
      [{ weekday: 1, start: '24:00', end: '24:00' }, 'availability.0.end'],
    ] as const) {
      const r = await s.api('PUT', `/api/v1/coffee/profiles/${uid('x')}`, { displayName: 'x', role: 'student', timezone: 'UTC', availability: [w] });
      expect(r.status, JSON.stringify(w)).toBe(400);
      expect(r.body.error.field).toBe(field);
    }
  });
});
