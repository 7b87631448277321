/**
 * The scheduling module's HTTP routes, mounted at /api/v1 (HTTP only: validate, call service.ts, answer):
 *  - GET/PATCH /scheduling/settings                     organisation room lifecycle settings
 * (Occurrences: meetings/occurrence-routes.ts; attendees and the iCal feed: invitations/api-routes.ts.)
 */
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { errorResponses } from '../../shared/schemas.js';
import { ScheduleSettingsSchema, ScheduleSettingsUpdateSchema } from './schemas.js';
import * as scheduling from './service.js';
import { apiKeyAuth, body, json, router } from '../../shared/http.js';

const security = [{ apiKey: [] }];
const tags = ['Scheduling'];

export function schedulingRoutes(deps: Deps) {
  const app = router();
  app.use('/scheduling/*', apiKeyAuth(deps));

  app.openapi(
    createRoute({
      method: 'get', path: '/scheduling/settings', tags, security, summary: 'Room lifecycle settings',
      responses: { 200: json(ScheduleSettingsSchema, 'The settings'), ...errorResponses(401) },
    }),
    async (c) => c.json(await scheduling.getSettings(deps, c.var.org), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/scheduling/settings', tags, security, summary: 'Change room lifecycle settings',
      description: 'Applies to meetings created, changed or re-planned afterwards.',
      request: { body: body(ScheduleSettingsUpdateSchema) },
      responses: { 200: json(ScheduleSettingsSchema, 'The settings'), ...errorResponses(400, 401) },
    }),
    async (c) => c.json(await scheduling.updateSettings(deps, c.var.org, c.req.valid('json')), 200),
  );

  return app;
}
