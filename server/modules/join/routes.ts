/**
 * The join module's HTTP routes (HTTP only: validate, call join/service.ts, answer):
 * POST /api/v1/join — called by the <video-room> element from any origin (CORS open, no credentials).
 * POST /api/v1/meetings/{id}/join-tickets — the integrator (API key) mints a join ticket for one user.
 * GET/POST /api/v1/waiting-room/… — the waiting room, run by hosts/moderators or the integrator.
 */
import type { Deps } from '../../deps.js';
import { JoinRequestSchema, JoinResponseSchema, JoinTicketCreateSchema, JoinTicketSchema, WaitingDecisionSchema, WaitingListSchema, WaitingSchema } from './schemas.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import { createJoinTicket, decideWaiting, join, listWaiting } from './service.js';
import { z } from '@hono/zod-openapi';
import { apiKeyAuth, bearerRequired, json, openCors, router } from '../../shared/http.js';
import { apiKey, operations } from '../../shared/routes.js';

export function joinRoutes(deps: Deps) {
  const app = router();
  app.use('/join', openCors('POST', 'content-type'));
  const route = operations(app, { tags: ['Join'] });
  route('post /join', {
    summary: 'Exchange a join ticket or public code for a LiveKit token',
    description:
      'Give `ticket`, or `code` + `name` (+ `password` when the meeting has one). The token joins only this meeting\'s room, with the grants of the role (host/moderator: roomAdmin; participant: publish + subscribe; viewer: subscribe only).',
    body: JoinRequestSchema,
    ok: [200, JoinResponseSchema, 'Connect with livekit-client: `room.connect(serverUrl, participantToken)`'],
    responses: { 202: json(WaitingSchema, 'The meeting has a waiting room: poll with `{waitToken}` until a host admits you') },
    errors: [401, 403, 404, 409],
  }, async (c) => {
    const r = await join(deps, c.req.valid('json'));
    return r.status === 'waiting' ? c.json(r.body, 202) : r.body;
  });

  app.use('/meetings/:id/join-tickets', apiKeyAuth(deps));
  route('post /meetings/{id}/join-tickets', {
    summary: 'Mint a join ticket for one user',
    description:
      "Your backend calls this for a signed-in user and hands the ticket to the page (`<video-room ticket>`). The ticket names the meeting, the user's id, display name and role, and expires after `ttlSeconds`.",
    tags: ['Meetings'], security: apiKey, params: MeetingIdParamsSchema, body: JoinTicketCreateSchema,
    ok: [201, JoinTicketSchema, 'The ticket'], errors: [404, 409],
  }, (c) => createJoinTicket(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')));

  // Waiting room, run by hosts/moderators from the widget (moderationToken) or by the integrator (API key).
  app.use('/waiting-room/*', openCors('GET, POST', 'authorization, content-type'));
  app.use('/waiting-room/*', bearerRequired('A moderation token or API key is required: Authorization: Bearer <token>'));
  const WaitParams = z.object({ meetingId: z.uuid().openapi({ param: { name: 'meetingId', in: 'path' } }) });
  route('get /waiting-room/{meetingId}', {
    summary: 'Guests waiting to be admitted',
    description: 'Bearer: the `moderationToken` of a host/moderator join answer, or an API key of the organisation.',
    security: apiKey, params: WaitParams, ok: [200, WaitingListSchema, 'Pending requests, oldest first'], errors: [404],
  }, (c) => listWaiting(deps, c.req.valid('param').meetingId, c.var.bearer));
  for (const [action, decision] of [['admit', 'admitted'], ['deny', 'denied']] as const) {
    route(`post /waiting-room/{meetingId}/{requestId}/${action}`, {
      summary: action === 'admit' ? 'Let a waiting guest in' : 'Turn a waiting guest away',
      description: 'Idempotent; the first decision stands.',
      security: apiKey, params: WaitParams.extend({ requestId: z.uuid().openapi({ param: { name: 'requestId', in: 'path' } }) }),
      ok: [200, WaitingDecisionSchema, 'The decision'], errors: [404],
    }, (c) => {
      const p = c.req.valid('param');
      return decideWaiting(deps, p.meetingId, p.requestId, decision, c.var.bearer);
    });
  }
  return app;
}
