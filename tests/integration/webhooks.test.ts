/**
 * LiveKit webhooks: signed exactly as LiveKit signs them (a JWT from the API key/secret whose `sha256`
 * claim is the base64 SHA-256 of the raw body), verified with livekit-server-sdk's WebhookReceiver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { deliverWebhook } from '../support/livekit-webhooks.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const deliver = (body: string, secret?: string) => deliverWebhook(s, body, secret);
const count = async () => Number((await s.deps.sql`SELECT count(*)::int AS n FROM livekit_webhook_events`)[0]!.n);

describe('LiveKit webhooks', () => {
  it('room_started marks the meeting live, once, however often LiveKit retries', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Webhook' })).body;
    const body = JSON.stringify({ event: 'room_started', id: `EV_${randomUUID()}`, createdAt: String(Math.floor(Date.now() / 1000)), room: { name: m.roomName, sid: 'RM_x' } });
    const before = await count();
    expect(await deliver(body)).toEqual({ status: 200, body: { ok: true, duplicate: false } });
    expect(await deliver(body)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(await count()).toBe(before + 1);
    const live = (await s.api('GET', `/api/v1/meetings/${m.id}`)).body;
    expect(live.status).toBe('live');
    expect(live.startedAt).not.toBeNull();
  });

  it('a bad signature or a changed body is refused with 401 and nothing is stored', async () => {
    const body = JSON.stringify({ event: 'room_started', id: `EV_${randomUUID()}`, room: { name: 'x' } });
    const before = await count();
    expect((await deliver(body, 'not-the-secret-at-all-000000000000')).status).toBe(401);
    const at = new AccessToken(s.deps.livekit.apiKey, s.deps.livekit.apiSecret);
    at.sha256 = createHash('sha256').update(body).digest('base64');
    const tampered = await fetch(`${s.baseUrl}/api/v1/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json', authorization: await at.toJwt() },
      body: body.replace('room_started', 'room_finished'),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await fetch(`${s.baseUrl}/api/v1/livekit/webhook`, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(await count()).toBe(before);
  });
});
