/**
 * A real server for one test file: its own database (cloned from the migrated template), the shared
 * LiveKit server, the Hono app listening on a free loopback port, and an organisation with an API key.
 */
import { freePort } from '../../scripts/lib/ports.js';
import { inject } from 'vitest';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import type { ServerType } from '@hono/node-server';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDeps, listen, startWorkers } from '../../server/main.js';
import type { Deps } from '../../server/deps.js';
import { createApiKey, createOrganization, ensureDevOrganization } from '../../server/modules/organizations/service.js';
import { createListener, listenNode } from '../../server/http.js';
import { getLti } from '../../lti/provider.js';
import { registerWebhookTarget } from './webhook-relay.js';
import { beforeAllStarted } from './fixtures.js';

export interface TestServer {
  baseUrl: string;
  apiKey: string;
  deps: Deps;
  databaseUrl: string;
  /** fetch against the server with the API key, JSON in and out. */
  api(method: string, path: string, body?: unknown, key?: string | null): Promise<{ status: number; body: any }>;
  /** Another organisation with its own key. */
  newOrganization(slug: string): Promise<string>;
  close(): Promise<void>;
}

const dbUrl = (admin: string, db: string) => admin.replace(/\/[^/?]*(\?|$)/, `/${db}$1`);

/**
 * @param opts.webhooks receive the test LiveKit server's webhooks (through the relay of tests/support/global-setup.ts)
 * @param opts.invitationWorker run the invitations module's job worker (default true: emails after a meeting change)
 */
export async function startTestServer(opts: { demo?: boolean; env?: Record<string, string>; webhooks?: boolean; invitationWorker?: boolean } = {}): Promise<TestServer> {
  if (opts.webhooks && !inject('webhookRelayUrl')) {
    throw new Error('startTestServer({webhooks: true}) needs the local test LiveKit server (LIVEKIT_URL is set: its webhooks cannot reach this run)');
  }
  const adminUrl = inject('adminDatabaseUrl');
  const dbName = `vr_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDatabase')}`);
  await admin.end();
  const databaseUrl = dbUrl(adminUrl, dbName);

  const port = await freePort();
  const config = loadConfig({ LOG_LEVEL: 'error', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...opts.env });
  const deps = await createDeps(config, databaseUrl, inject('livekit'), { poolSize: 4 });
  const org = await createOrganization(deps.sql, { name: 'Test school', slug: 'school' });
  const apiKey = await createApiKey(deps.sql, org.id, 'test');
  if (opts.demo) await ensureDevOrganization(deps.sql, `vr_dev_${randomBytes(12).toString('hex')}`);
  // Invitation emails after a meeting change are a job (meetings/events.ts → invitations/jobs.ts): run that
  // module's worker, as a deployed server does. Tests that need the other queues start their own workers.
  const workers = opts.invitationWorker === false ? undefined : await startWorkers(deps, { only: ['invitations'], pollingIntervalSeconds: 0.5, cron: false });
  const app = createApp(deps, { demo: opts.demo });
  const { server } = await listenNode(createListener(app.fetch, () => getLti(deps)), port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;

  const api: TestServer['api'] = async (method, path, body, key = apiKey) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed };
  };

  const cleanups: (() => Promise<void>)[] = [];
  let unregister: (() => Promise<void>) | undefined;
  if (opts.webhooks) unregister = await registerWebhookTarget(inject('webhookRelayUrl'), `${baseUrl}/api/v1/livekit/webhook`);
  return {
    baseUrl,
    apiKey,
    deps,
    databaseUrl,
    api,
    newOrganization: async (slug) => {
      const o = await createOrganization(deps.sql, { name: slug, slug });
      return createApiKey(deps.sql, o.id, 'test');
    },
    close: async () => {
      await unregister?.().catch(() => {});
      await new Promise<void>((r) => (server as ServerType).close(() => r()));
      await workers?.stop();
      await deps.sql.end();
      for (const c of cleanups) await c();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await a.end();
    },
  };
}

/**
 * The test file's server: `const s = useTestServer(opts)` at the top of the file starts it (startTestServer(opts))
 * before the file's tests and closes it after them; `s` reads as the started TestServer inside hooks and tests.
 */
export function useTestServer(opts: Parameters<typeof startTestServer>[0] = {}): TestServer {
  return beforeAllStarted('The test server', () => startTestServer(opts), (s) => s.close());
}

/** A join ticket (integrator's API key of `s`) for `id` named `name` in meeting `meetingId`, with `role`. */
export async function joinTicket(s: Pick<TestServer, 'api'>, meetingId: string, id: string, name: string, role = 'participant'): Promise<string> {
  const t = await s.api('POST', `/api/v1/meetings/${meetingId}/join-tickets`, { user: { id, name }, role });
  if (t.status !== 201) throw new Error(`join ticket for ${id}: ${t.status} ${JSON.stringify(t.body)}`);
  return t.body.ticket;
}

/** Poll `check` until it returns a truthy value or `ms` pass (no fixed sleeps). */
export async function waitUntil<T>(check: () => T | Promise<T>, ms = 10_000, what = 'condition'): Promise<NonNullable<Awaited<T>>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v as NonNullable<Awaited<T>>;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A second server instance on the same database (as behind a load balancer). */
export async function startSecondInstance(first: TestServer): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const deps = await createDeps(first.deps.config, first.databaseUrl, inject('livekit'), { poolSize: 4 });
  const { server, port } = await listen(createApp(deps).fetch, 0, '127.0.0.1');
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((r) => (server as ServerType).close(() => r()));
      await deps.sql.end();
    },
  };
}

/** Dependencies of another server instance on the same database (as after a restart or behind a load balancer). */
export function startSecondInstanceDeps(first: TestServer): Promise<Deps> {
  return createDeps(first.deps.config, first.databaseUrl, inject('livekit'), { poolSize: 4 });
}
