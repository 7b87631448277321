/**
 * The Hono application: /api/v1 (OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs),
 * the widget bundle at /widget/, and the demo at /demo/ when enabled.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { cors } from 'hono/cors';
import { fileURLToPath } from 'node:url';
import type { Deps } from './deps.js';
import { limitBody, MAX_BODY_BYTES, tooLargeFor } from './body-limit.js';
import { demoRoutes } from './routes/demo.js';
import { renderDocs } from './routes/docs.js';
import { errorBody, onError, type Env } from './routes/http.js';
import { joinRoutes } from './routes/join.js';
import { meetingRoutes } from './routes/meetings.js';
import { coffeeRoutes } from './routes/coffee.js';
import { coffeeMeRoutes } from './routes/coffee-me.js';
import { schedulingRoutes } from './routes/scheduling.js';
import { attendanceRoutes } from './routes/attendance.js';
import { inviteJoinRoutes } from './routes/invite-join.js';
import { operatorRoutes } from './routes/operator.js';
import { ltiAdminRoutes } from '../lti/admin.js';
import { ltiRoutes } from '../lti/routes.js';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export function createApp(deps: Deps, opts: { demo?: boolean } = {}) {
  const app = new OpenAPIHono<Env>();
  app.onError(onError(deps));
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));

  // Every route, /api/v1, /lti, /j and /demo/api included: bodies over 64 KiB → 413 (server/body-limit.ts).
  app.use('*', limitBody(MAX_BODY_BYTES, tooLargeFor(MAX_BODY_BYTES)));
  app.get('/healthz', (c) => c.json({ ok: true }));

  const api = new OpenAPIHono<Env>();
  api.route('/meetings', meetingRoutes(deps));
  api.route('/coffee', coffeeMeRoutes(deps)); // before coffeeRoutes: its API-key check would answer /coffee/me/* first
  api.route('/coffee', coffeeRoutes(deps));
  api.route('/', schedulingRoutes(deps));
  api.route('/', joinRoutes(deps));
  api.route('/', attendanceRoutes(deps));
  api.route('/operator', operatorRoutes(deps));
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'Organisation API key: `Authorization: Bearer vr_…`',
  });
  const docConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Video Rooms API',
      version: '1.0.0',
      description: 'Meetings, join tickets and LiveKit tokens for the <video-room> element. All instants are UTC (ISO 8601).',
    },
    servers: [{ url: '/api/v1' }],
  };
  api.doc31('/openapi.json', docConfig);
  api.get('/docs', (c) => c.html(renderDocs(api.getOpenAPI31Document(docConfig) as never)));
  api.route('/lti', ltiAdminRoutes(deps));
  app.route('/api/v1', api);
  app.route('/lti', ltiRoutes(deps));
  app.route('/j', inviteJoinRoutes(deps));

  const dist = fileURLToPath(new URL('../dist', import.meta.url));
  app.use('/widget/*', cors({ origin: '*' }));
  app.use('/widget/*', async (c, next) => {
    await next();
    if (c.res.ok) c.header('cache-control', c.req.path.endsWith('/video-room.js') ? 'no-cache' : 'public, max-age=31536000, immutable');
  });
  app.use('/widget/*', serveStatic({ root: dist }));

  if (opts.demo) {
    app.route('/demo/api', demoRoutes(deps));
    app.get('/', (c) => c.redirect('/demo/'));
    app.get('/demo', (c) => c.redirect('/demo/'));
    app.use('/demo/*', serveStatic({ root: projectRoot, rewriteRequestPath: (p) => (p.endsWith('/') ? p + 'index.html' : p) }));
  }
  return app;
}
