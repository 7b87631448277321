/**
 * Routes that describe themselves, declared once: `operations(app, {tags, security})` gives a `route(...)` function
 * that builds the zod-openapi route (`createRoute`) from a compact spec and registers its handler;
 * `apiKeyOperations(deps, tags, paths)` is that plus the router and its API-key guard; `bearerScheme` declares a
 * Bearer credential of the document. Shared infrastructure: imports no module (the guard is shared/http.ts's).
 *
 * ```ts
 * const { app, route } = apiKeyOperations(deps, ['Meetings']);
 * route('patch /{id}', {
 *   summary: 'Update a meeting', description: 'Fields left out stay as they are…',
 *   params: MeetingIdParamsSchema, body: MeetingUpdateSchema,
 *   ok: [200, MeetingSchema, 'The updated meeting'], errors: [404, 409],
 * }, (c) => meetings.updateMeeting(deps, c.var.org, c.req.valid('param').id, c.req.valid('json')));
 * ```
 *
 * The handler returns the success body (answered as `c.json(body, ok[0])`), or a Response for anything else (a
 * file, another documented status). `c.req.valid('param' | 'query' | 'json')` is typed from the spec's schemas,
 * exactly as with `createRoute`. The router (`router()` of shared/http.ts) adds the standard answers every route
 * has (400, 401 with `security`, 413 with a body), so `errors` lists only the route's own (403, 404, 409…).
 */
import { createRoute, z, type OpenAPIHono, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import type { Env as HonoEnv } from 'hono';
import type { ZodType } from 'zod';
import type { Deps } from '../deps.js';
import { apiKeyAuth, router, type Env } from './http.js';
import { errorResponses, type ErrorStatus } from './schemas.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** OpenAPI security requirements, e.g. `[{ apiKey: [] }]` (any one of them is enough). */
export type Security = readonly Record<string, readonly string[]>[];
/** The organisation API key (`Authorization: Bearer vr_…`; scheme `apiKey`, registered in server/app.ts). */
export const apiKey: Security = [{ apiKey: [] }];

/**
 * Declares the HTTP Bearer security scheme `name` of the OpenAPI document (components.securitySchemes:
 * `Authorization: Bearer <credential>`, described by `description`) and returns the requirement naming it,
 * `[{ [name]: [] }]`, for `security`.
 */
export function bearerScheme(app: OpenAPIHono<any>, name: string, description: string, bearerFormat?: string): Security {
  app.openAPIRegistry.registerComponent('securitySchemes', name, { type: 'http', scheme: 'bearer', ...(bearerFormat && { bearerFormat }), description });
  return [{ [name]: [] }];
}

/** One operation of the OpenAPI document: what `route(...)` needs besides its method, path and handler. */
export interface Operation {
  /** One line, the operation's title in the reference. */
  summary: string;
  /** Shapes, units, errors (Markdown). */
  description?: string;
  /** Path parameters (a zod object whose fields carry `.openapi({ param: { name, in: 'path' } })` where needed). */
  params?: ZodType;
  /** Query parameters (a zod object). */
  query?: ZodType;
  /** The JSON request body; required unless `bodyOptional`. */
  body?: ZodType;
  bodyOptional?: boolean;
  /**
   * The success answer: status, schema, description, and its media type when it is not `application/json`; or
   * `[204, description]`, no content (the handler returns nothing).
   */
  ok: readonly [status: SuccessStatus, schema: ZodType, description: string, mediaType?: string] | readonly [status: 204, description: string];
  /** The route's own error answers (`{error: {code, message, field?}}`), besides the router's standard ones. */
  errors?: readonly ErrorStatus[];
  /** Any other documented answer, as OpenAPI response objects (e.g. a 202 or a 503 with its own description). */
  responses?: RouteConfig['responses'];
  /** Override the router's tags or security for this operation (`security: []`: no credential). */
  tags?: readonly string[];
  security?: Security;
}
type SuccessStatus = 200 | 201 | 202;

type Key = `${Method} /${string}`;
type MethodOf<K extends Key> = K extends `${infer M extends Method} ${string}` ? M : never;
type PathOf<K extends Key> = K extends `${Method} ${infer P}` ? P : never;
type JsonBody<S extends ZodType> = { required: boolean; content: { 'application/json': { schema: S } } };
type RequestOf<O extends Operation> = (O extends { params: infer P extends ZodType } ? { params: P } : {}) &
  (O extends { query: infer Q extends ZodType } ? { query: Q } : {}) &
  (O extends { body: infer B extends ZodType } ? { body: JsonBody<B> } : {});
/** The `createRoute` config `route(key, op)` builds, as a type: what zod-openapi derives the handler's context from. */
type RouteOf<K extends Key, O extends Operation> = { method: MethodOf<K>; path: PathOf<K>; request: RequestOf<O>; responses: RouteConfig['responses'] };
/** The handler's context: `c.var` from the router's Env, `c.req.valid(...)` from the spec's schemas. */
export type OperationContext<K extends Key, O extends Operation, E extends HonoEnv> = Parameters<RouteHandler<RouteOf<K, O>, E>>[0];
/** What the handler returns: the success body (JSON answers; nothing for a 204), or a Response it built itself. */
type Result<O extends Operation> = O['ok'] extends readonly [204, string]
  ? void | Response
  : O['ok'] extends readonly [SuccessStatus, infer S extends ZodType, string, ...string[]]
    ? z.output<S> | Response
    : Response;

/**
 * The route declarer of one router: `route('METHOD /path/{param}', spec, handler)` registers an OpenAPI operation
 * tagged `defaults.tags` and secured by `defaults.security` (unless the spec says otherwise). Paths use OpenAPI's
 * `{param}` form, relative to where the router is mounted.
 */
export function operations<E extends HonoEnv>(app: OpenAPIHono<E>, defaults: { tags: readonly string[]; security?: Security }) {
  return function route<const K extends Key, const O extends Operation>(
    key: K,
    op: O,
    handler: (c: OperationContext<K, O, E>) => Result<O> | Promise<Result<O>>,
  ): void {
    const [method, path] = key.split(' ') as [Method, string];
    const status = op.ok[0];
    const success = op.ok[0] === 204
      ? { description: op.ok[1] }
      : { description: op.ok[2], content: { [op.ok[3] ?? 'application/json']: { schema: op.ok[1] } } };
    const security = op.security ?? defaults.security;
    const request = {
      ...(op.params && { params: op.params }),
      ...(op.query && { query: op.query }),
      ...(op.body && { body: { required: !op.bodyOptional, content: { 'application/json': { schema: op.body } } } }),
    };
    const config = createRoute({
      method,
      path,
      tags: [...(op.tags ?? defaults.tags)],
      ...(security?.length && { security: security as Record<string, string[]>[] }),
      summary: op.summary,
      ...(op.description && { description: op.description }),
      ...(Object.keys(request).length && { request: request as RouteConfig['request'] }),
      responses: { [status]: success, ...errorResponses(...(op.errors ?? [])), ...op.responses },
    });
    app.openapi(config, (async (c: OperationContext<K, O, E> & { json: (body: unknown, status: number) => Response; body: (b: null, status: 204) => Response }) => {
      const result = await handler(c);
      if (result instanceof Response) return result;
      return status === 204 ? c.body(null, 204) : c.json(result, status);
    }) as never);
  };
}

/**
 * A router of operations that need the organisation API key: `apiKeyAuth` guards `paths` (Hono patterns, relative
 * to where the router is mounted; default every path) and `route` declares operations tagged `tags`, secured by
 * `apiKey` (override per operation, e.g. `security: []` for a path outside `paths`).
 */
export function apiKeyOperations(deps: Deps, tags: readonly string[], paths: readonly string[] = ['*']) {
  const app = router();
  for (const path of paths) app.use(path, apiKeyAuth(deps));
  return { app, route: operations(app, { tags, security: apiKey }) };
}

/** A report answered as JSON and as a CSV download: what `reportOperations` needs. */
export interface ReportSpec<R> {
  /** Path and query parameters of both operations (zod objects). */
  params: ZodType;
  query: ZodType;
  /** The JSON operation's title, description and answer schema. */
  summary: string;
  description: string;
  schema: ZodType;
  /** The CSV operation's title and description (columns, format). */
  csv: { summary: string; description: string };
  /** Read the report for the request's validated `param` and `query` and its context variables (`org`…); throws the AppErrors both operations document (404…). */
  load(request: { param: any; query: any; vars: Env['Variables'] }): Promise<R>;
  /** The report as CSV text (RFC 4180), and the download's file name. */
  toCsv(report: R): string;
  filename(report: R): string;
}

/**
 * `GET {path}` (the report as JSON) and `GET {path}.csv` (the same as a CSV attachment, `text/csv; charset=utf-8;
 * header=present`), declared with `route`. Both answer 404 as `load` throws it.
 */
export function reportOperations<R>(route: ReturnType<typeof operations<any>>, path: `/${string}`, spec: ReportSpec<R>): void {
  const { params, query } = spec;
  const load = (c: { req: { valid(target: 'param' | 'query'): unknown }; var: Env['Variables'] }) =>
    spec.load({ param: c.req.valid('param'), query: c.req.valid('query'), vars: c.var });
  route(`get ${path}`, { summary: spec.summary, description: spec.description, params, query, ok: [200, spec.schema, 'The report'], errors: [404] },
    (c) => load(c as never));
  route(`get ${path}.csv`, { ...spec.csv, params, query, ok: [200, z.string(), 'The CSV file', 'text/csv'], errors: [404] }, async (c) => {
    const report = await load(c as never);
    return csvFile(c, spec.toCsv(report), spec.filename(report));
  });
}

/**
 * A CSV download of `text` (RFC 4180): 200, `text/csv; charset=utf-8; header=present`, an attachment named `filename`.
 * Built on the request's context, so headers middleware set before (CORS) stay.
 */
export function csvFile(c: { body(text: string, status: 200, headers: Record<string, string>): Response }, text: string, filename: string): Response {
  return c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8; header=present', 'content-disposition': `attachment; filename="${filename}"` });
}
