/**
 * Stand-in for the polls API (`/api/v1/meetings/m-poll/polls…`), in memory: bearer `poll-mod` is a moderator
 * (identity `mo`), `poll-ada` and `poll-bob` participants. Moderators create (a draft), launch, close and share;
 * participants see launched polls only, answer once (201; the same answer again 200; another 409
 * `already_answered`; a closed poll 409 `poll_closed`) and read results once shared (403 `results_not_shared`
 * before). `GET …/polls/export.csv` for the moderator. Other bearers → 401. Every call is recorded with its Authorization header and body.
 */
import type { z } from 'zod';
import type { PollAnswerSchema, PollListSchema, PollResultsSchema, PollSchema } from '../../../server/modules/room-activity/poll-schemas.js';
import { readJson, recorded, reply, replyError, type Context } from './http.js';

type Poll = z.infer<typeof PollSchema>;
type PollAnswer = z.infer<typeof PollAnswerSchema>;
type PollResults = z.infer<typeof PollResultsSchema>;

const PEOPLE: Record<string, { identity: string; name: string; moderator: boolean }> = {
  'Bearer poll-mod': { identity: 'mo', name: 'Mo', moderator: true },
  'Bearer poll-ada': { identity: 'ada', name: 'Ada', moderator: false },
  'Bearer poll-bob': { identity: 'bob', name: 'Bob', moderator: false },
};

let polls: Poll[] = [];
let answers = new Map<string, Map<string, PollAnswer>>();
let next = 1;

/** No polls, no answers. */
export function resetPolls(): void {
  polls = [];
  answers = new Map();
  next = 1;
}

const now = () => new Date().toISOString();

function view(p: Poll, who: { identity: string; moderator: boolean }): Poll {
  const mine = answers.get(p.id)?.get(who.identity) ?? null;
  const count = answers.get(p.id)?.size ?? 0;
  return {
    ...p,
    correct: who.moderator || (p.resultsShared && p.status === 'closed') ? p.correct : null,
    answerCount: who.moderator || p.resultsShared ? count : 0,
    myAnswer: mine,
  };
}

function results(p: Poll, who: { moderator: boolean }): PollResults {
  const all = [...(answers.get(p.id)?.entries() ?? [])];
  const n = p.type === 'rating' ? 5 : p.options.length;
  const counts = p.type === 'text' ? [] : new Array<number>(n).fill(0);
  for (const [, a] of all) {
    if (a.choice !== undefined) counts[a.choice]!++;
    for (const c of a.choices ?? []) counts[c]!++;
    if (a.rating !== undefined) counts[a.rating - 1]!++;
  }
  const ratings = all.map(([, a]) => a.rating).filter((r): r is number => r !== undefined);
  return {
    pollId: p.id,
    status: p.status,
    total: all.length,
    counts,
    average: ratings.length ? ratings.reduce((x, y) => x + y, 0) / ratings.length : null,
    texts: all.map(([, a]) => a.text).filter((t): t is string => t !== undefined),
    correctCount: p.correct && (who.moderator || p.status === 'closed') ? all.filter(([, a]) => JSON.stringify(a) === JSON.stringify(p.correct)).length : null,
    answers: who.moderator && !p.anonymous ? all.map(([identity, a]) => ({ identity, name: identity.toUpperCase(), answer: a, correct: null, createdAt: now() })) : [],
  };
}

/** Koa middleware for `/api/v1/meetings/m-poll/polls…`. */
export async function pollsStandIn(ctx: Context, next_: () => Promise<unknown>): Promise<unknown> {
  const m = /^\/api\/v1\/meetings\/m-poll\/polls(?:\/([^/]+)(?:\/(launch|close|share|answers|results))?)?$/.exec(ctx.path);
  if (!m) return next_();
  const [, id, action] = m;
  const body = ctx.method === 'POST' && action !== 'launch' && action !== 'close' && action !== 'share' ? await readJson(ctx) : undefined;
  recorded.push({ method: ctx.method, path: ctx.path, authorization: ctx.get('authorization'), ...(body ? { body } : {}) });
  const who = PEOPLE[ctx.get('authorization')];
  if (!who) return replyError(ctx, 401, 'unauthorized', 'Bad token');
  if (id === 'export.csv') {
    if (!who.moderator) return replyError(ctx, 403, 'forbidden', 'Only a host or moderator can do this');
    ctx.type = 'text/csv';
    ctx.body = `poll_id,question\r\n${polls.map((p) => `${p.id},${p.question}`).join('\r\n')}\r\n`;
    return;
  }
  if (!id) {
    if (ctx.method === 'GET') return reply<z.infer<typeof PollListSchema>>(ctx, 200, { items: polls.filter((p) => who.moderator || p.status !== 'draft').map((p) => view(p, who)) });
    if (!who.moderator) return replyError(ctx, 403, 'forbidden', 'Only a host or moderator can do this');
    const b = body as { question?: string; type?: Poll['type']; options?: string[]; anonymous?: boolean; durationSeconds?: number; correct?: PollAnswer };
    if (!b.question?.trim()) return replyError(ctx, 400, 'validation_error', 'question: must not be empty', 'question');
    const type = b.type ?? 'single';
    if ((type === 'single' || type === 'multiple') && (b.options?.length ?? 0) < 2) return replyError(ctx, 400, 'validation_error', 'options: 2 to 10', 'options');
    const p: Poll = {
      id: `00000000-0000-4000-8000-${String(next++).padStart(12, '0')}`, meetingId: '00000000-0000-4000-8000-000000000000',
      question: b.question.trim(), type, options: type === 'yes_no' ? ['yes', 'no'] : (b.options ?? []), anonymous: !!b.anonymous,
      durationSeconds: b.durationSeconds ?? null, quiz: !!b.correct, correct: b.correct ?? null, status: 'draft', createdAt: now(),
      launchedAt: null, closesAt: null, closedAt: null, resultsShared: false, answerCount: 0, myAnswer: null,
    };
    polls.push(p);
    return reply<Poll>(ctx, 201, view(p, who));
  }
  const p = polls.find((x) => x.id === id && (who.moderator || x.status !== 'draft'));
  if (!p) return replyError(ctx, 404, 'not_found', 'poll not found');
  if (!action && ctx.method === 'GET') return reply<Poll>(ctx, 200, view(p, who));
  if (!action && ctx.method === 'DELETE') {
    if (!who.moderator) return replyError(ctx, 403, 'forbidden', 'Only a host or moderator can do this');
    polls = polls.filter((x) => x !== p);
    ctx.status = 204;
    return;
  }
  if (action === 'results') {
    if (!who.moderator && !p.resultsShared) return replyError(ctx, 403, 'results_not_shared', 'Not shared');
    return reply<PollResults>(ctx, 200, results(p, who));
  }
  if (action === 'answers') {
    if (p.status !== 'open') return replyError(ctx, 409, 'poll_closed', 'This poll is closed');
    const mine = answers.get(p.id) ?? new Map<string, PollAnswer>();
    answers.set(p.id, mine);
    const before = mine.get(who.identity);
    if (before && JSON.stringify(before) !== JSON.stringify(body)) return replyError(ctx, 409, 'already_answered', 'You answered already');
    mine.set(who.identity, body as PollAnswer);
    return reply<Poll>(ctx, before ? 200 : 201, view(p, who));
  }
  if (!who.moderator) return replyError(ctx, 403, 'forbidden', 'Only a host or moderator can do this');
  if (action === 'launch') Object.assign(p, { status: 'open', launchedAt: now(), closesAt: p.durationSeconds ? new Date(Date.now() + p.durationSeconds * 1000).toISOString() : null });
  if (action === 'close' && p.status === 'open') Object.assign(p, { status: 'closed', closedAt: now() });
  if (action === 'share') p.resultsShared = true;
  return reply<Poll>(ctx, 200, view(p, who));
}
