import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const join = (body: unknown) => s.api('POST', '/api/v1/join', body, null);
async function meetingWithWaitingRoom() {
  const m = (await s.api('POST', '/api/v1/meetings', { title: 'Office hours', publicJoin: true, settings: { waitingRoom: true } })).body;
  const t = (await s.api('POST', `/api/v1/meetings/${m.id}/join-tickets`, { user: { id: 'prof', name: 'Prof' }, role: 'host' })).body.ticket;
  const host = (await join({ ticket: t })).body;
  return { m, host, auth: host.moderationToken as string };
}

describe('waiting room', () => {
  it('a guest with the code waits until the host admits them, then gets a participant token', async () => {
    const { m, auth } = await meetingWithWaitingRoom();
    const first = await join({ code: m.joinCode, name: 'Ada' });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'waiting' });
    expect(first.body).not.toHaveProperty('participantToken');

    const stillWaiting = await join({ waitToken: first.body.waitToken });
    expect(stillWaiting.status).toBe(202);

    const list = await s.api('GET', `/api/v1/waiting-room/${m.id}`, undefined, auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => i.name)).toEqual(['Ada']);

    const admit = await s.api('POST', `/api/v1/waiting-room/${m.id}/${list.body.items[0].id}/admit`, undefined, auth);
    expect(admit.body).toEqual({ id: list.body.items[0].id, status: 'admitted' });
    // Admitting twice changes nothing; denying after admitting does not take it back.
    expect((await s.api('POST', `/api/v1/waiting-room/${m.id}/${list.body.items[0].id}/admit`, undefined, auth)).body.status).toBe('admitted');
    expect((await s.api('POST', `/api/v1/waiting-room/${m.id}/${list.body.items[0].id}/deny`, undefined, auth)).body.status).toBe('admitted');

    const inside = await join({ waitToken: first.body.waitToken });
    expect(inside.status).toBe(200);
    expect(inside.body).toMatchObject({ role: 'participant', name: 'Ada' });
    expect(inside.body.identity).toMatch(/^guest-/);
    expect(inside.body.moderationToken).toBeUndefined();
    expect((await s.api('GET', `/api/v1/waiting-room/${m.id}`, undefined, auth)).body.items).toEqual([]);
  });

  it('a denied guest is told so and never gets a token', async () => {
    const { m, auth } = await meetingWithWaitingRoom();
    const w = (await join({ code: m.joinCode, name: 'Mallory' })).body;
    const [item] = (await s.api('GET', `/api/v1/waiting-room/${m.id}`, undefined, auth)).body.items;
    await s.api('POST', `/api/v1/waiting-room/${m.id}/${item.id}/deny`, undefined, auth);
    const r = await join({ waitToken: w.waitToken });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('join_denied');
  });

  it('only the meeting\'s hosts (or its organisation\'s API key) run its waiting room', async () => {
    const a = await meetingWithWaitingRoom();
    const b = await meetingWithWaitingRoom();
    await join({ code: a.m.joinCode, name: 'Eve' });
    // A participant has no moderation token; its LiveKit token is not accepted either.
    const pt = (await s.api('POST', `/api/v1/meetings/${a.m.id}/join-tickets`, { user: { id: 'stu', name: 'Stu' }, role: 'participant' })).body.ticket;
    const participant = (await join({ ticket: pt })).body;
    expect(participant.moderationToken).toBeUndefined();
    expect((await s.api('GET', `/api/v1/waiting-room/${a.m.id}`, undefined, participant.participantToken)).status).toBe(401);
    expect((await s.api('GET', `/api/v1/waiting-room/${a.m.id}`, undefined, null)).status).toBe(401);
    // Host of B cannot see A's waiting room.
    expect((await s.api('GET', `/api/v1/waiting-room/${a.m.id}`, undefined, b.auth)).status).toBe(404);
    // The organisation's API key can.
    expect((await s.api('GET', `/api/v1/waiting-room/${a.m.id}`)).body.items).toHaveLength(1);
    // Another organisation's key cannot.
    const other = await s.newOrganization('elsewhere');
    expect((await s.api('GET', `/api/v1/waiting-room/${a.m.id}`, undefined, other)).status).toBe(404);
  });

  it('a forged wait token is refused', async () => {
    const r = await join({ waitToken: 'eyJhbGciOiJIUzI1NiJ9.e30.AAAA' });
    expect(r.status).toBe(401);
    expect(r.body.error.field).toBe('waitToken');
  });
});
