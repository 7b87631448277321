/**
 * A resource link is a class's permanent place: ending its meeting (POST /api/v1/meetings/{id}/end) ends the
 * meeting's current session only; the next launch opens a new session of the SAME meeting, with its own LiveKit
 * room, attendance and grades (GET /api/v1/meetings/{id}/sessions, …/attendance?session=). A cancelled one refuses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decode } from 'hono/jwt';
import { gradeSession } from '../../lti/grades.js';
import { LIS, type Emulator } from '../support/lms-emulator.js';
import { deliverWebhook, participantEvent, roomEvent } from '../support/livekit-webhooks.js';
import { ltiLaunch, useLtiEnvironment } from '../support/lti-flow.js';
import { type TestServer } from '../support/server.js';

const env = useLtiEnvironment();
let s: TestServer;
let emu: Emulator;
beforeAll(() => {
  ({ s, emu } = env);
});

const spec = (sub: string, roles: string[], resourceLinkId: string) => ({ sub, name: sub, roles, resourceLinkId });
const roomOf = async (ticket: string) => {
  const j = await s.api('POST', '/api/v1/join', { ticket }, null);
  expect(j.status, JSON.stringify(j.body)).toBe(200);
  return (decode(j.body.participantToken).payload as { video: { room: string } }).video.room;
};
/** A one-hour room session of `roomName` (sid `sid`) starting at `t0`, in which `ann` stays `annMinutes`. */
async function session(roomName: string, sid: string, t0: number, ann: string, annMinutes: number) {
  const min = (m: number) => t0 + m * 60_000;
  const room = { name: roomName, sid };
  const who = { identity: ann, name: 'ann', sid: `PA_${sid}`, joinedAtMs: min(0) };
  for (const e of [
    roomEvent('room_started', room, min(0), min(0)),
    participantEvent('participant_joined', room, who, min(0)),
    participantEvent('participant_left', room, who, min(annMinutes)),
    roomEvent('room_finished', room, min(60), min(0)),
  ]) expect((await deliverWebhook(s, e)).status).toBe(200);
}
type Report = { session: { id: string; number: number }; people: { identity: string; percent: number; status: string; cycles: unknown[]; sub: string | null }[] };
const annIn = (r: Report, ann: string) => r.people.find((p) => p.identity === ann)!;
const sessionsOf = async (meetingId: string) => {
  const r = await s.api('GET', `/api/v1/meetings/${meetingId}/sessions`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as { id: string; number: number; roomName: string; openedAt: string; startedAt: string | null; endedAt: string | null }[];
};
const identityOf = async (sub: string) =>
  ((await s.deps.sql`SELECT identity FROM lti_launch_users WHERE sub = ${sub}`) as unknown as [{ identity: string }])[0].identity;
const scores = (sid: string) =>
  s.deps.sql<{ user_sub: string; score_given: string }[]>`SELECT user_sub, score_given FROM lti_score_outbox WHERE dedupe_key LIKE ${`attendance:${sid}:%`} ORDER BY user_sub`;

describe('a resource link after its meeting was ended', () => {
  it('the next launch opens a new session of the same meeting: its own room, attendance and grades, the ended one kept as it was', async () => {
    const link = 'weekly-class';
    const t1 = await ltiLaunch(s, emu, spec('prof', [LIS.instructor], link));
    const a1 = await ltiLaunch(s, emu, spec('ann', [LIS.learner], link));
    expect(a1.status).toBe(200);
    const meetingId = t1.body.meeting.id as string;
    const first = (await s.api('GET', `/api/v1/meetings/${meetingId}`)).body;
    expect(await roomOf(a1.body.ticket)).toBe(first.roomName);
    const ann = await identityOf('ann');
    const t0 = Date.now() - 3 * 3_600_000;

    const ended = await s.api('POST', `/api/v1/meetings/${meetingId}/end`);
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('ended');

    // Next week: the same link opens again, for the learner and the instructor alike: the same meeting, a new session.
    const a2 = await ltiLaunch(s, emu, spec('ann', [LIS.learner], link));
    expect(a2.status, JSON.stringify(a2.body)).toBe(200);
    expect(a2.body.meeting).toEqual({ id: meetingId, title: first.title });
    const t2 = await ltiLaunch(s, emu, spec('prof', [LIS.instructor], link));
    expect(t2.body.meeting.id).toBe(meetingId);
    const now = (await s.api('GET', `/api/v1/meetings/${meetingId}`)).body;
    expect(now).toMatchObject({ id: meetingId, status: 'scheduled', endedAt: null });
    const sessions = await sessionsOf(meetingId);
    expect(sessions.map((x) => x.number)).toEqual([1, 2]);
    expect(sessions[0]).toMatchObject({ roomName: first.roomName });
    expect(sessions[0]!.endedAt).not.toBeNull();
    expect(sessions[1]).toMatchObject({ roomName: now.roomName, endedAt: null });
    expect(now.roomName).not.toBe(first.roomName); // the new session's joins never land in the ended one's room
    expect(await roomOf(a2.body.ticket)).toBe(now.roomName);

    await session(now.roomName, 'RM_second', t0 + 2 * 3_600_000, ann, 60);
    // The first session's webhooks arrive late, after the second session opened: they stay in the first session.
    await session(first.roomName, 'RM_first', t0, ann, 45);

    // Attendance keeps the sessions apart: 45 of 60 minutes in the first, all 60 in the second (the default: latest).
    const r1 = (await s.api('GET', `/api/v1/meetings/${meetingId}/attendance?session=${sessions[0]!.id}`)).body as Report;
    const r2 = (await s.api('GET', `/api/v1/meetings/${meetingId}/attendance?session=${sessions[1]!.id}`)).body as Report;
    const latest = (await s.api('GET', `/api/v1/meetings/${meetingId}/attendance`)).body as Report;
    expect(r1.session).toMatchObject({ id: sessions[0]!.id, number: 1 });
    expect(annIn(r1, ann)).toMatchObject({ percent: 75, status: 'partial', sub: 'ann' });
    expect(annIn(r1, ann).cycles).toHaveLength(1);
    expect(annIn(r2, ann)).toMatchObject({ percent: 100, status: 'present', sub: 'ann' });
    expect(annIn(r2, ann).cycles).toHaveLength(1);
    expect(latest.session.id).toBe(sessions[1]!.id);
    expect(annIn(latest, ann).percent).toBe(100);

    // Each finished session grades the link's learners with that session's attendance: one score each per session.
    expect((await gradeSession(s.deps, { roomName: first.roomName, roomSid: 'RM_first' })).queued).toBe(1);
    expect((await gradeSession(s.deps, { roomName: now.roomName, roomSid: 'RM_second' })).queued).toBe(1);
    expect((await scores('RM_first')).map((x) => [x.user_sub, Number(x.score_given)])).toEqual([['ann', 75]]);
    expect((await scores('RM_second')).map((x) => [x.user_sub, Number(x.score_given)])).toEqual([['ann', 100]]);
  });

  it('the attendance of one session: as JSON and CSV; a session of another meeting is 404, a malformed one 400', async () => {
    const t = await ltiLaunch(s, emu, spec('prof', [LIS.instructor], 'csv-class'));
    await ltiLaunch(s, emu, spec('bea', [LIS.learner], 'csv-class'));
    const bea = await identityOf('bea');
    const meetingId = t.body.meeting.id as string;
    const room1 = (await s.api('GET', `/api/v1/meetings/${meetingId}`)).body.roomName as string;
    await session(room1, 'RM_csv1', Date.now() - 5 * 3_600_000, bea, 30);
    expect((await s.api('POST', `/api/v1/meetings/${meetingId}/end`)).status).toBe(200);
    expect((await ltiLaunch(s, emu, spec('bea', [LIS.learner], 'csv-class'))).status).toBe(200);
    const [one, two] = await sessionsOf(meetingId);

    const csv = await fetch(`${s.baseUrl}/api/v1/meetings/${meetingId}/attendance.csv?session=${one!.id}`, { headers: { authorization: `Bearer ${s.apiKey}` } });
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\r\n').find((l) => l.startsWith(bea))).toContain(',partial,50,30,');
    const csv2 = await fetch(`${s.baseUrl}/api/v1/meetings/${meetingId}/attendance.csv?session=${two!.id}`, { headers: { authorization: `Bearer ${s.apiKey}` } });
    expect((await csv2.text()).split('\r\n').find((l) => l.startsWith(bea))).toContain(',absent,0,0,');

    const other = (await s.api('POST', '/api/v1/meetings', { title: 'Other', type: 'class', timezone: 'UTC' })).body;
    const [otherSession] = await sessionsOf(other.id);
    const foreign = await s.api('GET', `/api/v1/meetings/${meetingId}/attendance?session=${otherSession!.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.field).toBe('session');
    const malformed = await s.api('GET', `/api/v1/meetings/${meetingId}/attendance?session=nope`);
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('session');
  });

  it('a join ticket from the API for an ended meeting stays refused until a launch of its link opens the next session', async () => {
    const t = await ltiLaunch(s, emu, spec('prof', [LIS.instructor], 'api-join-class'));
    const meetingId = t.body.meeting.id as string;
    expect((await s.api('POST', `/api/v1/meetings/${meetingId}/end`)).status).toBe(200);
    const ticket = () => s.api('POST', `/api/v1/meetings/${meetingId}/join-tickets`, { user: { id: 'portal-user', name: 'Pat' }, role: 'participant' });
    const refused = await ticket();
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('meeting_ended');

    expect((await ltiLaunch(s, emu, spec('prof', [LIS.instructor], 'api-join-class'))).status).toBe(200);
    const again = await ticket();
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(await roomOf(again.body.ticket)).toBe((await sessionsOf(meetingId))[1]!.roomName);
  });

  it('a meeting ended, reopened by a launch, then cancelled refuses the next launch, and the refused launch stores nothing', async () => {
    const link = 'cancelled-class';
    const t = await ltiLaunch(s, emu, spec('prof', [LIS.instructor], link));
    const meetingId = t.body.meeting.id as string;
    expect((await s.api('POST', `/api/v1/meetings/${meetingId}/end`)).status).toBe(200);
    expect((await ltiLaunch(s, emu, spec('prof', [LIS.instructor], link))).body.meeting.id).toBe(meetingId);
    expect((await s.api('POST', `/api/v1/meetings/${meetingId}/cancel`)).status).toBe(200);
    const count = async () =>
      (await s.deps.sql`SELECT (SELECT count(*)::int FROM meetings) AS m, (SELECT count(*)::int FROM meeting_sessions) AS s,
        (SELECT count(*)::int FROM lti_nonces) AS n, (SELECT count(*)::int FROM lti_launch_users) AS u`)[0];
    const before = await count();
    const r = await ltiLaunch(s, emu, spec('cy', [LIS.learner], link));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('meeting_cancelled');
    expect(await count()).toEqual(before);
    expect((await sessionsOf(meetingId)).map((x) => x.number)).toEqual([1, 2]);
    expect((await s.api('GET', `/api/v1/meetings/${meetingId}`)).body.status).toBe('cancelled');
  });
});
