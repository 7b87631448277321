/**
 * Two server instances on one database, as behind a load balancer: nothing one instance needs lives only in
 * another's memory, and a change made through one is honoured by the other at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecondInstance, startTestServer, waitUntil, type TestServer } from '../support/server.js';

let a: TestServer;
let b: Awaited<ReturnType<typeof startSecondInstance>>;
beforeAll(async () => {
  a = await startTestServer();
  b = await startSecondInstance(a);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const joinAt = async (base: string, body: unknown) => {
  const r = await fetch(`${base}/api/v1/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
};

describe('several server instances', () => {
  it('a ticket minted by one instance joins through the other, and ending the meeting on one stops joins on the other', async () => {
    const m = (await a.api('POST', '/api/v1/meetings', { title: 'Shared' })).body;
    const ticket = (await a.api('POST', `/api/v1/meetings/${m.id}/join-tickets`, { user: { id: 'u1', name: 'Ada' } })).body.ticket;
    // Instance B has read (and cached) the meeting while it was open.
    expect((await joinAt(b.baseUrl, { ticket })).status).toBe(200);
    expect((await joinAt(b.baseUrl, { ticket })).status).toBe(200);
    // Instance A ends it; B must refuse from then on (notification, not a timeout).
    expect((await a.api('POST', `/api/v1/meetings/${m.id}/end`)).body.status).toBe('ended');
    const refused = await waitUntil(async () => {
      const r = await joinAt(b.baseUrl, { ticket });
      return r.status === 409 ? r : undefined;
    }, 2000, 'instance B to see the meeting ended');
    expect(refused.body.error.code).toBe('meeting_ended');
  });

  it('a settings change on one instance shows in the tokens the other mints', async () => {
    const m = (await a.api('POST', '/api/v1/meetings', { title: 'Share?', settings: { screenShare: true } })).body;
    const ticket = (await a.api('POST', `/api/v1/meetings/${m.id}/join-tickets`, { user: { id: 'u2', name: 'Bo' } })).body.ticket;
    const sources = async () => {
      const t = (await joinAt(b.baseUrl, { ticket })).body.participantToken as string;
      return JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).video.canPublishSources as string[];
    };
    expect(await sources()).toContain('screen_share');
    await a.api('PATCH', `/api/v1/meetings/${m.id}`, { settings: { screenShare: false } });
    await waitUntil(async () => !(await sources()).includes('screen_share'), 2000, 'screen share to be withdrawn');
  });
});
