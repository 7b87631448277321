/**
 * A resource link is a class's permanent place: ending a session (POST /api/v1/meetings/{id}/end) ends that session
 * only; the next launch opens a new one, with its own LiveKit room, attendance and grades. A cancelled one refuses.
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
const scores = (sid: string) =>
  s.deps.sql<{ user_sub: string; score_given: string }[]>`SELECT user_sub, score_given FROM lti_score_outbox WHERE dedupe_key LIKE ${`attendance:${sid}:%`} ORDER BY user_sub`;

describe('a resource link after its session was ended', () => {
  it('the next launch opens a new session: its own room, attendance and grades, the ended one kept as it was', async () => {
    const link = 'weekly-class';
    const t1 = await ltiLaunch(s, emu, spec('prof', [LIS.instructor], link));
    const a1 = await ltiLaunch(s, emu, spec('ann', [LIS.learner], link));
    expect(a1.status).toBe(200);
    const first = (await s.api('GET', `/api/v1/meetings/${t1.body.meeting.id}`)).body;
    expect(await roomOf(a1.body.ticket)).toBe(first.roomName);
    const [{ identity: ann }] = await s.deps.sql`SELECT identity FROM lti_launch_users WHERE sub = 'ann'` as unknown as [{ identity: string }];
    const t0 = Date.now() - 3 * 3_600_000;
    await session(first.roomName, 'RM_first', t0, ann, 45);

    const ended = await s.api('POST', `/api/v1/meetings/${first.id}/end`);
    expect(ended.status).toBe(200);

    // Next week: the same link opens again, for the learner and the instructor alike, in one new session.
    const a2 = await ltiLaunch(s, emu, spec('ann', [LIS.learner], link));
    expect(a2.status, JSON.stringify(a2.body)).toBe(200);
    expect(a2.body.meeting.title).toBe(first.title);
    expect(a2.body.meeting.id).not.toBe(first.id);
    const t2 = await ltiLaunch(s, emu, spec('prof', [LIS.instructor], link));
    expect(t2.body.meeting.id).toBe(a2.body.meeting.id);
    const second = (await s.api('GET', `/api/v1/meetings/${a2.body.meeting.id}`)).body;
    expect(second.status).toBe('scheduled');
    expect(await roomOf(a2.body.ticket)).toBe(second.roomName);
    expect(second.roomName).not.toBe(first.roomName); // the new session's joins never land in the ended one's room
    await session(second.roomName, 'RM_second', t0 + 2 * 3_600_000, ann, 60);

    // Attendance keeps the sessions apart: 45 of 60 minutes in the first, all 60 in the second.
    const r1 = (await s.api('GET', `/api/v1/meetings/${first.id}/attendance`)).body;
    const r2 = (await s.api('GET', `/api/v1/meetings/${second.id}/attendance`)).body;
    const annIn = (r: { people: { identity: string; percent: number; status: string; cycles: unknown[]; sub: string | null }[] }) => r.people.find((p) => p.identity === ann)!;
    expect(annIn(r1)).toMatchObject({ percent: 75, status: 'partial', sub: 'ann' });
    expect(annIn(r1).cycles).toHaveLength(1);
    expect(annIn(r2)).toMatchObject({ percent: 100, status: 'present', sub: 'ann' });
    expect(annIn(r2).cycles).toHaveLength(1);

    // Each finished session grades the link's learners with that session's attendance.
    expect((await gradeSession(s.deps, { roomName: first.roomName, roomSid: 'RM_first' })).queued).toBe(1);
    expect((await gradeSession(s.deps, { roomName: second.roomName, roomSid: 'RM_second' })).queued).toBe(1);
    expect((await scores('RM_first')).map((x) => [x.user_sub, Number(x.score_given)])).toEqual([['ann', 75]]);
    expect((await scores('RM_second')).map((x) => [x.user_sub, Number(x.score_given)])).toEqual([['ann', 100]]);
  });

  it('a cancelled session still refuses, and the refused launch stores nothing', async () => {
    const link = 'cancelled-class';
    const t = await ltiLaunch(s, emu, spec('prof', [LIS.instructor], link));
    expect((await s.api('POST', `/api/v1/meetings/${t.body.meeting.id}/cancel`)).status).toBe(200);
    const count = async () => (await s.deps.sql`SELECT (SELECT count(*)::int FROM meetings) AS m, (SELECT count(*)::int FROM lti_nonces) AS n`)[0];
    const before = await count();
    const r = await ltiLaunch(s, emu, spec('ann', [LIS.learner], link));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('meeting_cancelled');
    expect(await count()).toEqual(before);
  });
});
