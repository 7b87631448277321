/**
 * Attendance from signed LiveKit webhook deliveries (signed exactly as LiveKit signs them), through the real
 * server and PostgreSQL: the JSON report, the CSV export, the settings, expected people, retries and ordering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ltiIdentity } from '../../lti/identity.js';
import { deliverWebhook, participantEvent as lkParticipantEvent, roomEvent as lkRoomEvent, type Room } from '../support/livekit-webhooks.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { parseCsv } from '../support/csv.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const deliver = (body: string, secret?: string) => deliverWebhook(s, body, secret);

// A scheduled hour tomorrow, 10:00–11:00 UTC; events carry their own timestamps (LiveKit `createdAt`, UNIX s).
const START = Math.floor(Date.now() / 86_400_000 + 1) * 86_400_000 + 10 * 3_600_000;
const at = (minutes: number) => START + minutes * 60_000;
/** Events of the test session; minutes are relative to the scheduled start. */
function participantEvent(event: 'participant_joined' | 'participant_left', room: Room, p: { identity: string; name: string; sid: string; joinedMin: number }, atMin: number) {
  return lkParticipantEvent(event, room, { identity: p.identity, name: p.name, sid: p.sid, joinedAtMs: at(p.joinedMin) }, at(atMin));
}
function roomEvent(event: 'room_started' | 'room_finished', room: Room, atMin: number) {
  return lkRoomEvent(event, room, at(atMin), at(-1));
}

async function scheduledMeeting(title = 'Class') {
  const r = await s.api('POST', '/api/v1/meetings', { title, type: 'class', scheduledStartAt: new Date(START).toISOString(), durationMinutes: 60 });
  expect(r.status).toBe(201);
  return { id: r.body.id as string, room: { name: r.body.roomName as string, sid: `RM_${randomUUID().slice(0, 8)}` } };
}

/** The session of Ada (on time, two connections 1 minute apart → one cycle) and Bob (late, then gone). */
function classEvents(room: Room) {
  const ada1 = { identity: 'ada', name: 'Ada Lovelace', sid: 'PA_ada1', joinedMin: 2 };
  const ada2 = { ...ada1, sid: 'PA_ada2', joinedMin: 31 };
  const bob = { identity: 'bob', name: 'Bob, "the builder"', sid: 'PA_bob1', joinedMin: 20 };
  return [
    roomEvent('room_started', room, -1),
    participantEvent('participant_joined', room, ada1, 2),
    participantEvent('participant_left', room, ada1, 30),
    participantEvent('participant_joined', room, ada2, 31),
    participantEvent('participant_joined', room, bob, 20),
    participantEvent('participant_left', room, bob, 45),
    roomEvent('room_finished', room, 60),
  ];
}

const report = async (id: string) => {
  const r = await s.api('GET', `/api/v1/meetings/${id}/attendance`);
  expect(r.status).toBe(200);
  return r.body;
};
const withoutTime = (r: any) => ({ ...r, generatedAt: undefined });

describe('attendance from LiveKit webhooks', () => {
  it('joins and leaves become cycles, minutes, shares and statuses; a re-join within 2 minutes continues the cycle', async () => {
    const m = await scheduledMeeting();
    for (const body of classEvents(m.room)) expect((await deliver(body)).status).toBe(200);
    const r = await report(m.id);
    expect(r.final).toBe(true);
    expect(r.window).toMatchObject({ start: new Date(START).toISOString(), end: new Date(at(60)).toISOString(), durationMinutes: 60, source: 'scheduled' });
    const ada = r.people.find((p: any) => p.identity === 'ada');
    const bob = r.people.find((p: any) => p.identity === 'bob');
    // Ada's second connection was still open when the room finished: it closes at the room end.
    expect(ada).toMatchObject({
      name: 'Ada Lovelace', role: 'participant', status: 'present', minutes: 58, percent: 96.7,
      cycles: [{ joinedAt: new Date(at(2)).toISOString(), leftAt: new Date(at(60)).toISOString(), seconds: 58 * 60 }],
      firstJoinedAt: new Date(at(2)).toISOString(),
    });
    // 25 of 60 minutes: partial by default (30–80 %).
    expect(bob).toMatchObject({ name: 'Bob, "the builder"', status: 'partial', minutes: 25, percent: 41.7 });
    expect(r.statistics).toEqual({ people: 2, present: 1, late: 0, partial: 1, absent: 0, averagePercent: 69.2 });
  });

  it('LiveKit retries (the same events again) and any arrival order give the same report, stored once', async () => {
    const a = await scheduledMeeting('In order');
    const b = await scheduledMeeting('Shuffled and repeated');
    const inOrder = classEvents(a.room);
    for (const body of inOrder) await deliver(body);
    // The same session for meeting b, delivered backwards (every left before its joined), then all again.
    const events = classEvents(b.room);
    for (const body of [...events].reverse()) expect((await deliver(body)).body.duplicate).toBe(false);
    const countRows = async () => Number((await s.deps.sql`SELECT count(*)::int AS n FROM attendance_events WHERE meeting_id = ${b.id}`)[0]!.n);
    expect(await countRows()).toBe(events.length);
    const first = await report(b.id);
    for (const body of events) expect((await deliver(body)).body).toEqual({ ok: true, duplicate: true });
    expect(await countRows()).toBe(events.length);
    expect(withoutTime(await report(b.id))).toEqual(withoutTime(first));
    const ra = await report(a.id);
    expect(first.people).toEqual(ra.people);
    expect(first.statistics).toEqual(ra.statistics);
  });

  it('a delivery with a bad signature adds no attendance', async () => {
    const m = await scheduledMeeting();
    const body = participantEvent('participant_joined', m.room, { identity: 'eve', name: 'Eve', sid: 'PA_eve', joinedMin: 0 }, 0);
    expect((await deliver(body, 'not-the-secret-at-all-000000000000')).status).toBe(401);
    expect((await report(m.id)).people).toEqual([]);
  });

  it('the CSV export is RFC 4180: a header row, quoted names, CRLF, the same figures as the JSON', async () => {
    const m = await scheduledMeeting();
    for (const body of classEvents(m.room)) await deliver(body);
    const res = await fetch(`${s.baseUrl}/api/v1/meetings/${m.id}/attendance.csv`, { headers: { authorization: `Bearer ${s.apiKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="attendance-${m.id}.csv"`);
    const text = await res.text();
    expect(text).toContain('"Bob, ""the builder"""');
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['identity', 'name', 'lti_sub', 'role', 'status', 'percent', 'minutes', 'seconds', 'first_joined_at', 'last_left_at', 'cycle_count', 'cycles', 'expected_source']);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    const json = await report(m.id);
    const byId = Object.fromEntries(rows.map((r) => [r[0], Object.fromEntries(header!.map((h, i) => [h, r[i]]))]));
    for (const p of json.people) {
      expect(byId[p.identity]).toMatchObject({ name: p.name, status: p.status, percent: String(p.percent), minutes: String(p.minutes), first_joined_at: p.firstJoinedAt });
    }
    expect(byId.ada!.cycles).toBe(`${new Date(at(2)).toISOString()}/${new Date(at(60)).toISOString()}`);
  });

  it('thresholds are per organisation: defaults, a change that moves a status, and refused values', async () => {
    expect((await s.api('GET', '/api/v1/attendance/settings')).body).toEqual({ presentPercent: 80, partialPercent: 30, graceMinutes: 15, rejoinMergeSeconds: 120, updatedAt: null });
    const m = await scheduledMeeting();
    for (const body of classEvents(m.room)) await deliver(body);
    expect((await s.api('PATCH', '/api/v1/attendance/settings', { presentPercent: 40, graceMinutes: 25 })).body).toMatchObject({ presentPercent: 40, partialPercent: 30, graceMinutes: 25 });
    // Bob (41.7 %, first joined 20 minutes after the start) is present with a 25-minute grace period.
    expect((await report(m.id)).people.find((p: any) => p.identity === 'bob').status).toBe('present');
    const bad = await s.api('PATCH', '/api/v1/attendance/settings', { partialPercent: 40 });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'validation_error', field: 'partialPercent' } } });
    expect((await s.api('PATCH', '/api/v1/attendance/settings', { presentPercent: 101 })).body.error.field).toBe('presentPercent');
    // Another organisation still has the defaults, and cannot read this meeting's attendance.
    const other = await s.newOrganization('other-school');
    expect((await s.api('GET', '/api/v1/attendance/settings', undefined, other)).body.presentPercent).toBe(80);
    expect((await s.api('GET', `/api/v1/meetings/${m.id}/attendance`, undefined, other)).status).toBe(404);
    expect((await s.api('GET', `/api/v1/meetings/${m.id}/attendance`, undefined, null)).status).toBe(401);
    expect((await s.api('PATCH', '/api/v1/attendance/settings', { presentPercent: 80, graceMinutes: 15 })).status).toBe(200);
  });

  it('expected people who never joined are absent; LTI launch users are matched to their identity and keep their sub', async () => {
    const m = await scheduledMeeting();
    const [org] = await s.deps.sql`SELECT organization_id AS id FROM meetings WHERE id = ${m.id}`;
    const issuer = 'https://lms.example.edu';
    await s.deps.sql`INSERT INTO lti_registrations (issuer, client_id, organization_id, name, jwks_url) VALUES (${issuer}, 'c1', ${org!.id}, 'LMS', ${issuer + '/jwks'})`;
    await s.deps.sql`INSERT INTO lti_deployments (issuer, client_id, deployment_id) VALUES (${issuer}, 'c1', 'd1')`;
    const rl = randomUUID();
    await s.deps.sql`INSERT INTO lti_resource_links (id, issuer, client_id, deployment_id, context_id, resource_link_id, meeting_id) VALUES (${rl}, ${issuer}, 'c1', 'd1', 'course', 'link', ${m.id})`;
    await s.deps.sql`INSERT INTO lti_launch_users (resource_link_uuid, sub, name, role) VALUES (${rl}, 'sub-present', 'Pia Present', 'participant'), (${rl}, 'sub-away', 'Abe Away', 'participant')`;
    await s.deps.sql`INSERT INTO meeting_expected_attendees (meeting_id, identity, name, source) VALUES (${m.id}, 'roster-1', 'Rita Roster', 'nrps')`;
    const pia = { identity: ltiIdentity(issuer, 'sub-present'), name: 'Pia P.', sid: 'PA_pia', joinedMin: 0 };
    await deliver(participantEvent('participant_joined', m.room, pia, 0));
    await deliver(participantEvent('participant_left', m.room, pia, 59));
    const r = await report(m.id);
    const by = Object.fromEntries(r.people.map((p: any) => [p.identity, p]));
    expect(by[pia.identity]).toMatchObject({ sub: 'sub-present', name: 'Pia P.', status: 'present', expectedSource: 'lti_launch' });
    expect(by[ltiIdentity(issuer, 'sub-away')]).toMatchObject({ sub: 'sub-away', name: 'Abe Away', status: 'absent', cycles: [], firstJoinedAt: null });
    expect(by['roster-1']).toMatchObject({ name: 'Rita Roster', status: 'absent', expectedSource: 'nrps' });
    expect(r.statistics).toMatchObject({ people: 3, present: 1, absent: 2 });
    // While nobody said the room finished, the report is not final.
    expect(r.final).toBe(false);
  });

  it('the report is described in the OpenAPI document', async () => {
    const doc = (await s.api('GET', '/api/v1/openapi.json', undefined, null)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/meetings/{id}/attendance', '/meetings/{id}/attendance.csv', '/attendance/settings']));
  });
});
