/**
 * The meetings CLI (`npm run meetings -- create-scheduled|cleanup-expired [--dry-run]`) against the test database:
 * --dry-run lists what would be done and changes nothing; without it, the room is opened in the real LiveKit.
 */
import { describe, expect, inject, it } from 'vitest';
import { runScript } from '../support/cli.js';
import { useTestServer } from '../support/server.js';

const s = useTestServer();

/** Run the CLI against this file's database and LiveKit (no job workers); its output, once it exited 0. */
async function meetings(...args: string[]) {
  const lk = inject('livekit');
  const env = { DATABASE_URL: s.databaseUrl, LIVEKIT_URL: lk.url, LIVEKIT_API_KEY: lk.apiKey, LIVEKIT_API_SECRET: lk.apiSecret, JOBS_WORKERS: 'false' };
  const r = await runScript('meetings', args, env, 60_000);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('meetings CLI', () => {
  it('create-scheduled --dry-run lists the room due to open and opens nothing; without --dry-run it opens it', { timeout: 120_000 }, async () => {
    const start = new Date(Date.now() + 5 * 60_000).toISOString(); // within the default 10 minutes before start
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'CLI class', scheduledStartAt: start, durationMinutes: 60 })).body;
    const dry = await meetings('create-scheduled', '--dry-run');
    expect(dry).toContain(`would open ${m.roomName}`);
    expect((await s.deps.livekit.rooms.listRooms([m.roomName])).length).toBe(0);
    const real = await meetings('create-scheduled');
    expect(real).toContain(`open ${m.roomName}`);
    expect((await s.deps.livekit.rooms.listRooms([m.roomName])).length).toBe(1);
  });
});
