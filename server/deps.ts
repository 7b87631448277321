import pino from 'pino';
import type { Config } from './config.js';
import type { Sql } from './db/db.js';
import type { LiveKit } from './livekit/client.js';
import type { MeetingCache } from './modules/meetings/cache.js';
import type { Jobs } from './jobs/queue.js';
import type { Mailer } from './modules/invitations/mail.js';
import type { RoomAccess } from './modules/join/service.js';

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
  /** Host controls on every join (bans, lock, role overrides, permissions): room activity's, wired by createDeps. */
  roomAccess: RoomAccess;
}

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** The pino logger underneath (for the HTTP request logs of server/app.ts). */
  pino: pino.Logger;
}

/**
 * Field names whose values never reach the log (pino `redact`, at the top level and one level down): tokens,
 * tickets, keys, secrets, passwords, cookies and Authorization headers. Call sites still must not pass them.
 */
export const REDACTED_FIELDS = ['token', 'ticket', 'participantToken', 'moderationToken', 'waitToken', 'apiKey', 'key', 'secret', 'password', 'authorization', 'cookie'];

/**
 * Structured logs: one JSON object per line on stderr (pino), `{level, time (UTC ISO), msg, ...fields}`.
 * Never pass secrets or tokens in `fields` (the names in REDACTED_FIELDS are censored anyway).
 * @param destination where lines go (default: stderr, written synchronously so nothing is lost on exit)
 */
export function createLogger(level: Config['LOG_LEVEL'] = 'info', destination?: pino.DestinationStream): Logger {
  const p = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: '[redacted]' },
    },
    destination ?? pino.destination({ fd: 2, sync: true }),
  );
  return {
    pino: p,
    info: (m, f) => p.info(f ?? {}, m),
    warn: (m, f) => p.warn(f ?? {}, m),
    error: (m, f) => p.error(f ?? {}, m),
  };
}
