/**
 * LiveKit webhook ingest into PostgreSQL, with idempotency: signed deliveries over HTTP to the real server
 * (verify → store once per event id → attendance row; participant events arriving together share one statement
 * and one commit, server/modules/webhooks/service.ts). The mix: per room a room_started,
 * 40 people × 2 connections (joined + left), a room_finished; rooms interleaved, 10 % of deliveries sent again
 * (LiveKit retries) and every left delivered before its joined for a quarter of the people (out of order).
 * Baseline in the same run: the same deliveries to a Hono handler that only verifies the signature (with the SDK's
 * WebhookReceiver). Also printed: each server's own CPU per delivery after start-up (µs), which moves less than
 * events/s when the machine's other tenants are busy.
 *   npx tsx bench/webhook-ingest.ts            (embedded PostgreSQL in .data/bench; or DATABASE_URL)
 *   BENCH_ROOMS=50 BENCH_CONCURRENCY=32 npx tsx bench/webhook-ingest.ts
 */
import { benchDatabase } from './support/bench-db.js';
import { serveForBench, startBenchChild, stopBenchChild } from './support/child-server.js';
import { createHash, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { AccessToken, WebhookReceiver } from 'livekit-server-sdk';
import postgres from 'postgres';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createDeps } from '../server/main.js';
import { createMeeting } from '../server/modules/meetings/service.js';
import { createOrganization } from '../server/modules/organizations/service.js';

const LK = { url: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret' };
const [mode, childDbUrl] = process.argv.slice(2);

if (mode === 'serve-verify' || mode === 'serve-app') {
  // Child process: serve on a free port, print READY <port>.
  let fetchFn: (req: Request) => Response | Promise<Response>;
  if (mode === 'serve-verify') {
    const receiver = new WebhookReceiver(LK.apiKey, LK.apiSecret);
    const app = new Hono();
    app.post('/api/v1/livekit/webhook', async (c) => {
      const ev = await receiver.receive(await c.req.text(), c.req.header('authorization'));
      return c.json({ ok: true, duplicate: ev.id === '' });
    });
    fetchFn = app.fetch;
  } else {
    const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), childDbUrl!, LK);
    fetchFn = createApp(deps).fetch;
  }
  await serveForBench(fetchFn);
} else {
  await main();
}

async function main() {
  const ROOMS = Number(process.env.BENCH_ROOMS ?? 50);
  const PEOPLE = 40;
  const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

  const db = await benchDatabase('vr_bench_webhooks');
  const dbUrl = db.url;

  // Meetings whose rooms the events name.
  const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), dbUrl, LK);
  const org = await createOrganization(deps.sql, { name: 'Bench', slug: 'bench' });
  const rooms: string[] = [];
  for (let i = 0; i < ROOMS; i++) rooms.push((await createMeeting(deps, org, { title: `Bench ${i}`, description: '', type: 'class', timezone: 'UTC', publicJoin: false })).roomName);
  await deps.sql.end();

  // The deliveries, signed as LiveKit signs them (JWT with the body's sha256).
  const t0 = Math.floor(Date.now() / 1000) - 3600;
  const perRoom = rooms.map((name, r) => {
    const room = { name, sid: `RM_${r}` };
    const ev = (event: string, at: number, extra: object = {}) => JSON.stringify({ event, id: `EV_${randomUUID()}`, createdAt: String(t0 + at), room, ...extra });
    const list = [ev('room_started', 0)];
    for (let p = 0; p < PEOPLE; p++) {
      for (let k = 0; k < 2; k++) {
        const joinedAt = t0 + 60 + p * 7 + k * 1500;
        const participant = { sid: `PA_${r}_${p}_${k}`, identity: `user-${p}`, name: `Person ${p}`, joinedAt: String(joinedAt), joinedAtMs: String(joinedAt * 1000), metadata: JSON.stringify({ role: 'participant' }) };
        const joined = ev('participant_joined', joinedAt - t0, { participant });
        const left = ev('participant_left', joinedAt - t0 + 1200, { participant });
        list.push(...(p % 4 === 0 ? [left, joined] : [joined, left]));
      }
    }
    list.push(ev('room_finished', 3600));
    return list;
  });
  const unique: string[] = [];
  for (let i = 0; perRoom.some((l) => i < l.length); i++) for (const l of perRoom) if (i < l.length) unique.push(l[i]!);
  const bodies: string[] = [];
  for (let i = 0; i < unique.length; i++) {
    bodies.push(unique[i]!);
    if (i % 10 === 5) bodies.push(unique[i - 3]!); // a retry of a recent event
  }
  const deliveries = await Promise.all(
    bodies.map(async (body) => {
      const at = new AccessToken(LK.apiKey, LK.apiSecret);
      at.sha256 = createHash('sha256').update(body).digest('base64');
      return { body, authorization: await at.toJwt() };
    }),
  );

  const self = fileURLToPath(import.meta.url);
  const startChild = (args: string[]) => startBenchChild(self, args);
  const stopChild = stopBenchChild;

  /** Send every delivery with CONCURRENCY requests in flight (keep-alive); events/s, p99 ms, duplicates seen. */
  async function send(port: number) {
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const latencies: number[] = [];
    let duplicates = 0;
    let failures = 0;
    let next = 0;
    const post = (d: (typeof deliveries)[number]) =>
      new Promise<void>((resolve, reject) => {
        const start = performance.now();
        const req = request({ host: '127.0.0.1', port, path: '/api/v1/livekit/webhook', method: 'POST', agent, headers: { 'content-type': 'application/webhook+json', authorization: d.authorization, 'content-length': Buffer.byteLength(d.body) } }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => {
            latencies.push(performance.now() - start);
            if (res.statusCode !== 200) failures++;
            else if (JSON.parse(text).duplicate) duplicates++;
            resolve();
          });
        });
        req.on('error', reject);
        req.end(d.body);
      });
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next < deliveries.length) await post(deliveries[next++]!); }));
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    if (failures) throw new Error(`port ${port}: ${failures} deliveries failed`);
    return { eps: deliveries.length / seconds, p99: latencies[Math.floor(latencies.length * 0.99)]!, duplicates };
  }

  const verify = await startChild(['serve-verify']);
  await send(verify.port); // warm-up
  const base = await send(verify.port);
  const baseCpu = (await stopChild(verify)) / 2; // two passes

  const app = await startChild(['serve-app', dbUrl]);
  const ingest = await send(app.port);
  const ingestCpu = await stopChild(app);

  const check = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const [{ stored }] = await check<{ stored: number }[]>`SELECT count(*)::int AS stored FROM livekit_webhook_events`;
  const [{ rows }] = await check<{ rows: number }[]>`SELECT count(*)::int AS rows FROM attendance_events`;
  await check.end();
  await db.stop();
  if (stored !== unique.length || rows !== unique.length || ingest.duplicates !== bodies.length - unique.length) {
    throw new Error(`idempotency broken: ${stored} webhook rows, ${rows} attendance rows, ${ingest.duplicates} duplicates for ${unique.length} unique events`);
  }

  console.log(`webhook-deliveries ${bodies.length} deliveries (${unique.length} unique, ${bodies.length - unique.length} retries)`);
  console.log(`verify-only-eps ${base.eps.toFixed(0)} events/s`);
  console.log(`webhook-ingest-eps ${ingest.eps.toFixed(0)} events/s (target 2000)`);
  console.log(`webhook-ingest-p99 ${ingest.p99.toFixed(1)} ms`);
  console.log(`ingest-vs-verify-ratio ${(ingest.eps / base.eps).toFixed(2)}`);
  console.log(`verify-only-server-cpu ${(baseCpu / bodies.length).toFixed(0)} µs/event`);
  console.log(`webhook-ingest-server-cpu ${(ingestCpu / bodies.length).toFixed(0)} µs/event`);
  process.exit(0);
}
