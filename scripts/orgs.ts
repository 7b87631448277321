/**
 * Organisations CLI for operators (`npm run orgs -- <command>`), the same service as the operator API
 * (server/modules/organizations/service.ts):
 *   create <slug> --name <name> [--key-name <label>]   a new organisation and its first API key (shown once)
 *   list                                              organisations and their keys (id, prefix, revoked or not)
 *   rotate-key <slug> [--key <keyId>] [--name <label>] a new key (shown once); revokes <keyId>, or every active key
 *   revoke-key <slug> <keyId>                         the key answers 401 from now on, on every server instance
 * Add --json for machine-readable output. Exit codes: 0 done, 1 refused (message on stderr), 2 usage.
 * Database: DATABASE_URL, else the embedded PostgreSQL of `npm start` ($DATA_DIR/postgres, EMBEDDED_PG_PORT): the
 * running one when `npm start` is up, else started for the command and stopped after it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { AppError } from '../server/errors.js';
import { KeyIdSchema, OrganizationCreateSchema, RotateKeySchema, SlugSchema } from '../server/modules/organizations/schemas.js';
import { createOrganizationWithKey, listOrganizationsWithKeys, revokeApiKey, rotateApiKey, type ApiKeyView } from '../server/modules/organizations/service.js';
import { createSql, migrate } from '../server/db/db.js';
import { startEmbeddedPostgres } from './lib/embedded-postgres.js';

const USAGE = `usage: npm run orgs -- create <slug> --name <name> [--key-name <label>]
       npm run orgs -- list
       npm run orgs -- rotate-key <slug> [--key <keyId>] [--name <label>]
       npm run orgs -- revoke-key <slug> <keyId>
       (add --json for machine-readable output)`;

class UsageError extends Error {}

/** The embedded cluster of `npm start`: reuse it when it runs (its postmaster.pid names a live process), else start it. */
async function embeddedDatabase(dataDir: string, port: number): Promise<{ url: string; stop?: () => Promise<void> }> {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 0);
      return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` };
    } catch {} // stale: startEmbeddedPostgres cleans it up
  }
  const pg = await startEmbeddedPostgres({ dataDir, port });
  return { url: pg.url, stop: () => pg.stop() };
}

const keyLine = (k: ApiKeyView) => `  key ${k.id}  ${k.prefix}…  "${k.name}"  created ${k.createdAt}${k.revokedAt ? `  REVOKED ${k.revokedAt}` : '  active'}`;
const showOnce = (key: string) => `API key (shown once, store it now; only its SHA-256 is kept):\n${key}`;

/** Parse a zod schema's input or throw a UsageError naming the option. */
function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, v: unknown): T {
  const r = schema.safeParse(v);
  if (!r.success) throw new UsageError(r.error.issues.map((i) => `${i.path.map(String).join('.') || 'value'}: ${i.message}`).join('; '));
  return r.data;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, 'key-name': { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [command, ...args] = positionals;
  const out = (data: unknown, text: string) => console.log(values.json ? JSON.stringify(data, null, 2) : text);

  const run = async (sql: ReturnType<typeof createSql>) => {
    switch (command) {
      case 'create': {
        if (args.length !== 1 || !values.name) throw new UsageError('create needs <slug> and --name <name>');
        const input = parse(OrganizationCreateSchema, { slug: args[0], name: values.name, keyName: values['key-name'] });
        const r = await createOrganizationWithKey(sql, input);
        return out(r, `created organisation ${r.organization.slug} (${r.organization.id}) "${r.organization.name}"\n${keyLine(r.apiKey)}\n${showOnce(r.apiKey.key)}`);
      }
      case 'list': {
        if (args.length) throw new UsageError('list takes no arguments');
        const orgs = await listOrganizationsWithKeys(sql);
        return out({ items: orgs }, orgs.map((o) => [`${o.slug}  ${o.id}  "${o.name}"  created ${o.createdAt}`, ...o.apiKeys.map(keyLine)].join('\n')).join('\n') || 'no organisations');
      }
      case 'rotate-key': {
        if (args.length !== 1) throw new UsageError('rotate-key needs <slug>');
        const input = parse(RotateKeySchema, { keyId: values.key, name: values.name });
        const r = await rotateApiKey(sql, { slug: parse(SlugSchema, args[0]), ...input });
        return out(r, [...r.revoked.map((k) => `revoked ${k.id} (${k.prefix}…)`), `new key for ${args[0]}:`, keyLine(r.apiKey), showOnce(r.apiKey.key)].join('\n'));
      }
      case 'revoke-key': {
        if (args.length !== 2) throw new UsageError('revoke-key needs <slug> <keyId>');
        const k = await revokeApiKey(sql, { slug: parse(SlugSchema, args[0]), keyId: parse(KeyIdSchema, args[1]) });
        return out(k, `revoked ${k.id} (${k.prefix}…) of ${args[0]} at ${k.revokedAt}`);
      }
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'a command is required');
    }
  };

  if (!['create', 'list', 'rotate-key', 'revoke-key'].includes(command ?? '')) throw new UsageError(command ? `unknown command ${command}` : 'a command is required');
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const db = config.DATABASE_URL ? { url: config.DATABASE_URL } : await embeddedDatabase(resolve(config.DATA_DIR, 'postgres'), config.EMBEDDED_PG_PORT);
  try {
    await migrate(db.url);
    const sql = createSql(db.url, { max: 2 });
    try {
      await run(sql);
    } finally {
      await sql.end();
    }
  } finally {
    await db.stop?.();
  }
}

main().catch((e) => {
  if (e instanceof UsageError) {
    console.error(`${e.message}\n${USAGE}`);
    process.exit(2);
  }
  console.error(e instanceof AppError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e));
  process.exit(1);
});
