/**
 * Raised hands over HTTP (HTTP only: validate, authorise through session.ts, call hands-service.ts, answer):
 *   GET    /api/v1/meetings/{id}/hands              the queue (room session or API key)
 *   POST   /api/v1/meetings/{id}/hands              raise one's own hand (room session)
 *   DELETE /api/v1/meetings/{id}/hands/{identity}   lower a hand: one's own (room session), anyone's (host/moderator, API key)
 *   DELETE /api/v1/meetings/{id}/hands              lower every hand (host/moderator session, API key)
 * Widgets call these from any origin (CORS open, no credentials). Mounted before the meetings router, whose API-key
 * guard covers `/meetings/*`.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { errorResponses } from '../../shared/schemas.js';
import { bearerRequired, json, openCors, router } from '../../shared/http.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import { HandParamsSchema, HandQueueSchema } from './hands-schemas.js';
import { handQueue, lowerAllHands, lowerHand, raiseHand } from './hands-service.js';
import { requireRoomSession } from './session.js';

const tags = ['Hands'];
/** A room session (`sessionToken` of the join answer) or an organisation API key, both as `Authorization: Bearer`. */
const security: Record<string, string[]>[] = [{ roomSession: [] }, { apiKey: [] }];
const who = 'Bearer: the `sessionToken` of a join answer for this meeting, or an API key of its organisation.';
const announced =
  'The server then announces the queue to the room on the LiveKit data topic `vr.hands` (reliable, sent by the server: no participant): the `HandQueue` body, or `{"version", "truncated": true}` when it is too large for one packet (read it here then). 409 `meeting_ended` once the meeting\'s session ended (its hands are gone).';

export function handRoutes(deps: Deps) {
  const app = router();
  for (const p of ['/meetings/:id/hands', '/meetings/:id/hands/*']) {
    app.use(p, openCors('GET, POST, DELETE', 'authorization, content-type'));
    app.use(p, bearerRequired('A room session or API key is required: Authorization: Bearer <token>'));
  }
  const caller = (c: { var: { bearer: string } }, meetingId: string) => requireRoomSession(deps, c.var.bearer, meetingId);

  app.openapi(
    createRoute({
      method: 'get', path: '/meetings/{id}/hands', tags, security, summary: 'Raised hands',
      description: `${who} The raised hands of the meeting's current session, first raised first (position 1). Empty once the session ended.`,
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(HandQueueSchema, 'The queue'), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await handQueue(deps, await caller(c, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/meetings/{id}/hands', tags, security: [{ roomSession: [] }], summary: 'Raise your hand',
      description: `Room session only (host, moderator, participant, viewer; 403 for an API key): raises the caller's own hand at the end of the queue. Already raised: it keeps its place. ${announced}`,
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(HandQueueSchema, 'The queue now'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await raiseHand(deps, await caller(c, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/meetings/{id}/hands/{identity}', tags, security, summary: 'Lower a hand',
      description: `${who} Anyone lowers their own hand; hosts, moderators and the API key lower anyone's (403 \`forbidden\` for a participant or viewer lowering another's: nothing changes). A hand that is not raised: nothing changes. ${announced}`,
      request: { params: HandParamsSchema },
      responses: { 200: json(HandQueueSchema, 'The queue now'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await lowerHand(deps, await caller(c, p.id), p.identity), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/meetings/{id}/hands', tags, security, summary: 'Lower every hand',
      description: `${who} Hosts, moderators and the API key (403 \`forbidden\` for participants and viewers: nothing changes). ${announced}`,
      request: { params: MeetingIdParamsSchema },
      responses: { 200: json(HandQueueSchema, 'The queue now (empty)'), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await lowerAllHands(deps, await caller(c, c.req.valid('param').id)), 200),
  );
  return app;
}
