/**
 * LTI launch server time: the tool's legs of a launch — GET /lti/login, POST /lti/launch (page),
 * POST /lti/launch/verify (id_token checks, meeting lookup, ticket) — summed per launch; the platform's own
 * signing (the emulator) is not counted. Platform JWKS cached (after warm-up). Median and p99 over 200 launches.
 *   npx tsx bench/lti-launch.ts          (embedded PostgreSQL in .data/bench; BENCH_LAUNCHES=200)
 */
import { benchDatabase } from './support/bench-db.js';
import { freePort } from '../scripts/lib/ports.js';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createDeps, listen } from '../server/main.js';
import { createOrganization } from '../server/modules/organizations/service.js';
import { registerPlatform } from '../lti/platforms.js';
import { LIS, startEmulator } from '../tests/support/lms-emulator.js';

const N = Number(process.env.BENCH_LAUNCHES ?? 200);
const free = freePort;

const db = await benchDatabase('vr_bench_lti');
const port = await free();
const base = `http://127.0.0.1:${port}`;
const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error', PORT: String(port), PUBLIC_URL: base }), db.url, { url: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret' });
const { server } = await listen(createApp(deps).fetch, port, '127.0.0.1', deps);
const org = await createOrganization(deps.sql, { name: 'Bench', slug: 'bench' });
const emu = await startEmulator();
await registerPlatform(deps, org.id, { name: 'Bench LMS', issuer: emu.issuer, clientId: emu.clientId, authEndpoint: emu.authEndpoint, tokenEndpoint: emu.tokenEndpoint, jwksUrl: emu.jwksUrl, deploymentIds: [emu.deploymentId] });

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}
async function launch(i: number): Promise<number> {
  const spec = { sub: `s-${i}`, name: `Student ${i}`, roles: [i % 20 === 0 ? LIS.instructor : LIS.learner], resourceLinkId: `link-${i % 10}` };
  const hint = emu.prepare(spec);
  const [html, t1] = await timed(async () => (await fetch(`${base}/lti/login?${new URLSearchParams(emu.loginParams(hint, base))}`)).text());
  const auth = new URL(JSON.parse(/const p = (\{.*?\});/.exec(html)![1]!).authUrl);
  const state = auth.searchParams.get('state')!;
  const idToken = await emu.idToken(spec, auth.searchParams.get('nonce')!); // the platform's part: not counted
  const [, t2] = await timed(async () => (await fetch(`${base}/lti/launch`, { method: 'POST', body: new URLSearchParams({ id_token: idToken, state }) })).text());
  const [res, t3] = await timed(() => fetch(`${base}/lti/launch/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: idToken, state }) }));
  if (res.status !== 200) throw new Error(`verify ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
  return t1 + t2 + t3;
}

for (let i = 0; i < 20; i++) await launch(-1 - i); // warm-up: JWKS fetched and cached, JIT, pools
const times: number[] = [];
for (let i = 0; i < N; i++) times.push(await launch(i));
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
console.log(`lti-launch-server-median ${q(0.5).toFixed(1)} ms (target 20)`);
console.log(`lti-launch-server-p99 ${q(0.99).toFixed(1)} ms`);
console.log(`lti-launches ${N} launches (min ${times[0]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms)`);

await emu.close();
await new Promise((r) => server.close(r));
await deps.sql.end();
await db.stop();
process.exit(0);
