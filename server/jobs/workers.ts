/**
 * Job workers: one pg-boss instance per server process that polls the queues of every module it is given and
 * runs their handlers, with pg-boss supervision (expiry, retention) and, unless turned off, the modules' crons
 * (each run once per cluster by pg-boss).
 *
 * Shared infrastructure: it knows no module. Each module exports a `JobModule` (its `jobs.ts`): the queues it owns
 * and a `work(ctx)` that registers its handlers. The composition root (server/main.ts) lists the modules, lti/
 * included; this file never imports one. Imports: pg-boss, server/jobs/queue.ts, server/deps.ts (types).
 */
import PgBoss from 'pg-boss';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config.js';
import type { Deps } from '../deps.js';
import { bossDb, type QueueSpec } from './queue.js';

/** What a module's `work` gets to register its handlers with. */
export interface WorkContext {
  boss: PgBoss;
  deps: Deps;
  /** Identifies this worker (e.g. in `room_lifecycle_events.worker`). */
  workerId: string;
  /** Polling interval of latency-sensitive queues, seconds (pg-boss minimum 0.5). */
  pollingIntervalSeconds: number;
  /** Whether to schedule crons (false in tests, which run handlers themselves). */
  cron: boolean;
}

/** One module's jobs: the queues it owns (created at start-up by createJobs) and the handlers it runs. */
export interface JobModule {
  name: string;
  queues?(config: Config): QueueSpec[];
  work?(ctx: WorkContext): Promise<void>;
}

export interface Workers {
  /** Identifies this worker in `room_lifecycle_events.worker`. */
  id: string;
  /** Stop polling and wait (≤ 10 s) for running jobs. */
  stop(): Promise<void>;
}

/** Every queue of `modules` for `config` (what createJobs creates). */
export const queuesOf = (modules: JobModule[], config: Config): QueueSpec[] => modules.flatMap((m) => m.queues?.(config) ?? []);

/**
 * Start the workers of this process for `modules`.
 * @param opts.pollingIntervalSeconds default JOBS_POLL_SECONDS (pg-boss minimum 0.5)
 * @param opts.cron schedule the modules' crons (default true)
 */
export async function startJobWorkers(deps: Deps, modules: JobModule[], opts: { pollingIntervalSeconds?: number; cron?: boolean; id?: string } = {}): Promise<Workers> {
  const id = opts.id ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const cron = opts.cron ?? true;
  const boss = new PgBoss({ db: bossDb(deps.sql), migrate: false, supervise: true, schedule: cron });
  boss.on('error', (e) => deps.log.warn('job queue error', { worker: id, error: String((e as Error).message ?? e) }));
  await boss.start();
  const ctx: WorkContext = { boss, deps, workerId: id, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? deps.config.JOBS_POLL_SECONDS, cron };
  for (const m of modules) await m.work?.(ctx);
  return {
    id,
    stop: () => boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 }),
  };
}
