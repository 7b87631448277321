/**
 * The scheduling module's job handlers: the room lifecycle queues (lifecycle.ts: open/close LiveKit rooms, send
 * reminders) and the `schedule-horizon` cron (every 15 min) that extends the planned jobs of recurring meetings.
 * Registered by the composition root (server/main.ts). Imports: this module, server/jobs.
 */
import type { JobModule } from '../../jobs/workers.js';
import { runLifecycleJob } from './lifecycle.js';
import { HORIZON_QUEUE, LIFECYCLE_KINDS, queueFor, schedulingQueues, type LifecycleJobData } from './queues.js';
import { rescheduleAll } from './service.js';

export const schedulingJobs: JobModule = {
  name: 'scheduling',
  queues: schedulingQueues,
  async work({ boss, deps, workerId, pollingIntervalSeconds, cron }) {
    for (const kind of LIFECYCLE_KINDS) {
      await boss.work<LifecycleJobData>(queueFor(kind), { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
        try {
          return { result: await runLifecycleJob(deps, job!.data, { jobId: job!.id, worker: workerId }) };
        } catch (e) {
          deps.log.warn('lifecycle job failed; pg-boss will retry', { kind, meetingId: job!.data.meetingId, error: String((e as Error).message ?? e) });
          throw e;
        }
      });
    }
    await boss.work(HORIZON_QUEUE, { pollingIntervalSeconds: Math.max(pollingIntervalSeconds, 5) }, async () => ({ meetings: await rescheduleAll(deps) }));
    if (cron) await boss.schedule(HORIZON_QUEUE, '*/15 * * * *');
  },
};
