/**
 * Production entry: `tsx server/main.ts` with DATABASE_URL and LIVEKIT_URL/KEY/SECRET set.
 * (`npm start` goes through scripts/start.ts, which also starts local PostgreSQL and LiveKit when they are not configured.)
 *
 * A composition root (with server/app.ts, the only files that wire modules and lti/ together): builds the
 * dependencies, lists every module's jobs (`jobModules`: the queues they own and their handlers), starts workers.
 */
import { serve, type ServerType } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { createApp } from './app.js';
import { createListener, listenNode } from './http.js';
import { getLti } from '../lti/provider.js';
import { loadConfig, type Config } from './config.js';
import { createLogger, type Deps } from './deps.js';
import { createLiveKit, type LiveKitDeployment } from './livekit/client.js';
import { createSql, migrate } from './db/db.js';
import { getOrCreateSecret } from './db/secrets.js';
import { createMeetingCache } from './modules/meetings/cache.js';
import { createJobs } from './jobs/queue.js';
import { queuesOf, startJobWorkers, type JobModule, type Workers } from './jobs/workers.js';
export type { Workers };
import { meetingsJobs } from './modules/meetings/jobs.js';
import { schedulingJobs } from './modules/scheduling/queues.js';
import { invitationsJobs } from './modules/invitations/jobs.js';
import { webhooksJobs } from './modules/webhooks/events.js';
import { coffeeJobs } from './modules/coffee/jobs.js';
import { pollJobs } from './modules/room-activity/poll-jobs.js';
import { ltiJobs } from '../lti/jobs.js';
import { createMailer } from './modules/invitations/mail.js';
import { createRoomAccess } from './modules/room-activity/host-access.js';

/** Every module's jobs: the queues each owns (created by createDeps) and the handlers it registers (startWorkers). */
export const jobModules: JobModule[] = [meetingsJobs, schedulingJobs, invitationsJobs, webhooksJobs, coffeeJobs, pollJobs, ltiJobs];

/**
 * Start this process's job workers for every module (or only those named in `opts.only`, e.g. `['invitations']`).
 * @param opts.pollingIntervalSeconds default JOBS_POLL_SECONDS; opts.cron schedule the crons (default true)
 */
export function startWorkers(deps: Deps, opts: { pollingIntervalSeconds?: number; cron?: boolean; id?: string; only?: string[] } = {}): Promise<Workers> {
  const modules = opts.only ? jobModules.filter((m) => opts.only!.includes(m.name)) : jobModules;
  return startJobWorkers(deps, modules, opts);
}

/**
 * Build the dependencies: a pool on `databaseUrl` (migrated), the LiveKit clients, the ticket secret
 * (TICKET_SECRET, else one generated once and kept in the database for every instance).
 */
export async function createDeps(config: Config, databaseUrl: string, lk: LiveKitDeployment, opts: { poolSize?: number } = {}): Promise<Deps> {
  await migrate(databaseUrl);
  const sql = createSql(databaseUrl, { max: opts.poolSize ?? config.DATABASE_POOL_SIZE });
  const ticketSecret = config.TICKET_SECRET ?? (await getOrCreateSecret(sql, 'ticket_secret', () => randomBytes(48).toString('base64url')));
  const meetings = createMeetingCache(sql);
  await meetings.start();
  const log = createLogger(config.LOG_LEVEL);
  const jobs = await createJobs(sql, queuesOf(jobModules, config));
  const roomAccess = createRoomAccess(sql);
  await roomAccess.start();
  return { config, sql, livekit: createLiveKit(lk), ticketSecret, meetings, log, jobs, mailer: createMailer(config, log), roomAccess };
}

/**
 * Listen on host:port; resolves once listening, with the bound port (0 → a free one).
 * With `deps`, ltijs (set up on first use) serves /lti/keys and /lti/register on the same listener (server/http.ts).
 */
export function listen(fetch: (req: Request) => Response | Promise<Response>, port: number, host: string, deps?: Deps): Promise<{ server: ServerType; port: number }> {
  return listenNode(createListener(fetch, deps ? () => getLti(deps) : undefined), port, host);
}

async function main() {
  const config = loadConfig();
  if (!config.DATABASE_URL || !config.LIVEKIT_URL) {
    throw new Error('server/main.ts needs DATABASE_URL and LIVEKIT_URL/LIVEKIT_API_KEY/LIVEKIT_API_SECRET; use `npm start` for a local setup');
  }
  const deps = await createDeps(config, config.DATABASE_URL, { url: config.LIVEKIT_URL, apiKey: config.LIVEKIT_API_KEY!, apiSecret: config.LIVEKIT_API_SECRET! });
  const app = createApp(deps, { demo: process.env.DEMO === 'true' });
  const { server, port } = await listen(app.fetch, config.PORT, config.HOST, deps);
  deps.log.info('listening', { port });
  const workers = config.JOBS_WORKERS ? await startWorkers(deps) : undefined;
  const stop = () => server.close(() => void (workers?.stop() ?? Promise.resolve()).then(() => deps.sql.end()).then(() => process.exit(0)));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
