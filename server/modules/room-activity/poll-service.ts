/**
 * Polls and quizzes in the room (issue 11), with the server as the source of truth.
 *
 * Life of a poll: a moderator (room session: host or moderator) or the integrator (API key) creates it as a
 * `draft` — also before the meeting —, launches it (`open`: it takes answers), and closes it (`closed`), by hand or
 * when its timer runs out (`closes_at`: answers are refused from that instant, in SQL; a `poll-close` job then
 * records the close, announces it and queues the quiz passback — see poll-events.ts). Each person answers once:
 * a second, different answer is refused (409 `already_answered`) and not counted; the same answer again is
 * accepted and changes nothing (a retry). Results: moderators and the API key live; everyone else only once a
 * moderator shared them (403 `results_not_shared` before). A quiz's correct answer is hidden from participants
 * until the poll is closed and its results shared.
 *
 * Anonymous polls: the answer rows hold no identity or name, only an HMAC of (poll id, identity) keyed with the
 * server's secret to enforce one answer per person, so no API answer, export or gradebook learns who answered what.
 *
 * Real time: the server announces on the LiveKit data topic `vr.poll` (reliable, JSON):
 * `{"type":"launched"|"closed"|"results","pollId"}` to the room, and `{"type":"answered","pollId","total"}` to the
 * room's hosts and moderators only. Widgets trust only packets from the server and fetch the poll over HTTP.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import { inertCsvText } from '../../shared/csv.js';
import { findSession } from '../meetings/store.js';
import type { MeetingRow } from '../meetings/store.js';
import { sendPollClose, sendQuizClosed } from './poll-events.js';
import type { Poll, PollAnswer, PollCreate, PollResults } from './poll-schemas.js';
import { YES_NO_OPTIONS } from './poll-schemas.js';
import { sendToOpenRoom } from './host-access.js';
import * as store from './poll-store.js';
import type { PollAnswerRow, PollRow } from './poll-store.js';
import { actorOf, isModerator, requireModerator, type RoomCaller } from './session.js';

/** LiveKit data topic of the server's poll announcements. */
export const POLL_TOPIC = 'vr.poll';

type Status = PollRow['status'];

/** The status a reader sees: an open poll past its timer is closed (the close job may not have run yet). */
export const effectiveStatus = (p: PollRow, now = new Date()): Status => (p.status === 'open' && p.closesAt && p.closesAt <= now ? 'closed' : p.status);

/** The HMAC that ties an answer to its person (anonymous polls store only this). */
const voterKey = (deps: Pick<Deps, 'ticketSecret'>, pollId: string, identity: string) =>
  createHmac('sha256', deps.ticketSecret).update(`poll:${pollId}:${identity}`).digest('base64url');

const optionCount = (p: Pick<PollRow, 'type' | 'options'>) => (p.type === 'yes_no' ? 2 : p.type === 'rating' ? 5 : p.options.length);

/**
 * Check `a` against the poll's type and options and normalise it (choices sorted, text trimmed).
 * @throws AppError 400 `validation_error` naming `prefix + field`
 */
function normaliseAnswer(p: Pick<PollRow, 'type' | 'options'>, a: PollAnswer, prefix = ''): PollAnswer {
  const bad = (field: string, msg: string) => new AppError(400, 'validation_error', `${prefix}${field}: ${msg}`, `${prefix}${field}`);
  const want = { single: 'choice', yes_no: 'choice', multiple: 'choices', rating: 'rating', text: 'text' }[p.type] as keyof PollAnswer;
  for (const k of Object.keys(a) as (keyof PollAnswer)[]) {
    if (k !== want && a[k] !== undefined) throw bad(k, `a ${p.type} poll takes \`${want}\` only`);
  }
  const n = optionCount(p);
  switch (want) {
    case 'choice':
      if (a.choice === undefined) throw bad('choice', 'required');
      if (a.choice >= n) throw bad('choice', `must be an option index below ${n}`);
      return { choice: a.choice };
    case 'choices': {
      const c = a.choices;
      if (!c) throw bad('choices', 'required');
      if (c.some((i) => i >= n)) throw bad('choices', `every index must be below ${n}`);
      if (new Set(c).size !== c.length) throw bad('choices', 'each option at most once');
      return { choices: [...c].sort((x, y) => x - y) };
    }
    case 'rating':
      if (a.rating === undefined) throw bad('rating', 'required');
      return { rating: a.rating };
    default:
      if (a.text === undefined) throw bad('text', 'required');
      return { text: a.text.trim() };
  }
}

const sameAnswer = (a: PollAnswer, b: PollAnswer) => JSON.stringify(a) === JSON.stringify(b);

/** Whether `a` is the quiz's correct answer (text: equal ignoring case and surrounding spaces). */
function isCorrect(correct: PollAnswer | null, a: PollAnswer): boolean | null {
  if (!correct) return null;
  if (correct.text !== undefined) return a.text !== undefined && a.text.trim().toLocaleLowerCase() === correct.text.trim().toLocaleLowerCase();
  return sameAnswer(correct, a);
}

/** Whether the caller may see the results of `p` (moderators always; others once shared). */
const mayReadResults = (c: RoomCaller, p: PollRow) => isModerator(c) || !!p.resultsSharedAt;
/** Whether the caller may see the correct answer (moderators always; others once closed and shared). */
const mayReadCorrect = (c: RoomCaller, p: PollRow) => isModerator(c) || (!!p.resultsSharedAt && effectiveStatus(p) === 'closed');

function toPoll(c: RoomCaller, p: PollRow, answerCount: number, mine: Pick<PollAnswerRow, 'answer'> | undefined): Poll {
  return {
    id: p.id,
    meetingId: p.meetingId,
    question: p.question,
    type: p.type,
    options: p.type === 'yes_no' ? YES_NO_OPTIONS : p.options,
    anonymous: p.anonymous,
    durationSeconds: p.durationSeconds,
    quiz: !!p.correct,
    correct: mayReadCorrect(c, p) ? p.correct : null,
    status: effectiveStatus(p),
    createdAt: p.createdAt.toISOString(),
    launchedAt: p.launchedAt?.toISOString() ?? null,
    closesAt: p.closesAt?.toISOString() ?? null,
    closedAt: (p.closedAt ?? (effectiveStatus(p) === 'closed' ? p.closesAt : null))?.toISOString() ?? null,
    resultsShared: !!p.resultsSharedAt,
    answerCount: mayReadResults(c, p) ? answerCount : 0,
    myAnswer: mine?.answer ?? null,
  };
}

async function onePoll(deps: Deps, c: RoomCaller, p: PollRow): Promise<Poll> {
  const [count, mine] = await Promise.all([
    store.countPollAnswers(deps.sql, p.id),
    c.kind === 'session' ? store.findAnswer(deps.sql, p.id, voterKey(deps, p.id, c.identity)) : undefined,
  ]);
  return toPoll(c, p, count, mine);
}

/** The poll `pollId` of the caller's meeting, visible to them (participants never see drafts). @throws 404 */
async function visiblePoll(deps: Deps, c: RoomCaller, pollId: string): Promise<PollRow> {
  const p = await store.findPoll(deps.sql, c.meeting.id, pollId);
  if (!p || (p.status === 'draft' && !isModerator(c))) throw notFound('poll');
  return p;
}

/** Send `payload` on `vr.poll` to the meeting's room (or to `to` identities); an empty or closed room is fine. */
async function announce(deps: Deps, m: MeetingRow, payload: Record<string, unknown>, to?: 'moderators') {
  // Only to an open room with someone in it (one call: LiveKit takes seconds to answer a send to a room that does not exist).
  const people = await deps.livekit.rooms.listParticipants(m.roomName).catch(() => []);
  const moderators = to ? people.filter((p) => ['host', 'moderator'].includes(p.attributes?.role ?? '')).map((p) => p.identity) : undefined;
  if (!people.length || (moderators && !moderators.length)) return;
  await sendToOpenRoom(deps, m, POLL_TOPIC, payload, moderators);
}

/**
 * Create a poll as a draft (POST /meetings/{id}/polls): hosts, moderators (room session) and the API key, also
 * before the meeting.
 * @throws AppError 403 `forbidden`; 400 `validation_error` naming `options` (count for the type, duplicates) or `correct.*`
 */
export async function createPoll(deps: Deps, caller: RoomCaller, input: PollCreate): Promise<Poll> {
  requireModerator(caller);
  const row = await store.insertPoll(deps.sql, { id: randomUUID(), meetingId: caller.meeting.id, ...checkPoll(input), createdBy: actorOf(caller) });
  return toPoll(caller, row, 0, undefined);
}

/**
 * Replace a draft (PUT /meetings/{id}/polls/{pollId}): the same body and rules as creating; only drafts.
 * @throws AppError 403 `forbidden`; 404; 409 `poll_not_draft` (launched: it no longer changes); 400 as createPoll
 */
export async function updateDraft(deps: Deps, caller: RoomCaller, pollId: string, input: PollCreate): Promise<Poll> {
  requireModerator(caller);
  await visiblePoll(deps, caller, pollId);
  const row = await store.updateDraft(deps.sql, caller.meeting.id, pollId, checkPoll(input));
  if (!row) throw new AppError(409, 'poll_not_draft', 'A launched poll no longer changes');
  return toPoll(caller, row, 0, undefined);
}

/** The stored fields of a poll from a create/replace body, checked against its type. @throws AppError 400 */
function checkPoll(input: PollCreate): Pick<PollRow, 'question' | 'type' | 'options' | 'anonymous' | 'durationSeconds' | 'correct'> {
  const options = (input.options ?? []).map((o) => o.trim());
  const choice = input.type === 'single' || input.type === 'multiple';
  if (choice && options.length < 2) throw new AppError(400, 'validation_error', 'options: a choice poll needs 2 to 10 options', 'options');
  if (!choice && options.length) throw new AppError(400, 'validation_error', `options: a ${input.type} poll takes no options`, 'options');
  if (new Set(options.map((o) => o.toLocaleLowerCase())).size !== options.length) throw new AppError(400, 'validation_error', 'options: each option at most once', 'options');
  let correct: PollAnswer | null = null;
  if (input.correct) {
    if (input.type === 'rating') throw new AppError(400, 'validation_error', 'correct: a rating has no correct answer', 'correct');
    correct = normaliseAnswer({ type: input.type, options }, input.correct, 'correct.');
  }
  return { question: input.question.trim(), type: input.type, options, anonymous: input.anonymous ?? false, durationSeconds: input.durationSeconds ?? null, correct };
}

/** Polls of the meeting (GET /meetings/{id}/polls): moderators and the API key all, others launched ones only. */
export async function listPolls(deps: Deps, caller: RoomCaller): Promise<{ items: Poll[] }> {
  const m = caller.meeting;
  const [rows, counts] = await Promise.all([store.listPolls(deps.sql, m.id, { launchedOnly: !isModerator(caller) }), store.countAnswers(deps.sql, m.id)]);
  // The caller's own answers only (by their voter keys), not every answer of the meeting.
  const keys = caller.kind === 'session' ? rows.map((p) => voterKey(deps, p.id, caller.identity)) : [];
  const mine = keys.length ? await store.findAnswersByKeys(deps.sql, rows.map((p) => p.id), keys) : [];
  const byKey = new Map(mine.map((a) => [a.voterKey, a]));
  return { items: rows.map((p, i) => toPoll(caller, p, counts.get(p.id) ?? 0, keys.length ? byKey.get(keys[i]!) : undefined)) };
}

/** One poll (GET /meetings/{id}/polls/{pollId}). @throws 404 (participants: drafts too) */
export async function getPoll(deps: Deps, caller: RoomCaller, pollId: string): Promise<Poll> {
  return onePoll(deps, caller, await visiblePoll(deps, caller, pollId));
}

/** Delete a draft (DELETE /meetings/{id}/polls/{pollId}). @throws 403; 404; 409 `poll_launched` */
export async function deleteDraft(deps: Deps, caller: RoomCaller, pollId: string): Promise<void> {
  requireModerator(caller);
  await visiblePoll(deps, caller, pollId);
  if (!(await store.deleteDraft(deps.sql, caller.meeting.id, pollId))) throw new AppError(409, 'poll_launched', 'Only a draft can be deleted');
}

/**
 * Launch a draft (POST …/polls/{pollId}/launch) in the meeting's current session: it takes answers from now; with
 * a timer, a `poll-close` job is queued in the same transaction for `closesAt`. Announced as `launched`.
 * @throws AppError 403 `forbidden`; 404; 409 `poll_not_draft` (launched before)
 */
export async function launchPoll(deps: Deps, caller: RoomCaller, pollId: string): Promise<Poll> {
  requireModerator(caller);
  await visiblePoll(deps, caller, pollId);
  const row = await deps.sql.begin(async (tx) => {
    const session = await findSession(tx, caller.meeting.id);
    const r = await store.launchPoll(tx, caller.meeting.id, pollId, session?.id ?? null);
    if (!r) throw new AppError(409, 'poll_not_draft', 'This poll was launched already');
    if (r.closesAt) await sendPollClose(deps, tx, r.id, r.closesAt);
    return r;
  });
  await announce(deps, caller.meeting, { type: 'launched', pollId: row.id });
  return toPoll(caller, row, 0, undefined);
}

/**
 * Close an open poll in `tx`: records it, and for a named quiz queues `quiz-closed` (the gradebook passback).
 * @returns the closed row, or undefined when it was not open
 */
async function closeInTx(deps: Deps, pollId: string, by: string) {
  return deps.sql.begin(async (tx) => {
    const r = await store.closePoll(tx, pollId, by);
    if (r?.correct && !r.anonymous) await sendQuizClosed(deps, tx, r.id);
    return r;
  });
}

/**
 * Close a poll (POST …/polls/{pollId}/close): no more answers. Idempotent (a closed poll is returned as it is).
 * Announced as `closed`.
 * @throws AppError 403 `forbidden`; 404; 409 `poll_not_open` (a draft)
 */
export async function closePoll(deps: Deps, caller: RoomCaller, pollId: string): Promise<Poll> {
  requireModerator(caller);
  const p = await visiblePoll(deps, caller, pollId);
  if (p.status === 'draft') throw new AppError(409, 'poll_not_open', 'This poll was never launched');
  const closed = await closeInTx(deps, pollId, actorOf(caller));
  if (closed) await announce(deps, caller.meeting, { type: 'closed', pollId });
  return onePoll(deps, caller, closed ?? (await visiblePoll(deps, caller, pollId)));
}

/**
 * The `poll-close` job's handler (a timer ran out): close the poll if still open, announce it. Idempotent.
 * @returns whether this call closed it
 */
export async function closeExpiredPoll(deps: Deps, pollId: string): Promise<boolean> {
  const p = await store.findPollById(deps.sql, pollId);
  if (!p || p.status !== 'open' || !p.closesAt) return false;
  // A job that runs early (clock skew between instances) must not close before the timer.
  if (p.closesAt > new Date()) throw new Error(`poll ${pollId} closes at ${p.closesAt.toISOString()}: retry later`);
  const closed = await closeInTx(deps, pollId, 'timer');
  if (!closed) return false;
  const meeting = deps.meetings.cached(p.meetingId) ?? (await deps.meetings.get(p.meetingId));
  if (meeting) await announce(deps, meeting, { type: 'closed', pollId });
  return true;
}

/** Close every open poll whose timer ran out (a sweep at worker start-up). @returns how many it closed */
export async function closeExpiredPolls(deps: Deps): Promise<number> {
  let n = 0;
  for (const p of await store.listExpiredOpen(deps.sql)) if (await closeExpiredPoll(deps, p.id)) n++;
  return n;
}

/**
 * Answer an open poll (POST …/polls/{pollId}/answers): room sessions only, once per person.
 * @returns `created` true for a new answer (201); false when the same answer was given before (200, nothing changes)
 * @throws AppError 403 `forbidden` (API key); 404; 409 `poll_not_open` (draft), `poll_closed`, `already_answered`
 *   (a different answer before: not counted); 400 `validation_error` naming the field (wrong shape for the type)
 */
export async function answerPoll(deps: Deps, caller: RoomCaller, pollId: string, input: PollAnswer): Promise<{ created: boolean; poll: Poll }> {
  if (caller.kind !== 'session') throw new AppError(403, 'forbidden', 'Only people in the room answer polls');
  const p = await visiblePoll(deps, caller, pollId);
  const answer = normaliseAnswer(p, input);
  const key = voterKey(deps, p.id, caller.identity);
  const r = await store.insertAnswer(deps.sql, {
    id: randomUUID(),
    pollId: p.id,
    meetingId: p.meetingId,
    sessionId: p.sessionId,
    voterKey: key,
    identity: p.anonymous ? null : caller.identity,
    name: p.anonymous ? null : caller.name,
    role: caller.role,
    answer,
    correct: isCorrect(p.correct, answer),
  });
  if (r.kind === 'closed') {
    const now = await store.findPoll(deps.sql, caller.meeting.id, pollId);
    if (!now || now.status === 'draft') throw new AppError(409, 'poll_not_open', 'This poll has not been launched');
    throw new AppError(409, 'poll_closed', 'This poll is closed');
  }
  if (r.kind === 'exists' && !sameAnswer(r.row.answer, answer)) throw new AppError(409, 'already_answered', 'You answered this poll already');
  if (r.kind === 'inserted') announceAnswered(deps, caller.meeting, p.id);
  // The answer's own row is `myAnswer`; the count is read only when the caller may see it.
  const count = mayReadResults(caller, p) ? await store.countPollAnswers(deps.sql, p.id) : 0;
  return { created: r.kind === 'inserted', poll: toPoll(caller, p, count, r.row) };
}

/** Answers coalesce into one `answered` packet per poll per this long (ms), per server instance. */
export const ANSWERED_COALESCE_MS = 250;
const answeredTimers = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * Tell the room's hosts and moderators that `pollId` got answers (`{"type":"answered","pollId","total"}`), off the
 * answer's request path: at most one packet per poll every ANSWERED_COALESCE_MS on this instance, with the count at
 * sending time (a class answering at once costs LiveKit a few packets, not one per answer).
 */
function announceAnswered(deps: Deps, m: MeetingRow, pollId: string) {
  if (answeredTimers.has(pollId)) return;
  const timer = setTimeout(() => {
    answeredTimers.delete(pollId);
    void store
      .countPollAnswers(deps.sql, pollId)
      .then((total) => announce(deps, m, { type: 'answered', pollId, total }, 'moderators'))
      .catch(() => {}); // the pool closed (shutdown): the moderators' next read has the count
  }, ANSWERED_COALESCE_MS);
  timer.unref?.();
  answeredTimers.set(pollId, timer);
}

/**
 * Show the results to everyone (POST …/polls/{pollId}/share): from now, participants can read them. Idempotent.
 * Announced as `results`.
 * @throws AppError 403 `forbidden`; 404; 409 `poll_not_open` (a draft)
 */
export async function shareResults(deps: Deps, caller: RoomCaller, pollId: string): Promise<Poll> {
  requireModerator(caller);
  const p = await visiblePoll(deps, caller, pollId);
  if (p.status === 'draft') throw new AppError(409, 'poll_not_open', 'This poll was never launched');
  const row = (await store.shareResults(deps.sql, caller.meeting.id, pollId))!;
  await announce(deps, caller.meeting, { type: 'results', pollId });
  return onePoll(deps, caller, row);
}

function tally(caller: RoomCaller, p: PollRow, answers: PollAnswerRow[]): PollResults {
  const n = optionCount(p);
  const counts = p.type === 'text' ? [] : new Array<number>(n).fill(0);
  let sum = 0;
  for (const a of answers) {
    if (a.answer.choice !== undefined) counts[a.answer.choice]!++;
    for (const c of a.answer.choices ?? []) counts[c]!++;
    if (a.answer.rating !== undefined) {
      counts[a.answer.rating - 1]!++;
      sum += a.answer.rating;
    }
  }
  const named = isModerator(caller) && !p.anonymous;
  return {
    pollId: p.id,
    status: effectiveStatus(p),
    total: answers.length,
    counts,
    average: p.type === 'rating' && answers.length ? Math.round((sum / answers.length) * 100) / 100 : null,
    texts: p.type === 'text' ? answers.map((a) => a.answer.text ?? '') : [],
    correctCount: p.correct && mayReadCorrect(caller, p) ? answers.filter((a) => a.correct).length : null,
    answers: named
      ? answers.map((a) => ({ identity: a.identity ?? '', name: a.name ?? '', answer: a.answer, correct: a.correct, createdAt: a.createdAt.toISOString() }))
      : [],
  };
}

/**
 * Results (GET …/polls/{pollId}/results): moderators and the API key live (with who answered what for named
 * polls); others once shared, as counts only.
 * @throws AppError 403 `results_not_shared`; 404
 */
export async function pollResults(deps: Deps, caller: RoomCaller, pollId: string): Promise<PollResults> {
  const p = await visiblePoll(deps, caller, pollId);
  if (!mayReadResults(caller, p)) throw new AppError(403, 'results_not_shared', 'The moderator has not shared these results');
  return tally(caller, p, await store.listAnswers(deps.sql, p.id));
}

/**
 * Every poll of the meeting with its results, as JSON (GET …/polls/export): hosts, moderators, API key. Anonymous
 * polls carry no identities.
 * @throws AppError 403 `forbidden`
 */
export async function exportPolls(deps: Deps, caller: RoomCaller) {
  requireModerator(caller);
  const m = caller.meeting;
  const rows = await store.listPolls(deps.sql, m.id);
  const polls = [];
  for (const p of rows) polls.push({ poll: toPoll(caller, p, 0, undefined), results: tally(caller, p, await store.listAnswers(deps.sql, p.id)) });
  for (const x of polls) x.poll.answerCount = x.results.total;
  return { meeting: { id: m.id, title: m.title }, exportedAt: new Date().toISOString(), polls };
}

export const POLL_CSV_COLUMNS = ['poll_id', 'question', 'type', 'anonymous', 'quiz', 'status', 'answered_at', 'identity', 'name', 'answer', 'correct'] as const;

/** How an answer reads in the CSV: the option label(s) (`; `-separated), the rating, or the text. */
function answerText(p: PollRow, a: PollAnswer): string {
  const labels = p.type === 'yes_no' ? YES_NO_OPTIONS : p.options;
  if (a.choice !== undefined) return labels[a.choice] ?? String(a.choice);
  if (a.choices) return a.choices.map((c) => labels[c] ?? String(c)).join('; ');
  if (a.rating !== undefined) return String(a.rating);
  return a.text ?? '';
}

/**
 * The export as CSV (RFC 4180 through csv-stringify: CRLF, header row), UTF-8, one row per answer (a poll without
 * answers: one row with empty answer columns), columns `POLL_CSV_COLUMNS`; instants UTC (ISO 8601). Anonymous polls:
 * `identity` and `name` empty. Text starting with = + - @ gets a leading apostrophe (CSV injection).
 */
export async function exportPollsCsv(deps: Deps, caller: RoomCaller): Promise<string> {
  requireModerator(caller);
  const out: unknown[][] = [];
  for (const p of await store.listPolls(deps.sql, caller.meeting.id)) {
    const head = [p.id, inertCsvText(p.question), p.type, p.anonymous, !!p.correct, effectiveStatus(p)];
    const answers = await store.listAnswers(deps.sql, p.id);
    if (!answers.length) out.push([...head, null, null, null, null, null]);
    for (const a of answers) {
      out.push([
        ...head, a.createdAt.toISOString(), p.anonymous ? null : inertCsvText(a.identity), p.anonymous ? null : inertCsvText(a.name), inertCsvText(answerText(p, a.answer)), a.correct,
      ]);
    }
  }
  return stringify(out, { header: true, columns: [...POLL_CSV_COLUMNS], record_delimiter: 'windows', quoted_match: /[\r\n]/, cast: { boolean: (b) => String(b) } });
}

/**
 * For the gradebook passback of a closed quiz (handler of `quiz-closed`, lti/): the poll and, per person who
 * answered, whether they were right. Nothing for anonymous polls or polls that are not closed quizzes.
 */
export async function quizOutcome(deps: Pick<Deps, 'sql'>, pollId: string): Promise<{ pollId: string; meetingId: string; question: string; answers: { identity: string; correct: boolean }[] } | undefined> {
  const p = await store.findPollById(deps.sql, pollId);
  if (!p || !p.correct || p.anonymous || effectiveStatus(p) !== 'closed') return undefined;
  const answers = (await store.listAnswers(deps.sql, pollId)).filter((a) => a.identity).map((a) => ({ identity: a.identity!, correct: !!a.correct }));
  return { pollId, meetingId: p.meetingId, question: p.question, answers };
}
