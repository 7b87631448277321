/**
 * Meetings CLI (`npm run meetings -- <command> [--dry-run]`):
 *   create-scheduled   open the LiveKit rooms of occurrences due now (start − openMinutesBefore ≤ now < end)
 *   cleanup-expired    delete rooms past end + grace and mark finished meetings ended
 * With --dry-run it prints what it would do (one line per room) and changes nothing.
 * Database: DATABASE_URL, else the embedded PostgreSQL of `npm start` ($DATA_DIR/postgres, EMBEDDED_PG_PORT).
 * LiveKit: LIVEKIT_URL/KEY/SECRET, else the local dev server of `npm start` (devkey/secret on LIVEKIT_PORT).
 */
import { resolve } from 'node:path';
import { loadConfig } from '../server/config.js';
import { createDeps } from '../server/main.js';
import { cleanUpRooms, openDueRooms, roomsToCleanUp, roomsToOpen } from '../server/modules/meetings/lifecycle.js';
import { startEmbeddedPostgres } from './lib/embedded-postgres.js';

async function main() {
  const [command, ...flags] = process.argv.slice(2);
  const dryRun = flags.includes('--dry-run');
  if (command !== 'create-scheduled' && command !== 'cleanup-expired') {
    console.error('usage: npm run meetings -- create-scheduled|cleanup-expired [--dry-run]');
    process.exit(2);
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  let stopPg: (() => Promise<void>) | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: resolve(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_PG_PORT });
    stopPg = () => pg.stop();
    databaseUrl = pg.url;
  }
  const lk = config.LIVEKIT_URL
    ? { url: config.LIVEKIT_URL, apiKey: config.LIVEKIT_API_KEY!, apiSecret: config.LIVEKIT_API_SECRET! }
    : { url: `ws://127.0.0.1:${config.LIVEKIT_PORT}`, apiKey: 'devkey', apiSecret: 'secret' };
  const deps = await createDeps(config, databaseUrl, lk, { poolSize: 2 });
  try {
    const now = new Date();
    const actions = command === 'create-scheduled' ? await roomsToOpen(deps, now) : await roomsToCleanUp(deps, now);
    const verb = command === 'create-scheduled' ? 'open' : 'clean up';
    for (const a of actions) {
      console.log(`${dryRun ? 'would ' : ''}${verb} ${a.roomName}  occurrence ${a.occurrenceKey}  ${a.startAt} – ${a.endAt}${a.markEnded ? '  (mark ended)' : ''}`);
    }
    if (!actions.length) console.log(`nothing to ${verb}`);
    if (!dryRun) {
      if (command === 'create-scheduled') await openDueRooms(deps, actions, 'cli', now);
      else await cleanUpRooms(deps, actions, 'cli', now);
    }
  } finally {
    await deps.sql.end();
    await stopPg?.();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
