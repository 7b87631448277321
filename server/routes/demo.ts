/**
 * Demo-only endpoints (enabled with DEMO=true, the default for a local `npm start`): they act as the
 * integrator's backend for the development organisation, so the demo page holds no API key.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { RoleSchema } from '../schemas/meetings.js';
import { createJoinTicket } from '../services/join.js';
import { createMeeting } from '../services/meetings.js';
import { randomCode } from '../services/ids.js';
import { findOrganizationBySlug } from '../store/organizations.js';
import { router, validationError } from './http.js';

const CreateSchema = z.object({ title: z.string().trim().min(1).max(200).default('Demo meeting') });
const TicketSchema = z.object({ meetingId: z.uuid(), role: RoleSchema.default('participant'), name: z.string().trim().min(1).max(100) });

export function demoRoutes(deps: Deps) {
  const app = router();
  const devOrg = async () => {
    const org = await findOrganizationBySlug(deps.sql, 'dev');
    if (!org) throw new AppError(503, 'demo_unavailable', 'The development organisation does not exist; start with npm start');
    return org;
  };

  app.post('/meetings', async (c) => {
    const parsed = CreateSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return validationError(c, parsed.error);
    const start = new Date();
    const meeting = await createMeeting(deps, await devOrg(), {
      title: parsed.data.title,
      description: '',
      type: 'group_meeting',
      timezone: 'UTC',
      publicJoin: true,
      scheduledStartAt: start.toISOString(),
      scheduledEndAt: new Date(start.getTime() + 60 * 60_000).toISOString(),
      host: { userId: 'demo-host', name: 'Host' },
    });
    return c.json({ meeting }, 201);
  });

  app.post('/tickets', async (c) => {
    const parsed = TicketSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return validationError(c, parsed.error);
    const { meetingId, role, name } = parsed.data;
    const userId = role === 'host' ? 'demo-host' : `demo-${randomCode(8)}`;
    return c.json(await createJoinTicket(deps, await devOrg(), meetingId, { user: { id: userId, name }, role, ttlSeconds: 300 }), 201);
  });
  return app;
}
