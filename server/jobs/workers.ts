/**
 * Job workers: one pg-boss instance per server process that polls the lifecycle queues and runs
 * modules/scheduling/lifecycle.ts, plus a cron (`schedule-horizon`, every 15 min, run once per cluster by pg-boss) that
 * extends the planned jobs of recurring meetings. pg-boss supervision (expiry, retention) runs here too.
 */
import PgBoss from 'pg-boss';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Deps } from '../deps.js';
import { runLifecycleJob } from '../modules/scheduling/lifecycle.js';
import { rescheduleAll } from '../modules/scheduling/service.js';
import { sendDueScores } from '../../lti/ags.js';
import { gradeSession, type GradeJob } from '../../lti/grades.js';
import { syncRoster } from '../../lti/nrps.js';
import { sweepExpired } from '../modules/coffee/requests.js';
import { AGS_QUEUE, bossDb, COFFEE_SWEEP_QUEUE, GRADE_QUEUE, HORIZON_QUEUE, ROSTER_QUEUE, LIFECYCLE_KINDS, queueFor, type LifecycleJobData } from './queue.js';

export interface Workers {
  /** Identifies this worker in `room_lifecycle_events.worker`. */
  id: string;
  /** Stop polling and wait (≤ 10 s) for running jobs. */
  stop(): Promise<void>;
}

/**
 * Start the workers of this process.
 * @param opts.pollingIntervalSeconds default JOBS_POLL_SECONDS (pg-boss minimum 0.5)
 * @param opts.cron schedule the horizon cron (default true)
 */
export async function startWorkers(deps: Deps, opts: { pollingIntervalSeconds?: number; cron?: boolean; id?: string } = {}): Promise<Workers> {
  const id = opts.id ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const boss = new PgBoss({ db: bossDb(deps.sql), migrate: false, supervise: true, schedule: opts.cron ?? true });
  boss.on('error', (e) => deps.log.warn('job queue error', { worker: id, error: String((e as Error).message ?? e) }));
  await boss.start();
  const pollingIntervalSeconds = opts.pollingIntervalSeconds ?? deps.config.JOBS_POLL_SECONDS;
  for (const kind of LIFECYCLE_KINDS) {
    await boss.work<LifecycleJobData>(queueFor(kind), { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
      try {
        return { result: await runLifecycleJob(deps, job!.data, { jobId: job!.id, worker: id }) };
      } catch (e) {
        deps.log.warn('lifecycle job failed; pg-boss will retry', { kind, meetingId: job!.data.meetingId, error: String((e as Error).message ?? e) });
        throw e;
      }
    });
  }
  await boss.work(HORIZON_QUEUE, { pollingIntervalSeconds: Math.max(pollingIntervalSeconds, 5) }, async () => ({ meetings: await rescheduleAll(deps) }));
  if (opts.cron ?? true) await boss.schedule(HORIZON_QUEUE, '*/15 * * * *');
  // LTI grade passback: a sweep on demand (queueScores asks for one) and every minute for retries.
  await boss.work(AGS_QUEUE, { pollingIntervalSeconds: Math.max(pollingIntervalSeconds, 2) }, async () => {
    let total = { sent: 0, retry: 0, dead: 0 };
    for (let i = 0; i < 20; i++) {
      const r = await sendDueScores(deps);
      total = { sent: total.sent + r.sent, retry: total.retry + r.retry, dead: total.dead + r.dead };
      if (r.sent + r.retry + r.dead === 0) break;
    }
    return total;
  });
  if (opts.cron ?? true) await boss.schedule(AGS_QUEUE, '* * * * *');
  await boss.work(COFFEE_SWEEP_QUEUE, { pollingIntervalSeconds: Math.max(pollingIntervalSeconds, 5) }, async () => sweepExpired(deps));
  if (opts.cron ?? true) await boss.schedule(COFFEE_SWEEP_QUEUE, '*/5 * * * *');
  await boss.work<{ resourceLinkUuid: string }>(ROSTER_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => syncRoster(deps, job!.data.resourceLinkUuid));
  await boss.work<GradeJob>(GRADE_QUEUE, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => gradeSession(deps, job!.data));
  return {
    id,
    stop: () => boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 }),
  };
}
