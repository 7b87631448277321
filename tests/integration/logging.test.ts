/**
 * Structured logs (pino): one JSON line per request with its request id (also answered as X-Request-Id), the
 * method, the matched route pattern and the status; never a token, an API key or a path that carries a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { createLogger } from '../../server/deps.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const log = createLogger('info', { write: (l: string) => (raw.push(l), lines.push(JSON.parse(l))) });
  return { log, lines, raw };
}

describe('logs', () => {
  it('logs each request once with its id, method, route pattern and status, and no key or token', async () => {
    const { log, lines, raw } = capture();
    const app = createApp({ ...s.deps, log });
    const res = await app.request('/api/v1/meetings', {
      method: 'POST',
      headers: { authorization: `Bearer ${s.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Logged' }),
    });
    expect(res.status).toBe(201);
    const secretPath = 'eyJhbGciOiJIUzI1NiJ9.eyJzZWNyZXQiOnRydWV9.c2lnbmF0dXJlLXNlY3JldA';
    expect((await app.request(`/j/${secretPath}`)).status).toBe(404);
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ level: 'info', method: 'POST', route: '/api/v1/meetings', status: 201 });
    expect(requests[0]!.reqId).toBe(res.headers.get('x-request-id'));
    expect(typeof requests[0]!.time).toBe('string');
    expect(requests[1]).toMatchObject({ method: 'GET', status: 404 });
    expect(requests[1]!.reqId).not.toBe(requests[0]!.reqId);
    const all = raw.join('\n');
    expect(all).not.toContain(s.apiKey);
    expect(all).not.toContain(secretPath);
    expect(all.toLowerCase()).not.toContain('authorization');
  });

  it('censors token-like fields a caller passes by mistake', () => {
    const { log, lines } = capture();
    log.warn('oops', { meetingId: 'm1', token: 'tok-123', nested: { ticket: 'tic-456' } });
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'oops', meetingId: 'm1', token: '[redacted]', nested: { ticket: '[redacted]' } });
  });
});
