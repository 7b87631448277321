/**
 * Child process for bench/token-throughput.ts: serves either a bare Hono handler or the real app
 * on a free port (bench/support/child-server.ts: `READY <port>`, then `CPU <µs>` on SIGTERM).
 *   tsx bench/support/throughput-server.ts bare
 *   tsx bench/support/throughput-server.ts app <databaseUrl>
 */
import { Hono } from 'hono';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDeps } from '../../server/main.js';
import { serveForBench } from './child-server.js';

const [mode, databaseUrl] = process.argv.slice(2);
let fetchFn: Parameters<typeof serveForBench>[0];
if (mode === 'bare') {
  const app = new Hono();
  app.post('/api/v1/join', async (c) => c.json({ ok: true, echo: (await c.req.json()).ticket?.length ?? 0 }));
  fetchFn = app.fetch;
} else {
  const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), databaseUrl!, { url: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret' });
  fetchFn = createApp(deps).fetch;
}
await serveForBench(fetchFn);
