/** Shared HTTP plumbing: the app type, validation hook, standard answers of every route, error body, the Bearer guard and API-key auth. */
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, Env as HonoEnv, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import type { ZodError, ZodType } from 'zod';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { errorResponses, hasControl, hasForbiddenControl, type ErrorStatus } from './schemas.js';
import { authenticateApiKey } from '../modules/organizations/service.js';
import type { Organization } from '../modules/organizations/store.js';

/** Context variables: `org` (set by apiKeyAuth), `bearer` (the raw token, for routes whose service decides what it is). */
export type Env = { Variables: { org: Organization; bearer: string } };

/** OpenAPI response object with a JSON body (for an operation's other `responses`, shared/routes.ts). */
export const json = <T extends ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

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

/** `{error: {code, message, field?}}` */
export const errorBody = (code: string, message: string, field?: string) => ({ error: { code, message, ...(field ? { field } : {}) } });

/** 400 naming the first bad field, e.g. `{error:{code:'validation_error', field:'title', message:'title: Too small…'}}`. */
export function validationError(c: Context, error: ZodError) {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'body';
  const message = error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
  return c.json(errorBody('validation_error', message, field), 400);
}

const refuse = (c: Context, field: string, message: string) => c.json(errorBody('validation_error', `${field}: ${message}`, field), 400);
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * The path (`a.b.0`) of the first string or key in a JSON value holding a character no field accepts (NUL…).
 * Iterative: a 64 KiB body can nest 30 000 arrays deep, more than the call stack holds.
 */
function forbiddenAt(body: unknown): string | undefined {
  type At = { key: string; up?: At };
  const name = (at: At | undefined) => {
    const keys: string[] = [];
    for (let a = at; a; a = a.up) keys.unshift(a.key);
    return keys.join('.') || 'body';
  };
  const todo: [unknown, At | undefined][] = [[body, undefined]];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const [v, at] = next;
    if (typeof v === 'string' && hasForbiddenControl(v)) return name(at);
    if (!v || typeof v !== 'object') continue;
    for (const [key, x] of Object.entries(v)) {
      if (hasForbiddenControl(key)) return name({ key, up: at });
      todo.push([x, { key, up: at }]);
    }
  }
  return undefined;
}

/**
 * Before any schema: no control character in a path or query value, and none that no field accepts (NUL, the C0
 * controls but tab/LF/CR, DEL) anywhere in a JSON body. PostgreSQL cannot store NUL; this keeps it a 400 naming the
 * field even where a schema forgot (the schemas' own string builders, shared/schemas.ts, say the same per field).
 */
const refuseControlCharacters: MiddlewareHandler = async (c, next) => {
  for (const [name, value] of Object.entries(c.req.param() as Record<string, string>)) {
    if (hasControl(value)) return refuse(c, name, 'must not contain control characters');
  }
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (hasControl(name) || values.some(hasControl)) return refuse(c, name, 'must not contain control characters');
  }
  if (JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    const body: unknown = await c.req.json().catch(() => undefined); // malformed JSON: the validator answers 400
    const at = forbiddenAt(body);
    if (at !== undefined) return refuse(c, at, 'must not contain control characters (only tab and line breaks in free text)');
  }
  await next();
};

/** A route whose body is required answers 400 naming `body` when there is none (not a JSON body, or empty). */
const requireJsonBody: MiddlewareHandler = async (c, next) => {
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '') || c.req.header('content-length') === '0') {
    return refuse(c, 'body', 'a JSON body is required (Content-Type: application/json)');
  }
  await next();
};

/**
 * Every route's standard answers, in one place: the input checks above run first, and the OpenAPI document lists
 * what any route can answer besides its own: 400 (validation: path, query or body), 401 when it needs a credential,
 * 413 when it takes a body (over 64 KiB, see app.ts).
 */
export function withStandardAnswers<R extends RouteConfig>(route: R): R {
  const codes: ErrorStatus[] = [400];
  if (route.security?.length) codes.push(401);
  if (route.request?.body) codes.push(413);
  const own = route.middleware ? [route.middleware].flat() : [];
  return {
    ...route,
    responses: { ...errorResponses(...codes.filter((code) => !(code in route.responses))), ...route.responses },
    middleware: [refuseControlCharacters, ...(route.request?.body?.required ? [requireJsonBody] : []), ...own],
  };
}

/** A router whose routes get the standard answers (withStandardAnswers) and whose validation failures answer 400 with the field named. */
export function router<E extends HonoEnv = Env>() {
  const app = new OpenAPIHono<E>({
    defaultHook: (result, c) => {
      if (!result.success) return validationError(c, result.error);
    },
  });
  const openapi = app.openapi;
  app.openapi = ((route: RouteConfig, handler: never, hook: never) => openapi(withStandardAnswers(route), handler, hook)) as typeof app.openapi;
  return app;
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
    deps.log.error('unhandled error', { reqId: c.get('requestId' as never), route: c.req.routePath, error: String(err?.stack ?? err) });
    return c.json(errorBody('internal_error', 'Something went wrong on our side'), 500);
  };
}

/**
 * The one `Authorization: Bearer <token>` reader (RFC 6750 §2.1), on hono/bearer-auth: a missing or malformed
 * header, or a token `verify` refuses, is answered by `deny(c)` (our JSON 401 body; hono adds the
 * `WWW-Authenticate: Bearer …` challenge). `verify` may set context variables (who the caller is) and may throw an
 * AppError for a more precise answer (e.g. an expired ticket).
 */
export function bearerGuard<E extends HonoEnv>(verify: (token: string, c: Context<E>) => Promise<boolean>, deny: (c: Context) => Response): MiddlewareHandler<E> {
  const guard = bearerAuth({
    verifyToken: verify as (token: string, c: Context) => Promise<boolean>,
    noAuthenticationHeader: { message: deny },
    invalidAuthenticationHeader: { message: deny },
    invalidToken: { message: deny },
  });
  return async (c, next) => {
    let passed = false;
    try {
      await guard(c, async () => {
        passed = true;
        await next();
      });
    } catch (e) {
      // hono/bearer-auth throws its answer as an HTTPException carrying our response: send that as it is.
      if (!passed && e instanceof HTTPException) return e.getResponse();
      throw e;
    }
  };
}

/** `Authorization: Bearer <token>` → `c.var.bearer`, unchecked (the service decides); 401 `unauthorized` without one. */
export function bearerRequired(message: string): MiddlewareHandler<Env> {
  return bearerGuard<Env>(
    async (token, c) => {
      c.set('bearer', token);
      return true;
    },
    (c) => c.json(errorBody('unauthorized', message), 401),
  );
}

/**
 * `Authorization: Bearer <API key>` → `c.var.org`. 401 `unauthorized` otherwise.
 */
export function apiKeyAuth(deps: Deps): MiddlewareHandler<Env> {
  const guard = bearerGuard<Env>(
    async (key, c) => {
      const org = await authenticateApiKey(deps.sql, key);
      if (org) c.set('org', org);
      return !!org;
    },
    (c) => c.json(errorBody('unauthorized', 'A valid API key is required: Authorization: Bearer <key>'), 401),
  );
  // Another router's guard on the same path may have checked the key already.
  return async (c, next) => (c.get('org') ? next() : guard(c, next));
}
