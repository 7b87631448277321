/**
 * The operator API (/api/v1/operator, `Authorization: Bearer <OPERATOR_TOKEN>`): organisations and API keys
 * without SQL. Keys are shown once and stored hashed; a rotated or revoked key answers 401 at once.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDeps } from '../../server/main.js';
import { startTestServer, type TestServer } from '../support/server.js';

const TOKEN = randomBytes(32).toString('base64url');
let s: TestServer;
let off: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { OPERATOR_TOKEN: TOKEN } });
  off = await startTestServer();
});
afterAll(async () => {
  await s?.close();
  await off?.close();
});

const op = (method: string, path: string, body?: unknown, token: string | null = TOKEN) => s.api(method, `/api/v1/operator${path}`, body, token);
const countOrgs = async () => (await s.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM organizations`)[0]!.n;
const keysOf = (slug: string) =>
  s.deps.sql<{ revoked: boolean }[]>`SELECT k.revoked_at IS NOT NULL AS revoked FROM api_keys k JOIN organizations o ON o.id = k.organization_id WHERE o.slug = ${slug} ORDER BY k.created_at, k.id`;
/** Can this API key use the organisation API? (a read that needs a valid key) */
const keyWorks = async (key: string) => {
  const r = await s.api('GET', '/api/v1/scheduling/settings', undefined, key);
  expect([200, 401]).toContain(r.status);
  return r.status === 200;
};

describe('operator API', () => {
  it('creates an organisation whose key (shown once, stored as SHA-256) works at once; lists it without the key', async () => {
    const r = await op('POST', '/organizations', { name: 'School of Arts', slug: 'arts', keyName: 'LMS' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const { organization, apiKey } = r.body;
    expect(organization).toMatchObject({ name: 'School of Arts', slug: 'arts', apiKeys: [{ id: apiKey.id, name: 'LMS', revokedAt: null }] });
    expect(apiKey.key).toMatch(/^vr_[A-Za-z0-9]{8}_/);
    expect(apiKey.prefix).toBe(apiKey.key.slice(0, 11));
    const [stored] = await s.deps.sql<{ key_hash: Buffer }[]>`SELECT key_hash FROM api_keys WHERE id = ${apiKey.id}`;
    expect(stored!.key_hash.equals(createHash('sha256').update(apiKey.key).digest())).toBe(true);
    expect(await keyWorks(apiKey.key)).toBe(true);

    const list = await op('GET', '/organizations');
    expect(list.status).toBe(200);
    const arts = list.body.items.find((o: { slug: string }) => o.slug === 'arts');
    expect(arts.apiKeys).toEqual([{ id: apiKey.id, name: 'LMS', prefix: apiKey.prefix, createdAt: apiKey.createdAt, revokedAt: null }]);
    expect(JSON.stringify(list.body)).not.toContain(apiKey.key);

    const again = await op('POST', '/organizations', { name: 'Other', slug: 'arts' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'slug_taken', field: 'slug' });
    const bad = await op('POST', '/organizations', { name: 'Bad', slug: 'Not A Slug' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('slug');
    const nul = await op('POST', '/organizations', { name: 'a\u0000b', slug: 'nul' });
    expect(nul.status).toBe(400);
    expect(nul.body.error.field).toBe('name');
    expect((await op('POST', '/organizations/arts/keys/key_%00x/revoke')).body.error.field).toBe('keyId');
  });

  it('a wrong or missing operator token answers 401 and changes nothing; an organisation API key is not an operator token', async () => {
    await op('POST', '/organizations', { name: 'Keep', slug: 'keep' });
    const [before, keysBefore] = [await countOrgs(), await keysOf('keep')];
    const attempts: [string, string, unknown][] = [
      ['POST', '/organizations', { name: 'Intruder', slug: 'intruder' }],
      ['GET', '/organizations', undefined],
      ['POST', '/organizations/keep/rotate-key', {}],
      ['POST', `/organizations/keep/keys/anything/revoke`, undefined],
    ];
    for (const token of [null, 'wrong', TOKEN + 'x', TOKEN.slice(0, -1), s.apiKey]) {
      for (const [method, path, body] of attempts) {
        const r = await op(method, path, body, token);
        expect(r.status, `${method} ${path} with ${token === null ? 'no token' : 'a wrong token'}`).toBe(401);
        expect(r.body.error.code).toBe('unauthorized');
      }
    }
    expect(await countOrgs()).toBe(before);
    expect(await keysOf('keep')).toEqual(keysBefore);
  });

  it('rotating a key: the old key answers 401 at once, the new one works', async () => {
    const { apiKey: first } = (await op('POST', '/organizations', { name: 'Rotating', slug: 'rotating' })).body;
    expect(await keyWorks(first.key)).toBe(true);
    const rot = await op('POST', '/organizations/rotating/rotate-key', { keyId: first.id, name: 'second' });
    expect(rot.status, JSON.stringify(rot.body)).toBe(201);
    expect(rot.body.revoked).toEqual([expect.objectContaining({ id: first.id, revokedAt: expect.any(String) })]);
    expect(await keyWorks(first.key)).toBe(false);
    expect(await keyWorks(rot.body.apiKey.key)).toBe(true);
    // without keyId (and without a body): every active key is replaced
    const all = await op('POST', '/organizations/rotating/rotate-key');
    expect(all.status, JSON.stringify(all.body)).toBe(201);
    expect(all.body.revoked.map((k: { id: string }) => k.id)).toEqual([rot.body.apiKey.id]);
    expect(await keyWorks(rot.body.apiKey.key)).toBe(false);
    expect(await keyWorks(all.body.apiKey.key)).toBe(true);
    // an unknown or already revoked key: 404 naming keyId, and no new key
    const keys = await keysOf('rotating');
    const stale = await op('POST', '/organizations/rotating/rotate-key', { keyId: first.id });
    expect(stale.status).toBe(404);
    expect(stale.body.error.field).toBe('keyId');
    expect(await keysOf('rotating')).toEqual(keys);
    expect(await keyWorks(all.body.apiKey.key)).toBe(true);
    expect((await op('POST', '/organizations/nowhere/rotate-key', {})).body.error).toMatchObject({ code: 'not_found', field: 'slug' });
  });

  it('revoking a key: it answers 401 at once, on another server instance too', async () => {
    // a second instance of the server on the same database (as behind a load balancer)
    const deps2 = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), s.databaseUrl, inject('livekit'), { poolSize: 2 });
    const other = createApp(deps2);
    const worksThere = async (key: string) => (await other.request('/api/v1/scheduling/settings', { headers: { authorization: `Bearer ${key}` } })).status === 200;
    const { apiKey } = (await op('POST', '/organizations', { name: 'Revoking', slug: 'revoking' })).body;
    expect(await keyWorks(apiKey.key)).toBe(true);
    expect(await worksThere(apiKey.key)).toBe(true);
    const r = await op('POST', `/organizations/revoking/keys/${apiKey.id}/revoke`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: apiKey.id, revokedAt: expect.any(String) });
    expect(await keyWorks(apiKey.key)).toBe(false);
    expect(await worksThere(apiKey.key)).toBe(false);
    await deps2.sql.end({ timeout: 5 });
    expect((await op('POST', `/organizations/revoking/keys/${apiKey.id}/revoke`)).status).toBe(200);
    expect((await op('POST', '/organizations/revoking/keys/key_unknown2/revoke')).body.error).toMatchObject({ code: 'not_found', field: 'keyId' });
  });

  it('is off (404) without OPERATOR_TOKEN, whatever the request carries', async () => {
    for (const token of [null, 'anything', TOKEN]) {
      const r = await off.api('GET', '/api/v1/operator/organizations', undefined, token);
      expect(r.status).toBe(404);
    }
  });

  it('is described in the OpenAPI document with its own security scheme', async () => {
    const doc = (await s.api('GET', '/api/v1/openapi.json', undefined, null)).body;
    expect(doc.components.securitySchemes.operatorToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, method] of [
      ['/operator/organizations', 'post'],
      ['/operator/organizations', 'get'],
      ['/operator/organizations/{slug}/rotate-key', 'post'],
      ['/operator/organizations/{slug}/keys/{keyId}/revoke', 'post'],
    ] as const) {
      expect(doc.paths[path][method].security, `${method} ${path}`).toEqual([{ operatorToken: [] }]);
    }
  });
});
