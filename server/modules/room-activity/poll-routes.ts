/**
 * Polls and quizzes over HTTP (HTTP only: validate, authorise through session.ts, call poll-service.ts, answer):
 *   POST   /api/v1/meetings/{id}/polls                        create a draft (host/moderator session, API key)
 *   GET    /api/v1/meetings/{id}/polls                        list (moderators: drafts too)
 *   GET    /api/v1/meetings/{id}/polls/{pollId}               one poll
 *   PUT    /api/v1/meetings/{id}/polls/{pollId}               replace a draft
 *   DELETE /api/v1/meetings/{id}/polls/{pollId}               delete a draft
 *   POST   /api/v1/meetings/{id}/polls/{pollId}/launch        launch (host/moderator, API key)
 *   POST   /api/v1/meetings/{id}/polls/{pollId}/close         close (host/moderator, API key)
 *   POST   /api/v1/meetings/{id}/polls/{pollId}/share         show results to everyone (host/moderator, API key)
 *   POST   /api/v1/meetings/{id}/polls/{pollId}/answers       answer (room session, once per person)
 *   GET    /api/v1/meetings/{id}/polls/{pollId}/results       results (moderators live; others once shared)
 *   GET    /api/v1/meetings/{id}/polls/export(.csv)           export JSON / CSV (host/moderator, API key)
 * Widgets call these from any origin (CORS open, no credentials; router.ts sets up what every room-activity router
 * shares).
 */
import type { Deps } from '../../deps.js';
import { json } from '../../shared/http.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import { PollAnswerSchema, PollCreateSchema, PollExportSchema, PollListSchema, PollParamsSchema, PollResultsSchema, PollSchema } from './poll-schemas.js';
import {
  answerPoll, closePoll, createPoll, deleteDraft, exportPolls, exportPollsCsv, getPoll, launchPoll, listPolls, pollResults, shareResults, updateDraft,
} from './poll-service.js';
import { roomActivityRouter, who } from './router.js';

const mods = 'Hosts, moderators (room session) and the API key; 403 `forbidden` for participants and viewers (nothing changes).';
const announced = (type: string) => `The server announces it to the room on the LiveKit data topic \`vr.poll\` (\`{"type":"${type}","pollId"}\`, reliable).`;

export function pollRoutes(deps: Deps) {
  const { app, route, roomSession, caller, csvExport } = roomActivityRouter(deps, 'polls', 'Polls');
  const meeting = { params: MeetingIdParamsSchema };
  const poll = { params: PollParamsSchema };
  const refusals = [403, 404] as const;
  const changes = [403, 404, 409] as const;

  route('post /meetings/{id}/polls', {
    summary: 'Create a poll (draft)',
    description: `${who} ${mods} The poll is a draft until launched: it can be prepared before the meeting. Types: \`single\` and \`multiple\` (2–10 \`options\`), \`yes_no\`, \`rating\` (1–5), \`text\` (short text, ≤ 500 characters). \`anonymous\`: nobody learns who answered what. \`durationSeconds\`: a timer from the launch. \`correct\` makes it a quiz (not for rating); a named quiz of an LTI-launched meeting sends each learner's score (1 right, 0 otherwise) to its own gradebook line item when it closes. 400 naming the field for options that do not fit the type or a correct answer that does not fit the options.`,
    ...meeting, body: PollCreateSchema, ok: [201, PollSchema, 'The draft'], errors: refusals,
  }, async (c) => createPoll(deps, await caller(c, c.req.valid('param').id), c.req.valid('json')));

  route('get /meetings/{id}/polls', {
    summary: 'List polls',
    description: `${who} Oldest first. Moderators and the API key see drafts too; participants and viewers the launched polls, with their own answer (\`myAnswer\`), the answer count only once results are shared, and a quiz's correct answer only once it is closed and its results shared.`,
    ...meeting, ok: [200, PollListSchema, 'The polls'], errors: refusals,
  }, async (c) => listPolls(deps, await caller(c, c.req.valid('param').id)));

  const ExportHead = `${who} ${mods} Every poll of the meeting with its results; for named polls who answered what, for anonymous polls no identity at all.`;
  route('get /meetings/{id}/polls/export', {
    summary: 'Export polls (JSON)', description: ExportHead,
    ...meeting, ok: [200, PollExportSchema, 'The polls and results'], errors: refusals,
  }, async (c) => exportPolls(deps, await caller(c, c.req.valid('param').id)));
  csvExport('Export polls (CSV)',
    `${ExportHead} RFC 4180 (CRLF, header row, quoted fields where needed), UTF-8, one row per answer (a poll without answers: one row with empty answer columns). Columns: poll_id, question, type, anonymous, quiz, status, answered_at (UTC), identity, name (both empty for anonymous polls), answer (option labels separated by "; ", the rating, or the text), correct (quizzes). Text starting with = + - @ gets a leading apostrophe (CSV injection).`,
    (caller) => exportPollsCsv(deps, caller));

  route('get /meetings/{id}/polls/{pollId}', {
    summary: 'One poll',
    description: `${who} As in the list; 404 for a draft unless the caller is a moderator or the API key.`,
    ...poll, ok: [200, PollSchema, 'The poll'], errors: refusals,
  }, async (c) => {
    const p = c.req.valid('param');
    return getPoll(deps, await caller(c, p.id), p.pollId);
  });

  route('put /meetings/{id}/polls/{pollId}', {
    summary: 'Replace a draft poll',
    description: `${who} ${mods} The same body and rules as creating; only drafts (409 \`poll_not_draft\` once launched: a launched poll no longer changes).`,
    ...poll, body: PollCreateSchema, ok: [200, PollSchema, 'The draft now'], errors: changes,
  }, async (c) => {
    const p = c.req.valid('param');
    return updateDraft(deps, await caller(c, p.id), p.pollId, c.req.valid('json'));
  });

  route('delete /meetings/{id}/polls/{pollId}', {
    summary: 'Delete a draft poll',
    description: `${who} ${mods} Only drafts: 409 \`poll_launched\` once launched (its answers are kept).`,
    ...poll, ok: [204, 'Deleted'], errors: changes,
  }, async (c) => {
    const p = c.req.valid('param');
    await deleteDraft(deps, await caller(c, p.id), p.pollId);
  });

  const action = (path: 'launch' | 'close' | 'share', summary: string, description: string, handler: typeof launchPoll) =>
    route(`post /meetings/{id}/polls/{pollId}/${path}`, {
      summary, description: `${who} ${mods} ${description}`,
      ...poll, ok: [200, PollSchema, 'The poll now'], errors: changes,
    }, async (c) => {
      const p = c.req.valid('param');
      return handler(deps, await caller(c, p.id), p.pollId);
    });
  action('launch', 'Launch a poll', `A draft starts taking answers (with a timer, until \`closesAt\` = now + \`durationSeconds\`). 409 \`poll_not_draft\` when launched before. ${announced('launched')}`, launchPoll);
  action('close', 'Close a poll', `No more answers. Idempotent on a closed poll; 409 \`poll_not_open\` for a draft. A poll with a timer also closes by itself at \`closesAt\`. ${announced('closed')}`, closePoll);
  action('share', 'Share the results with everyone', `From now participants can read the results (counts, never who answered what). Idempotent; 409 \`poll_not_open\` for a draft. ${announced('results')}`, shareResults);

  route('post /meetings/{id}/polls/{pollId}/answers', {
    summary: 'Answer a poll',
    description:
      'Room session only (any role; 403 `forbidden` for an API key). One answer per person: the first is stored (201); sending the same answer again changes nothing (200, a retry); a different one is refused with 409 `already_answered` and not counted. 409 `poll_not_open` (a draft) or `poll_closed` (closed, or its timer ran out). The body has the one field the poll type uses (`choice` for single and yes_no, `choices` for multiple, `rating`, `text`); anything else is a 400 naming the field. The room\'s hosts and moderators are told on `vr.poll` (`{"type":"answered","pollId","total"}`).',
    security: roomSession, ...poll, body: PollAnswerSchema,
    ok: [201, PollSchema, 'Stored: the poll with `myAnswer`'],
    responses: { 200: json(PollSchema, 'The same answer was stored before: nothing changed') }, errors: changes,
  }, async (c) => {
    const p = c.req.valid('param');
    const r = await answerPoll(deps, await caller(c, p.id), p.pollId, c.req.valid('json'));
    return r.created ? r.poll : c.json(r.poll, 200);
  });

  route('get /meetings/{id}/polls/{pollId}/results', {
    summary: 'Poll results',
    description: `${who} Moderators and the API key at any time (live while open), with who answered what for named polls. Participants and viewers once a moderator shared them (403 \`results_not_shared\` before), as counts only. Anonymous polls never name anyone.`,
    ...poll, ok: [200, PollResultsSchema, 'The results'], errors: refusals,
  }, async (c) => {
    const p = c.req.valid('param');
    return pollResults(deps, await caller(c, p.id), p.pollId);
  });
  return app;
}
