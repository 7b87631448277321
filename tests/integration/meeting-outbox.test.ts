/**
 * The transactional outbox of meeting changes: `meeting-changed` (server/modules/meetings/events.ts) is a pg-boss
 * job sent in the same PostgreSQL transaction as the change, and the invitations module's worker emails the
 * attendees. A change that rolls back queues nothing; one that commits is queued by that very transaction; and a
 * server killed (kill -9) between the commit and the emails loses nothing: the next server to start sends them.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/lib/ports.js';
import { updateMeeting } from '../../server/modules/meetings/service.js';
import { MEETING_CHANGED_QUEUE } from '../../server/modules/meetings/events.js';
import { notifyAttendees } from '../../server/modules/invitations/service.js';
import type { Organization } from '../../server/modules/organizations/store.js';
import type { Tx } from '../../server/db/db.js';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

let s: TestServer;
let smtp: TestSmtp;
let org: Organization;
beforeAll(async () => {
  smtp = await startSmtp();
  // No invitations worker in this process: the servers under test below (child processes) send the emails.
  s = await startTestServer({ invitationWorker: false, env: { SMTP_URL: smtp.url, MAIL_FROM: 'School <school@example.test>' } });
  [org] = await s.deps.sql<Organization[]>`SELECT id, name, slug FROM organizations WHERE slug = 'school'`;
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

async function meetingWithAttendee(title: string, email: string) {
  const start = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
  const m = (await s.api('POST', '/api/v1/meetings', { title, scheduledStartAt: start, durationMinutes: 45 })).body;
  expect((await s.api('POST', `/api/v1/meetings/${m.id}/attendees`, { email, name: 'Ada' })).status).toBe(201);
  return m as { id: string; title: string };
}
const jobsFor = (sql: Tx, meetingId: string) =>
  sql<{ state: string; data: { method: string } }[]>`SELECT state, data FROM pgboss.job WHERE name = ${MEETING_CHANGED_QUEUE} AND data->>'meetingId' = ${meetingId}`;
const mailsTo = (email: string, text: string) => smtp.messages.filter((m) => m.to.includes(email) && m.raw.includes(text));

describe('meeting changes: transactional outbox', () => {
  it('a meeting update that rolls back queues no invitation job and changes nothing', async () => {
    const m = await meetingWithAttendee('Outbox rollback', 'rb@example.edu');
    const failed = s.deps.sql.begin(async (tx) => {
      await updateMeeting(s.deps, org, m.id, { title: 'Outbox rollback (moved)' }, tx);
      expect(await jobsFor(tx, m.id)).toHaveLength(1); // queued inside the transaction…
      throw new Error('something later in the same transaction failed');
    });
    await expect(failed).rejects.toThrow(/later in the same transaction/);
    expect(await jobsFor(s.deps.sql, m.id)).toHaveLength(0); // …and gone with it
    expect((await s.api('GET', `/api/v1/meetings/${m.id}`)).body.title).toBe('Outbox rollback');
  });

  it('a meeting update that commits queues its invitation job in the same transaction', async () => {
    const m = await meetingWithAttendee('Outbox commit', 'cm@example.edu');
    await s.deps.sql.begin(async (tx) => {
      await updateMeeting(s.deps, org, m.id, { title: 'Outbox commit (room B)' }, tx);
      const inside = await jobsFor(tx, m.id);
      expect(inside.map((j) => j.data.method)).toEqual(['REQUEST']);
      // Not visible to any other connection before the commit: it is part of this transaction.
      expect(await jobsFor(s.deps.sql, m.id)).toHaveLength(0);
    });
    const after = await jobsFor(s.deps.sql, m.id);
    expect(after.map((j) => [j.state, j.data.method])).toEqual([['created', 'REQUEST']]);
  });

  it('a notice job run twice (a retry, or again after a crash) emails nobody twice', async () => {
    const m = await meetingWithAttendee('Outbox twice', 'twice@example.edu');
    expect((await s.api('PATCH', `/api/v1/meetings/${m.id}`, { title: 'Outbox twice (moved)' })).status).toBe(200);
    await notifyAttendees(s.deps, m.id, { method: 'REQUEST' });
    await notifyAttendees(s.deps, m.id, { method: 'REQUEST' });
    expect(mailsTo('twice@example.edu', 'Outbox twice (moved)')).toHaveLength(1);
  });

  it('a server started after a kill -9 between the commit and the emails still sends them', { timeout: 120_000 }, async () => {
    const m = await meetingWithAttendee('Outbox crash', 'crash@example.edu');
    // Server A commits the change (its job queued with it) and is killed before any worker ran the job.
    const a = await startServerProcess({ JOBS_WORKERS: 'false' });
    try {
      const res = await fetch(`${a.baseUrl}/api/v1/meetings/${m.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${s.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Outbox crash (new room)' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await a.kill('SIGKILL');
    }
    expect((await jobsFor(s.deps.sql, m.id)).map((j) => j.state)).toEqual(['created']);
    expect(mailsTo('crash@example.edu', 'new room')).toHaveLength(0);

    // Server B starts with its workers on the same database and sends what A left queued.
    const b = await startServerProcess({ JOBS_WORKERS: 'true', JOBS_POLL_SECONDS: '0.5' });
    try {
      await waitUntil(() => mailsTo('crash@example.edu', 'new room').length > 0, 60_000, 'the update email from the restarted server');
      await waitUntil(async () => (await jobsFor(s.deps.sql, m.id))[0]?.state === 'completed', 10_000, 'the job to complete');
    } finally {
      await b.kill('SIGTERM');
    }
    expect(mailsTo('crash@example.edu', 'new room')).toHaveLength(1);
  });
});

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = fileURLToPath(new URL('../../server/main.ts', import.meta.url));

/**
 * `node --import tsx server/main.ts` (the production entry) on the test database, in its own process; resolves once
 * listening. Node itself, not the `tsx` wrapper: a SIGKILL sent to the wrapper would leave its server child running.
 */
async function startServerProcess(env: Record<string, string>): Promise<{ baseUrl: string; kill(signal: NodeJS.Signals): Promise<void> }> {
  const port = await freePort();
  const lk = inject('livekit');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', main], {
    cwd: root,
    env: {
      ...process.env, DATABASE_URL: s.databaseUrl, LIVEKIT_URL: lk.url, LIVEKIT_API_KEY: lk.apiKey, LIVEKIT_API_SECRET: lk.apiSecret,
      PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, SMTP_URL: smtp.url, MAIL_FROM: 'School <school@example.test>',
      TICKET_SECRET: s.deps.ticketSecret, LOG_LEVEL: 'info', ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err += String(d);
      if (err.includes('"msg":"listening"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err.slice(-500)}`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    kill: async (signal) => {
      child.kill(signal);
      await exited;
    },
  };
}
