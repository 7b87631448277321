/**
 * Plumbing of the browser-test stand-ins (Koa middleware inside web-test-runner's dev server): typed JSON answers,
 * the JSON body of a request, and the log of what the widget sent (`GET /__stand-in/requests`).
 *
 * Every answer body is typed from the server's zod schemas, so that a schema change a stand-in no longer matches
 * fails `npx tsc -p tsconfig.json --noEmit` (run by `npm test`).
 */
import type { TestRunnerConfig } from '@web/test-runner';
import type { z } from 'zod';
import type { ErrorSchema } from '../../../server/shared/schemas.js';

/** A Koa middleware as web-test-runner takes it. */
export type Middleware = NonNullable<TestRunnerConfig['middleware']>[number];
/** The Koa context of one request. */
export type Context = Parameters<Middleware>[0];

/** The body of every server error answer (`{error:{code,message,field?}}`). */
export type ErrorBody = z.infer<typeof ErrorSchema>;

/**
 * Answer `body` as JSON with `status`. `T` is the schema type of that answer and must be given (`reply<JoinResponse>(ctx,
 * 200, …)`): without it `T` is `never` and nothing type-checks, so no answer goes out unchecked.
 */
export function reply<T = never>(ctx: Context, status: number, body: NoInfer<T>): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

/** Answer an error of the server's shape (`{error:{code,message,field?}}`). */
export function replyError(ctx: Context, status: number, code: string, message: string, field?: string): void {
  reply<ErrorBody>(ctx, status, { error: { code, message, ...(field ? { field } : {}) } });
}

/** Answer a non-JSON body (a proxy's error page, say). */
export function replyText(ctx: Context, status: number, text: string): void {
  ctx.status = status;
  ctx.body = text;
}

/** The request's JSON body; `{}` when it is empty or not JSON. */
export function readJson(ctx: Context): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    let body = '';
    ctx.req.on('data', (c: Buffer) => (body += c));
    ctx.req.on('end', () => {
      try {
        const v: unknown = JSON.parse(body);
        resolve(v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
      } catch {
        resolve({});
      }
    });
  });
}

/** One call the widget made, as `/__stand-in/requests` lists it. */
export interface Recorded {
  method: string;
  path: string;
  authorization?: string;
  body?: Record<string, unknown>;
  waitToken?: string;
  keys?: string[];
}

/** What the widget sent to the stand-ins since the last reset, in order. */
export const recorded: Recorded[] = [];

/** An ISO 8601 UTC instant `ms` from now. */
export const fromNow = (ms: number): string => new Date(Date.now() + ms).toISOString();
