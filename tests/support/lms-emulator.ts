/**
 * A stand-in LMS (LTI 1.3 platform) on loopback that speaks the real protocol: its own RSA keys and JWKS,
 * the OIDC authorization endpoint (answers with an auto-submitting form_post of a signed id_token), and a
 * helper to mint id_tokens directly for negative tests. Moodle/Canvas are outside our reach; this is not.
 */
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
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
  /** Leave out the AGS `lineitem` (only `lineitems`): the tool must create its own line item. */
  noLineitem?: boolean;
  /** Custom parameters (e.g. those a Deep Linking content item asked for). */
  custom?: Record<string, string>;
  /**
   * Hostile or unusual claims, applied last over the whole payload (registered claims included: `sub`, `aud`,
   * `azp`, `iat`, `exp`…); a key set to `undefined` is left out of the token. Nested LTI claims are replaced whole.
   */
  claims?: Record<string, unknown>;
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
  /** The tool's JWKS URL, so the token endpoint can check client assertions (set after registration). */
  toolJwksUrl: string | null;
  /** The tool's base URL (set after registration): `target_link_uri` of the launches points there. */
  toolUrl: string | null;
  /** Scores received at the AGS score endpoints, in arrival order (LTI AGS 2.0 §3.4). */
  scores: { lineitem: string; userAgent: string | null; body: Record<string, unknown> }[];
  lineItems: { id: string; label: string; tag?: string; resourceLinkId?: string; scoreMaximum: number }[];
  /** Merged over the answer to a line item creation (AGS 2.0 §3.2), e.g. a hostile `id`. */
  lineItemOverrides: Record<string, unknown>;
  /** While true, AGS answers 503 (the LMS is down). */
  agsDown: boolean;
  /** Roster returned by NRPS (LTI NRPS 2.0 §2.2), per context. */
  members: Record<string, { user_id: string; name: string; roles: string[]; status?: string }[]>;
  /** Dynamic Registration: the token the platform hands out and wants back as bearer (Canvas), and what it got. */
  registrationToken: string | null;
  registrations: { authorization: string | null; body: Record<string, unknown> }[];
  /** deployment_id to return from registration (Moodle returns one; Canvas none). */
  registrationDeploymentId: string | null;
  /** Hostile or unusual values merged over the OpenID configuration and over the registration answer. */
  configurationOverrides: Record<string, unknown>;
  registrationOverrides: Record<string, unknown>;
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
  // Assigned once the server is listening (its URL is the issuer); the routes read it at request time.
  // eslint-disable-next-line prefer-const
  let emu: Emulator;
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
      'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': `${emu.toolUrl ?? 'http://tool'}/lti/launch`,
      'https://purl.imsglobal.org/spec/lti/claim/roles': spec.roles,
      'https://purl.imsglobal.org/spec/lti/claim/context': { id: spec.contextId ?? 'course-1', title: 'Physics 101', label: 'PHY101' },
      'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: spec.resourceLinkId ?? 'link-1', title: spec.resourceTitle ?? 'Week 3 live session' },
      'https://purl.imsglobal.org/spec/lti/claim/launch_presentation': { locale: 'en-GB', document_target: 'iframe' },
      'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
        scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
        lineitems: `${issuer}/ags/${spec.contextId ?? 'course-1'}/lineitems`,
        ...(spec.noLineitem ? {} : { lineitem: `${issuer}/ags/${spec.contextId ?? 'course-1'}/lineitems/1` }),
      },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': { context_memberships_url: `${issuer}/nrps/${spec.contextId ?? 'course-1'}`, service_versions: ['2.0'] },
      ...(spec.custom ? { 'https://purl.imsglobal.org/spec/lti/claim/custom': spec.custom } : {}),
      ...(spec.messageType === 'LtiDeepLinkingRequest'
        ? {
            'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
              deep_link_return_url: `${issuer}/deep-link-return`,
              accept_types: ['ltiResourceLink'],
              accept_presentation_document_targets: ['iframe', 'window'],
              accept_multiple: false,
              data: 'opaque-platform-data-123',
            },
          }
        : {}),
    };
    if (spec.messageType === 'LtiDeepLinkingRequest') delete claims['https://purl.imsglobal.org/spec/lti/claim/resource_link'];
    const payload: Record<string, unknown> = {
      ...claims,
      iss: tamper === 'wrong-iss' ? 'https://evil.example.com' : issuer,
      aud: tamper === 'wrong-aud' ? 'some-other-tool' : clientId,
      sub: spec.sub,
      iat: tamper === 'expired' ? now - 3600 : now,
      exp: tamper === 'expired' ? now - 1800 : now + 300,
      ...spec.claims,
    };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
    if (tamper === 'alg-none') {
      const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${b({ alg: 'none', typ: 'JWT' })}.${b(payload)}.`;
    }
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: tamper === 'unknown-kid' ? 'no-such-kid' : kid, typ: 'JWT' })
      .sign(tamper === 'other-key' ? other.privateKey : privateKey);
  };

  app.get('/jwks', (c) => c.json({ keys: [jwk] }));

  // OAuth2 client_credentials with a JWT client assertion signed by the tool (1EdTech Security Framework §4.1).
  const tokens = new Set<string>();
  app.post('/token', async (c) => {
    const f = await c.req.parseBody();
    if (f.grant_type !== 'client_credentials' || f.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !emu.toolJwksUrl) {
      return c.json({ error: 'invalid_request' }, 400);
    }
    try {
      await jwtVerify(String(f.client_assertion), createRemoteJWKSet(new URL(emu.toolJwksUrl)), { issuer: clientId, subject: clientId, audience: `${issuer}/token` });
    } catch {
      return c.json({ error: 'invalid_client' }, 401);
    }
    const t = randomUUID();
    tokens.add(t);
    return c.json({ access_token: t, token_type: 'bearer', expires_in: 3600, scope: f.scope });
  });
  const authorized = (h: string | undefined) => tokens.has(/^Bearer (.+)$/i.exec(h ?? '')?.[1] ?? '');

  // Assignment and Grade Services: line items and scores. Scores must carry a strictly newer timestamp per user
  // (Moodle answers 409 otherwise) and calls a User-Agent (Canvas rejects calls without one).
  const lastTs = new Map<string, number>();
  app.get('/ags/:ctx/lineitems', (c) => {
    if (emu.agsDown) return c.text('down', 503);
    if (!authorized(c.req.header('authorization'))) return c.text('unauthorized', 401);
    const rl = c.req.query('resource_link_id');
    const tag = c.req.query('tag');
    return c.json(emu.lineItems.filter((l) => (!rl || l.resourceLinkId === rl) && (!tag || l.tag === tag)));
  });
  app.post('/ags/:ctx/lineitems', async (c) => {
    if (emu.agsDown) return c.text('down', 503);
    if (!authorized(c.req.header('authorization'))) return c.text('unauthorized', 401);
    const body = await c.req.json();
    const item = { ...body, id: `${issuer}/ags/${c.req.param('ctx')}/lineitems/${emu.lineItems.length + 100}` };
    emu.lineItems.push(item);
    return c.json({ ...item, ...emu.lineItemOverrides }, 201);
  });
  app.post('/ags/:ctx/lineitems/:li/scores', async (c) => {
    if (emu.agsDown) return c.text('down', 503);
    if (!authorized(c.req.header('authorization'))) return c.text('unauthorized', 401);
    if (!c.req.header('user-agent')) return c.text('User-Agent required', 400);
    if (!c.req.header('content-type')?.startsWith('application/vnd.ims.lis.v1.score+json')) return c.text('bad content type', 415);
    const body = await c.req.json();
    const lineitem = `${issuer}/ags/${c.req.param('ctx')}/lineitems/${c.req.param('li')}`;
    const key = `${lineitem}|${body.userId}`;
    const ts = Date.parse(body.timestamp);
    if (!(ts > (lastTs.get(key) ?? -Infinity))) return c.text('timestamp must be after the last one', 409);
    lastTs.set(key, ts);
    emu.scores.push({ lineitem, userAgent: c.req.header('user-agent') ?? null, body });
    return c.body(null, 204);
  });

  // Dynamic Registration (1EdTech LTI DynReg 1.0): configuration and client registration, Canvas-style bearer.
  const bearerOk = (h: string | undefined) => !emu.registrationToken || h === `Bearer ${emu.registrationToken}`;
  app.get('/.well-known/openid-configuration', (c) => {
    if (!bearerOk(c.req.header('authorization'))) return c.text('registration token required', 401);
    return c.json({
      issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
      registration_endpoint: `${issuer}/register`, token_endpoint_auth_methods_supported: ['private_key_jwt'],
      claims_supported: ['iss', 'sub', 'name', 'email', 'given_name', 'family_name'],
      'https://purl.imsglobal.org/spec/lti-platform-configuration': { product_family_code: 'emulator', version: '1.0' },
      ...emu.configurationOverrides,
    });
  });
  app.post('/register', async (c) => {
    if (!bearerOk(c.req.header('authorization'))) return c.text('registration token required', 401);
    const body = await c.req.json();
    emu.registrations.push({ authorization: c.req.header('authorization') ?? null, body });
    return c.json({
      ...body,
      client_id: clientId,
      ...(emu.registrationDeploymentId ? { 'https://purl.imsglobal.org/spec/lti-tool-configuration': { ...body['https://purl.imsglobal.org/spec/lti-tool-configuration'], deployment_id: emu.registrationDeploymentId } } : {}),
      ...emu.registrationOverrides,
    });
  });

  // Names and Role Provisioning Services: the context's memberships.
  app.get('/nrps/:ctx', (c) => {
    if (!authorized(c.req.header('authorization'))) return c.text('unauthorized', 401);
    return c.json({ id: c.req.url, context: { id: c.req.param('ctx') }, members: emu.members[c.req.param('ctx')] ?? [] }, 200, {
      'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
    });
  });
  // OIDC authorization endpoint: validate the request like a platform would, then form_post the id_token.
  app.get('/auth', async (c) => {
    const q = c.req.query();
    const spec = prepared.get(q.login_hint ?? '');
    if (q.client_id !== clientId || q.response_type !== 'id_token' || q.scope !== 'openid' || q.response_mode !== 'form_post' || !spec) {
      return c.text('invalid_request', 400);
    }
    // A platform knows the tool it launches (from its registration); the stand-in learns it from the redirect URI.
    if (!emu.toolUrl && q.redirect_uri) emu.toolUrl = new URL(q.redirect_uri).origin;
    const token = await mint(spec, q.nonce ?? '');
    return c.html(`<!doctype html><form id="f" method="post" action="${q.redirect_uri}">
<input type="hidden" name="id_token" value="${token}"><input type="hidden" name="state" value="${q.state}"></form>
<script>document.getElementById('f').submit()</script>`);
  });
  // A course page that frames the tool, as Moodle and Canvas do. Like Canvas, it offers LTI client-side
  // postMessage storage (1EdTech "LTI Client Side postMessages"): the page answers lti.capabilities (naming the
  // `post_message_forwarding` frame for lti.put_data / lti.get_data) and that frame answers put/get for the tool's
  // origin. Everything asked is recorded in window.ltiStorageLog ({subject, key, origin}).
  //   ?tool=URL        the framed tool (its login URL)
  //   &caps=none       never answer lti.capabilities (Canvas mobile apps send lti_storage_target without support)
  //   &caps=no-storage answer lti.capabilities without put/get
  //   &storage=forgetful  answer lti.get_data without a value; &storage=error  answer it with an error
  app.get('/course/:hint', (c) => {
    const target = c.req.query('tool');
    const opts = { caps: c.req.query('caps') ?? 'storage', storage: c.req.query('storage') ?? 'ok' };
    return c.html(`<!doctype html><h1>Physics 101</h1>
<iframe name="post_message_forwarding" style="display:none"></iframe>
<script>
  const opts = ${JSON.stringify(opts).replace(/</g, "\\u003c")};
  window.ltiStorageLog = [];
  const store = new Map();
  const reply = (e, body) => e.source.postMessage(Object.assign({ subject: e.data.subject + '.response', message_id: e.data.message_id }, body), e.origin);
  window.addEventListener('message', (e) => {
    const m = e.data || {};
    if (m.subject !== 'lti.capabilities' && m.subject !== 'org.imsglobal.lti.capabilities') return;
    window.ltiStorageLog.push({ subject: m.subject, origin: e.origin });
    if (m.subject !== 'lti.capabilities') return reply(e, { error: { code: 'unsupported_subject', message: 'Not supported' } });
    if (opts.caps === 'none') return;
    const storage = [{ subject: 'lti.put_data', frame: 'post_message_forwarding' }, { subject: 'lti.get_data', frame: 'post_message_forwarding' }];
    reply(e, { supported_messages: [{ subject: 'lti.capabilities' }, { subject: 'lti.frameResize' }, ...(opts.caps === 'no-storage' ? [] : storage)] });
  });
  frames.post_message_forwarding.addEventListener('message', (e) => {
    const m = e.data || {};
    if (m.subject !== 'lti.put_data' && m.subject !== 'lti.get_data') return;
    window.ltiStorageLog.push({ subject: m.subject, key: m.key, origin: e.origin });
    const k = e.origin + '|' + m.key;
    if (m.subject === 'lti.put_data') { store.set(k, m.value); return reply(e, { key: m.key, value: m.value }); }
    if (opts.storage === 'error') return reply(e, { error: { code: 'error', message: 'Storage unavailable' } });
    reply(e, { key: m.key, value: opts.storage === 'forgetful' ? undefined : store.get(k) });
  });
</script>
<iframe id="tool" name="tool" style="width:1000px;height:650px" allow="camera; microphone; autoplay" src="${target}"></iframe>`);
  });

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  // "localhost" for the platform, "127.0.0.1" for the tool: two different sites, as in production.
  issuer = `http://localhost:${port}`;
  emu = {
    registrationToken: null,
    registrations: [],
    registrationDeploymentId: deploymentId,
    configurationOverrides: {},
    registrationOverrides: {},
    toolJwksUrl: null,
    toolUrl: null,
    scores: [],
    lineItems: [],
    agsDown: false,
    lineItemOverrides: {},
    members: {},
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
    loginParams: (loginHint, toolBase, extra = {}) => {
      emu.toolUrl ??= toolBase;
      return { iss: issuer, login_hint: loginHint, target_link_uri: `${toolBase}/lti/launch`, client_id: clientId, lti_deployment_id: deploymentId, ...extra };
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  return emu;
}
