/**
 * `npm start`: everything a newcomer needs, from the environment (see server/config.ts).
 *  - no DATABASE_URL → embedded PostgreSQL in $DATA_DIR/postgres (kept across restarts)
 *  - no LIVEKIT_URL  → local LiveKit server in dev mode (installed with Go at a pinned version)
 *  - migrations, a dev organisation with an API key (printed), the Hono server, the demo URL.
 * Ctrl-C / SIGTERM stops all of it; a crashed previous run does not stop the next start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createApp } from '../server/app.js';
import { ConfigError, loadConfig, publicUrl } from '../server/config.js';
import { createDeps, listen } from '../server/main.js';
import { ensureDevOrganization } from '../server/modules/organizations/service.js';
import { startWorkers } from '../server/main.js';
import { startEmbeddedPostgres } from './lib/embedded-postgres.js';
import { startLocalLiveKit } from './lib/livekit.js';

const stops: (() => Promise<unknown>)[] = [];
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const stop of stops.reverse()) await stop().catch((e) => console.error(String(e)));
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function main() {
  const config = loadConfig();
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const say = (m: string) => console.log(m);

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    say(`Starting embedded PostgreSQL (${dataDir}/postgres, port ${config.EMBEDDED_PG_PORT})…`);
    const pg = await startEmbeddedPostgres({ dataDir: resolve(dataDir, 'postgres'), port: config.EMBEDDED_PG_PORT, log: say });
    stops.push(() => pg.stop());
    databaseUrl = pg.url;
  }

  let lk = config.LIVEKIT_URL ? { url: config.LIVEKIT_URL, apiKey: config.LIVEKIT_API_KEY!, apiSecret: config.LIVEKIT_API_SECRET! } : undefined;
  if (!lk) {
    say(`Starting local LiveKit server (dev mode, 127.0.0.1:${config.LIVEKIT_PORT})…`);
    const local = await startLocalLiveKit({
      port: config.LIVEKIT_PORT,
      stateDir: resolve(dataDir, 'livekit'),
      webhookUrl: `http://127.0.0.1:${config.PORT}/api/v1/livekit/webhook`,
      log: say,
    });
    stops.push(() => local.stop());
    lk = local;
  }

  const deps = await createDeps(config, databaseUrl, lk);
  stops.push(() => deps.sql.end());

  // The dev API key is kept in a git-ignored file so the same key works after a restart.
  const keyFile = resolve(dataDir, 'dev-api-key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, `vr_dev_${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  const devKey = readFileSync(keyFile, 'utf8').trim();
  await ensureDevOrganization(deps.sql, devKey);

  const demo = process.env.DEMO ? process.env.DEMO === 'true' : !config.DATABASE_URL;
  const app = createApp(deps, { demo });
  const { server } = await listen(app.fetch, config.PORT, config.HOST, deps);
  stops.push(() => new Promise((r) => server.close(r)));
  if (config.JOBS_WORKERS) {
    const workers = await startWorkers(deps);
    stops.push(() => workers.stop());
  }

  const base = publicUrl(config);
  say('');
  say(`  Dev API key (organisation "dev"): ${devKey}`);
  say(`  API docs:  ${base}/api/v1/docs`);
  say(demo ? `\n  Open the demo: ${base}/demo/\n` : `\n  Server ready: ${base}\n`);
}

main().catch(async (e) => {
  console.error(e instanceof ConfigError ? e.message : `Start-up failed: ${e instanceof Error ? e.message : String(e)}`);
  await shutdown(1);
});
