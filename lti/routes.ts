/**
 * /lti/* routes of ours (Hono). `/lti/keys` goes to ltijs (server/http.ts).
 *  GET|POST /lti/login          OIDC login initiation (LTI Core §5.1.1) → login page
 *  POST     /lti/launch         id_token form_post → launch page (checks browser binding, then verifies)
 *  POST     /lti/launch/verify  JSON {id_token, state} → {kind:'room', ticket, session, role, name, meeting, locale}
 *                               or {kind:'deep_linking', deepLinking, …} for an instructor adding a link
 *  POST     /lti/deep-linking   Bearer deepLinking, {title, startAt?, durationMinutes, timezone, rrule?} → {returnUrl, jwt}
 *  POST     /lti/session/ticket Bearer session → {ticket, role, meeting}
 *  GET      /lti/room           the room in a window of its own
 *  GET      /lti/attendance     instructors: the attendance report with engagement figures (POST /lti/session/attendance,
 *                               HTML or CSV; POST /lti/session/analytics: the engagement CSV)
 *  GET      /lti/register       Dynamic Registration (our signed `reg` + the platform's openid_configuration)
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../server/deps.js';
import { AppError } from '../server/errors.js';
import { bearerGuard, errorBody, onError, validationError } from '../server/shared/http.js';
import { attendanceForSession, completeDeepLinking, DeepLinkingInputSchema, LoginParamsSchema, peekState, startLogin, ticketForSession, verifyLaunch } from './launch.js';
import { attendanceShell, errorPage, launchPage, loginPage, roomPage } from './pages.js';
import { attendanceCsv } from '../server/modules/attendance/service.js';
import { renderAttendancePage } from '../server/modules/attendance/page.js';
import { analyticsCsv, analyticsForReport } from '../server/modules/analytics/service.js';
import { analyticsPageExtra } from '../server/modules/analytics/page.js';
import { dynamicRegister, registrationDonePage } from './dynreg.js';

/** What the session-token routes read: the Bearer token, set by `sessionBearer`. */
type SessionEnv = { Variables: { bearer: string } };

const VerifySchema = z.object({ id_token: z.string().min(1).max(20_000), state: z.string().min(1).max(4000) });

export function ltiRoutes(deps: Deps) {
  const app = new Hono<SessionEnv>();
  // The LTI pages' session (or deep-linking) token, read by the core's one Bearer reader (hono/bearer-auth); the
  // services verify it. No token → 401 invalid_session, as an expired one.
  const sessionBearer = bearerGuard<SessionEnv>(
    async (token, c) => {
      c.set('bearer', token);
      return true;
    },
    (c) => c.json(errorBody('invalid_session', 'Your session has expired; launch again from the course'), 401),
  );
  app.onError(onError(deps));
  // Pages are framed by the LMS: no X-Frame-Options; they carry no secret the platform could not already see.
  app.use('*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
  });

  const login = async (params: Record<string, unknown>) => {
    const parsed = LoginParamsSchema.safeParse(params);
    if (!parsed.success) {
      const f = parsed.error.issues[0]!;
      throw new AppError(400, 'validation_error', `${f.path.join('.')}: ${f.message}`, f.path.join('.'));
    }
    return loginPage(await startLogin(deps, parsed.data));
  };
  const loginHtml = async (c: import('hono').Context, params: Record<string, unknown>) => {
    try {
      return c.html(await login(params));
    } catch (e) {
      if (e instanceof AppError) return c.html(errorPage(e.message), e.status);
      throw e;
    }
  };
  app.get('/login', (c) => loginHtml(c, c.req.query()));
  app.post('/login', async (c) => loginHtml(c, { ...c.req.query(), ...(await c.req.parseBody()) }));

  app.post('/launch', async (c) => {
    const form = await c.req.parseBody();
    const idToken = typeof form.id_token === 'string' ? form.id_token : '';
    const state = typeof form.state === 'string' ? form.state : '';
    if (typeof form.error === 'string') return c.html(errorPage(`The platform refused the sign-in: ${form.error_description ?? form.error}`), 400);
    if (!idToken) return c.html(errorPage('No id_token was posted.'), 400);
    try {
      const st = peekState(deps, state);
      return c.html(launchPage({ idToken, state, stateId: st.jti, storageTarget: st.st ?? null, platformOrigin: st.po ?? null }));
    } catch (e) {
      if (e instanceof AppError) return c.html(errorPage(e.message), e.status);
      throw e;
    }
  });

  app.post('/launch/verify', async (c) => {
    const parsed = VerifySchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return validationError(c, parsed.error);
    return c.json(await verifyLaunch(deps, parsed.data));
  });

  app.post('/deep-linking', sessionBearer, async (c) => {
    const parsed = DeepLinkingInputSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return validationError(c, parsed.error);
    const bearer = c.get('bearer');
    return c.json(await completeDeepLinking(deps, bearer, parsed.data));
  });

  app.post('/session/ticket', sessionBearer, async (c) => {
    const bearer = c.get('bearer');
    return c.json(await ticketForSession(deps, bearer));
  });

  app.get('/room', (c) => c.html(roomPage()));

  // The instructor's attendance view: the page fetches the report with the session bearer.
  app.get('/attendance', (c) => c.html(attendanceShell()));
  app.post('/session/attendance', sessionBearer, async (c) => {
    const bearer = c.get('bearer');
    const report = await attendanceForSession(deps, bearer);
    if (c.req.header('accept')?.includes('text/csv')) return c.text(attendanceCsv(report), 200, { 'content-type': 'text/csv; charset=utf-8' });
    // The same session's engagement figures (server/modules/analytics) as a summary and per-person columns.
    return c.html(renderAttendancePage(report, { extra: analyticsPageExtra(await analyticsForReport(deps, report)) }));
  });
  // The engagement figures per person as CSV (instructors only, as attendance).
  app.post('/session/analytics', sessionBearer, async (c) => {
    const report = await attendanceForSession(deps, c.get('bearer'));
    return c.text(analyticsCsv(await analyticsForReport(deps, report)), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  // LTI Dynamic Registration (lti/dynreg.ts): the LMS opens our registration URL with its openid configuration.
  app.get('/register', async (c) => {
    try {
      await dynamicRegister(deps, c.req.query());
      return c.html(registrationDonePage());
    } catch (e) {
      if (e instanceof AppError) return c.html(errorPage(e.message), e.status);
      throw e;
    }
  });
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  return app;
}
