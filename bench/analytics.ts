/**
 * Engagement analytics (server/modules/analytics) of one large class session, over HTTP with real PostgreSQL:
 * BENCH_PEOPLE people (default 300) with two join/leave cycles each, 10 chat messages each, one screen share per
 * 10 people. Stored rows are written straight with SQL (the ingest has its own bench: webhook-ingest.ts).
 * - analytics-json: GET /meetings/{id}/analytics, median and p95 of BENCH_RUNS sequential requests (default 100).
 * - attendance-json (baseline, same run, same meeting): GET /meetings/{id}/attendance — analytics reads it first.
 * - analytics-over-attendance: the ratio of the medians (what the extra sources and figures cost).
 *   npx tsx bench/analytics.ts            (embedded PostgreSQL in .data/bench; or DATABASE_URL)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { benchDatabase } from './support/bench-db.js';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createDeps, listen } from '../server/main.js';
import { ensureDevOrganization } from '../server/modules/organizations/service.js';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 300);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const db = await benchDatabase('vr_bench_analytics');
const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), db.url, { url: 'ws://127.0.0.1:9', apiKey: 'devkey', apiSecret: 'secret' });
const apiKey = `vr_dev_${randomBytes(12).toString('hex')}`;
await ensureDevOrganization(deps.sql, apiKey);
const { server, port } = await listen(createApp(deps).fetch, 0, '127.0.0.1');
const base = `http://127.0.0.1:${port}`;
try {
  const get = async (path: string) => {
    const res = await fetch(base + path, { headers: { authorization: `Bearer ${apiKey}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const created = await fetch(`${base}/api/v1/meetings`, {
    method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Lecture hall' }),
  }).then((r) => r.json());
  const [session] = await deps.sql<{ id: string }[]>`SELECT id FROM meeting_sessions WHERE meeting_id = ${created.id}`;
  const t0 = Date.now() - 3 * 3_600_000;
  const min = (m: number) => new Date(t0 + m * 60_000);
  const events: Record<string, unknown>[] = [];
  const messages: Record<string, unknown>[] = [];
  const shares: Record<string, unknown>[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const identity = `student-${i}`;
    for (const [c, [a, b]] of [[i % 10, 40 + (i % 15)], [60 + (i % 7), 110 + (i % 9)]].entries()) {
      const sid = `PA_${i}_${c}`;
      const row = { meeting_id: created.id, session_id: session!.id, identity, participant_sid: sid, name: `Student ${i}`, role: 'participant' };
      events.push({ ...row, event_id: `EV_${randomUUID()}`, kind: 'participant_joined', occurred_at: min(a!), session_joined_at: null });
      events.push({ ...row, event_id: `EV_${randomUUID()}`, kind: 'participant_left', occurred_at: min(b!), session_joined_at: min(a!) });
    }
    for (let k = 0; k < 10; k++) {
      messages.push({ id: randomUUID(), meeting_id: created.id, sender_identity: identity, sender_name: `Student ${i}`, sender_role: 'participant', text: `message ${k}`, created_at: min(5 + k * 9) });
    }
    if (i % 10 === 0) shares.push({ session_id: session!.id, track_sid: `TR_${i}`, meeting_id: created.id, identity, started_at: min(15), ended_at: min(25 + (i % 20)) });
  }
  for (let i = 0; i < events.length; i += 1000) await deps.sql`INSERT INTO attendance_events ${deps.sql(events.slice(i, i + 1000))}`;
  for (let i = 0; i < messages.length; i += 1000) await deps.sql`INSERT INTO chat_messages ${deps.sql(messages.slice(i, i + 1000))}`;
  await deps.sql`INSERT INTO screen_shares ${deps.sql(shares)}`;
  await deps.sql`ANALYZE`;

  const check = await get(`/api/v1/meetings/${created.id}/analytics`);
  if (check.people.length !== PEOPLE || check.summary.messages !== PEOPLE * 10) throw new Error('unexpected analytics answer');
  const time = async (path: string) => {
    const t = performance.now();
    await get(path);
    return performance.now() - t;
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 10; i++) await time(`/api/v1/meetings/${created.id}/analytics`); // warm-up
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so the machine's other tenants weigh on both alike.
    a.push(await time(`/api/v1/meetings/${created.id}/analytics`));
    b.push(await time(`/api/v1/meetings/${created.id}/attendance`));
  }
  const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const f = (v: number) => v.toFixed(1);
  console.log(`analytics-json-median ${f(q(a, 0.5))} ms (target ≤ 100; ${PEOPLE} people, ${events.length} attendance events, ${messages.length} messages, ${shares.length} shares)`);
  console.log(`analytics-json-p95 ${f(q(a, 0.95))} ms (target ≤ 200)`);
  console.log(`attendance-json-median ${f(q(b, 0.5))} ms (baseline, same meeting, same run)`);
  console.log(`attendance-json-p95 ${f(q(b, 0.95))} ms (baseline)`);
  console.log(`analytics-over-attendance ${(q(a, 0.5) / q(b, 0.5)).toFixed(2)} x (target ≤ 2)`);
} finally {
  (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  await new Promise((r) => server.close(r));
  await deps.sql.end();
  await db.stop();
}
