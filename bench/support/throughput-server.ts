/**
 * Child process for bench/token-throughput.ts: serves either a bare Hono handler or the real app
 * on a free port and prints `READY <port>` on stdout, then `CPU <µs>` (its CPU after start-up) when it gets SIGTERM.
 *   tsx bench/support/throughput-server.ts bare
 *   tsx bench/support/throughput-server.ts app <databaseUrl>
 */
import { Hono } from 'hono';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDeps, listen } from '../../server/main.js';

const [mode, databaseUrl] = process.argv.slice(2);
let fetchFn: Parameters<typeof listen>[0];
if (mode === 'bare') {
  const app = new Hono();
  app.post('/api/v1/join', async (c) => c.json({ ok: true, echo: (await c.req.json()).ticket?.length ?? 0 }));
  fetchFn = app.fetch;
} else {
  const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), databaseUrl!, { url: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret' });
  fetchFn = createApp(deps).fetch;
}
const { port } = await listen(fetchFn, 0, '127.0.0.1');
const ready = process.cpuUsage();
console.log(`READY ${port}`);
// On SIGTERM: the CPU this server spent after start-up (user + system, µs), less sensitive to the machine's other
// load than req/s.
process.on('SIGTERM', () => {
  const u = process.cpuUsage(ready);
  process.stdout.write(`CPU ${u.user + u.system}\n`, () => process.exit(0));
});
