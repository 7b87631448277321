/**
 * Schema-driven fuzzing of the whole HTTP API: schemathesis (PyPI, pinned in scripts/fuzz-requirements.txt,
 * installed into .tools/venv by scripts/install-fuzzer.sh) reads /api/v1/openapi.json of a real server (PostgreSQL,
 * LiveKit) and sends generated requests, valid and invalid, to every operation, as the organisation's API key and,
 * on /coffee/me/*, as a person with a coffee ticket, on chat as a participant with a room session. It fails on any of:
 *  - not_a_server_error: a 5xx answer;
 *  - status_code_conformance: a status the document does not list for that operation;
 *  - response_schema_conformance: a body its documented schema refuses.
 * No operation is excluded. Bounded: `--max-time` seconds of generation (FUZZ_MAX_TIME, default 75), fixed seed.
 * FUZZ_ARGS adds options (e.g. `FUZZ_ARGS="--include-path-regex ^/coffee"` while working on one area).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

const root = resolve(import.meta.dirname, '../..');
const bin = resolve(root, '.tools/venv/bin/schemathesis');
const MAX_TIME = Number(process.env.FUZZ_MAX_TIME ?? 75);

let s: TestServer;
let child: ChildProcess | undefined;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await s?.close();
});

it('schemathesis finds no server error, no undocumented status and no answer outside its schema', async () => {
  expect(existsSync(bin), `${bin} is missing: run bash scripts/install-fuzzer.sh (npm test does)`).toBe(true);
  // A person with a profile, so that /coffee/me/* reaches more than 401 and 404.
  const person = { displayName: 'Fuzz', role: 'alumnus', timezone: 'Europe/London', availability: [{ weekday: 1, start: '09:00', end: '17:00' }] };
  expect((await s.api('PUT', '/api/v1/coffee/profiles/fuzz-person', person)).status).toBe(200);
  const ticket = (await s.api('POST', '/api/v1/coffee/tickets', { userId: 'fuzz-person', ttlSeconds: 3600 })).body.ticket;
  // A participant's room session (chat), for a meeting of its own: generated meeting ids meet 403/404.
  const meeting = (await s.api('POST', '/api/v1/meetings', { title: 'Fuzz room' })).body;
  const joinTicket = (await s.api('POST', `/api/v1/meetings/${meeting.id}/join-tickets`, { user: { id: 'fuzz-person', name: 'Fuzz' } })).body.ticket;
  const roomSession = (await s.api('POST', '/api/v1/join', { ticket: joinTicket }, null)).body.sessionToken;
  const args = [
    '--config-file', resolve(root, 'tests/support/schemathesis.toml'),
    'run', `${s.baseUrl}/api/v1/openapi.json`,
    '--checks', 'not_a_server_error,status_code_conformance,response_schema_conformance',
    '--max-examples', '30',
    '--max-time', String(MAX_TIME),
    // One worker: CPython 3.11.7's ast module can fail spuriously when threads parse at once (cpython#106905),
    // which Hypothesis does to describe its strategies.
    '--workers', '1',
    '--seed', '1', '--generation-database', 'none', '--continue-on-failure', '--no-color',
    ...(process.env.FUZZ_ARGS?.split(' ').filter(Boolean) ?? []),
  ];
  const out: string[] = [];
  const code = await new Promise<number>((done, fail) => {
    child = spawn(bin, args, {
      cwd: root,
      env: { ...process.env, VR_FUZZ_API_KEY: s.apiKey, VR_FUZZ_COFFEE_TICKET: ticket, VR_FUZZ_ROOM_SESSION: roomSession, SCHEMATHESIS_TELEMETRY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => out.push(String(d)));
    child.stderr!.on('data', (d) => out.push(String(d)));
    child.on('error', fail);
    child.on('close', (c) => done(c ?? 1));
  });
  child = undefined;
  const text = out.join('');
  // On success one line (how many cases ran), on failure the whole report. Not schemathesis' own closing rule
  // ("=== 3 warnings in 75s ==="): it has pytest's shape, and a log reader takes it for a run of no tests.
  const cases = /Test cases:\s*\n?\s*(.+)/.exec(text)?.[1]?.trim() ?? 'no summary';
  console.log(code === 0 ? `schemathesis: ${cases}` : text);
  expect(code, 'schemathesis found failures: see its report above').toBe(0);
}, (MAX_TIME + 90) * 1000);
