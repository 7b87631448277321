/**
 * Quizzes → gradebook. When a named quiz (a poll with a correct answer) of a meeting closes, the core queues a
 * `quiz-closed` job in the same transaction (server/modules/room-activity/poll-events.ts); lti/jobs.ts runs
 * `gradeQuiz` for it: for each LTI resource link of the meeting, it finds or creates the quiz's own line item
 * (label = the question, tag `vr-quiz`, resourceId = the poll id, scoreMaximum 1; LTI AGS 2.0 §3.2) and queues one
 * score per learner (one `lti-ags-score` job each, lti/ags.ts): 1 for a correct answer, 0 for a wrong one or none.
 * Idempotent per poll (dedupe key `quiz:<poll id>`): a retried job queues nothing twice and finds the line item it
 * created before (by tag and resourceId). Anonymous polls are never graded (nobody may learn who answered what).
 */
import type { Deps } from '../server/deps.js';
import type { PollJob } from '../server/modules/room-activity/poll-events.js';
import { quizOutcome } from '../server/modules/room-activity/poll-service.js';
import { ensureLineItem, queueScores } from './ags.js';
import { syncRoster } from './nrps.js';
import { resourceLinksOfMeeting } from './store.js';

/** Tag of every quiz line item (each quiz has its own, told apart by `resourceId` = the poll id). */
export const QUIZ_LINEITEM_TAG = 'vr-quiz';

/**
 * Grade one closed quiz (the `quiz-closed` job's handler; callable directly).
 * @returns how many scores were queued (0 for meetings without an LTI resource link, anonymous polls, non-quizzes)
 * @throws when the platform cannot be reached to find or create the line item (pg-boss retries the job)
 */
export async function gradeQuiz(deps: Deps, job: PollJob): Promise<{ queued: number }> {
  const quiz = await quizOutcome(deps, job.pollId);
  if (!quiz) return { queued: 0 };
  const links = await resourceLinksOfMeeting(deps.sql, quiz.meetingId);
  if (links.length === 0) return { queued: 0 };
  const byIdentity = new Map(quiz.answers.map((a) => [a.identity, a.correct]));
  let queued = 0;
  for (const link of links) {
    await syncRoster(deps, link).catch((e) => deps.log.warn('NRPS roster not refreshed before grading a quiz', { resourceLink: link, error: String((e as Error).message) }));
    const lineitemUrl = await ensureLineItem(deps, link, { label: quiz.question.slice(0, 250), tag: QUIZ_LINEITEM_TAG, resourceId: quiz.pollId, scoreMaximum: 1 });
    if (!lineitemUrl) {
      deps.log.warn('quiz not graded: the platform gave no line items service for this link', { resourceLink: link, pollId: quiz.pollId });
      continue;
    }
    await deps.sql.begin(async (tx) => {
      const learners = await tx<{ sub: string; identity: string }[]>`
        SELECT sub, identity FROM lti_launch_users WHERE resource_link_uuid = ${link} AND role = 'participant' AND identity IS NOT NULL
        UNION
        SELECT sub, identity FROM lti_members WHERE resource_link_uuid = ${link} AND role = 'participant'`;
      const scores = learners.map((u) => {
        const correct = byIdentity.get(u.identity);
        return { userSub: u.sub, scoreGiven: correct ? 1 : 0, scoreMaximum: 1, comment: `Quiz: ${correct === undefined ? 'no answer' : correct ? 'correct' : 'incorrect'}` };
      });
      queued += await queueScores(deps, tx, link, `quiz:${quiz.pollId}`, scores, { lineitemUrl });
    });
  }
  return { queued };
}
