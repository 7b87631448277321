/**
 * The scheduling module's queues (names, job data, retry policy). Separate from jobs.ts (the handlers) so the
 * service that sends these jobs and the handlers that run them do not import each other.
 *
 * One queue per lifecycle kind (policy `short`: at most one queued job per singleton key):
 *   lifecycle-open-room, lifecycle-reminder-24h, lifecycle-reminder-15m, lifecycle-end-room — data
 *   `{meetingId, occurrenceKey, kind}`, singletonKey `${meetingId}|${occurrenceKey}`; plus `schedule-horizon`
 *   (cron, every 15 min). `workLifecycleQueues` registers the handlers of the modules that run them.
 * Imports: server/config.ts, server/deps.ts and server/jobs (types) only.
 */
import type { Config } from '../../config.js';
import type { QueueSpec, RetryOptions } from '../../jobs/queue.js';
import type { JobModule, WorkContext } from '../../jobs/workers.js';
import type { Deps } from '../../deps.js';

export const LIFECYCLE_KINDS = ['open-room', 'reminder-24h', 'reminder-15m', 'end-room'] as const;
export type LifecycleKind = (typeof LIFECYCLE_KINDS)[number];
export const HORIZON_QUEUE = 'schedule-horizon';

/** pg-boss queue name for a lifecycle kind (one queue per kind). */
export const queueFor = (kind: LifecycleKind) => `lifecycle-${kind}`;

/** Data carried by every lifecycle job. */
export interface LifecycleJobData {
  meetingId: string;
  occurrenceKey: string;
  kind: LifecycleKind;
}

/**
 * Retry policy for lifecycle jobs, from JOBS_RETRY_LIMIT / JOBS_RETRY_DELAY_SECONDS / JOBS_RETRY_BACKOFF
 * (defaults 8, 2 s, backoff: LiveKit may be briefly unreachable; retries come after ~2–4, 4–8, 8–16 s, …).
 * Each job is also sent with the current policy, so a changed JOBS_RETRY_* applies to an existing database too.
 */
export function lifecycleRetry(config: Pick<Config, 'JOBS_RETRY_LIMIT' | 'JOBS_RETRY_DELAY_SECONDS' | 'JOBS_RETRY_BACKOFF'>): RetryOptions {
  return { retryLimit: config.JOBS_RETRY_LIMIT, retryDelay: config.JOBS_RETRY_DELAY_SECONDS, retryBackoff: config.JOBS_RETRY_BACKOFF };
}

/** Runs one lifecycle job (meetings' `runLifecycleJob`, invitations' `runReminderJob`); `jobId`/`worker` go to its claim. */
export type LifecycleRunner = (deps: Deps, data: LifecycleJobData, ctx: { jobId: string; worker: string }) => Promise<unknown>;

/**
 * Registers `run` on the queues of the lifecycle `kinds`, one job at a time (pg-boss `work`, batch size 1). What it
 * returns is the job's output (`{result}`); a failure is logged (warn: `<label> job failed; pg-boss will retry`, with
 * the kind and meeting) and thrown again, so pg-boss retries it with the lifecycle retry policy (lifecycleRetry).
 */
export async function workLifecycleQueues(ctx: WorkContext, kinds: readonly LifecycleKind[], label: string, run: LifecycleRunner): Promise<void> {
  const { work, deps, workerId, pollingIntervalSeconds } = ctx;
  for (const kind of kinds) {
    await work<LifecycleJobData>(queueFor(kind), { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
      try {
        return { result: await run(deps, job!.data, { jobId: job!.id, worker: workerId }) };
      } catch (e) {
        deps.log.warn(`${label} job failed; pg-boss will retry`, { kind, meetingId: job!.data.meetingId, error: String((e as Error).message ?? e) });
        throw e;
      }
    });
  }
}

/** The queues of the scheduling module. */
export function schedulingQueues(config: Config): QueueSpec[] {
  return [
    ...LIFECYCLE_KINDS.map((kind) => ({ name: queueFor(kind), options: { policy: 'short' as const, ...lifecycleRetry(config) } })),
    { name: HORIZON_QUEUE, options: { policy: 'short' } },
  ];
}

/** The scheduling module's jobs: it owns the lifecycle queues; meetings (open/end, horizon) and invitations (reminders) run them. */
export const schedulingJobs: JobModule = { name: 'scheduling', queues: schedulingQueues };
