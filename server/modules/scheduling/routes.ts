/**
 * The scheduling module's HTTP routes, mounted at /api/v1 (HTTP only: validate, call service.ts, answer):
 *  - GET/PATCH /scheduling/settings                     organisation room lifecycle settings
 * (Occurrences: meetings/occurrence-routes.ts; attendees and the iCal feed: invitations/api-routes.ts.)
 */
import type { Deps } from '../../deps.js';
import { ScheduleSettingsSchema, ScheduleSettingsUpdateSchema } from './schemas.js';
import * as scheduling from './service.js';
import { apiKeyOperations } from '../../shared/routes.js';

export function schedulingRoutes(deps: Deps) {
  const { app, route } = apiKeyOperations(deps, ['Scheduling'], ['/scheduling/*']);

  route('get /scheduling/settings', { summary: 'Room lifecycle settings', ok: [200, ScheduleSettingsSchema, 'The settings'] },
    (c) => scheduling.getSettings(deps, c.var.org));

  route('patch /scheduling/settings', {
    summary: 'Change room lifecycle settings',
    description: 'Applies to meetings created, changed or re-planned afterwards.',
    body: ScheduleSettingsUpdateSchema,
    ok: [200, ScheduleSettingsSchema, 'The settings'],
  }, (c) => scheduling.updateSettings(deps, c.var.org, c.req.valid('json')));

  return app;
}
