/**
 * The job queue: pg-boss 10 on this server's own postgres.js pool (pg-boss's `db` adapter option), so jobs can be
 * sent and cancelled inside the same transaction as the meeting change that caused them, and closing the pool
 * closes the queue. pg-boss fetches with `FOR UPDATE SKIP LOCKED`, so any number of server instances may run
 * workers on one database and each job runs on one of them.
 *
 * Queues (one per lifecycle kind, policy `short`: at most one queued job per singleton key):
 *   room-open, reminder-24h, reminder-15m, room-end — data `{meetingId, occurrenceKey}`,
 *   singletonKey `${meetingId}|${occurrenceKey}`; plus `schedule-horizon` (cron, every 15 min).
 */
import PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import type { Sql, Tx } from '../db/db.js';

export const LIFECYCLE_KINDS = ['open-room', 'reminder-24h', 'reminder-15m', 'end-room'] as const;
export type LifecycleKind = (typeof LIFECYCLE_KINDS)[number];
export const HORIZON_QUEUE = 'schedule-horizon';
/** Sends due LTI AGS scores (lti/ags.ts); one queued sweep at a time. */
export const AGS_QUEUE = 'lti-ags-outbox';
/** Expires overdue coffee-chat requests and pauses people with three unanswered intros (every 5 min). */
export const COFFEE_SWEEP_QUEUE = 'coffee-sweep';
/** Refreshes an LTI context roster (lti/nrps.ts). */
export const ROSTER_QUEUE = 'lti-roster-sync';
/** Grades a finished LTI session (lti/grades.ts). */
export const GRADE_QUEUE = 'lti-grade-session';

/** pg-boss queue name for a lifecycle kind (one queue per kind). */
export const queueFor = (kind: LifecycleKind) => `lifecycle-${kind}`;

/** Data carried by every lifecycle job. */
export interface LifecycleJobData {
  meetingId: string;
  occurrenceKey: string;
  kind: LifecycleKind;
}

/** Retry options of lifecycle jobs (pg-boss queue and send options). */
export interface RetryOptions {
  retryLimit: number;
  /** Seconds before the first retry. */
  retryDelay: number;
  /** Double the delay on each retry (with jitter): delay·2^(n-1) … delay·2^n s before the n-th retry. */
  retryBackoff: boolean;
}

/**
 * Retry policy for lifecycle jobs, from JOBS_RETRY_LIMIT / JOBS_RETRY_DELAY_SECONDS / JOBS_RETRY_BACKOFF
 * (defaults 8, 2 s, backoff: LiveKit may be briefly unreachable; retries come after ~2–4, 4–8, 8–16 s, …).
 */
export function lifecycleRetry(config: Pick<Config, 'JOBS_RETRY_LIMIT' | 'JOBS_RETRY_DELAY_SECONDS' | 'JOBS_RETRY_BACKOFF'>): RetryOptions {
  return { retryLimit: config.JOBS_RETRY_LIMIT, retryDelay: config.JOBS_RETRY_DELAY_SECONDS, retryBackoff: config.JOBS_RETRY_BACKOFF };
}

/**
 * pg-boss's `Db` interface over postgres.js: `{rows}` out; `undefined` parameters become NULL. pg-boss's own
 * migration scripts carry `BEGIN; … COMMIT;`, which postgres.js only allows on a reserved connection. pg-boss binds
 * JSON text to json parameters, as node-postgres expects: `sql` must come from `createSql` (server/db/db.ts), which sends
 * such strings as they are.
 */
export function bossDb(sql: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      let rows: unknown;
      if (values && values.length) {
        rows = await sql.unsafe(text, values.map((v) => (v === undefined ? null : v)) as never[]);
      } else if (/\bBEGIN\s*;/i.test(text) && 'reserve' in sql) {
        const conn = await (sql as Sql).reserve();
        try {
          rows = await conn.unsafe(text);
        } finally {
          conn.release();
        }
      } else {
        rows = await sql.unsafe(text);
      }
      return { rows: Array.from(rows as unknown[]) as any[] };
    },
  };
}

export interface Jobs {
  /** The pg-boss instance used to send and cancel (no timers of its own). */
  boss: PgBoss;
  /** Options to pass to `boss.send`/`boss.cancel` to act inside transaction `tx`. */
  inTx(tx: Tx): { db: PgBoss.Db };
}

/**
 * Install/upgrade pg-boss's schema (`pgboss`, advisory-locked: safe from several instances), create the queues,
 * and return a sender. Runs no polling, supervision or cron: see `startWorkers` (server/jobs/workers.ts).
 * @param retry the lifecycle queues' default retry policy when they are created (each job is also sent with the
 *   current policy, so a changed JOBS_RETRY_* applies to an existing database too)
 */
export async function createJobs(sql: Sql, retry: RetryOptions): Promise<Jobs> {
  const boss = new PgBoss({ db: bossDb(sql), supervise: false, schedule: false, migrate: true });
  boss.on('error', () => {});
  await boss.start();
  await ensureQueues(boss, retry);
  return { boss, inTx: (tx) => ({ db: bossDb(tx) }) };
}

/** Create the queues if missing (idempotent); `retry` is the lifecycle queues' policy. */
export async function ensureQueues(boss: PgBoss, retry: RetryOptions): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  const create = async (name: string, opts: PgBoss.Queue) => {
    if (existing.has(name)) return;
    // Another instance may create it at the same moment: a duplicate is fine.
    await boss.createQueue(name, opts).catch(async (e) => {
      if (!(await boss.getQueue(name))) throw e;
    });
  };
  for (const kind of LIFECYCLE_KINDS) await create(queueFor(kind), { name: queueFor(kind), policy: 'short', ...retry });
  await create(HORIZON_QUEUE, { name: HORIZON_QUEUE, policy: 'short' });
  await create(AGS_QUEUE, { name: AGS_QUEUE, policy: 'short' });
  await create(COFFEE_SWEEP_QUEUE, { name: COFFEE_SWEEP_QUEUE, policy: 'short' });
  await create(ROSTER_QUEUE, { name: ROSTER_QUEUE, policy: 'short', retryLimit: 5, retryDelay: 10, retryBackoff: true });
  await create(GRADE_QUEUE, { name: GRADE_QUEUE, policy: 'short', retryLimit: 8, retryDelay: 5, retryBackoff: true });
}
