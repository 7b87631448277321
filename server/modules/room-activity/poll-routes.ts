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
 * Widgets call these from any origin (CORS open, no credentials). Mounted before the meetings router, whose
 * API-key guard covers `/meetings/*`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { errorResponses } from '../../shared/schemas.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import { bearerRequired, body, json, openCors, router } from '../../shared/http.js';
import { PollAnswerSchema, PollCreateSchema, PollExportSchema, PollListSchema, PollParamsSchema, PollResultsSchema, PollSchema } from './poll-schemas.js';
import {
  answerPoll, closePoll, createPoll, deleteDraft, exportPolls, exportPollsCsv, getPoll, launchPoll, listPolls, pollResults, shareResults, updateDraft,
} from './poll-service.js';
import { requireRoomSession } from './session.js';

const tags = ['Polls'];
const security: Record<string, string[]>[] = [{ roomSession: [] }, { apiKey: [] }];
const who = 'Bearer: the `sessionToken` of a join answer for this meeting, or an API key of its organisation.';
const mods = 'Hosts, moderators (room session) and the API key; 403 `forbidden` for participants and viewers (nothing changes).';
const announced = (type: string) => `The server announces it to the room on the LiveKit data topic \`vr.poll\` (\`{"type":"${type}","pollId"}\`, reliable).`;

export function pollRoutes(deps: Deps) {
  const app = router();
  for (const p of ['/meetings/:id/polls', '/meetings/:id/polls/*']) {
    app.use(p, openCors('GET, POST, PUT, DELETE', 'authorization, content-type'));
    app.use(p, bearerRequired('A room session or API key is required: Authorization: Bearer <token>'));
  }
  const caller = (c: { var: { bearer: string } }, meetingId: string) => requireRoomSession(deps, c.var.bearer, meetingId);

  app.openapi(
    createRoute({
      method: 'post', path: '/meetings/{id}/polls', tags, security, summary: 'Create a poll (draft)',
      description: `${who} ${mods} The poll is a draft until launched: it can be prepared before the meeting. Types: \`single\` and \`multiple\` (2–10 \`options\`), \`yes_no\`, \`rating\` (1–5), \`text\` (short text, ≤ 500 characters). \`anonymous\`: nobody learns who answered what. \`durationSeconds\`: a timer from the launch. \`correct\` makes it a quiz (not for rating); a named quiz of an LTI-launched meeting sends each learner's score (1 right, 0 otherwise) to its own gradebook line item when it closes. 400 naming the field for options that do not fit the type or a correct answer that does not fit the options.`,
      request: { params: MeetingIdParamsSchema, body: body(PollCreateSchema) },
      responses: { 201: json(PollSchema, 'The draft'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await createPoll(deps, await caller(c, c.req.valid('param').id), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/polls', tags, security, summary: 'List polls',
      description: `${who} Oldest first. Moderators and the API key see drafts too; participants and viewers the launched polls, with their own answer (\`myAnswer\`), the answer count only once results are shared, and a quiz's correct answer only once it is closed and its results shared.`,
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(PollListSchema, 'The polls'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await listPolls(deps, await caller(c, c.req.valid('param').id)), 200),
  );

  const ExportHead = `${who} ${mods} Every poll of the meeting with its results; for named polls who answered what, for anonymous polls no identity at all.`;
  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/polls/export', tags, security, summary: 'Export polls (JSON)',
      description: ExportHead,
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(PollExportSchema, 'The polls and results'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await exportPolls(deps, await caller(c, c.req.valid('param').id)), 200),
  );
  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/polls/export.csv', tags, security, summary: 'Export polls (CSV)',
      description: `${ExportHead} RFC 4180 (CRLF, header row, quoted fields where needed), UTF-8, one row per answer (a poll without answers: one row with empty answer columns). Columns: poll_id, question, type, anonymous, quiz, status, answered_at (UTC), identity, name (both empty for anonymous polls), answer (option labels separated by "; ", the rating, or the text), correct (quizzes). Text starting with = + - @ gets a leading apostrophe (CSV injection).`,
      request: { params: MeetingIdParamsSchema },
      responses: { 200: { description: 'The CSV file', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      return c.body(await exportPollsCsv(deps, await caller(c, id)), 200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': `attachment; filename="polls-${id}.csv"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/polls/{pollId}', tags, security, summary: 'One poll',
      description: `${who} As in the list; 404 for a draft unless the caller is a moderator or the API key.`,
      request: { params: PollParamsSchema },
      responses: { 200: json(PollSchema, 'The poll'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getPoll(deps, await caller(c, p.id), p.pollId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/meetings/{id}/polls/{pollId}', tags, security, summary: 'Replace a draft poll',
      description: `${who} ${mods} The same body and rules as creating; only drafts (409 \`poll_not_draft\` once launched: a launched poll no longer changes).`,
      request: { params: PollParamsSchema, body: body(PollCreateSchema) },
      responses: { 200: json(PollSchema, 'The draft now'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await updateDraft(deps, await caller(c, p.id), p.pollId, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/meetings/{id}/polls/{pollId}', tags, security, summary: 'Delete a draft poll',
      description: `${who} ${mods} Only drafts: 409 \`poll_launched\` once launched (its answers are kept).`,
      request: { params: PollParamsSchema },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      await deleteDraft(deps, await caller(c, p.id), p.pollId);
      return c.body(null, 204);
    },
  );

  const action = (path: 'launch' | 'close' | 'share', summary: string, description: string, handler: typeof launchPoll) =>
    app.openapi(
      createRoute({
        method: 'post', path: `/meetings/{id}/polls/{pollId}/${path}`, tags, security, summary, description: `${who} ${mods} ${description}`,
        request: { params: PollParamsSchema },
        responses: { 200: json(PollSchema, 'The poll now'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const p = c.req.valid('param');
        return c.json(await handler(deps, await caller(c, p.id), p.pollId), 200);
      },
    );
  action('launch', 'Launch a poll', `A draft starts taking answers (with a timer, until \`closesAt\` = now + \`durationSeconds\`). 409 \`poll_not_draft\` when launched before. ${announced('launched')}`, launchPoll);
  action('close', 'Close a poll', `No more answers. Idempotent on a closed poll; 409 \`poll_not_open\` for a draft. A poll with a timer also closes by itself at \`closesAt\`. ${announced('closed')}`, closePoll);
  action('share', 'Share the results with everyone', `From now participants can read the results (counts, never who answered what). Idempotent; 409 \`poll_not_open\` for a draft. ${announced('results')}`, shareResults);

  app.openapi(
    createRoute({
      method: 'post', path: '/meetings/{id}/polls/{pollId}/answers', tags, security: [{ roomSession: [] }], summary: 'Answer a poll',
      description:
        'Room session only (any role; 403 `forbidden` for an API key). One answer per person: the first is stored (201); sending the same answer again changes nothing (200, a retry); a different one is refused with 409 `already_answered` and not counted. 409 `poll_not_open` (a draft) or `poll_closed` (closed, or its timer ran out). The body has the one field the poll type uses (`choice` for single and yes_no, `choices` for multiple, `rating`, `text`); anything else is a 400 naming the field. The room\'s hosts and moderators are told on `vr.poll` (`{"type":"answered","pollId","total"}`).',
      request: { params: PollParamsSchema, body: body(PollAnswerSchema) },
      responses: {
        201: json(PollSchema, 'Stored: the poll with `myAnswer`'),
        200: json(PollSchema, 'The same answer was stored before: nothing changed'),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const r = await answerPoll(deps, await caller(c, p.id), p.pollId, c.req.valid('json'));
      return r.created ? c.json(r.poll, 201) : c.json(r.poll, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/polls/{pollId}/results', tags, security, summary: 'Poll results',
      description: `${who} Moderators and the API key at any time (live while open), with who answered what for named polls. Participants and viewers once a moderator shared them (403 \`results_not_shared\` before), as counts only. Anonymous polls never name anyone.`,
      request: { params: PollParamsSchema },
      responses: { 200: json(PollResultsSchema, 'The results'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await pollResults(deps, await caller(c, p.id), p.pollId), 200);
    },
  );
  return app;
}
