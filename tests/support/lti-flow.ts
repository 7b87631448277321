/**
 * Drive an LTI launch over HTTP as a browser would: login → platform (emulator) → launch page → verify.
 * The launch page's storage check is the browser's job; tests/e2e/lti-browser.test.ts covers it in Chromium.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { startEmulator, type Emulator, type LaunchSpec, type Tamper } from './lms-emulator.js';
import { startTestServer, type TestServer } from './server.js';

/** Register the emulator as a platform of the test server's organisation. */
export async function registerEmulator(s: TestServer, emu: Emulator) {
  const r = await s.api('POST', '/api/v1/lti/platforms', {
    name: 'Emulated LMS', issuer: emu.issuer, clientId: emu.clientId, authEndpoint: emu.authEndpoint,
    tokenEndpoint: emu.tokenEndpoint, jwksUrl: emu.jwksUrl, deploymentIds: [emu.deploymentId],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  emu.toolJwksUrl = r.body.tool.jwksUrl;
  emu.toolUrl = s.baseUrl;
  return r.body;
}

export async function ltiLogin(s: TestServer, emu: Emulator, spec: LaunchSpec) {
  const hint = emu.prepare(spec);
  const res = await fetch(`${s.baseUrl}/lti/login?${new URLSearchParams(emu.loginParams(hint, s.baseUrl))}`);
  expect(res.status).toBe(200);
  const page = JSON.parse(/const p = (\{.*?\});/.exec(await res.text())![1]!);
  const auth = new URL(page.authUrl);
  expect(auth.origin + auth.pathname).toBe(emu.authEndpoint);
  expect(auth.searchParams.get('redirect_uri')).toBe(`${s.baseUrl}/lti/launch`);
  return { state: auth.searchParams.get('state')!, nonce: auth.searchParams.get('nonce')!, stateId: page.stateId as string };
}

export async function ltiLaunchPage(s: TestServer, form: Record<string, string>) {
  const res = await fetch(`${s.baseUrl}/lti/launch`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: res.status, html: await res.text(), setCookie: res.headers.get('set-cookie') };
}

export const ltiVerify = (s: TestServer, body: unknown) => s.api('POST', '/lti/launch/verify', body, null);

/** A whole launch; returns the verify answer (`status`, `body`) plus the id_token and state used. */
export async function ltiLaunch(s: TestServer, emu: Emulator, spec: LaunchSpec, tamper?: Tamper) {
  const l = await ltiLogin(s, emu, spec);
  const idToken = await emu.idToken(spec, l.nonce, tamper);
  const page = await ltiLaunchPage(s, { id_token: idToken, state: l.state });
  expect(page.status).toBe(200);
  expect(page.html).toContain(l.stateId);
  return { ...(await ltiVerify(s, { id_token: idToken, state: l.state })), idToken, state: l.state };
}

/**
 * The usual LTI test setup, as vitest hooks: a test server, a platform emulator registered with it; both closed
 * after the file. Read `env.s` / `env.emu` inside tests (they are set before the first test runs).
 */
export function useLtiEnvironment(): { s: TestServer; emu: Emulator } {
  const env = {} as { s: TestServer; emu: Emulator };
  beforeAll(async () => {
    env.s = await startTestServer();
    env.emu = await startEmulator();
    await registerEmulator(env.s, env.emu);
  }, 120_000);
  afterAll(async () => {
    await env.emu?.close();
    await env.s?.close();
  });
  return env;
}
