/**
 * Our webhook verifier (server/livekit/webhooks.ts) accepts and refuses exactly what livekit-server-sdk's
 * WebhookReceiver does: deliveries signed as LiveKit signs them, then every way one can be wrong.
 */
import { describe, expect, it } from 'vitest';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { AccessToken, WebhookReceiver } from 'livekit-server-sdk';
import { createWebhookVerifier } from '../../server/livekit/webhooks.js';

const KEY = 'APIkey123';
const SECRET = 'a-secret-of-at-least-32-characters-000';
const ours = createWebhookVerifier(KEY, SECRET);
const sdk = new WebhookReceiver(KEY, SECRET);

const sha = (body: string) => createHash('sha256').update(body).digest('base64');
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A JWT signed by hand, for the claims AccessToken would never produce. */
function handJwt(payload: object, header: object = { alg: 'HS256', typ: 'JWT' }, secret = SECRET) {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
async function signed(body: string, opts: { key?: string; secret?: string; hash?: string } = {}) {
  const at = new AccessToken(opts.key ?? KEY, opts.secret ?? SECRET);
  at.sha256 = opts.hash ?? sha(body);
  return at.toJwt();
}

const body = JSON.stringify({
  event: 'participant_joined',
  id: `EV_${randomUUID()}`,
  createdAt: '1763900000',
  room: { name: 'vr-room', sid: 'RM_1' },
  participant: { sid: 'PA_1', identity: 'ada', name: 'Ada', joinedAt: '1763900000', joinedAtMs: '1763900000123', kind: 'STANDARD', state: 'ACTIVE' },
  unknownField: 'ignored',
});

/** Outcome of both verifiers: the parsed event as JSON, or 'refused'. */
async function both(raw: string, auth: string | undefined) {
  const a = await sdk.receive(raw, auth).then((e) => e.toJsonString(), () => 'refused');
  let b: string;
  try {
    b = ours.receive(raw, auth).toJsonString();
  } catch {
    b = 'refused';
  }
  return [a, b];
}

describe('LiveKit webhook verification', () => {
  it('accepts a delivery signed as LiveKit signs it and parses the same event as WebhookReceiver', async () => {
    const [a, b] = await both(body, await signed(body));
    expect(a).not.toBe('refused');
    expect(b).toBe(a);
    const ev = ours.receive(body, await signed(body));
    expect(ev.event).toBe('participant_joined');
    expect(ev.participant?.joinedAtMs).toBe(1763900000123n);
    expect(ev.createdAt).toBe(1763900000n);
  });

  const now = Math.floor(Date.now() / 1000);
  const cases: [string, () => Promise<[string, string | undefined]>][] = [
    ['no Authorization header', async () => [body, undefined]],
    ['an empty Authorization header', async () => [body, '']],
    ['a changed body', async () => [body.replace('Ada', 'Eve'), await signed(body)]],
    ['a body re-serialised with other spacing', async () => [JSON.stringify(JSON.parse(body), null, 1), await signed(body)]],
    ['another secret', async () => [body, await signed(body, { secret: 'not-the-secret-000000000000000000000' })]],
    ['another API key as issuer', async () => [body, await signed(body, { key: 'OtherKey' })]],
    ['no sha256 claim', async () => [body, handJwt({ iss: KEY, exp: now + 60 })]],
    ['no exp claim', async () => [body, handJwt({ iss: KEY, sha256: sha(body) })]],
    ['an expired token', async () => [body, handJwt({ iss: KEY, sha256: sha(body), exp: now - 60 })]],
    ['a token not valid yet', async () => [body, handJwt({ iss: KEY, sha256: sha(body), exp: now + 600, nbf: now + 300 })]],
    ['alg none', async () => [body, `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: KEY, sha256: sha(body), exp: now + 60 })}.`]],
    ['a token that is not a JWT', async () => [body, 'Bearer nonsense']],
    ['a body that is not JSON', async () => ['not json', await signed('not json')]],
  ];
  for (const [what, make] of cases) {
    it(`refuses ${what}, as WebhookReceiver does`, async () => {
      const [raw, auth] = await make();
      expect(await both(raw, auth)).toEqual(['refused', 'refused']);
    });
  }

  it('tolerates clocks 10 s apart, as WebhookReceiver does', async () => {
    const auth = handJwt({ iss: KEY, sha256: sha(body), exp: now - 5 });
    const [a, b] = await both(body, auth);
    expect(a).not.toBe('refused');
    expect(b).toBe(a);
  });
});
