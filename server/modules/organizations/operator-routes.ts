/**
 * /api/v1/operator — the operator API: organisations (tenants) and their API keys, behind its own credential
 * (`Authorization: Bearer <OPERATOR_TOKEN>`), not an organisation's API key. With OPERATOR_TOKEN unset the API is
 * off and every path under it answers 404. The token is compared in constant time and never logged.
 * The same service (organizations/service.ts) backs `npm run orgs`. Organizations module; HTTP only.
 */
import type { MiddlewareHandler } from 'hono';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../../deps.js';
import {
  ApiKeySchema,
  KeyParamsSchema,
  OrganizationCreatedSchema,
  OrganizationCreateSchema,
  OrganizationListSchema,
  RotatedKeySchema,
  RotateKeySchema,
  SlugParamsSchema,
} from './schemas.js';
import * as orgs from './service.js';
import { bearerGuard, errorBody, router } from '../../shared/http.js';
import { bearerScheme, operations } from '../../shared/routes.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * 404 when OPERATOR_TOKEN is unset; 401 `unauthorized` unless `Authorization: Bearer <OPERATOR_TOKEN>`
 * (SHA-256 of both sides compared with `timingSafeEqual`, so neither length nor content leaks through timing).
 */
function operatorAuth(token: string | undefined): MiddlewareHandler {
  const expected = token === undefined ? undefined : digest(token);
  const guard = bearerGuard(
    async (given) => timingSafeEqual(digest(given), expected!),
    (c) => c.json(errorBody('unauthorized', 'The operator token is required: Authorization: Bearer <OPERATOR_TOKEN>'), 401),
  );
  return async (c, next) => {
    if (!expected) return c.json(errorBody('not_found', 'The operator API is off (OPERATOR_TOKEN is not set)'), 404);
    return guard(c, next);
  };
}

/** The operator router; mount at /api/v1/operator. */
export function operatorRoutes(deps: Deps) {
  const app = router();
  const security = bearerScheme(app, 'operatorToken', "The operator credential (`OPERATOR_TOKEN` of the server's environment): `Authorization: Bearer <token>`. Not an organisation API key.");
  app.use('*', operatorAuth(deps.config.OPERATOR_TOKEN));

  const route = operations(app, { tags: ['Operator'], security });
  /** Without OPERATOR_TOKEN every path answers 404, so every operation lists it. */
  const off = [404] as const;

  route('post /organizations', {
    summary: 'Create an organisation with its first API key',
    description: 'The answer carries the API key (`apiKey.key`) this once; only its SHA-256 is stored. 409 `slug_taken` when the slug is in use.',
    body: OrganizationCreateSchema, ok: [201, OrganizationCreatedSchema, 'The organisation and its key'], errors: [...off, 409],
  }, (c) => orgs.createOrganizationWithKey(deps.sql, c.req.valid('json')));

  route('get /organizations', {
    summary: 'List organisations and their API keys',
    description: 'Keys are listed by id, name and prefix, revoked ones too; never the key itself.',
    ok: [200, OrganizationListSchema, 'Every organisation, oldest first'], errors: off,
  }, async () => ({ items: await orgs.listOrganizationsWithKeys(deps.sql) }));

  route('post /organizations/{slug}/rotate-key', {
    summary: 'Rotate an API key',
    description: 'Issues a new key (shown this once) and revokes `keyId` (or every active key when it is left out) in one step. The old key answers 401 at once, on every server instance.',
    params: SlugParamsSchema, body: RotateKeySchema, bodyOptional: true,
    ok: [201, RotatedKeySchema, 'The new key and the revoked ones'], errors: off,
  }, (c) => {
    const input = (c.req.valid('json') as { keyId?: string; name?: string } | undefined) ?? {};
    return orgs.rotateApiKey(deps.sql, { slug: c.req.valid('param').slug, ...input });
  });

  route('post /organizations/{slug}/keys/{keyId}/revoke', {
    summary: 'Revoke an API key',
    description: 'The key answers 401 at once, on every server instance. Revoking a revoked key changes nothing.',
    params: KeyParamsSchema, ok: [200, ApiKeySchema, 'The revoked key'], errors: off,
  }, (c) => orgs.revokeApiKey(deps.sql, c.req.valid('param')));

  return app;
}
