/**
 * The coffee module's jobs: `coffee-sweep` (cron, every 5 min) expires overdue coffee-chat requests and pauses
 * people with three unanswered intros. Registered by the composition root (server/main.ts).
 * Imports: this module, server/jobs.
 */
import type { JobModule } from '../../jobs/workers.js';
import { sweepExpired } from './requests.js';

/** Expires overdue coffee-chat requests and pauses people with three unanswered intros (every 5 min). */
export const COFFEE_SWEEP_QUEUE = 'coffee-sweep';

export const coffeeJobs: JobModule = {
  name: 'coffee',
  queues: () => [{ name: COFFEE_SWEEP_QUEUE, options: { policy: 'short' } }],
  async work({ work, boss, deps, pollingIntervalSeconds, cron }) {
    await work(COFFEE_SWEEP_QUEUE, { pollingIntervalSeconds: Math.max(pollingIntervalSeconds, 5) }, async () => sweepExpired(deps));
    if (cron) await boss.schedule(COFFEE_SWEEP_QUEUE, '*/5 * * * *');
  },
};
