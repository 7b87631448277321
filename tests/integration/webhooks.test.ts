/**
 * LiveKit webhooks: signed exactly as LiveKit signs them (a JWT from the API key/secret whose `sha256`
 * claim is the base64 SHA-256 of the raw body), verified by livekit-server-sdk's WebhookReceiver
 * (server/livekit/client.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { deliverWebhook, participantEvent } from '../support/livekit-webhooks.js';
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
    // Stored as the JSON object LiveKit sent (not as a JSON string of it).
    const [row] = await s.deps.sql`SELECT jsonb_typeof(payload) AS type, payload = ${body}::text::jsonb AS same FROM livekit_webhook_events WHERE id = ${JSON.parse(body).id}`;
    expect(row).toEqual({ type: 'object', same: true });
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

  it('a burst of concurrent deliveries, retries next to their originals and leaves before joins, stores every event once', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Busy class' })).body;
    const room = { name: m.roomName as string, sid: 'RM_burst' };
    const t0 = Date.now() - 3_600_000;
    const unique: string[] = [];
    for (let p = 0; p < 30; p++) {
      const person = { identity: `burst-${p}`, name: `Person ${p}`, sid: `PA_burst_${p}`, joinedAtMs: t0 + p * 1000 };
      const joined = participantEvent('participant_joined', room, person, person.joinedAtMs);
      const left = participantEvent('participant_left', room, person, t0 + 1_800_000);
      unique.push(...(p % 3 === 0 ? [left, joined] : [joined, left]));
    }
    // Every fourth event is delivered twice in the same burst (LiveKit retries while the first is in flight).
    const bodies = unique.flatMap((b, i) => (i % 4 === 0 ? [b, b] : [b]));
    const webhookRows = async () => Number((await s.deps.sql`SELECT count(*)::int AS n FROM livekit_webhook_events WHERE room_name = ${room.name}`)[0]!.n);
    const attendanceRows = async () => Number((await s.deps.sql`SELECT count(*)::int AS n FROM attendance_events WHERE meeting_id = ${m.id}`)[0]!.n);

    // Signed first, then sent all at once, so they reach the server together.
    const signed = await Promise.all(
      bodies.map(async (body) => {
        const at = new AccessToken(s.deps.livekit.apiKey, s.deps.livekit.apiSecret);
        at.sha256 = createHash('sha256').update(body).digest('base64');
        return { body, authorization: await at.toJwt() };
      }),
    );
    const answers = await Promise.all(
      signed.map(async ({ body, authorization }) => {
        const res = await fetch(`${s.baseUrl}/api/v1/livekit/webhook`, { method: 'POST', headers: { 'content-type': 'application/webhook+json', authorization }, body });
        return { status: res.status, body: await res.json() };
      }),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.duplicate).length).toBe(bodies.length - unique.length);
    expect(await webhookRows()).toBe(unique.length);
    expect(await attendanceRows()).toBe(unique.length);
    const [shapes] = await s.deps.sql`SELECT count(*) FILTER (WHERE jsonb_typeof(payload) <> 'object')::int AS odd FROM livekit_webhook_events WHERE room_name = ${room.name}`;
    expect(shapes!.odd).toBe(0);

    // Delivered again, one by one: all duplicates, nothing added.
    for (const b of unique.slice(0, 5)) expect((await deliver(b)).body).toEqual({ ok: true, duplicate: true });
    expect(await webhookRows()).toBe(unique.length);

    const report = (await s.api('GET', `/api/v1/meetings/${m.id}/attendance`)).body;
    expect(report.people).toHaveLength(30);
    for (const p of report.people) expect(p.cycles).toHaveLength(1);
    expect(report.people.find((p: { identity: string }) => p.identity === 'burst-0').cycles[0]).toMatchObject({
      joinedAt: new Date(t0).toISOString(),
      leftAt: new Date(Math.floor((t0 + 1_800_000) / 1000) * 1000).toISOString(),
    });
  });
});
