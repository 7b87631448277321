/**
 * Body limits outside /api/v1: the LTI login and launch endpoints, invitation links (/j) and the demo API refuse
 * bodies over 64 KiB with 413 (an HTML page for a browser's form post, JSON for fetch), declared or chunked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ demo: true });
}, 120_000);
afterAll(() => s?.close());

const big = 'x'.repeat(200 * 1024);
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'; // what a browser's form post accepts

describe('request bodies over 64 KiB outside /api/v1', () => {
  it('an LTI login or launch form post of 200 KiB gets a 413 page', async () => {
    for (const path of ['/lti/login', '/lti/launch']) {
      const res = await fetch(`${s.baseUrl}${path}`, { method: 'POST', headers: { accept: HTML }, body: new URLSearchParams({ id_token: big, state: 'x', iss: 'https://lms.example.edu', login_hint: big }) });
      expect(res.status, path).toBe(413);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('Request too large');
    }
  });

  it('a chunked launch body (no Content-Length) is counted as it arrives', async () => {
    const chunk = new TextEncoder().encode(`id_token=${'y'.repeat(16 * 1024)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent++ < 64) ctrl.enqueue(chunk);
        else ctrl.close();
      },
    });
    const res = await fetch(`${s.baseUrl}/lti/launch`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('the JSON endpoints (launch verify, deep linking, demo API) answer 413 in JSON', async () => {
    for (const path of ['/lti/launch/verify', '/lti/deep-linking', '/demo/api/meetings', '/demo/api/tickets']) {
      const res = await fetch(`${s.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: big, title: big }) });
      expect(res.status, path).toBe(413);
      expect((await res.json()).error).toMatchObject({ code: 'payload_too_large' });
    }
  });

  it('an invitation link (/j) with a 200 KiB body is refused too', async () => {
    const res = await fetch(`${s.baseUrl}/j/some-token`, { method: 'POST', headers: { accept: HTML }, body: big });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('the tool keyset (served by ltijs) takes no body: a large POST meets the same limit', async () => {
    const res = await fetch(`${s.baseUrl}/lti/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: big }) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect((await fetch(`${s.baseUrl}/lti/keys`)).status).toBe(200);
  });

  it('a body just under the limit still reaches the route', async () => {
    const res = await fetch(`${s.baseUrl}/lti/launch/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: 'z'.repeat(60_000), state: 's' }) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('validation_error');
  });
});
