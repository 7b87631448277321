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
  /** Register a handler (pg-boss `work`); use this rather than `boss.work`, so `stop()` waits for it. */
  work: PgBoss['work'];
  /** For crons (`boss.schedule`). */
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
  // Count what this worker has in flight (pg-boss's own queries, our handlers): pg-boss 10 resolves `stop()` once no
  // job is running, but a fetch may still be on its way and it completes/fails jobs without awaiting; `stop()`
  // below waits for both, so the caller may close the pool afterwards.
  let inFlight = 0;
  const db = bossDb(deps.sql);
  const track = async <T>(p: () => Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await p();
    } finally {
      inFlight--;
    }
  };
  const boss = new PgBoss({ db: { executeSql: (text, values) => track(() => db.executeSql(text, values)) }, migrate: false, supervise: true, schedule: cron });
  boss.on('error', (e) => deps.log.warn('job queue error', { worker: id, error: String((e as Error).message ?? e) }));
  await boss.start();
  const work = ((name: string, options: object, handler: (jobs: PgBoss.Job<unknown>[]) => Promise<unknown>) =>
    boss.work(name, options, (jobs) => track(() => handler(jobs)))) as PgBoss['work'];
  const ctx: WorkContext = { work, boss, deps, workerId: id, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? deps.config.JOBS_POLL_SECONDS, cron };
  for (const m of modules) await m.work?.(ctx);
  const tick = () => new Promise<void>((r) => setImmediate(r));
  return {
    id,
    async stop() {
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        await tick();
        if (inFlight === 0) {
          await tick(); // a fetch that just returned jobs starts its handler within this turn
          if (inFlight === 0) return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
