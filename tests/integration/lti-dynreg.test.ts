/**
 * LTI Dynamic Registration 1.0 against the platform emulator, Canvas-style (registration_token as bearer on the
 * openid configuration too — what ltijs 5.9.9 misses) and Moodle-style (deployment_id in the answer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIS, startEmulator, type Emulator } from '../support/lms-emulator.js';
import { ltiLaunch } from '../support/lti-flow.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
}, 60_000);
afterAll(() => s?.close());

async function register(emu: Emulator, withToken: boolean) {
  const link = await s.api('POST', '/api/v1/lti/registration-links');
  expect(link.status).toBe(201);
  const url = new URL(link.body.url);
  url.searchParams.set('openid_configuration', `${emu.issuer}/.well-known/openid-configuration`);
  if (withToken && emu.registrationToken) url.searchParams.set('registration_token', emu.registrationToken);
  const res = await fetch(url);
  return { status: res.status, html: await res.text() };
}

describe('LTI Dynamic Registration', () => {
  it('Canvas style: the registration token is the bearer for the configuration and the registration; launches then work', async () => {
    const emu = await startEmulator({ clientId: 'canvas-10000000000001' });
    try {
      emu.registrationToken = 'canvas-reg-token-123';
      emu.registrationDeploymentId = null; // Canvas installs the tool later: no deployment in the answer
      const r = await register(emu, true);
      expect(r.status, r.html).toBe(200);
      expect(r.html).toContain('org.imsglobal.lti.close');
      const [sent] = emu.registrations;
      expect(sent!.authorization).toBe('Bearer canvas-reg-token-123');
      expect(sent!.body).toMatchObject({
        initiate_login_uri: `${s.baseUrl}/lti/login`,
        redirect_uris: [`${s.baseUrl}/lti/launch`],
        jwks_uri: `${s.baseUrl}/lti/keys`,
        token_endpoint_auth_method: 'private_key_jwt',
      });
      expect(String(sent!.body.scope)).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
      // The deployment Canvas creates later is recorded at its first signed launch.
      const launch = await ltiLaunch(s, emu, { sub: 'c-teacher', name: 'T', roles: [LIS.instructor], deploymentId: '42:abcdef' });
      expect(launch.status, JSON.stringify(launch.body)).toBe(200);
      const deployments = await s.deps.sql`SELECT deployment_id FROM lti_deployments WHERE client_id = 'canvas-10000000000001'`;
      expect(deployments.map((d) => d.deployment_id)).toEqual(['42:abcdef']);
    } finally {
      await emu.close();
    }
  });

  it('without the registration token the platform refuses to give its configuration, and nothing is registered', async () => {
    const emu = await startEmulator({ clientId: 'canvas-2' });
    try {
      emu.registrationToken = 'needed';
      const r = await register(emu, false);
      expect(r.status).toBe(400);
      expect(r.html).toMatch(/answered 401/);
      expect(await s.deps.sql`SELECT 1 FROM lti_registrations WHERE client_id = 'canvas-2'`).toHaveLength(0);
    } finally {
      await emu.close();
    }
  });

  it('Moodle style: the deployment in the answer is registered; another deployment is refused', async () => {
    const emu = await startEmulator({ clientId: 'moodle-abc', deploymentId: '7' });
    try {
      expect((await register(emu, false)).status).toBe(200);
      expect((await ltiLaunch(s, emu, { sub: 'm-1', name: 'M', roles: [LIS.learner] })).status).toBe(200);
      const other = await ltiLaunch(s, emu, { sub: 'm-2', name: 'M', roles: [LIS.learner], deploymentId: '8' });
      expect(other.status).toBe(403);
      expect(other.body.error.code).toBe('unknown_deployment');
    } finally {
      await emu.close();
    }
  });

  it('a platform answering with unusable values (NUL in client_id, bad URLs, HTML) gets a clear 400, and nothing is registered', async () => {
    const emu = await startEmulator({ clientId: 'hostile-1' });
    try {
      const registered = async () => (await s.deps.sql`SELECT count(*)::int AS n FROM lti_registrations`)[0]!.n;
      const before = await registered();
      const cases: [Partial<Pick<Emulator, 'configurationOverrides' | 'registrationOverrides'>>, RegExp][] = [
        [{ registrationOverrides: { client_id: 'hostile\u0000client' } }, /client_id/],
        [{ registrationOverrides: { client_id: 42 } }, /client_id/],
        [{ registrationOverrides: { 'https://purl.imsglobal.org/spec/lti-tool-configuration': { deployment_id: 'd'.repeat(300) } } }, /deployment_id/],
        [{ configurationOverrides: { jwks_uri: 'file:///etc/passwd' } }, /jwks_uri/],
        [{ configurationOverrides: { claims_supported: 'sub' } }, /claims_supported/],
      ];
      for (const [overrides, named] of cases) {
        emu.configurationOverrides = overrides.configurationOverrides ?? {};
        emu.registrationOverrides = overrides.registrationOverrides ?? {};
        const r = await register(emu, false);
        expect(r.status, r.html).toBe(400);
        expect(r.html).toMatch(named);
      }
      // A configuration URL that answers HTML, not JSON.
      const link = new URL((await s.api('POST', '/api/v1/lti/registration-links')).body.url);
      link.searchParams.set('openid_configuration', `${emu.issuer}/course/x`);
      const res = await fetch(link);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('configuration is not usable');
      expect(await registered()).toBe(before);
    } finally {
      await emu.close();
    }
  });

  it('a forged or missing registration link is refused', async () => {
    const res = await fetch(`${s.baseUrl}/lti/register?reg=forged&openid_configuration=http://127.0.0.1:9/x`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('registration link is not valid');
  });
});
