/**
 * vitest globalSetup: one real PostgreSQL (embedded, or TEST_DATABASE_URL) with a migrated template
 * database, and one real LiveKit server (local dev mode, or LIVEKIT_URL/KEY/SECRET). Each test file
 * clones the template (tests/support/server.ts), so files are independent.
 */
import type { TestProject } from 'vitest/node';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import postgres from 'postgres';
import { migrate } from '../../server/store/db.js';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.js';
import { startLocalLiveKit } from '../../scripts/lib/livekit.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    livekit: { url: string; apiKey: string; apiSecret: string };
  }
}

export const TEMPLATE_DB = 'vr_test_template';

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

export default async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, '../..');
  const stops: (() => Promise<unknown>)[] = [];

  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: resolve(root, '.data/test/postgres'), port: await freePort() });
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
  if (process.env.LIVEKIT_URL) {
    livekit = { url: process.env.LIVEKIT_URL, apiKey: process.env.LIVEKIT_API_KEY!, apiSecret: process.env.LIVEKIT_API_SECRET! };
  } else {
    // Tests that need LiveKit fail with this message rather than skip.
    const lk = await startLocalLiveKit({ port: 17880, stateDir: resolve(root, '.data/test/livekit') });
    stops.push(() => lk.stop());
    livekit = { url: lk.url, apiKey: lk.apiKey, apiSecret: lk.apiSecret };
  }

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE_DB);
  project.provide('livekit', livekit);

  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
