/**
 * Join-ticket exchange (POST /api/v1/join: verify ticket, read the meeting from PostgreSQL, mint a LiveKit
 * token) against a bare Hono handler, each in its own server process, loaded by autocannon (concurrency 50):
 * req/s, p99, their ratio, and each server's CPU per request.
 *   npx tsx bench/token-throughput.ts            (embedded PostgreSQL in .data/bench; or DATABASE_URL)
 */
import { benchDatabase } from './support/bench-db.js';
import autocannon from 'autocannon';
import { startBenchChild, stopBenchChild } from './support/child-server.js';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.js';
import { createDeps } from '../server/main.js';
import { createJoinTicket } from '../server/modules/join/service.js';
import { createMeeting } from '../server/modules/meetings/service.js';
import { createOrganization } from '../server/modules/organizations/service.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);

const db = await benchDatabase('vr_bench');
const dbUrl = db.url;

const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), dbUrl, { url: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret' });
const org = await createOrganization(deps.sql, { name: 'Bench', slug: 'bench' });
const meeting = await createMeeting(deps, org, { title: 'Bench', description: '', type: 'class', timezone: 'UTC', publicJoin: false });
const { ticket } = await createJoinTicket(deps, org, meeting.id, { user: { id: 'u1', name: 'Bench User' }, role: 'participant', ttlSeconds: 3600 });
await deps.sql.end();

const serverScript = fileURLToPath(new URL('./support/throughput-server.ts', import.meta.url));
const startChild = (args: string[]) => startBenchChild(serverScript, args);
async function load(port: number) {
  const body = JSON.stringify({ ticket });
  // warm-up, then the measured run
  const w = await autocannon({ url: `http://127.0.0.1:${port}/api/v1/join`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 50, duration: 2 });
  const r = await autocannon({ url: `http://127.0.0.1:${port}/api/v1/join`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 50, duration: DURATION });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`port ${port}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99, requests: w.requests.total + r.requests.total };
}

const stopChild = stopBenchChild;
const bare = await startChild(['bare']);
const b = await load(bare.port);
const bareCpu = await stopChild(bare);
const app = await startChild(['app', dbUrl]);
const a = await load(app.port);
const appCpu = await stopChild(app);
await db.stop();

console.log(`bare-hono-rps ${b.rps.toFixed(0)} req/s`);
console.log(`bare-hono-p99 ${b.p99} ms`);
console.log(`join-exchange-rps ${a.rps.toFixed(0)} req/s`);
console.log(`join-exchange-p99 ${a.p99} ms`);
console.log(`join-vs-bare-ratio ${(a.rps / b.rps).toFixed(2)} (target 0.5)`);
// Server CPU per request (user + system of the server process, warm-up included): steadier than req/s on a shared
// machine, and what sizing a deployment needs (a 2,000-people class joining within a minute ≈ 33 joins/s).
console.log(`bare-hono-server-cpu ${(bareCpu / b.requests).toFixed(0)} µs/request`);
console.log(`join-exchange-server-cpu ${(appCpu / a.requests).toFixed(0)} µs/request`);
