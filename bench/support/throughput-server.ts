/**
 * Child process for bench/token-throughput.ts: serves either a bare Hono handler or the real app
 * on a free port and prints `READY <port>` on stdout.
 *   tsx bench/support/throughput-server.ts bare
 *   tsx bench/support/throughput-server.ts app <databaseUrl>
 */
import { Hono } from 'hono';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDeps, listen } from '../../server/main.js';

const [mode, databaseUrl] = process.argv.slice(2);
if (mode === 'bare') {
  const app = new Hono();
  app.post('/api/v1/join', async (c) => c.json({ ok: true, echo: (await c.req.json()).ticket?.length ?? 0 }));
  const { port } = await listen(app.fetch, 0, '127.0.0.1');
  console.log(`READY ${port}`);
} else {
  const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), databaseUrl!, { url: 'ws://127.0.0.1:7880', apiKey: 'devkey', apiSecret: 'secret' });
  const { port } = await listen(createApp(deps).fetch, 0, '127.0.0.1');
  console.log(`READY ${port}`);
}
process.on('SIGTERM', () => process.exit(0));
