/**
 * All configuration comes from the environment through this one zod schema.
 * A bad value stops start-up with a message naming the variable (see `loadConfig`).
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const configSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Public origin of this server as browsers reach it (no trailing slash). Default http://localhost:PORT. */
    PUBLIC_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    /** postgres:// URL. Without it an embedded PostgreSQL is started (npm start). */
    DATABASE_URL: z.preprocess(emptyToUndefined, z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
    /** LiveKit deployment (ws(s):// or http(s)://). Without it a local LiveKit server runs in dev mode. */
    LIVEKIT_URL: z.preprocess(emptyToUndefined, z.string().regex(/^(wss?|https?):\/\//, 'must be a ws://, wss://, http:// or https:// URL').optional()),
    LIVEKIT_API_KEY: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    LIVEKIT_API_SECRET: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
    /** Secret that signs join tickets (HS256), ≥ 32 chars. Without it one is generated and kept in the database. */
    TICKET_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    /** Lifetime of a LiveKit participant token, seconds (LiveKit refreshes it for connected clients). */
    /** PostgreSQL connections per server instance (webhook bursts and joins wait for one). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    LIVEKIT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(600),
    /** Folder for local state of `npm start` (embedded PostgreSQL, LiveKit config, dev API key). */
    DATA_DIR: z.string().min(1).default('.data'),
    EMBEDDED_PG_PORT: port.default(54329),
    LIVEKIT_PORT: port.default(7880),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** smtp(s):// URL for invitations and reminders (nodemailer). Unset: invitations are stored and logged, not sent. */
    SMTP_URL: z.preprocess(emptyToUndefined, z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional()),
    /** From address of invitation emails; also the ORGANIZER of their .ics. */
    MAIL_FROM: z.string().min(3).default('Video Rooms <no-reply@localhost>'),
    /** How often each job worker polls the queue, seconds (pg-boss minimum 0.5). */
    JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
    /**
     * Retries of a failed room lifecycle job (LiveKit or SMTP unreachable): how many, the delay in seconds, and
     * whether the delay doubles each time (pg-boss `retryLimit`/`retryDelay`/`retryBackoff`; with backoff the n-th
     * retry waits between delay·2^(n-1) and delay·2^n s). Applies to jobs queued afterwards.
     */
    JOBS_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(8),
    JOBS_RETRY_DELAY_SECONDS: z.coerce.number().int('must be a whole number of seconds').min(0).max(3600).default(2),
    JOBS_RETRY_BACKOFF: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    /**
     * Credential of the operator API (/api/v1/operator/*: organisations and API keys), ≥ 32 chars. Unset: that API
     * is off (404). Never logged.
     */
    OPERATOR_TOKEN: z.preprocess(
      emptyToUndefined,
      z.string().min(32, 'must be at least 32 characters').regex(/^[A-Za-z0-9._~+/-]+=*$/, 'must be an RFC 6750 bearer token: letters, digits, - . _ ~ + / (and = at the end)').optional(),
    ),
    /** Run the room lifecycle job workers in this process (`npm start`, server/main.ts). */
    JOBS_WORKERS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  })
  .superRefine((c, ctx) => {
    const lk = [c.LIVEKIT_URL, c.LIVEKIT_API_KEY, c.LIVEKIT_API_SECRET].filter((v) => v !== undefined).length;
    if (lk !== 0 && lk !== 3) {
      for (const k of ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'] as const) {
        if (c[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'must be set together with the other LIVEKIT_* variables' });
      }
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/**
 * Parse the environment.
 * @throws ConfigError whose message lists each bad variable: `PORT: Invalid input: expected number…`
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const r = configSchema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}

/** Public origin without trailing slash. */
export function publicUrl(c: Config): string {
  return (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
}
