/**
 * The meetings module's jobs, registered by the composition root (server/main.ts): it owns `meeting-changed`
 * (events.ts; the invitations module handles it) and runs the room lifecycle queues `lifecycle-open-room` and
 * `lifecycle-end-room` (lifecycle.ts) and the `schedule-horizon` cron (every 15 min) that extends the planned jobs
 * of recurring meetings. The lifecycle queues themselves are the scheduling module's (scheduling/queues.ts).
 * Imports: this module, scheduling (queues), server/jobs.
 */
import type { JobModule } from '../../jobs/workers.js';
import { HORIZON_QUEUE, workLifecycleQueues } from '../scheduling/queues.js';
import { meetingQueues } from './events.js';
import { rescheduleAll, runLifecycleJob } from './lifecycle.js';

export const meetingsJobs: JobModule = {
  name: 'meetings',
  queues: meetingQueues,
  async work(ctx) {
    const { work, boss, deps, pollingIntervalSeconds, cron } = ctx;
    await workLifecycleQueues(ctx, ['open-room', 'end-room'], 'lifecycle', runLifecycleJob);
    await work(HORIZON_QUEUE, { pollingIntervalSeconds: Math.max(pollingIntervalSeconds, 5) }, async () => ({ meetings: await rescheduleAll(deps) }));
    if (cron) await boss.schedule(HORIZON_QUEUE, '*/15 * * * *');
  },
};
