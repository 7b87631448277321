/**
 * A stand-in LMS (LTI 1.3 platform) on loopback that speaks the real protocol: its own RSA keys and JWKS,
 * the OIDC authorization endpoint (answers with an auto-submitting form_post of a signed id_token), and a
 * helper to mint id_tokens directly for negative tests. Moodle/Canvas are outside our reach; this is not.
 */
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';

export const LIS = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  mentor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor',
  ta: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor#TeachingAssistant',
};

export interface LaunchSpec {
  sub: string;
  name: string;
  roles: string[];
  contextId?: string;
  resourceLinkId?: string;
  resourceTitle?: string;
  deploymentId?: string;
  messageType?: string;
}

export interface Emulator {
  issuer: string;
  clientId: string;
  deploymentId: string;
  authEndpoint: string;
  tokenEndpoint: string;
  jwksUrl: string;
  /** Remember what the next login with this hint should produce; returns the login_hint. */
  prepare(spec: LaunchSpec): string;
  /** Mint an id_token; `tamper` makes it wrong in one way. */
  idToken(spec: LaunchSpec, nonce: string, tamper?: Tamper): Promise<string>;
  /** Form parameters of the OIDC login initiation for a prepared launch (LTI Core §5.1.1.1). */
  loginParams(loginHint: string, toolBase: string, extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export type Tamper = 'other-key' | 'unknown-kid' | 'wrong-aud' | 'wrong-iss' | 'expired' | 'alg-none' | 'deep-linking-response' | 'unknown-deployment';

export async function startEmulator(opts: { clientId?: string; deploymentId?: string } = {}): Promise<Emulator> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  const kid = 'emu-key-1';
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const prepared = new Map<string, LaunchSpec>();
  const app = new Hono();
  let issuer = '';
  const clientId = opts.clientId ?? 'tool-client-1';
  const deploymentId = opts.deploymentId ?? 'deployment-1';

  const mint = async (spec: LaunchSpec, nonce: string, tamper?: Tamper) => {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      nonce,
      name: spec.name,
      email: `${spec.sub}@example.edu`,
      'https://purl.imsglobal.org/spec/lti/claim/message_type': tamper === 'deep-linking-response' ? 'LtiDeepLinkingResponse' : (spec.messageType ?? 'LtiResourceLinkRequest'),
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': tamper === 'unknown-deployment' ? 'deployment-nobody-registered' : (spec.deploymentId ?? deploymentId),
      'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': 'http://tool/lti/launch',
      'https://purl.imsglobal.org/spec/lti/claim/roles': spec.roles,
      'https://purl.imsglobal.org/spec/lti/claim/context': { id: spec.contextId ?? 'course-1', title: 'Physics 101', label: 'PHY101' },
      'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: spec.resourceLinkId ?? 'link-1', title: spec.resourceTitle ?? 'Week 3 live session' },
      'https://purl.imsglobal.org/spec/lti/claim/launch_presentation': { locale: 'en-GB', document_target: 'iframe' },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
        lineitems: `${issuer}/ags/${spec.contextId ?? 'course-1'}/lineitems`,
        lineitem: `${issuer}/ags/${spec.contextId ?? 'course-1'}/lineitems/1`,
      },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': { context_memberships_url: `${issuer}/nrps/${spec.contextId ?? 'course-1'}`, service_versions: ['2.0'] },
    };
    if (tamper === 'alg-none') {
      const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${b({ alg: 'none', typ: 'JWT' })}.${b({ ...claims, iss: issuer, aud: clientId, sub: spec.sub, iat: now, exp: now + 300 })}.`;
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: tamper === 'unknown-kid' ? 'no-such-kid' : kid, typ: 'JWT' })
      .setIssuer(tamper === 'wrong-iss' ? 'https://evil.example.com' : issuer)
      .setAudience(tamper === 'wrong-aud' ? 'some-other-tool' : clientId)
      .setSubject(spec.sub)
      .setIssuedAt(tamper === 'expired' ? now - 3600 : now)
      .setExpirationTime(tamper === 'expired' ? now - 1800 : now + 300)
      .sign(tamper === 'other-key' ? other.privateKey : privateKey);
  };

  app.get('/jwks', (c) => c.json({ keys: [jwk] }));
  // OIDC authorization endpoint: validate the request like a platform would, then form_post the id_token.
  app.get('/auth', async (c) => {
    const q = c.req.query();
    const spec = prepared.get(q.login_hint ?? '');
    if (q.client_id !== clientId || q.response_type !== 'id_token' || q.scope !== 'openid' || q.response_mode !== 'form_post' || !spec) {
      return c.text('invalid_request', 400);
    }
    const token = await mint(spec, q.nonce ?? '');
    return c.html(`<!doctype html><form id="f" method="post" action="${q.redirect_uri}">
<input type="hidden" name="id_token" value="${token}"><input type="hidden" name="state" value="${q.state}"></form>
<script>document.getElementById('f').submit()</script>`);
  });
  // A course page that frames the tool, as Moodle and Canvas do.
  app.get('/course/:hint', (c) => {
    const target = c.req.query('tool');
    return c.html(`<!doctype html><h1>Physics 101</h1><iframe id="tool" name="tool" style="width:1000px;height:650px"
      allow="camera; microphone; autoplay" src="${target}"></iframe>`);
  });

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  // "localhost" for the platform, "127.0.0.1" for the tool: two different sites, as in production.
  issuer = `http://localhost:${port}`;
  return {
    issuer,
    clientId,
    deploymentId,
    authEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    prepare: (spec) => {
      const hint = randomUUID();
      prepared.set(hint, spec);
      return hint;
    },
    idToken: mint,
    loginParams: (loginHint, toolBase, extra = {}) => ({
      iss: issuer,
      login_hint: loginHint,
      target_link_uri: `${toolBase}/lti/launch`,
      client_id: clientId,
      lti_deployment_id: deploymentId,
      ...extra,
    }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
