import type { Config } from './config.js';
import type { Sql, Tx } from './store/db.js';
import type { LiveKit } from './livekit/client.js';
import type { MeetingCache } from './store/meeting-cache.js';
import type { Jobs } from './jobs/queue.js';
import type { Mailer } from './services/invitations-mail.js';

/** What services need; built once per process by `createDeps` (server/main.ts) or by tests. */
export interface Deps {
  config: Config;
  sql: Sql;
  livekit: LiveKit;
  /** HS256 key for join tickets. */
  ticketSecret: string;
  /** Read cache for the join path, invalidated through LISTEN/NOTIFY. */
  meetings: MeetingCache;
  log: Logger;
  /** pg-boss sender (room lifecycle jobs); workers are started separately (server/jobs/workers.ts). */
  jobs: Jobs;
  /** Invitation email (SMTP via nodemailer, or store-and-log when SMTP_URL is unset). */
  mailer: Mailer;
}

/**
 * The same dependencies with every query on `tx`, so that a multi-step write (store, then invitations…) is one
 * transaction: a later step's failure rolls back the earlier ones, and an error answer means nothing changed.
 */
export const inTransaction = (deps: Deps, tx: Tx): Deps => ({ ...deps, sql: tx as unknown as Sql });

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per entry on stderr. Never pass secrets or tokens in `fields`. */
export function createLogger(level: Config['LOG_LEVEL'] = 'info'): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const write = (l: keyof typeof order, msg: string, fields?: Record<string, unknown>) => {
    if (order[l] < order[level]) return;
    process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level: l, msg, ...fields }) + '\n');
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
