/** Shared HTTP plumbing: the app type, validation hook, error body, API-key auth. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError, ZodType } from 'zod';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { authenticateApiKey } from '../modules/organizations/service.js';
import type { Organization } from '../modules/organizations/store.js';

export type Env = { Variables: { org: Organization } };

/** OpenAPI response object with a JSON body (for `createRoute`). */
export const json = <T extends ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
/** OpenAPI request body with a JSON schema (for `createRoute`). */
export const body = <T extends ZodType>(schema: T, required = true) => ({ required, content: { 'application/json': { schema } } });

/**
 * CORS open to any origin without credentials, for the endpoints widgets call from any page. Header-only:
 * hono/cors edits the response after it is built, which makes @hono/node-server rebuild it as a full web
 * Response (two thirds of the join path's throughput).
 */
export function openCors(methods: string, headers: string): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': methods,
        'access-control-allow-headers': headers,
        'access-control-max-age': '600',
      });
    }
    c.header('access-control-allow-origin', '*');
    await next();
  };
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export const bearerToken = (h: string | undefined) => /^Bearer\s+(\S+)$/i.exec(h ?? '')?.[1];

/** `{error: {code, message, field?}}` */
export const errorBody = (code: string, message: string, field?: string) => ({ error: { code, message, ...(field ? { field } : {}) } });

/** 400 naming the first bad field, e.g. `{error:{code:'validation_error', field:'title', message:'title: Too small…'}}`. */
export function validationError(c: Context, error: ZodError) {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.') || undefined;
  const message = error.issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
  return c.json(errorBody('validation_error', message, field), 400);
}

/** A router whose validation failures answer 400 with the field named. */
export function router() {
  return new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) return validationError(c, result.error);
    },
  });
}

/** Map thrown errors to JSON. Unknown errors: 500 without details; the stack goes to the log. */
export function onError(deps: Pick<Deps, 'log'>) {
  return (err: Error, c: Context) => {
    if (err instanceof AppError) return c.json(errorBody(err.code, err.message, err.field), err.status);
    if (err instanceof HTTPException) {
      const status = err.status;
      const msg = status === 400 ? 'The request body is not valid JSON' : err.message || 'Request rejected';
      return c.json(errorBody(status === 413 ? 'payload_too_large' : 'bad_request', msg), status);
    }
    deps.log.error('unhandled error', { path: c.req.path, error: String(err?.stack ?? err) });
    return c.json(errorBody('internal_error', 'Something went wrong on our side'), 500);
  };
}

/**
 * `Authorization: Bearer <API key>` → `c.var.org`. 401 `unauthorized` otherwise.
 */
export function apiKeyAuth(deps: Deps): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (c.get('org')) return next(); // another router's guard on the same path already checked the key
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const org = m ? await authenticateApiKey(deps.sql, m[1]!) : undefined;
    if (!org) return c.json(errorBody('unauthorized', 'A valid API key is required: Authorization: Bearer <key>'), 401);
    c.set('org', org);
    await next();
  };
}
