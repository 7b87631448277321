/**
 * The human API reference at /api/v1/docs: Scalar's OpenAPI reference UI (`@scalar/hono-api-reference`) reading
 * our OpenAPI 3.1 description, with its browser bundle (`@scalar/api-reference`'s standalone build) served from
 * node_modules by this router, so the page needs no CDN and works on closed networks. Scalar's default web fonts
 * (fonts.scalar.com) and telemetry are off; the page's configuration is our own constants (nothing from a request).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { compress } from 'hono/compress';

const require = createRequire(import.meta.url);
const bundlePath = require.resolve('@scalar/api-reference/browser/standalone.js');
// The bundle's URL carries the package version, so browsers may cache it for good.
const { version } = require(join(dirname(bundlePath), '../../package.json')) as { version: string };
let bundle: Promise<Buffer> | undefined;

/**
 * The reference router, to mount at `base` (e.g. `api.route('/docs', apiReferenceRoutes({…}))`):
 *   GET {base}                         200 text/html, the reference page for the description at `specUrl`
 *   GET {base}/scalar-{version}.js     200 text/javascript, Scalar's standalone bundle (gzip when accepted),
 *                                      cached for a year (the URL changes with the package version)
 * @param o.specUrl absolute path of the OpenAPI document on this origin (e.g. `/api/v1/openapi.json`)
 * @param o.base absolute path the router is mounted at (e.g. `/api/v1/docs`)
 * @param o.title the page's `<title>`
 */
export function apiReferenceRoutes(o: { specUrl: string; base: string; title: string }) {
  const app = new Hono();
  const script = `/scalar-${version}.js`;
  app.get(
    '/',
    Scalar({
      url: o.specUrl,
      cdn: o.base + script,
      pageTitle: o.title,
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      showDeveloperTools: 'never',
    }),
  );
  app.get(script, compress(), async (c) => {
    bundle ??= readFile(bundlePath);
    return c.body(new Uint8Array(await bundle), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
  return app;
}
