/**
 * Hostile and unusual id_token claims from a platform (LTI Core 1.3 §5.3, Security Framework §5.1.3): the emulator
 * signs them with its real key, so only the tool's own claim checks stand between them and the database.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LIS, type Emulator, type LaunchSpec } from '../support/lms-emulator.js';
import { type TestServer } from '../support/server.js';
import { ltiLaunch, useLtiEnvironment } from '../support/lti-flow.js';

const env = useLtiEnvironment();
let s: TestServer;
let emu: Emulator;
beforeAll(() => {
  ({ s, emu } = env);
});

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
let n = 0;
const spec = (claims: Record<string, unknown>, extra: Partial<LaunchSpec> = {}): LaunchSpec => ({
  sub: `claims-${++n}`, name: 'Pat', roles: [LIS.learner], resourceLinkId: `claims-link-${n}`, claims, ...extra,
});
const counts = async () => {
  const [r] = await s.deps.sql`SELECT (SELECT count(*)::int FROM meetings) AS meetings, (SELECT count(*)::int FROM lti_resource_links) AS links,
    (SELECT count(*)::int FROM lti_nonces) AS nonces, (SELECT count(*)::int FROM lti_launch_users) AS users,
    (SELECT count(*)::int FROM lti_deployments) AS deployments`;
  return r;
};

/** Launch with these claims; expect a 4xx naming `field`, with a message a person can read, and nothing stored. */
async function expectRefused(claims: Record<string, unknown>, field: string, code = 'invalid_claim') {
  const before = await counts();
  const r = await ltiLaunch(s, emu, spec(claims));
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error).toMatchObject({ code, field });
  expect(r.body.error.message.length).toBeGreaterThan(10);
  expect(await counts()).toEqual(before);
}

describe('sub (LTI Core §5.3.6): a non-empty string of at most 255 ASCII characters', () => {
  it('refuses an empty sub, so two people launched with "sub": "" never become one identity', async () => {
    await expectRefused({ sub: '' }, 'id_token.sub');
    await expectRefused({ sub: '' }, 'id_token.sub');
  });
  for (const [what, sub] of [
    ['a missing sub', undefined],
    ['a blank sub', '   '],
    ['a sub of 256 characters', 'a'.repeat(256)],
    ['a non-ASCII sub', 'José'],
    ['a sub with a NUL', 'a\u0000b'],
    ['a numeric sub', 12345],
  ] as const) {
    it(`refuses ${what}`, () => expectRefused({ sub }, 'id_token.sub'));
  }
  it('accepts a sub of exactly 255 ASCII characters', async () => {
    const r = await ltiLaunch(s, emu, spec({ sub: 'x'.repeat(255) }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  });
});

describe('azp (Security Framework §5.1.3)', () => {
  it('refuses a single aud with an azp naming another client', () => expectRefused({ azp: 'some-other-client' }, 'id_token.azp'));
  it('refuses several audiences without azp, or with an azp that is not this tool', async () => {
    await expectRefused({ aud: [emu.clientId, 'other-tool'] }, 'id_token.azp');
    await expectRefused({ aud: [emu.clientId, 'other-tool'], azp: 'other-tool' }, 'id_token.azp');
  });
  it('accepts azp naming this tool, with one audience or several', async () => {
    expect((await ltiLaunch(s, emu, spec({ azp: emu.clientId }))).status).toBe(200);
    expect((await ltiLaunch(s, emu, spec({ aud: ['other-tool', emu.clientId], azp: emu.clientId }))).status).toBe(200);
  });
});

describe('target_link_uri: only the tool\'s own origin', () => {
  it('refuses an id_token whose target_link_uri is on another origin (or missing)', async () => {
    await expectRefused({ [`${LTI}target_link_uri`]: 'https://evil.example.com/lti/launch' }, 'id_token.target_link_uri');
    await expectRefused({ [`${LTI}target_link_uri`]: `${s.baseUrl}.evil.example.com/lti/launch` }, 'id_token.target_link_uri');
    await expectRefused({ [`${LTI}target_link_uri`]: undefined }, 'id_token.target_link_uri');
  });
  it('refuses a login whose target_link_uri is on another origin, with an error page and no redirect', async () => {
    const hint = emu.prepare(spec({}));
    for (const target of ['https://evil.example.com/lti/launch', 'javascript:alert(1)']) {
      const res = await fetch(`${s.baseUrl}/lti/login?${new URLSearchParams(emu.loginParams(hint, s.baseUrl, { target_link_uri: target }))}`);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('target_link_uri');
      expect(html).not.toContain(emu.authEndpoint);
    }
  });
});

describe('the other LTI claims', () => {
  it('refuses another LTI version, a missing or over-long deployment_id, a bad resource_link id, roles that are not an array', async () => {
    await expectRefused({ [`${LTI}version`]: '1.1' }, 'id_token.version', 'missing_claim');
    await expectRefused({ [`${LTI}deployment_id`]: '' }, 'id_token.deployment_id');
    await expectRefused({ [`${LTI}deployment_id`]: 'd'.repeat(256) }, 'id_token.deployment_id');
    await expectRefused({ [`${LTI}resource_link`]: { id: '' } }, 'id_token.resource_link.id');
    await expectRefused({ [`${LTI}resource_link`]: { id: 'r'.repeat(256) } }, 'id_token.resource_link.id');
    await expectRefused({ [`${LTI}resource_link`]: { id: 42 } }, 'id_token.resource_link.id');
    await expectRefused({ [`${LTI}resource_link`]: undefined }, 'id_token.resource_link', 'missing_claim');
    await expectRefused({ [`${LTI}roles`]: LIS.instructor }, 'id_token.roles');
    await expectRefused({ [`${LTI}roles`]: undefined }, 'id_token.roles');
    await expectRefused({ [`${LTI}context`]: { title: 'No id' } }, 'id_token.context.id');
    await expectRefused({ 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { lineitems: 'file:///etc/passwd' } }, 'id_token.ags.lineitems');
  });

  it('a NUL, control characters or an over-long name or course title from the platform are cleaned, not a 500', async () => {
    const r = await ltiLaunch(s, emu, spec({
      name: 'Ada\u0000 Love\u0007lace',
      email: 'not an email\u0000',
      [`${LTI}context`]: { id: 'course-nul', title: `Physics\u0000 ${'x'.repeat(5000)}`, label: 'P\u0000H' },
      [`${LTI}resource_link`]: { id: 'link-nul', title: `Week\u00003\n${'y'.repeat(5000)}` },
      [`${LTI}launch_presentation`]: { locale: '"><script>' },
    }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.name).toBe('Ada Love lace');
    expect(r.body.locale).toBeNull();
    expect(r.body.meeting.title.startsWith('Week 3 yyy')).toBe(true);
    expect(r.body.meeting.title.length).toBeLessThanOrEqual(200);
    const [u] = await s.deps.sql`SELECT name, email FROM lti_launch_users WHERE sub = ${`claims-${n}`}`;
    expect(u).toEqual({ name: 'Ada Love lace', email: null });
    const [rl] = await s.deps.sql`SELECT context_title FROM lti_resource_links WHERE resource_link_id = 'link-nul'`;
    expect(rl!.context_title.length).toBeLessThanOrEqual(200);
    expect(rl!.context_title).not.toContain('\u0000');
  });

  it('an exp far in the future is no 500 (the nonce is kept only as long as the token could be accepted)', async () => {
    const r = await ltiLaunch(s, emu, spec({ exp: 1e13 }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [row] = await s.deps.sql`SELECT max(expires_at) AS until FROM lti_nonces`;
    expect(new Date(row!.until).getTime()).toBeLessThan(Date.now() + 10 * 60_000);
  });

  it('an iat in the future is refused', async () => {
    const r = await ltiLaunch(s, emu, spec({ iat: Math.floor(Date.now() / 1000) + 3600 }));
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('invalid_token');
  });
});
