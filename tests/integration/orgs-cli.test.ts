/**
 * The organisations CLI (`npm run orgs -- create|list|rotate-key|revoke-key`) as an operator runs it: a real child
 * process against the test database (DATABASE_URL) while the server runs; the server sees its changes at once.
 * And once without DATABASE_URL, on an embedded PostgreSQL of its own.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/ports.js';
import { runScript } from '../support/cli.js';
import { useTestServer } from '../support/server.js';

const s = useTestServer();

/** Run the CLI; resolves with its exit code and output (never rejects on a non-zero exit). */
const orgs = (args: string[], env: Record<string, string> = { DATABASE_URL: s.databaseUrl }) => runScript('orgs', args, env);
const json = async (args: string[]) => {
  const r = await orgs([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const keyWorks = async (key: string) => (await s.api('GET', '/api/v1/scheduling/settings', undefined, key)).status === 200;
const countOrgs = async () => (await s.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM organizations`)[0]!.n;

describe('orgs CLI', () => {
  it('create, list, rotate-key and revoke-key change what the running server accepts, at once', { timeout: 120_000 }, async () => {
    const human = await orgs(['create', 'music', '--name', 'School of Music', '--key-name', 'Moodle']);
    expect(human.code, human.stderr).toBe(0);
    const key = /^(vr_\S+)$/m.exec(human.stdout)?.[1];
    expect(human.stdout).toContain('shown once');
    expect(key).toBeDefined();
    expect(await keyWorks(key!)).toBe(true);

    const { items } = await json(['list']);
    const music = items.find((o: { slug: string }) => o.slug === 'music');
    expect(music).toMatchObject({ name: 'School of Music', apiKeys: [{ name: 'Moodle', prefix: key!.slice(0, 11), revokedAt: null }] });
    expect(JSON.stringify(items)).not.toContain(key);

    const rotated = await json(['rotate-key', 'music', '--key', music.apiKeys[0].id]);
    expect(rotated.revoked.map((k: { id: string }) => k.id)).toEqual([music.apiKeys[0].id]);
    expect(await keyWorks(key!)).toBe(false);
    expect(await keyWorks(rotated.apiKey.key)).toBe(true);

    const revoked = await json(['revoke-key', 'music', rotated.apiKey.id]);
    expect(revoked).toMatchObject({ id: rotated.apiKey.id, revokedAt: expect.any(String) });
    expect(await keyWorks(rotated.apiKey.key)).toBe(false);
  });

  it('refuses bad input with a message and a non-zero exit, and changes nothing', { timeout: 120_000 }, async () => {
    await json(['create', 'taken', '--name', 'Taken']);
    const before = await countOrgs();
    const dup = await orgs(['create', 'taken', '--name', 'Again']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('slug_taken');
    const badSlug = await orgs(['create', 'Bad Slug', '--name', 'X']);
    expect(badSlug.code).toBe(2);
    expect(badSlug.stderr).toContain('slug');
    const unknown = await orgs(['revoke-key', 'nowhere', 'key_x']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('not_found');
    expect((await orgs(['frobnicate'])).code).toBe(2);
    expect(await countOrgs()).toBe(before);
  });

  it('works without DATABASE_URL on the embedded PostgreSQL, and stops it after the command', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'orgs-cli-'));
    const port = await freePort();
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) };
    try {
      const created = await orgs(['create', 'local', '--name', 'Local school', '--json'], env);
      expect(created.code, created.stderr).toBe(0);
      const listed = await orgs(['list', '--json'], env);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout).items.map((o: { slug: string }) => o.slug)).toEqual(['local']);
      const open = await new Promise<boolean>((done) => {
        const c = createConnection({ host: '127.0.0.1', port }, () => (c.destroy(), done(true))).on('error', () => done(false));
      });
      expect(open).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
