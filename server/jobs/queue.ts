/**
 * The job queue: pg-boss 10 on this server's own postgres.js pool (pg-boss's `db` adapter option), so jobs can be
 * sent and cancelled inside the same transaction as the change that caused them (a transactional outbox: the job
 * exists exactly when the change committed), and closing the pool closes the queue. pg-boss fetches with
 * `FOR UPDATE SKIP LOCKED`, so any number of server instances may run workers on one database and each job runs on
 * one of them.
 *
 * Shared infrastructure: no queue names live here. Each module declares the queues it owns and registers its own
 * handlers (its `jobs.ts`, a `JobModule`: server/jobs/workers.ts); the composition root (server/main.ts) lists them.
 * Imports: pg-boss, server/db only.
 */
import PgBoss from 'pg-boss';
import type { Sql, Tx } from '../db/db.js';

/** A queue a module owns: created at start-up (idempotent) with these options (policy, retry/backoff). */
export interface QueueSpec {
  name: string;
  options?: Omit<PgBoss.Queue, 'name'>;
}

/** Retry options of a queue or a job (pg-boss queue and send options). */
export interface RetryOptions {
  retryLimit: number;
  /** Seconds before the first retry. */
  retryDelay: number;
  /** Double the delay on each retry (with jitter): delay·2^(n-1) … delay·2^n s before the n-th retry. */
  retryBackoff: boolean;
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
 * @param queues every module's queues (server/main.ts `jobModules`)
 */
export async function createJobs(sql: Sql, queues: QueueSpec[]): Promise<Jobs> {
  const boss = new PgBoss({ db: bossDb(sql), supervise: false, schedule: false, migrate: true });
  boss.on('error', () => {});
  await boss.start();
  await ensureQueues(boss, queues);
  return { boss, inTx: (tx) => ({ db: bossDb(tx) }) };
}

/** Create the queues if missing (idempotent; several instances may start at once). */
export async function ensureQueues(boss: PgBoss, queues: QueueSpec[]): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  for (const q of queues) {
    if (existing.has(q.name)) continue;
    // Another instance may create it at the same moment: a duplicate is fine.
    await boss.createQueue(q.name, { ...q.options, name: q.name }).catch(async (e) => {
      if (!(await boss.getQueue(q.name))) throw e;
    });
  }
}
