/**
 * LTI 1.3 platforms registered by hand (for platforms without Dynamic Registration): the registration's shape and
 * the service behind `POST /api/v1/lti/platforms` (lti/admin.ts). Keyed by (issuer, client_id, deployment_id):
 * every hosted Canvas shares the issuer https://canvas.instructure.com.
 */
import { z } from '@hono/zod-openapi';
import type { Deps } from '../server/deps.js';
import { publicUrl } from '../server/config.js';
import { AppError } from '../server/errors.js';
import { httpUrl, singleLine } from '../server/shared/schemas.js';
import { getLti } from './provider.js';
import * as store from './store.js';

const url = httpUrl();
export const PlatformRegistrationSchema = z
  .object({
    name: singleLine().trim().min(1).max(200).openapi({ example: 'Moodle (Physics dept.)' }),
    issuer: url.openapi({ example: 'https://moodle.example.edu' }),
    clientId: singleLine().min(1).max(255),
    authEndpoint: url.openapi({ description: 'OIDC authorization endpoint (Moodle: /mod/lti/auth.php)' }),
    tokenEndpoint: url.openapi({ description: 'OAuth2 token endpoint (Moodle: /mod/lti/token.php)' }),
    jwksUrl: url.openapi({ description: 'Platform public keyset (Moodle: /mod/lti/certs.php)' }),
    deploymentIds: z.array(singleLine().min(1).max(255)).min(1).max(100),
  })
  .openapi('LtiPlatformRegistration');

/** Register (or update) a platform for the caller's organisation; returns the values to paste into the LMS. */
export async function registerPlatform(deps: Deps, organizationId: string, p: z.infer<typeof PlatformRegistrationSchema>) {
  const existing = await store.findRegistration(deps.sql, p.issuer, p.clientId);
  if (existing && existing.organizationId !== organizationId) {
    throw new AppError(409, 'already_registered', 'This issuer and client_id belong to another organisation', 'clientId');
  }
  const lti = await getLti(deps);
  await lti.registerPlatform({
    url: p.issuer,
    name: p.name,
    clientId: p.clientId,
    authenticationEndpoint: p.authEndpoint,
    accesstokenEndpoint: p.tokenEndpoint,
    authConfig: { method: 'JWK_SET', key: p.jwksUrl },
  });
  await deps.sql.begin((tx) => store.upsertRegistration(tx, { issuer: p.issuer, clientId: p.clientId, organizationId, name: p.name, jwksUrl: p.jwksUrl }, p.deploymentIds));
  const base = publicUrl(deps.config);
  return {
    issuer: p.issuer,
    clientId: p.clientId,
    deploymentIds: p.deploymentIds,
    tool: { loginUrl: `${base}/lti/login`, launchUrl: `${base}/lti/launch`, redirectUris: [`${base}/lti/launch`], jwksUrl: `${base}/lti/keys`, deepLinkingUrl: `${base}/lti/launch` },
  };
}
