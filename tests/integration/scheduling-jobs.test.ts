/**
 * Room lifecycle jobs on pg-boss with two server instances (two createDeps on one database, both running workers):
 * a due "open room" job creates the LiveKit room exactly once; moving a meeting leaves exactly one job per kind.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDeps } from '../../server/main.js';
import type { Deps } from '../../server/deps.js';
import { startWorkers, type Workers } from '../../server/main.js';
import { runLifecycleJob } from '../../server/modules/meetings/lifecycle.js';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';

let s: TestServer;
let deps2: Deps;
let wa: Workers;
let wb: Workers;
beforeAll(async () => {
  s = await startTestServer();
  deps2 = await createDeps(s.deps.config, s.databaseUrl, inject('livekit'), { poolSize: 4 });
  wa = await startWorkers(s.deps, { pollingIntervalSeconds: 0.5, cron: false, id: 'A' });
  wb = await startWorkers(deps2, { pollingIntervalSeconds: 0.5, cron: false, id: 'B' });
});
afterAll(async () => {
  await wa?.stop();
  await wb?.stop();
  await deps2?.sql.end();
  await s?.close();
});

const jobsOf = (id: string) => s.deps.sql<{ kind: string; occurrenceKey: string; runAt: Date }[]>`
  SELECT kind, occurrence_key AS "occurrenceKey", run_at AS "runAt" FROM meeting_jobs WHERE meeting_id = ${id} ORDER BY kind`;
const queued = (id: string) => s.deps.sql<{ name: string; n: number }[]>`
  SELECT name, count(*)::int AS n FROM pgboss.job WHERE singleton_key LIKE ${id + '|%'} AND state IN ('created', 'retry')
  GROUP BY name ORDER BY name`;

describe('room lifecycle jobs', () => {
  it('a due "open room" job creates the LiveKit room exactly once with two instances working', async () => {
    // Opens 10 min before start (default): start 10 min + 2 s from now → due in ~2 s.
    const start = new Date(Date.now() + 10 * 60_000 + 2000);
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Due soon', scheduledStartAt: start.toISOString(), durationMinutes: 30 })).body;
    const events = () => s.deps.sql<{ kind: string; worker: string }[]>`SELECT kind, worker FROM room_lifecycle_events WHERE meeting_id = ${m.id} AND kind = 'open-room'`;
    await waitUntil(async () => (await events()).length > 0, 15_000, 'the open-room job');
    const rooms = await s.deps.livekit.rooms.listRooms([m.roomName]);
    expect(rooms.map((r) => r.name)).toEqual([m.roomName]);
    // Its pg-boss job completed; no other open-room job is queued for this meeting.
    await waitUntil(async () => {
      const [j] = await s.deps.sql<{ state: string }[]>`SELECT state FROM pgboss.job WHERE name = 'lifecycle-open-room' AND singleton_key = ${m.id + '|once'}`;
      return j?.state === 'completed';
    }, 5000, 'the job to complete');
    const all = await s.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'lifecycle-open-room' AND singleton_key = ${m.id + '|once'}`;
    expect(all[0]!.n).toBe(1);
    expect(await events()).toHaveLength(1);
    // Running the same job again (a duplicate delivery) does nothing.
    const [row] = await s.deps.sql<{ jobId: string }[]>`SELECT job_id AS "jobId" FROM meeting_jobs WHERE meeting_id = ${m.id} AND kind = 'open-room'`;
    expect(await runLifecycleJob(s.deps, { meetingId: m.id, occurrenceKey: 'once', kind: 'open-room' }, { jobId: row!.jobId, worker: 'test' })).toBe('already-done');
    expect(await events()).toHaveLength(1);
    await s.deps.livekit.rooms.deleteRoom(m.roomName);
  });

  it('moving a meeting reschedules its jobs: exactly one per kind, at the new times', async () => {
    const start = new Date(Date.now() + 3 * 24 * 3600_000);
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Movable', scheduledStartAt: start.toISOString(), durationMinutes: 60 })).body;
    expect((await jobsOf(m.id)).map((j) => j.kind)).toEqual(['end-room', 'open-room', 'reminder-15m', 'reminder-24h']);
    for (const days of [4, 5]) {
      const at = new Date(Date.now() + days * 24 * 3600_000);
      expect((await s.api('PATCH', `/api/v1/meetings/${m.id}`, { scheduledStartAt: at.toISOString(), durationMinutes: 60 })).status).toBe(200);
    }
    const jobs = await jobsOf(m.id);
    expect(jobs).toHaveLength(4);
    const newStart = new Date((await s.api('GET', `/api/v1/meetings/${m.id}`)).body.scheduledStartAt).getTime();
    expect(jobs.find((j) => j.kind === 'open-room')!.runAt.getTime()).toBe(newStart - 10 * 60_000);
    expect(await queued(m.id)).toEqual([
      { name: 'lifecycle-end-room', n: 1 }, { name: 'lifecycle-open-room', n: 1 },
      { name: 'lifecycle-reminder-15m', n: 1 }, { name: 'lifecycle-reminder-24h', n: 1 },
    ]);
    // Cancelling drops them all.
    await s.api('POST', `/api/v1/meetings/${m.id}/cancel`);
    expect(await queued(m.id)).toEqual([]);
  });

  it('end-room after end + grace deletes the room and marks a single meeting ended (handler driven with a fixed now)', async () => {
    const start = new Date(Date.now() + 2 * 3600_000);
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Ends', scheduledStartAt: start.toISOString(), durationMinutes: 30 })).body;
    await s.deps.livekit.rooms.createRoom({ name: m.roomName });
    const [row] = await s.deps.sql<{ jobId: string }[]>`SELECT job_id AS "jobId" FROM meeting_jobs WHERE meeting_id = ${m.id} AND kind = 'end-room'`;
    const now = new Date(start.getTime() + 41 * 60_000);
    expect(await runLifecycleJob(s.deps, { meetingId: m.id, occurrenceKey: 'once', kind: 'end-room' }, { jobId: row!.jobId, worker: 'test', now })).toBe('done');
    expect((await s.api('GET', `/api/v1/meetings/${m.id}`)).body.status).toBe('ended');
    expect(await s.deps.livekit.rooms.listRooms([m.roomName])).toEqual([]);
    // The open/reminder jobs were cancelled; the end-room job we ran by hand is still queued in pg-boss and will
    // find its work done when it fires.
    expect(await queued(m.id)).toEqual([{ name: 'lifecycle-end-room', n: 1 }]);
    expect(await runLifecycleJob(s.deps, { meetingId: m.id, occurrenceKey: 'once', kind: 'end-room' }, { jobId: row!.jobId, worker: 'test', now })).toBe('already-done');
  });
});
