import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

const root = resolve(import.meta.dirname, '../..');
const bin = resolve(root, '.tools/venv/bin/schemathesis');

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

it('schemathesis finds no server error, no undocumented status and no answer outside its schema', async () => {
  expect(existsSync(bin), `${bin} missing: run scripts/test.sh (it installs schemathesis into .tools/venv)`).toBe(true);
  const args = [
    'run', `${s.baseUrl}/api/v1/openapi.json`,
    '--checks', 'not_a_server_error,response_schema_conformance,status_code_conformance',
    '--header', `Authorization: Bearer ${s.apiKey}`,
    '--max-examples', process.env.FUZZ_MAX_EXAMPLES ?? '30',
    '--max-time', process.env.FUZZ_MAX_TIME ?? '100',
    '--seed', '1', '--workers', '2', '--no-color', '--continue-on-failure',
  ];
  const out: string[] = [];
  const code = await new Promise<number>((res) => {
    const p = spawn(bin, args, { cwd: root, env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } });
    p.stdout.on('data', (d) => out.push(String(d)));
    p.stderr.on('data', (d) => out.push(String(d)));
    p.on('close', (c) => res(c ?? 1));
  });
  if (code !== 0) console.log(out.join(''));
  expect(code, out.join('').slice(-20000)).toBe(0);
}, 180_000);
