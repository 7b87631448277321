/**
 * LTI 1.3 launches from a platform emulator (its own keys, JWKS and OIDC endpoint) into the real server.
 * The browser's part (the storage check on the launch page) is played by the test: it reads the state from
 * the pages and calls /lti/launch/verify as the page's script does. tests/e2e/lti-browser.test.ts runs it in Chromium.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decode } from 'hono/jwt';
import { LIS, type Emulator, type LaunchSpec, type Tamper } from '../support/lms-emulator.js';
import { type TestServer } from '../support/server.js';
import { ltiLaunch, ltiLaunchPage, ltiLogin, ltiVerify, useLtiEnvironment } from '../support/lti-flow.js';

const env = useLtiEnvironment();
let s: TestServer;
let emu: Emulator;
beforeAll(() => {
  ({ s, emu } = env);
});

const login = (spec: LaunchSpec) => ltiLogin(s, emu, spec);
const launchPage = (form: Record<string, string>) => ltiLaunchPage(s, form);
const verify = (body: unknown) => ltiVerify(s, body);
const launch = (spec: LaunchSpec, tamper?: Tamper) => ltiLaunch(s, emu, spec, tamper);
const counts = async () => {
  const [r] = await s.deps.sql`SELECT (SELECT count(*)::int FROM meetings) AS meetings, (SELECT count(*)::int FROM lti_resource_links) AS links,
    (SELECT count(*)::int FROM lti_nonces) AS nonces, (SELECT count(*)::int FROM lti_launch_users) AS users`;
  return r;
};

describe('LTI 1.3 resource-link launch', () => {
  it('an Instructor and a Learner land in the same room, as host and participant, without cookies', async () => {
    const teacher = await launch({ sub: 't-1', name: 'Prof Ada', roles: [LIS.instructor] });
    expect(teacher.status, JSON.stringify(teacher.body)).toBe(200);
    const student = await launch({ sub: 's-1', name: 'Sam Student', roles: [LIS.learner] });
    expect(student.status).toBe(200);
    expect(teacher.body.meeting.id).toBe(student.body.meeting.id);
    expect(teacher.body.meeting.title).toBe('Week 3 live session');
    expect([teacher.body.role, student.body.role]).toEqual(['host', 'participant']);

    // The tickets join that room with the mapped grants.
    const tj = await s.api('POST', '/api/v1/join', { ticket: teacher.body.ticket }, null);
    const sj = await s.api('POST', '/api/v1/join', { ticket: student.body.ticket }, null);
    const grants = (t: string) => (decode(t).payload as any).video;
    expect(grants(tj.body.participantToken)).toMatchObject({ roomAdmin: true, canPublish: true });
    expect(grants(sj.body.participantToken).roomAdmin).toBeUndefined();
    expect(grants(sj.body.participantToken).room).toBe(grants(tj.body.participantToken).room);
    expect(sj.body.name).toBe('Sam Student');

    // The service endpoints of the launch are kept for background jobs.
    const [rl] = await s.deps.sql`SELECT ags_lineitem_url, nrps_url FROM lti_resource_links`;
    expect(rl).toMatchObject({ ags_lineitem_url: `${emu.issuer}/ags/course-1/lineitems/1`, nrps_url: `${emu.issuer}/nrps/course-1` });

    // The session bearer gets a fresh ticket (for "open in a new window"); a forged one does not.
    const again = await fetch(`${s.baseUrl}/lti/session/ticket`, { method: 'POST', headers: { authorization: `Bearer ${student.body.session}` } });
    expect(again.status).toBe(200);
    expect((await fetch(`${s.baseUrl}/lti/session/ticket`, { method: 'POST', headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('a Mentor only watches; a TA moderates', async () => {
    expect((await launch({ sub: 'm-1', name: 'Parent', roles: [LIS.mentor] })).body.role).toBe('viewer');
    expect((await launch({ sub: 'ta-1', name: 'TA', roles: [LIS.ta] })).body.role).toBe('moderator');
  });

  it('another resource link gets its own meeting', async () => {
    const a = await launch({ sub: 't-1', name: 'Prof Ada', roles: [LIS.instructor], resourceLinkId: 'link-A' });
    const b = await launch({ sub: 't-1', name: 'Prof Ada', roles: [LIS.instructor], resourceLinkId: 'link-B' });
    expect(a.body.meeting.id).not.toBe(b.body.meeting.id);
  });

  const rejections: [string, Tamper, number, string][] = [
    ['a bad signature', 'other-key', 401, 'invalid_token'],
    ['an unknown kid', 'unknown-kid', 401, 'invalid_token'],
    ['a wrong aud', 'wrong-aud', 401, 'invalid_token'],
    ['a wrong iss', 'wrong-iss', 401, 'invalid_token'],
    ['an expired token', 'expired', 401, 'invalid_token'],
    ['alg: none', 'alg-none', 401, 'invalid_token'],
    ['an unknown deployment', 'unknown-deployment', 403, 'unknown_deployment'],
    ['a Deep Linking response sent as a launch', 'deep-linking-response', 400, 'wrong_message_type'],
  ];
  for (const [what, tamper, status, code] of rejections) {
    it(`refuses ${what}, with a clear error, storing nothing`, async () => {
      const before = await counts();
      const r = await launch({ sub: `x-${tamper}`, name: 'X', roles: [LIS.learner], resourceLinkId: `link-${tamper}` }, tamper);
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message.length).toBeGreaterThan(10);
      expect(await counts()).toEqual(before);
    });
  }

  it('refuses a replayed nonce (the same launch posted twice)', async () => {
    const first = await launch({ sub: 'r-1', name: 'R', roles: [LIS.learner] });
    expect(first.status).toBe(200);
    const before = await counts();
    const replay = await verify({ id_token: first.idToken, state: first.state });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('replayed_nonce');
    expect(await counts()).toEqual(before);
  });

  it('refuses a launch without state, or with a state of ours that is forged or for another nonce', async () => {
    const spec = { sub: 'st-1', name: 'S', roles: [LIS.learner] };
    const l = await login(spec);
    const token = await emu.idToken(spec, l.nonce);
    const before = await counts();
    expect((await launchPage({ id_token: token })).status).toBe(401);
    expect((await verify({ id_token: token, state: '' })).body.error).toMatchObject({ code: 'validation_error', field: 'state' });
    expect((await verify({ id_token: token, state: l.state.slice(0, -3) + 'AAA' })).body.error.code).toBe('invalid_state');
    const other = await login(spec); // a valid state of another login: its nonce differs
    expect((await verify({ id_token: token, state: other.state })).body.error.code).toBe('invalid_token');
    expect(await counts()).toEqual(before);
  });

  it('a login from an unregistered platform is refused', async () => {
    const res = await fetch(`${s.baseUrl}/lti/login?${new URLSearchParams({ iss: 'https://unknown.example.com', login_hint: 'x', target_link_uri: `${s.baseUrl}/lti/launch` })}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('not registered');
  });

  it('serves the tool keyset through ltijs, and sets no cookie anywhere in the flow', async () => {
    const keys = await (await fetch(`${s.baseUrl}/lti/keys`)).json();
    expect(keys.keys.length).toBeGreaterThan(0);
    expect(keys.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    const spec = { sub: 'c-1', name: 'C', roles: [LIS.learner] };
    const hint = emu.prepare(spec);
    const loginRes = await fetch(`${s.baseUrl}/lti/login?${new URLSearchParams(emu.loginParams(hint, s.baseUrl))}`);
    expect(loginRes.headers.get('set-cookie')).toBeNull();
    const l = await login(spec);
    const page = await launchPage({ id_token: await emu.idToken(spec, l.nonce), state: l.state });
    expect(page.setCookie).toBeNull();
  });
});
