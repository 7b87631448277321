/**
 * POST /api/v1/join — called by the <video-room> element from any origin (CORS open, no credentials).
 * POST /api/v1/livekit/webhook — LiveKit webhooks (signed).
 */
import { createRoute } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import type { Deps } from '../deps.js';
import { errorResponses } from '../schemas/common.js';
import { JoinRequestSchema, JoinResponseSchema } from '../schemas/join.js';
import { join } from '../services/join.js';
import { receiveWebhook } from '../services/webhooks.js';
import { router } from './http.js';

export function joinRoutes(deps: Deps) {
  const app = router();
  app.use('/join', cors({ origin: '*', allowMethods: ['POST'], allowHeaders: ['content-type'], maxAge: 600 }));
  app.openapi(
    createRoute({
      method: 'post', path: '/join', tags: ['Join'], summary: 'Exchange a join ticket or public code for a LiveKit token',
      description:
        'Give `ticket`, or `code` + `name` (+ `password` when the meeting has one). The token joins only this meeting\'s room, with the grants of the role (host/moderator: roomAdmin; participant: publish + subscribe; viewer: subscribe only).',
      request: { body: { required: true, content: { 'application/json': { schema: JoinRequestSchema } } } },
      responses: {
        200: { description: 'Connect with livekit-client: `room.connect(serverUrl, participantToken)`', content: { 'application/json': { schema: JoinResponseSchema } } },
        ...errorResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => c.json(await join(deps, c.req.valid('json')), 200),
  );

  app.post('/livekit/webhook', async (c) => {
    const raw = await c.req.text();
    const r = await receiveWebhook(deps, raw, c.req.header('authorization'));
    return c.json({ ok: true, duplicate: r.duplicate }, 200);
  });
  return app;
}
