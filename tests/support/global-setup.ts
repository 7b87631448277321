/**
 * vitest globalSetup: one real PostgreSQL (embedded, or TEST_DATABASE_URL) with a migrated template
 * database, and one real LiveKit server (local dev mode, or LIVEKIT_URL/KEY/SECRET). Each test file
 * clones the template (tests/support/server.ts), so files are independent.
 */
import { freePort, freePortTriple } from '../../scripts/lib/ports.js';
import type { TestProject } from 'vitest/node';
import { resolve } from 'node:path';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import postgres from 'postgres';
import { migrate } from '../../server/db/db.js';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.js';
import { startLocalLiveKit } from '../../scripts/lib/livekit.js';
import { startWebhookRelay } from './webhook-relay.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    livekit: { url: string; apiKey: string; apiSecret: string };
    /** The webhook relay LiveKit posts to (tests/support/webhook-relay.ts); '' when LiveKit is external (LIVEKIT_URL). */
    webhookRelayUrl: string;
  }
}

export const TEMPLATE_DB = 'vr_test_template';

/** Remove state folders of earlier runs whose process is gone (a killed run leaves its folder). */
function pruneOldRuns(dir: string) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = Number(name.split('-').pop());
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {}
    if (!alive) rmSync(resolve(dir, name), { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, '../..');
  const stops: (() => Promise<unknown>)[] = [];
  // Each run gets its own PostgreSQL cluster, LiveKit ports and state folder, so runs can overlap.
  const runs = resolve(root, '.data/test-runs');
  pruneOldRuns(runs);
  const runDir = resolve(runs, `run-${process.pid}`);
  stops.push(async () => rmSync(runDir, { recursive: true, force: true }));
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  // A part that fails to start (PostgreSQL up, then LiveKit down) stops what already runs: no process is left behind.
  try {
    let adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: resolve(runDir, 'postgres'), port: await freePort() });
      stops.push(() => pg.stop());
      adminUrl = pg.url;
    }
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    for (const { datname } of await admin`SELECT datname FROM pg_database WHERE datname LIKE 'vr_test_%'`) {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    await migrate(adminUrl.replace(/\/[^/?]*(\?|$)/, `/${TEMPLATE_DB}$1`));

    let livekit;
    let webhookRelayUrl = '';
    if (process.env.LIVEKIT_URL) {
      livekit = { url: process.env.LIVEKIT_URL, apiKey: process.env.LIVEKIT_API_KEY!, apiSecret: process.env.LIVEKIT_API_SECRET! };
    } else {
      // Tests that need LiveKit fail with this message rather than skip.
      // LiveKit's webhook URL is fixed at start; each test server registers with the relay (startTestServer({webhooks: true})).
      const relay = await startWebhookRelay();
      stops.push(() => relay.stop());
      webhookRelayUrl = relay.url;
      const lk = await startLocalLiveKit({ port: await freePortTriple(), stateDir: resolve(runDir, 'livekit'), webhookUrl: relay.webhookUrl });
      stops.push(() => lk.stop());
      livekit = { url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret };
    }

    project.provide('adminDatabaseUrl', adminUrl);
    project.provide('templateDatabase', TEMPLATE_DB);
    project.provide('livekit', livekit);
    project.provide('webhookRelayUrl', webhookRelayUrl);
  } catch (e) {
    await stopAll().catch(() => {});
    throw e;
  }

  return stopAll;
}
