/**
 * A fresh database for one benchmark: on DATABASE_URL's server when set, else on an embedded PostgreSQL whose
 * files stay in .data/bench/postgres between runs. The database `name` is dropped and created anew each run.
 */
import postgres from 'postgres';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.js';
import { freePort } from '../../scripts/lib/ports.js';

export async function benchDatabase(name: string): Promise<{ url: string; stop(): Promise<void> }> {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: fileURLToPath(new URL('../../.data/bench/postgres', import.meta.url)), port: await freePort() });
    adminUrl = pg.url;
    stop = () => pg.stop();
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  return { url: adminUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`), stop };
}
