/**
 * The webhooks module's HTTP route: POST /api/v1/livekit/webhook — LiveKit webhooks (signed with the API secret;
 * the raw body is verified as received). HTTP only: webhooks/service.ts verifies, stores and applies.
 */
import type { Deps } from '../../deps.js';
import { router } from '../../shared/http.js';
import { receiveWebhook } from './service.js';

export function webhookRoutes(deps: Deps) {
  const app = router();
  app.post('/livekit/webhook', async (c) => {
    const raw = await c.req.text();
    const r = await receiveWebhook(deps, raw, c.req.header('authorization'));
    return c.json({ ok: true, duplicate: r.duplicate }, 200);
  });
  return app;
}
