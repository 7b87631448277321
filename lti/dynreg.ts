/**
 * LTI Dynamic Registration 1.0 (1EdTech), ours rather than ltijs's: Canvas sends a `registration_token` that must
 * be the bearer when fetching its openid configuration, and ltijs 5.9.9 only sends it to the registration
 * endpoint. Platforms are registered in ltijs (keys, endpoints) and in our tables (organisation, deployment).
 *
 * 1. An admin of an organisation asks for a registration URL (`createRegistrationUrl`, signed, 7 days).
 * 2. The LMS admin enters it; the LMS opens it with `openid_configuration` (+ `registration_token`).
 * 3. We fetch the configuration (§3.4), POST our client registration (§3.5), store the platform, and answer with
 *    a page posting `org.imsglobal.lti.close` to the LMS window (§3.6).
 */
import { ISSUER, signHs256, verifyHs256 } from '../server/shared/signed-tokens.js';
import type { Deps } from '../server/deps.js';
import { publicUrl } from '../server/config.js';
import { AppError } from '../server/errors.js';
import { html, pageString } from '../server/shared/html.js';
import { getLti } from './provider.js';
import * as store from './store.js';
import { z } from 'zod';
import { displayText, isLtiIdentifier } from './claims.js';

const AUD = 'vr-lti-registration';
const USER_AGENT = 'video-rooms-lti/1.0 (+LTI Dynamic Registration)';

export function createRegistrationUrl(deps: Deps, organizationId: string, ttlSeconds = 7 * 24 * 3600) {
  const now = Math.floor(Date.now() / 1000);
  const token = signHs256(deps.ticketSecret, { aud: AUD, iss: ISSUER, org: organizationId, iat: now, exp: now + ttlSeconds });
  return { url: `${publicUrl(deps.config)}/lti/register?reg=${encodeURIComponent(token)}`, expiresAt: new Date((now + ttlSeconds) * 1000).toISOString() };
}

const httpUrl = z.string().max(2048).url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');
/** LTI identifiers the platform hands out (client_id, deployment_id): the launch's rule (lti/claims.ts). */
const ltiId = z.string().refine(isLtiIdentifier, 'must be 1–255 printable ASCII characters');

/** The platform's OpenID configuration (DynReg 1.0 §3.4), what we use of it. */
const OpenIdConfigurationSchema = z.object({
  issuer: httpUrl,
  authorization_endpoint: httpUrl,
  token_endpoint: httpUrl,
  jwks_uri: httpUrl,
  registration_endpoint: httpUrl,
  authorization_server: httpUrl.optional(),
  claims_supported: z.array(z.string().max(255)).max(200).optional(),
  'https://purl.imsglobal.org/spec/lti-platform-configuration': z.object({ product_family_code: z.unknown().optional() }).optional(),
});
/** The platform's answer to our client registration (DynReg 1.0 §3.6). */
const RegistrationReplySchema = z.object({
  client_id: ltiId,
  'https://purl.imsglobal.org/spec/lti-tool-configuration': z.object({ deployment_id: ltiId.optional() }).optional(),
});

/**
 * GET/POST JSON from the platform and check its shape.
 * @throws AppError 400 `registration_failed` on an error status, a body that is not JSON, or a wrong shape (named)
 */
async function getJson<T>(url: string, init: RequestInit & { headers: Record<string, string> }, schema: z.ZodType<T>, what: string): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', 'user-agent': USER_AGENT, ...init.headers }, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new AppError(400, 'registration_failed', `${init.method ?? 'GET'} ${url} answered ${res.status}`);
  const body = await res.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AppError(400, 'registration_failed', `The platform's ${what} is not usable: ${i.path.join('.') || '(body)'}: ${i.message}`);
  }
  return parsed.data;
}

/**
 * Run a registration. `reg` is our signed registration token; the other two come from the platform.
 * @returns the new client_id and deployment id (if the platform gave one)
 * @throws AppError 401 bad/expired `reg`; 400 when the platform's configuration or registration fails
 */
export async function dynamicRegister(deps: Deps, q: { reg?: string; openid_configuration?: string; registration_token?: string }) {
  let org: string;
  try {
    org = verifyHs256<{ org: string }>(deps.ticketSecret, q.reg ?? '', AUD, []).org;
  } catch {
    throw new AppError(401, 'invalid_registration_link', 'This registration link is not valid or has expired; ask for a new one', 'reg');
  }
  if (!q.openid_configuration || !/^https?:\/\//.test(q.openid_configuration)) {
    throw new AppError(400, 'validation_error', 'openid_configuration: required, an http(s) URL', 'openid_configuration');
  }
  const bearer: Record<string, string> = q.registration_token ? { authorization: `Bearer ${q.registration_token}` } : {};
  const conf = await getJson(q.openid_configuration, { headers: bearer }, OpenIdConfigurationSchema, 'configuration');
  const base = publicUrl(deps.config);
  const body = {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${base}/lti/login`,
    redirect_uris: [`${base}/lti/launch`],
    client_name: 'Video rooms',
    jwks_uri: `${base}/lti/keys`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: [
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
      'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    ].join(' '),
    'https://purl.imsglobal.org/spec/lti-tool-configuration': {
      domain: new URL(base).host,
      description: 'Classroom video rooms with attendance',
      target_link_uri: `${base}/lti/launch`,
      claims: (conf.claims_supported ?? ['iss', 'sub', 'name', 'given_name', 'family_name', 'email']).filter((c) => ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'].includes(c)),
      messages: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest', target_link_uri: `${base}/lti/launch`, label: 'Video session' }],
    },
  };
  const reply = await getJson(conf.registration_endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer }, body: JSON.stringify(body) }, RegistrationReplySchema, 'registration answer');
  const deploymentId = reply['https://purl.imsglobal.org/spec/lti-tool-configuration']?.deployment_id;
  const existing = await store.findRegistration(deps.sql, conf.issuer, reply.client_id);
  if (existing && existing.organizationId !== org) throw new AppError(400, 'already_registered', 'This platform client belongs to another organisation');

  const lti = await getLti(deps);
  const product = displayText(conf['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code, 100) ?? 'LMS';
  await lti.registerPlatform({
    url: conf.issuer,
    name: `${product} (dynamic registration)`,
    clientId: reply.client_id,
    authenticationEndpoint: conf.authorization_endpoint,
    accesstokenEndpoint: conf.token_endpoint,
    authorizationServer: conf.authorization_server ?? conf.token_endpoint,
    authConfig: { method: 'JWK_SET', key: conf.jwks_uri },
  });
  await deps.sql.begin((tx) =>
    store.upsertRegistration(tx, { issuer: conf.issuer, clientId: reply.client_id, organizationId: org, name: product, jwksUrl: conf.jwks_uri, acceptNewDeployments: !deploymentId }, deploymentId ? [deploymentId] : []),
  );
  return { issuer: conf.issuer, clientId: reply.client_id, deploymentId: deploymentId ?? null };
}

/** The page the LMS shows at the end: tells the LMS window to close the registration (§3.6). */
export const registrationDonePage = () =>
  pageString(html`<!doctype html><html lang="en"><meta charset="utf-8"><title>Registered</title><p>The video rooms tool is registered. You can close this window.</p>
<script>(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');</script></html>`);
