/**
 * The join module's HTTP routes (HTTP only: validate, call join/service.ts, answer):
 * POST /api/v1/join — called by the <video-room> element from any origin (CORS open, no credentials).
 * POST /api/v1/meetings/{id}/join-tickets — the integrator (API key) mints a join ticket for one user.
 * GET/POST /api/v1/waiting-room/… — the waiting room, run by hosts/moderators or the integrator.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { errorResponses } from '../../shared/schemas.js';
import { JoinRequestSchema, JoinResponseSchema, JoinTicketCreateSchema, JoinTicketSchema, WaitingDecisionSchema, WaitingListSchema, WaitingSchema } from './schemas.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import { createJoinTicket, decideWaiting, join, listWaiting } from './service.js';
import { z } from '@hono/zod-openapi';
import { apiKeyAuth, bearerRequired, body, json, openCors, router } from '../../shared/http.js';

export function joinRoutes(deps: Deps) {
  const app = router();
  app.use('/join', openCors('POST', 'content-type'));
  app.openapi(
    createRoute({
      method: 'post', path: '/join', tags: ['Join'], summary: 'Exchange a join ticket or public code for a LiveKit token',
      description:
        'Give `ticket`, or `code` + `name` (+ `password` when the meeting has one). The token joins only this meeting\'s room, with the grants of the role (host/moderator: roomAdmin; participant: publish + subscribe; viewer: subscribe only).',
      request: { body: { required: true, content: { 'application/json': { schema: JoinRequestSchema } } } },
      responses: {
        200: { description: 'Connect with livekit-client: `room.connect(serverUrl, participantToken)`', content: { 'application/json': { schema: JoinResponseSchema } } },
        202: { description: 'The meeting has a waiting room: poll with `{waitToken}` until a host admits you', content: { 'application/json': { schema: WaitingSchema } } },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const r = await join(deps, c.req.valid('json'));
      return r.status === 'waiting' ? c.json(r.body, 202) : c.json(r.body, 200);
    },
  );

  app.use('/meetings/:id/join-tickets', apiKeyAuth(deps));
  app.openapi(
    createRoute({
      method: 'post', path: '/meetings/{id}/join-tickets', tags: ['Meetings'], security: [{ apiKey: [] }], summary: 'Mint a join ticket for one user',
      description:
        "Your backend calls this for a signed-in user and hands the ticket to the page (`<video-room ticket>`). The ticket names the meeting, the user's id, display name and role, and expires after `ttlSeconds`.",
      request: { params: MeetingIdParamsSchema, body: body(JoinTicketCreateSchema) },
      responses: { 201: json(JoinTicketSchema, 'The ticket'), ...errorResponses(400, 401, 404, 409) },
    }),
    async (c) => c.json(await createJoinTicket(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')), 201),
  );


  // Waiting room, run by hosts/moderators from the widget (moderationToken) or by the integrator (API key).
  app.use('/waiting-room/*', openCors('GET, POST', 'authorization, content-type'));
  app.use('/waiting-room/*', bearerRequired('A moderation token or API key is required: Authorization: Bearer <token>'));
  const WaitParams = z.object({ meetingId: z.uuid().openapi({ param: { name: 'meetingId', in: 'path' } }) });
  const security = [{ apiKey: [] }];
  app.openapi(
    createRoute({
      method: 'get', path: '/waiting-room/{meetingId}', tags: ['Join'], security, summary: 'Guests waiting to be admitted',
      description: 'Bearer: the `moderationToken` of a host/moderator join answer, or an API key of the organisation.',
      request: { params: WaitParams },
      responses: { 200: { description: 'Pending requests, oldest first', content: { 'application/json': { schema: WaitingListSchema } } }, ...errorResponses(400, 401, 404) },
    }),
    async (c) => c.json(await listWaiting(deps, c.req.valid('param').meetingId, c.var.bearer), 200),
  );
  for (const [action, decision] of [['admit', 'admitted'], ['deny', 'denied']] as const) {
    app.openapi(
      createRoute({
        method: 'post', path: `/waiting-room/{meetingId}/{requestId}/${action}`, tags: ['Join'], security,
        summary: action === 'admit' ? 'Let a waiting guest in' : 'Turn a waiting guest away',
        description: 'Idempotent; the first decision stands.',
        request: { params: WaitParams.extend({ requestId: z.uuid().openapi({ param: { name: 'requestId', in: 'path' } }) }) },
        responses: { 200: { description: 'The decision', content: { 'application/json': { schema: WaitingDecisionSchema } } }, ...errorResponses(400, 401, 404) },
      }),
      async (c) => {
        const p = c.req.valid('param');
        return c.json(await decideWaiting(deps, p.meetingId, p.requestId, decision, c.var.bearer), 200);
      },
    );
  }
  return app;
}
