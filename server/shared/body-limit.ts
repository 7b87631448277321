/**
 * Request body limits for every route (Hono middleware).
 * The decision is taken from Content-Length when there is one (hono's bodyLimit touches `req.raw.body`, which makes
 * @hono/node-server build a full web Request: a third of the join path's CPU); only chunked bodies are counted
 * as they stream (hono/body-limit). Over the limit: HTTP 413, nothing read further, the handler never runs.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from './http.js';

/** 64 KiB: the largest body any route takes (an LTI id_token form post is under 25 KB). */
export const MAX_BODY_BYTES = 64 * 1024;

const human = (bytes: number) => (bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`);

/** 413 as JSON `{error: {code: 'payload_too_large', message}}` (API routes). */
export const jsonTooLarge = (maxBytes: number) => (c: Context) => c.json(errorBody('payload_too_large', `Request body over ${human(maxBytes)}`), 413);

/** 413 as a small HTML page (routes a browser navigates to: LTI login and launch, invitation links). */
export const htmlTooLarge = (maxBytes: number) => (c: Context) =>
  c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Request too large</title></head>` +
      `<body><main><h1>Request too large</h1><p>This page takes at most ${human(maxBytes)} of data.</p></main></body></html>`,
    413,
  );

/**
 * The 413 that fits the request: JSON under /api/, else an HTML page for a browser that asked for HTML (a form post
 * or a navigation: the LMS's auto-submitted launch form, an invitation link), else JSON (fetch from our pages).
 */
export function tooLargeFor(maxBytes: number) {
  const json = jsonTooLarge(maxBytes);
  const html = htmlTooLarge(maxBytes);
  return (c: Context) => (!c.req.path.startsWith('/api/') && c.req.header('accept')?.includes('text/html') ? html(c) : json(c));
}

/**
 * Refuse request bodies over `maxBytes` (bytes) with `tooLarge(c)` (HTTP 413).
 * @param tooLarge builds the 413 answer; default JSON (`jsonTooLarge`)
 */
export function limitBody(maxBytes = MAX_BODY_BYTES, tooLarge: (c: Context) => Response | Promise<Response> = jsonTooLarge(maxBytes)): MiddlewareHandler {
  const refuse = async (c: Context) => {
    // The rest of the body is not read: the connection is not reused for another request.
    c.header('connection', 'close');
    return tooLarge(c);
  };
  const chunked = bodyLimit({ maxSize: maxBytes, onError: refuse });
  return async (c, next) => {
    const len = c.req.header('content-length');
    if (len !== undefined) return Number(len) > maxBytes ? refuse(c) : next();
    return c.req.header('transfer-encoding') ? chunked(c, next) : next();
  };
}
