/** Poll tables (polls, poll_answers; migration 1764100000000_polls.sql). Instants are Date in UTC. */
import type { Tx } from '../../db/db.js';
import type { PollAnswer, PollType } from './poll-schemas.js';

export interface PollRow {
  id: string;
  meetingId: string;
  sessionId: string | null;
  question: string;
  type: PollType;
  options: string[];
  anonymous: boolean;
  durationSeconds: number | null;
  correct: PollAnswer | null;
  /** As stored; an `open` poll past `closesAt` counts as closed (see `effectiveStatus` in poll-service.ts). */
  status: 'draft' | 'open' | 'closed';
  createdBy: string;
  createdAt: Date;
  launchedAt: Date | null;
  closesAt: Date | null;
  closedAt: Date | null;
  closedBy: string | null;
  resultsSharedAt: Date | null;
}

export interface PollAnswerRow {
  id: string;
  pollId: string;
  identity: string | null;
  name: string | null;
  role: string;
  voterKey: string;
  answer: PollAnswer;
  correct: boolean | null;
  createdAt: Date;
}

const columns = (sql: Tx) => sql`
  id, meeting_id AS "meetingId", session_id AS "sessionId", question, type, options, anonymous,
  duration_seconds AS "durationSeconds", correct, status, created_by AS "createdBy", created_at AS "createdAt",
  launched_at AS "launchedAt", closes_at AS "closesAt", closed_at AS "closedAt", closed_by AS "closedBy",
  results_shared_at AS "resultsSharedAt"`;

const answerColumns = (sql: Tx) => sql`
  id, poll_id AS "pollId", identity, name, role, voter_key AS "voterKey", answer, correct, created_at AS "createdAt"`;

export async function insertPoll(
  sql: Tx,
  p: Pick<PollRow, 'id' | 'meetingId' | 'question' | 'type' | 'options' | 'anonymous' | 'durationSeconds' | 'correct' | 'createdBy'>,
): Promise<PollRow> {
  const [row] = await sql<PollRow[]>`
    INSERT INTO polls (id, meeting_id, question, type, options, anonymous, duration_seconds, correct, created_by)
    VALUES (${p.id}, ${p.meetingId}, ${p.question}, ${p.type}, ${sql.json(p.options as never)}, ${p.anonymous}, ${p.durationSeconds},
      ${p.correct ? sql.json(p.correct as never) : null}, ${p.createdBy})
    RETURNING ${columns(sql)}`;
  return row!;
}

export async function findPoll(sql: Tx, meetingId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<PollRow | undefined> {
  const [row] = await sql<PollRow[]>`
    SELECT ${columns(sql)} FROM polls WHERE meeting_id = ${meetingId} AND id = ${id} ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`;
  return row;
}

export async function findPollById(sql: Tx, id: string): Promise<PollRow | undefined> {
  const [row] = await sql<PollRow[]>`SELECT ${columns(sql)} FROM polls WHERE id = ${id}`;
  return row;
}

/** Polls of a meeting, oldest first; `launchedOnly` leaves drafts out. */
export function listPolls(sql: Tx, meetingId: string, opts: { launchedOnly?: boolean } = {}): Promise<PollRow[]> {
  return sql<PollRow[]>`
    SELECT ${columns(sql)} FROM polls WHERE meeting_id = ${meetingId} ${opts.launchedOnly ? sql`AND status <> 'draft'` : sql``}
    ORDER BY created_at, id`;
}

/** Replace the fields of a draft; undefined when the poll is not a draft (or not found). */
export async function updateDraft(
  sql: Tx,
  meetingId: string,
  id: string,
  p: Pick<PollRow, 'question' | 'type' | 'options' | 'anonymous' | 'durationSeconds' | 'correct'>,
): Promise<PollRow | undefined> {
  const [row] = await sql<PollRow[]>`
    UPDATE polls SET question = ${p.question}, type = ${p.type}, options = ${sql.json(p.options as never)}, anonymous = ${p.anonymous},
      duration_seconds = ${p.durationSeconds}, correct = ${p.correct ? sql.json(p.correct as never) : null}
    WHERE meeting_id = ${meetingId} AND id = ${id} AND status = 'draft'
    RETURNING ${columns(sql)}`;
  return row;
}

/** draft → open in session `sessionId`; closes_at = now + duration. Undefined when the poll is not a draft. */
export async function launchPoll(sql: Tx, meetingId: string, id: string, sessionId: string | null): Promise<PollRow | undefined> {
  const [row] = await sql<PollRow[]>`
    UPDATE polls SET status = 'open', session_id = ${sessionId}, launched_at = now(),
      closes_at = CASE WHEN duration_seconds IS NULL THEN NULL ELSE now() + duration_seconds * interval '1 second' END
    WHERE meeting_id = ${meetingId} AND id = ${id} AND status = 'draft'
    RETURNING ${columns(sql)}`;
  return row;
}

/**
 * open → closed. `closedAt` defaults to now, capped at closes_at (a timer's poll closed late by its job still closed
 * at its timer). Undefined when the poll was not open (already closed, or a draft).
 */
export async function closePoll(sql: Tx, id: string, by: string): Promise<PollRow | undefined> {
  const [row] = await sql<PollRow[]>`
    UPDATE polls SET status = 'closed', closed_by = ${by}, closed_at = LEAST(now(), COALESCE(closes_at, now()))
    WHERE id = ${id} AND status = 'open'
    RETURNING ${columns(sql)}`;
  return row;
}

/** Set results_shared_at (once). */
export async function shareResults(sql: Tx, meetingId: string, id: string): Promise<PollRow | undefined> {
  const [row] = await sql<PollRow[]>`
    UPDATE polls SET results_shared_at = COALESCE(results_shared_at, now())
    WHERE meeting_id = ${meetingId} AND id = ${id}
    RETURNING ${columns(sql)}`;
  return row;
}

/** Delete a draft; false when it is not a draft (or not found). */
export async function deleteDraft(sql: Tx, meetingId: string, id: string): Promise<boolean> {
  const rows = await sql`DELETE FROM polls WHERE meeting_id = ${meetingId} AND id = ${id} AND status = 'draft' RETURNING id`;
  return rows.length === 1;
}

/**
 * Store an answer if the poll is open (stored status `open` and its timer not run out) and this voter has none yet.
 * @returns `inserted` with the row; `exists` with the voter's earlier answer; `closed` when the poll takes no answers
 */
export async function insertAnswer(
  sql: Tx,
  a: Omit<PollAnswerRow, 'createdAt'> & { meetingId: string; sessionId: string | null },
): Promise<{ kind: 'inserted' | 'exists'; row: PollAnswerRow } | { kind: 'closed' }> {
  const [row] = await sql<PollAnswerRow[]>`
    INSERT INTO poll_answers (id, poll_id, meeting_id, session_id, voter_key, identity, name, role, answer, correct)
    SELECT ${a.id}::uuid, ${a.pollId}::uuid, ${a.meetingId}::uuid, ${a.sessionId}::uuid, ${a.voterKey}::text, ${a.identity}::text,
      ${a.name}::text, ${a.role}::text, ${sql.json(a.answer as never)}::jsonb, ${a.correct}::boolean
    FROM polls WHERE id = ${a.pollId} AND status = 'open' AND (closes_at IS NULL OR closes_at > now())
    ON CONFLICT (poll_id, voter_key) DO NOTHING
    RETURNING ${answerColumns(sql)}`;
  if (row) return { kind: 'inserted', row };
  const existing = await findAnswer(sql, a.pollId, a.voterKey);
  return existing ? { kind: 'exists', row: existing } : { kind: 'closed' };
}

export async function findAnswer(sql: Tx, pollId: string, voterKey: string): Promise<PollAnswerRow | undefined> {
  const [row] = await sql<PollAnswerRow[]>`SELECT ${answerColumns(sql)} FROM poll_answers WHERE poll_id = ${pollId} AND voter_key = ${voterKey}`;
  return row;
}

/** Answers of a poll, oldest first. */
export function listAnswers(sql: Tx, pollId: string): Promise<PollAnswerRow[]> {
  return sql<PollAnswerRow[]>`SELECT ${answerColumns(sql)} FROM poll_answers WHERE poll_id = ${pollId} ORDER BY created_at, id`;
}

/** Number of answers of one poll. */
export async function countPollAnswers(sql: Tx, pollId: string): Promise<number> {
  const [r] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM poll_answers WHERE poll_id = ${pollId}`;
  return r!.n;
}

/** The answers of `pollIds` stored under `voterKeys` (the caller's own), only `pollId`, `voterKey` and `answer`. */
export function findAnswersByKeys(sql: Tx, pollIds: string[], voterKeys: string[]): Promise<Pick<PollAnswerRow, 'pollId' | 'voterKey' | 'answer'>[]> {
  return sql<PollAnswerRow[]>`
    SELECT poll_id AS "pollId", voter_key AS "voterKey", answer FROM poll_answers
    WHERE poll_id = ANY(${pollIds}::uuid[]) AND voter_key = ANY(${voterKeys}::text[])`;
}

/** Number of answers per poll of a meeting. */
export async function countAnswers(sql: Tx, meetingId: string): Promise<Map<string, number>> {
  const rows = await sql<{ pollId: string; n: number }[]>`
    SELECT poll_id AS "pollId", count(*)::int AS n FROM poll_answers WHERE meeting_id = ${meetingId} GROUP BY poll_id`;
  return new Map(rows.map((r) => [r.pollId, r.n]));
}

/** Polls still `open` whose timer ran out (for the close job's sweep). */
export async function listExpiredOpen(sql: Tx, limit = 100): Promise<{ id: string }[]> {
  return sql<{ id: string }[]>`SELECT id FROM polls WHERE status = 'open' AND closes_at <= now() ORDER BY closes_at LIMIT ${limit}`;
}
