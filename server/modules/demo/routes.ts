/**
 * Demo-only endpoints (enabled with DEMO=true, the default for a local `npm start`): they act as the
 * integrator's backend for the development organisation, so the demo page holds no API key.
 */
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { singleLine } from '../../shared/schemas.js';
import { RoleSchema } from '../meetings/schemas.js';
import { putProfile } from '../coffee/profiles.js';
import { createCoffeeTicket } from '../coffee/tickets.js';
import { createJoinTicket } from '../join/service.js';
import { ProfileInputSchema } from '../coffee/schemas.js';
import { createMeeting } from '../meetings/service.js';
import { randomCode } from '../../shared/ids.js';
import { ensureOrganization, organizationBySlug } from '../organizations/service.js';
import { router, validationError } from '../../shared/http.js';

const CreateSchema = z.object({ title: singleLine().trim().min(1).max(200).default('Demo meeting') });
const TicketSchema = z.object({ meetingId: z.uuid(), role: RoleSchema.default('participant'), name: singleLine().trim().min(1).max(100) });

/**
 * Coffee demo: which pair of demo people, and who the page acts as. Each pair lives in an organisation of its own
 * (slug `coffee-demo-<pair>`), so "Start over with new people" (a fresh pair) shows only the new two to each other.
 */
const PairSchema = z.object({ pair: z.string().regex(/^[a-z0-9]{1,16}$/).default('demo') });
const CoffeeTicketSchema = PairSchema.extend({ as: z.enum(['ada', 'sam']) });
const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
/** The two demo people: free all day every day (in their own zones), so their availability always overlaps. */
const COFFEE_PEOPLE = {
  ada: { displayName: 'Ada (alumna)', headline: 'Robotics engineer, class of 2012', role: 'alumnus', industry: 'Engineering', interests: ['robotics', 'jazz', 'mentoring'], timezone: 'Europe/London' },
  sam: { displayName: 'Sam (student)', headline: 'Second-year computer science student', role: 'student', industry: 'Engineering', interests: ['robotics', 'chess', 'jazz'], timezone: 'America/New_York' },
} as const;
const coffeeUserId = (who: 'ada' | 'sam', pair: string) => `demo-${who}-${pair}`;
const pairOrg = (deps: Deps, pair: string) =>
  ensureOrganization(deps.sql, { name: `Coffee demo (${pair})`, slug: `coffee-demo-${pair}` });

export function demoRoutes(deps: Deps) {
  const app = router();
  const devOrg = async () => {
    const org = await organizationBySlug(deps.sql, 'dev');
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

  /**
   * POST /demo/api/coffee/seed `{pair?}` → `{pair, users: {ada, sam}}`: (re)creates the coffee profiles of the demo
   * pair "Ada (alumna)" and "Sam (student)" in the pair's own organisation (created on first use), free all day
   * every day (London / New York). Nobody else is in that organisation.
   */
  app.post('/coffee/seed', async (c) => {
    const parsed = PairSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return validationError(c, parsed.error);
    const { pair } = parsed.data;
    const org = await pairOrg(deps, pair);
    for (const who of ['ada', 'sam'] as const) {
      await putProfile(deps, org, coffeeUserId(who, pair), ProfileInputSchema.parse({ ...COFFEE_PEOPLE[who], languages: ['en'], availability: allDay }));
    }
    return c.json({ pair, users: { ada: coffeeUserId('ada', pair), sam: coffeeUserId('sam', pair) } }, 200);
  });

  /** POST /demo/api/coffee/tickets `{as: 'ada'|'sam', pair?}` → `{ticket, expiresAt}`: a coffee ticket (1 h) for `<coffee-chat>`, in the pair's organisation. */
  app.post('/coffee/tickets', async (c) => {
    const parsed = CoffeeTicketSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return validationError(c, parsed.error);
    const { as, pair } = parsed.data;
    return c.json(createCoffeeTicket(deps, await pairOrg(deps, pair), coffeeUserId(as, pair), 3600), 201);
  });
  return app;
}
