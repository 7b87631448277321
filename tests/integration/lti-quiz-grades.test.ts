/**
 * A quiz reaches the LMS gradebook: LTI launches, the instructor runs a quiz in the room, learners answer with their
 * room sessions; closing it queues `quiz-closed` in the same transaction, lti/ finds or creates the quiz's own line
 * item and posts one score per learner (AGS 2.0) to the platform emulator. An anonymous quiz is never graded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeQuiz } from '../../lti/quizzes.js';
import { startWorkers } from '../../server/main.js';
import { LIS, type Emulator } from '../support/lms-emulator.js';
import { ltiLaunch, useLtiEnvironment } from '../support/lti-flow.js';
import { waitUntil, type TestServer } from '../support/server.js';

const env = useLtiEnvironment();
let s: TestServer;
let emu: Emulator;
beforeAll(() => {
  ({ s, emu } = env);
});

/** Launch as `sub` and join the room: the room session. */
async function launchAndJoin(sub: string, roles: string[]) {
  const t = await ltiLaunch(s, emu, { sub, name: sub, roles, resourceLinkId: 'quiz-link', noLineitem: true });
  expect(t.status).toBe(200);
  const j = await s.api('POST', '/api/v1/join', { ticket: t.body.ticket }, null);
  expect(j.status).toBe(200);
  return { meetingId: t.body.meeting.id as string, session: j.body.sessionToken as string };
}

describe('quiz → gradebook', () => {
  it('closing a quiz posts each learner’s score to its own line item (label = the question), once; an anonymous quiz posts nothing', async () => {
    const prof = await launchAndJoin('prof', [LIS.instructor]);
    const ann = await launchAndJoin('ann', [LIS.learner]);
    const bob = await launchAndJoin('bob', [LIS.learner]);
    await launchAndJoin('cid', [LIS.learner]); // launched, never answers
    const polls = `/api/v1/meetings/${prof.meetingId}/polls`;
    const quiz = await s.api('POST', polls, { question: 'What is 6 × 7?', type: 'single', options: ['42', '36'], correct: { choice: 0 } }, prof.session);
    expect(quiz.status).toBe(201);
    const anon = await s.api('POST', polls, { question: 'Anonymous check', type: 'yes_no', anonymous: true, correct: { choice: 0 } }, prof.session);
    for (const p of [quiz.body.id, anon.body.id]) expect((await s.api('POST', `${polls}/${p}/launch`, undefined, prof.session)).status).toBe(200);
    expect((await s.api('POST', `${polls}/${quiz.body.id}/answers`, { choice: 0 }, ann.session)).status).toBe(201);
    expect((await s.api('POST', `${polls}/${quiz.body.id}/answers`, { choice: 1 }, bob.session)).status).toBe(201);
    expect((await s.api('POST', `${polls}/${anon.body.id}/answers`, { choice: 0 }, ann.session)).status).toBe(201);

    const workers = await startWorkers(s.deps, { pollingIntervalSeconds: 0.5, cron: false, only: ['lti', 'polls'] });
    try {
      const before = emu.scores.length;
      const items = emu.lineItems.length;
      for (const p of [quiz.body.id, anon.body.id]) expect((await s.api('POST', `${polls}/${p}/close`, undefined, prof.session)).status).toBe(200);
      await waitUntil(() => emu.scores.length >= before + 3, 20_000, 'three quiz scores at the platform');
      const item = emu.lineItems.slice(items);
      expect(item).toHaveLength(1);
      expect(item[0]).toMatchObject({ label: 'What is 6 × 7?', tag: 'vr-quiz', resourceId: quiz.body.id, scoreMaximum: 1, resourceLinkId: 'quiz-link' });
      const got = emu.scores.slice(before);
      expect(new Set(got.map((x) => x.lineitem))).toEqual(new Set([item[0]!.id]));
      const byUser = Object.fromEntries(got.map((x) => [x.body.userId, x.body]));
      expect(Object.keys(byUser).sort()).toEqual(['ann', 'bob', 'cid']); // the instructor gets no grade
      expect(byUser.ann).toMatchObject({ scoreGiven: 1, scoreMaximum: 1, comment: 'Quiz: correct' });
      expect(byUser.bob).toMatchObject({ scoreGiven: 0, comment: 'Quiz: incorrect' });
      expect(byUser.cid).toMatchObject({ scoreGiven: 0, comment: 'Quiz: no answer' });
      // A retried job queues nothing and creates no second line item; the anonymous quiz is not graded.
      expect(await gradeQuiz(s.deps, { pollId: quiz.body.id })).toEqual({ queued: 0 });
      expect(await gradeQuiz(s.deps, { pollId: anon.body.id })).toEqual({ queued: 0 });
      expect(emu.lineItems.length).toBe(items + 1);
      const [pending] = await s.deps.sql`SELECT count(*)::int AS n FROM lti_score_outbox WHERE status <> 'sent'`;
      expect(pending!.n).toBe(0);
      expect(emu.scores.length).toBe(before + 3);
    } finally {
      await workers.stop();
    }
  });

  it('a quiz whose timer runs out is graded too (poll-close job → quiz-closed → scores)', async () => {
    const prof = await launchAndJoin('prof', [LIS.instructor]);
    const ann = await launchAndJoin('ann', [LIS.learner]);
    const polls = `/api/v1/meetings/${prof.meetingId}/polls`;
    const quiz = await s.api('POST', polls, { question: 'Capital of France?', type: 'text', correct: { text: 'Paris' }, durationSeconds: 5 }, prof.session);
    const items = emu.lineItems.length;
    const before = emu.scores.length;
    const workers = await startWorkers(s.deps, { pollingIntervalSeconds: 0.5, cron: false, only: ['lti', 'polls'] });
    try {
      await s.api('POST', `${polls}/${quiz.body.id}/launch`, undefined, prof.session);
      expect((await s.api('POST', `${polls}/${quiz.body.id}/answers`, { text: ' paris ' }, ann.session)).status).toBe(201);
      await waitUntil(() => emu.scores.slice(before).find((x) => x.body.userId === 'ann'), 30_000, "ann's quiz score after the timer");
      expect(emu.lineItems.slice(items)).toMatchObject([{ label: 'Capital of France?', resourceId: quiz.body.id }]);
      expect(emu.scores.slice(before).find((x) => x.body.userId === 'ann')!.body).toMatchObject({ scoreGiven: 1, comment: 'Quiz: correct' });
    } finally {
      await workers.stop();
    }
  });
});
