/**
 * pg-boss on postgres.js (server/jobs/queue.ts `bossDb`): the cron schedules (coffee sweep, schedule horizon) reach their queues. pg-boss's scheduler sends them with `insert()`, which binds the batch as one
 * JSON string; postgres.js must not encode it a second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COFFEE_SWEEP_QUEUE } from '../../server/modules/coffee/jobs.js';
import { HORIZON_QUEUE } from '../../server/modules/scheduling/queues.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.close();
});

describe('job queue', () => {
  it("what pg-boss's cron scheduler sends (a batch insert) is queued with its data", async () => {
    const boss = s.deps.jobs.boss;
    await boss.insert([
      { name: HORIZON_QUEUE, data: { from: 'cron', n: 1 } },
      { name: COFFEE_SWEEP_QUEUE, data: { from: 'cron', n: 2 } },
    ]);
    const rows = await s.deps.sql<{ name: string; data: unknown }[]>`
      SELECT name, data FROM pgboss.job WHERE data->>'from' = 'cron' ORDER BY name`;
    expect(rows).toEqual([
      { name: COFFEE_SWEEP_QUEUE, data: { from: 'cron', n: 2 } }, // 'coffee-sweep'
      { name: HORIZON_QUEUE, data: { from: 'cron', n: 1 } }, // 'schedule-horizon'
    ]);
  });
});
