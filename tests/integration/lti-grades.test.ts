/**
 * Attendance reaches the LMS gradebook: LTI launches, a session seen through signed LiveKit webhooks, then
 * room_finished → grading job → AGS outbox → the platform emulator's score endpoint. Retried webhooks grade nothing twice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeSession } from '../../lti/grades.js';
import { startWorkers } from '../../server/main.js';
import { LIS, type Emulator } from '../support/lms-emulator.js';
import { deliverWebhook, participantEvent, roomEvent } from '../support/livekit-webhooks.js';
import { ltiLaunch, useLtiEnvironment } from '../support/lti-flow.js';
import { waitUntil, type TestServer } from '../support/server.js';

const env = useLtiEnvironment();
let s: TestServer;
let emu: Emulator;
beforeAll(() => {
  ({ s, emu } = env);
});

describe('attendance → gradebook', () => {
  it('after the room finishes, each learner gets their attendance percent as a score, once', async () => {
    const spec = (sub: string, roles: string[]) => ({ sub, name: sub, roles, resourceLinkId: 'graded-link' });
    const t = await ltiLaunch(s, emu, spec('prof', [LIS.instructor]));
    await ltiLaunch(s, emu, spec('ann', [LIS.learner]));
    await ltiLaunch(s, emu, spec('bob', [LIS.learner]));
    const users = Object.fromEntries(
      (await s.deps.sql<{ sub: string; identity: string }[]>`SELECT sub, identity FROM lti_launch_users u JOIN lti_resource_links l ON l.id = u.resource_link_uuid WHERE l.resource_link_id = 'graded-link'`).map((u) => [u.sub, u.identity]),
    );
    const meeting = (await s.api('GET', `/api/v1/meetings/${t.body.meeting.id}`)).body;
    const room = { name: meeting.roomName as string, sid: 'RM_graded1' };
    const t0 = Date.now() - 3_600_000; // a one-hour session that ended just now
    const min = (m: number) => t0 + m * 60_000;
    const ann = { identity: users.ann!, name: 'ann', sid: 'PA_ann', joinedAtMs: min(0) };
    const prof = { identity: users.prof!, name: 'prof', sid: 'PA_prof', joinedAtMs: min(0) };
    const events = [
      roomEvent('room_started', room, min(0), min(0)),
      participantEvent('participant_joined', room, prof, min(0)),
      participantEvent('participant_joined', room, ann, min(0)),
      participantEvent('participant_left', room, ann, min(45)),
      participantEvent('participant_left', room, prof, min(60)),
      roomEvent('room_finished', room, min(60), min(0)),
    ];

    const workers = await startWorkers(s.deps, { pollingIntervalSeconds: 0.5, cron: false });
    try {
      const before = emu.scores.length;
      for (const e of events) expect((await deliverWebhook(s, e)).status).toBe(200);
      await deliverWebhook(s, events.at(-1)!); // LiveKit retries room_finished: nothing more is graded
      await waitUntil(() => emu.scores.length >= before + 2, 20_000, 'two scores at the platform');
      const got = Object.fromEntries(emu.scores.slice(before).map((x) => [x.body.userId, x.body]));
      expect(Object.keys(got).sort()).toEqual(['ann', 'bob']); // the instructor gets no grade
      expect(got.ann).toMatchObject({ scoreGiven: 75, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
      expect(String(got.ann!.comment)).toMatch(/partial/);
      expect(got.bob).toMatchObject({ scoreGiven: 0 });
      expect(String(got.bob!.comment)).toMatch(/absent/);
      // Grading the same session again (a job retry) queues nothing.
      expect(await gradeSession(s.deps, { roomName: room.name, roomSid: room.sid })).toEqual({ queued: 0 });
      expect(emu.scores.length).toBe(before + 2);
    } finally {
      await workers.stop();
    }
  });
});
