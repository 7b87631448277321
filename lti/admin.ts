/**
 * Manual platform registration (for platforms without Dynamic Registration), API key required:
 *   POST /api/v1/lti/platforms  {name, issuer, clientId, authEndpoint, tokenEndpoint, jwksUrl, deploymentIds[]}
 *   → 201 {issuer, clientId, deploymentIds, tool: {loginUrl, launchUrl, redirectUris, jwksUrl, deepLinkingUrl}}
 * Registering again updates the endpoints and adds deployments (lti/platforms.ts). Keyed by (issuer, client_id, deployment_id):
 * every hosted Canvas shares the issuer https://canvas.instructure.com.
 */
import { z } from '@hono/zod-openapi';
import type { Deps } from '../server/deps.js';
import { apiKeyOperations } from '../server/shared/routes.js';
import { createRegistrationUrl } from './dynreg.js';
import { PlatformRegistrationSchema, registerPlatform } from './platforms.js';

const ToolConfigSchema = z
  .object({
    issuer: z.string(),
    clientId: z.string(),
    deploymentIds: z.array(z.string()),
    tool: z.object({ loginUrl: z.string(), launchUrl: z.string(), redirectUris: z.array(z.string()), jwksUrl: z.string(), deepLinkingUrl: z.string() }),
  })
  .openapi('LtiToolConfig');

export function ltiAdminRoutes(deps: Deps) {
  const { app, route } = apiKeyOperations(deps, ['LTI']);
  route('post /platforms', {
    summary: 'Register an LTI 1.3 platform by hand',
    description: 'For platforms without Dynamic Registration. Returns the tool URLs to enter in the LMS.',
    body: PlatformRegistrationSchema, ok: [201, ToolConfigSchema, 'Registered'], errors: [409],
  }, (c) => registerPlatform(deps, c.var.org.id, c.req.valid('json')));
  route('post /registration-links', {
    summary: 'A Dynamic Registration URL for an LMS admin',
    description: 'Paste the URL into Moodle (Site administration › Plugins › External tool › Manage tools › Tool URL) or Canvas (Developer Keys › LTI Registration). Valid 7 days; registers platforms for your organisation.',
    ok: [201, z.object({ url: z.string(), expiresAt: z.string() }), 'The URL'],
  }, (c) => createRegistrationUrl(deps, c.var.org.id));
  return app;
}
