import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePage } from '../support/html-page.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const berlinClass = {
  title: 'Physics 101',
  type: 'class',
  scheduledStartAt: '2026-12-01T09:00:00+01:00',
  scheduledEndAt: '2026-12-01T10:30:00+01:00',
  timezone: 'Europe/Berlin',
  maxParticipants: 40,
  settings: { screenShare: false },
};

describe('meetings API', () => {
  it('creates a meeting, stores instants in UTC and names its room after the tenant, type and id', async () => {
    const r = await s.api('POST', '/api/v1/meetings', berlinClass);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      title: 'Physics 101',
      type: 'class',
      status: 'scheduled',
      scheduledStartAt: '2026-12-01T08:00:00.000Z',
      scheduledEndAt: '2026-12-01T09:30:00.000Z',
      timezone: 'Europe/Berlin',
      settings: { chat: true, screenShare: false, recordingAllowed: false, waitingRoom: false },
      hasPassword: false,
      joinCode: null,
    });
    expect(r.body.roomName).toBe(`school-class-${r.body.id}`);
    const got = await s.api('GET', `/api/v1/meetings/${r.body.id}`);
    expect(got.body).toEqual(r.body);
  });

  it('lists, updates and cancels', async () => {
    const a = (await s.api('POST', '/api/v1/meetings', { ...berlinClass, title: 'Later', scheduledStartAt: '2027-01-05T09:00:00Z', scheduledEndAt: '2027-01-05T10:00:00Z' })).body;
    const list = await s.api('GET', '/api/v1/meetings?from=2027-01-01T00:00:00Z');
    expect(list.body.items.map((m: any) => m.id)).toEqual([a.id]);

    const upd = await s.api('PATCH', `/api/v1/meetings/${a.id}`, { title: 'Moved', scheduledStartAt: '2027-01-06T09:00:00Z', scheduledEndAt: '2027-01-06T10:00:00Z', password: 'secret1', publicJoin: true });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ title: 'Moved', scheduledStartAt: '2027-01-06T09:00:00.000Z', hasPassword: true, roomName: a.roomName });
    expect(upd.body.joinCode).toMatch(/^[a-z2-9]{10}$/);

    const c = await s.api('POST', `/api/v1/meetings/${a.id}/cancel`);
    expect(c.body.status).toBe('cancelled');
    const again = await s.api('PATCH', `/api/v1/meetings/${a.id}`, { title: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('meeting_cancelled');
  });

  it('rejects bad input with 400 naming the field, and stores nothing', async () => {
    const before = (await s.api('GET', '/api/v1/meetings?limit=200')).body.items.length;
    const cases: [unknown, string][] = [
      [{ ...berlinClass, title: '' }, 'title'],
      [{ ...berlinClass, type: 'party' }, 'type'],
      [{ ...berlinClass, timezone: 'Mars/Olympus' }, 'timezone'],
      [{ ...berlinClass, scheduledStartAt: 'tomorrow' }, 'scheduledStartAt'],
      [{ ...berlinClass, scheduledEndAt: '2026-12-01T07:00:00Z' }, 'scheduledEndAt'],
      [{ ...berlinClass, maxParticipants: 0 }, 'maxParticipants'],
    ];
    for (const [body, field] of cases) {
      const r = await s.api('POST', '/api/v1/meetings', body);
      expect(r.status, field).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'validation_error', field });
    }
    const notJson = await s.api('POST', '/api/v1/meetings', '{"title":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('bad_request');
    expect((await s.api('GET', '/api/v1/meetings?limit=200')).body.items.length).toBe(before);
  });

  it('needs an API key, and one organisation never sees another one\'s meetings', async () => {
    expect((await s.api('GET', '/api/v1/meetings', undefined, null)).status).toBe(401);
    expect((await s.api('GET', '/api/v1/meetings', undefined, 'vr_nope_nope')).body.error.code).toBe('unauthorized');
    const mine = (await s.api('POST', '/api/v1/meetings', berlinClass)).body;
    const otherKey = await s.newOrganization('other');
    const r = await s.api('GET', `/api/v1/meetings/${mine.id}`, undefined, otherKey);
    expect(r.status).toBe(404);
    expect((await s.api('POST', `/api/v1/meetings/${mine.id}/end`, undefined, otherKey)).status).toBe(404);
    expect((await s.api('GET', '/api/v1/meetings', undefined, otherKey)).body.items).toEqual([]);
  });

  it('never answers with a stack trace', async () => {
    const r = await s.api('GET', '/api/v1/meetings/not-a-uuid');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('describes itself in OpenAPI 3.1 with a human docs page', async () => {
    const doc = (await s.api('GET', '/api/v1/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/meetings', '/meetings/{id}', '/meetings/{id}/join-tickets', '/meetings/{id}/end', '/join']));
    expect(doc.components.schemas.MeetingCreate.properties.timezone).toBeDefined();
    const page = await fetch(`${s.baseUrl}/api/v1/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('"url": "/api/v1/openapi.json"'); // Scalar's reference UI reads the description
  });

  it('the API reference page loads its scripts and styles from our own origin (no CDN), and they answer 200', async () => {
    const res = await fetch(`${s.baseUrl}/api/v1/docs`);
    const page = parsePage(await res.text());
    const urls = [
      ...page.elements('script').flatMap((e) => page.attr(e, 'src') ?? []),
      ...page.elements('link').filter((e) => /stylesheet|preload|modulepreload/.test(page.attr(e, 'rel') ?? '')).map((e) => page.attr(e, 'href')!),
    ].map((u) => new URL(u, res.url));
    expect(urls.map(String)).toEqual([expect.stringMatching(new RegExp(`^${s.baseUrl}/api/v1/docs/scalar-[\\d.]+\\.js$`))]);
    for (const url of urls) {
      const r = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
      expect(r.status, String(url)).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/javascript/);
      expect((await r.text()).length).toBeGreaterThan(100_000); // Scalar's standalone bundle, not an error page
    }
    const inline = page.elements('script').filter((e) => !page.attr(e, 'src')).map(page.text).join('\n');
    expect(inline).toContain('Scalar.createApiReference');
    expect(inline).not.toMatch(/https?:\/\//); // no other origin configured (fonts, proxy)
  });
});
