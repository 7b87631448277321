/**
 * LiveKit unreachable while a room should open: the meeting API still answers from the database (`live: unknown`),
 * the "open room" job fails and pg-boss retries it, and once LiveKit answers again the room is created exactly once.
 *
 * "Unreachable" is real: the job worker's deps point at a loopback port where nothing listens (connection refused);
 * LiveKit "comes back" when a TCP forwarder to the test LiveKit server starts listening on that port.
 * Retries are shortened with JOBS_RETRY_DELAY_SECONDS=1, JOBS_RETRY_BACKOFF=false.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../../scripts/lib/ports.js';
import { createDeps } from '../../server/main.js';
import type { Deps } from '../../server/deps.js';
import { startWorkers, type Workers } from '../../server/main.js';
import { listOccurrences } from '../../server/modules/meetings/occurrences.js';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';

let s: TestServer;
let down: Deps;
let workers: Workers | undefined;
let forwarder: Server | undefined;
const sockets = new Set<Socket>();
let lkPort: number;

beforeAll(async () => {
  s = await startTestServer({ env: { JOBS_RETRY_DELAY_SECONDS: '1', JOBS_RETRY_BACKOFF: 'false', JOBS_RETRY_LIMIT: '60' } });
  lkPort = await freePort();
  const lk = inject('livekit');
  down = await createDeps(s.deps.config, s.databaseUrl, { ...lk, url: `ws://127.0.0.1:${lkPort}` }, { poolSize: 4 });
});
afterAll(async () => {
  await workers?.stop();
  for (const c of sockets) c.destroy();
  await new Promise<void>((r) => (forwarder ? forwarder.close(() => r()) : r()));
  await down?.sql.end();
  await s?.close();
});

/** Forward 127.0.0.1:`port` to the test LiveKit server (LiveKit "is back"). */
function startForwarder(port: number): Promise<Server> {
  const target = new URL(inject('livekit').url.replace(/^ws/, 'http'));
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const c of [client, upstream]) {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
      c.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  return new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res(server));
  });
}

describe('LiveKit unreachable', () => {
  it('the open-room job fails and is retried by pg-boss; when LiveKit is back the room is created exactly once', async () => {
    const org = { id: (await s.deps.sql<{ id: string }[]>`SELECT id FROM organizations WHERE slug = 'school'`)[0]!.id, name: '', slug: '' };
    // Opens 10 min before start (default): due in ~1 s.
    const start = new Date(Date.now() + 10 * 60_000 + 1000);
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'LiveKit is down', scheduledStartAt: start.toISOString(), durationMinutes: 30 })).body;
    expect(m.id).toBeDefined();
    workers = await startWorkers(down, { pollingIntervalSeconds: 0.5, cron: false, id: 'down' });

    const job = async () => {
      const [j] = await s.deps.sql<{ state: string; retryCount: number }[]>`
        SELECT state, retry_count AS "retryCount" FROM pgboss.job WHERE name = 'lifecycle-open-room' AND singleton_key = ${m.id + '|once'}`;
      return j;
    };
    const opened = () => s.deps.sql<{ worker: string }[]>`SELECT worker FROM room_lifecycle_events WHERE meeting_id = ${m.id} AND kind = 'open-room'`;

    // The job fails (connection refused) and pg-boss schedules retries.
    await waitUntil(async () => ((await job())?.retryCount ?? 0) >= 2, 20_000, 'two retries of the open-room job');
    expect(['retry', 'active', 'created']).toContain((await job())!.state);
    expect(await opened()).toEqual([]);
    const [row] = await s.deps.sql<{ doneAt: Date | null }[]>`SELECT done_at AS "doneAt" FROM meeting_jobs WHERE meeting_id = ${m.id} AND kind = 'open-room'`;
    expect(row!.doneAt).toBeNull();
    expect(await s.deps.livekit.rooms.listRooms([m.roomName])).toEqual([]);
    // Meanwhile the API answers from the database.
    const occ = await listOccurrences(down, org, m.id, { limit: 10 });
    expect(occ.live).toBe('unknown');
    expect(occ.items.map((o) => o.startAt)).toEqual([start.toISOString()]);

    // LiveKit is reachable again on the same address: the next retry creates the room.
    forwarder = await startForwarder(lkPort);
    await waitUntil(async () => (await job())?.state === 'completed', 20_000, 'the open-room job to complete');
    expect(await opened()).toEqual([{ worker: 'down' }]);
    const rooms = await s.deps.livekit.rooms.listRooms([m.roomName]);
    expect(rooms.map((r) => r.name)).toEqual([m.roomName]);
    // One pg-boss job carried it all (retries, not copies), and the meeting's job is done.
    const [{ n }] = await s.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'lifecycle-open-room' AND singleton_key = ${m.id + '|once'}`;
    expect(n).toBe(1);
    expect((await job())!.retryCount).toBeGreaterThanOrEqual(2);
    const [after] = await s.deps.sql<{ doneAt: Date | null }[]>`SELECT done_at AS "doneAt" FROM meeting_jobs WHERE meeting_id = ${m.id} AND kind = 'open-room'`;
    expect(after!.doneAt).not.toBeNull();
    await s.deps.livekit.rooms.deleteRoom(m.roomName);
  });
});
