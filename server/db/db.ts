/**
 * PostgreSQL access (postgres.js) and migrations (node-pg-migrate, SQL files in server/migrations).
 */
import postgres from 'postgres';
import { runner } from 'node-pg-migrate';
import { fileURLToPath } from 'node:url';

export type Sql = postgres.Sql;
/** A connection or a transaction: store functions accept either. */
export type Tx = postgres.Sql | postgres.TransactionSql;
/** An open transaction (`sql.begin(async (tx) => …)`): what a service takes when its writes must join the caller's. */
export type Transaction = postgres.TransactionSql;

/**
 * Run `fn` in the caller's transaction `tx` when there is one, else in a new transaction on `sql` (committed when
 * `fn` resolves, rolled back when it throws).
 */
export function inTransaction<T>(sql: Sql, tx: Transaction | undefined, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : (sql.begin(fn) as Promise<T>);
}

/**
 * json/jsonb parameters as node-postgres sends them: a string is JSON text already and goes as it is; anything else
 * is JSON.stringify'd. postgres.js's default stringifies strings too, so the database got a JSON *string*: pg-boss,
 * written for node-postgres, binds its batch inserts (what its cron scheduler sends) as JSON text, and they failed
 * with "cannot call json_to_recordset on a scalar". Results are parsed as before.
 */
const json = {
  to: 114,
  from: [114, 3802],
  serialize: (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x)),
  parse: (x: string) => JSON.parse(x),
};

/** Open a pool. `max` connections per server instance. */
export function createSql(databaseUrl: string, opts: { max?: number } = {}): Sql {
  return postgres(databaseUrl, {
    max: opts.max ?? 10,
    onnotice: () => {},
    connection: { application_name: 'video-rooms' },
    types: { json },
  }) as unknown as Sql;
}

export const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Apply every pending migration (takes PostgreSQL's advisory lock, so several instances may call it at once).
 * @throws the migration's error; nothing of a failed migration is kept (each runs in a transaction)
 */
export async function migrate(databaseUrl: string): Promise<void> {
  await runner({
    databaseUrl,
    dir: migrationsDir,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    log: () => {},
    checkOrder: true,
  });
}
