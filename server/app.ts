/**
 * A composition root (with server/main.ts, the only files that wire modules and lti/ together): mounts every
 * module's routes. The Hono application: /api/v1 (OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs),
 * the widget bundle at /widget/, and the demo at /demo/ when enabled.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { pinoLogger } from 'hono-pino';
import { fileURLToPath } from 'node:url';
import type { Deps } from './deps.js';
import { limitBody, MAX_BODY_BYTES, tooLargeFor } from './shared/body-limit.js';
import { demoRoutes } from './modules/demo/routes.js';
import { apiReferenceRoutes } from './shared/docs.js';
import { errorBody, onError, type Env } from './shared/http.js';
import { joinRoutes } from './modules/join/routes.js';
import { occurrenceRoutes } from './modules/meetings/occurrence-routes.js';
import { invitationApiRoutes } from './modules/invitations/api-routes.js';
import { webhookRoutes } from './modules/webhooks/routes.js';
import { meetingRoutes } from './modules/meetings/routes.js';
import { coffeeRoutes } from './modules/coffee/routes.js';
import { coffeeMeRoutes } from './modules/coffee/me-routes.js';
import { schedulingRoutes } from './modules/scheduling/routes.js';
import { attendanceRoutes } from './modules/attendance/routes.js';
import { analyticsRoutes } from './modules/analytics/routes.js';
import { inviteJoinRoutes } from './modules/invitations/routes.js';
import { roomActivityRoutes } from './modules/room-activity/routes.js';
import { pollRoutes } from './modules/room-activity/poll-routes.js';
import { hostControlRoutes } from './modules/room-activity/host-routes.js';
import { handRoutes } from './modules/room-activity/hand-routes.js';
import { operatorRoutes } from './modules/organizations/operator-routes.js';
import { ltiAdminRoutes } from '../lti/admin.js';
import { ltiRoutes } from '../lti/routes.js';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export function createApp(deps: Deps, opts: { demo?: boolean } = {}) {
  const app = new OpenAPIHono<Env>();
  app.onError(onError(deps));
  // Request logs (pino, JSON on stderr): one line per request with its id (X-Request-Id, also in the answer), the
  // method, the matched route pattern (never the URL: /j/<token> and /calendar/<token>.ics carry secrets), the
  // status and the time taken; no headers, no bodies.
  app.use('*', requestId());
  app.use(
    '*',
    pinoLogger({
      pino: deps.log.pino,
      http: {
        onReqBindings: () => ({}),
        onResBindings: (c) => ({ method: c.req.method, route: c.req.routePath, status: c.res.status }),
        onResLevel: (c) => (c.res.status >= 500 ? 'error' : 'info'),
        onResMessage: () => 'request',
      },
    }) as unknown as MiddlewareHandler,
  );
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));

  // Every route, /api/v1, /lti, /j and /demo/api included: bodies over 64 KiB → 413 (server/shared/body-limit.ts).
  app.use('*', limitBody(MAX_BODY_BYTES, tooLargeFor(MAX_BODY_BYTES)));
  app.get('/healthz', (c) => c.json({ ok: true }));

  const api = new OpenAPIHono<Env>();
  // Before the meetings router: its API-key guard covers /meetings/*, and chat also takes participants' room sessions.
  api.route('/', roomActivityRoutes(deps));
  api.route('/', pollRoutes(deps));
  api.route('/', hostControlRoutes(deps));
  api.route('/', handRoutes(deps));
  api.route('/meetings', meetingRoutes(deps));
  api.route('/coffee', coffeeMeRoutes(deps)); // before coffeeRoutes: its API-key check would answer /coffee/me/* first
  api.route('/coffee', coffeeRoutes(deps));
  api.route('/', occurrenceRoutes(deps));
  api.route('/', invitationApiRoutes(deps));
  api.route('/', schedulingRoutes(deps));
  api.route('/', joinRoutes(deps));
  api.route('/', webhookRoutes(deps));
  api.route('/', attendanceRoutes(deps));
  api.route('/', analyticsRoutes(deps));
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
    // The order readers meet the API in (OpenAPI 3.1 §4.8.1 `tags`); mount order (chat before meetings) is no guide.
    tags: ['Meetings', 'Join', 'Scheduling', 'Attendance', 'Analytics', 'Chat', 'Hands', 'Polls', 'Host controls', 'Coffee chats', 'Coffee chats (widget)', 'Operator', 'LTI'].map((name) => ({ name })),
  };
  api.doc31('/openapi.json', docConfig);
  api.route('/docs', apiReferenceRoutes({ specUrl: '/api/v1/openapi.json', base: '/api/v1/docs', title: `${docConfig.info.title} — reference` }));
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
