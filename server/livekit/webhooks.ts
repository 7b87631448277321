/**
 * Verify LiveKit webhook deliveries (https://docs.livekit.io/home/server/webhooks/) with the same checks as
 * livekit-server-sdk's `WebhookReceiver.receive`, synchronously and with the key prepared once.
 *
 * Why not `WebhookReceiver` itself: on the ingest path it cost about a third of the server's CPU per event —
 * the body's SHA-256 went through WebCrypto's asynchronous `crypto.subtle.digest` (a thread-pool job per call)
 * and jose built a new HMAC key object for every token. Here: `node:crypto` `createHash` and a fast-jwt
 * verifier built once per (API key, secret). tests/unit/livekit-webhooks.test.ts checks both agree on valid,
 * tampered, forged, expired and unsigned deliveries.
 */
import { createHash } from 'node:crypto';
import { createVerifier } from 'fast-jwt';
import { WebhookEvent } from 'livekit-server-sdk';

/** livekit-server-sdk's default clock tolerance for the token's exp/nbf (seconds). */
const CLOCK_TOLERANCE_S = 10;

export interface WebhookVerifier {
  /**
   * Verify one delivery and parse it.
   * @param rawBody the request body exactly as received (a re-serialised JSON fails the sha256 check)
   * @param authorization the Authorization header as LiveKit sends it: a bare JWT (no `Bearer `)
   * @returns the event (protobuf `livekit.WebhookEvent`; `createdAt` in UNIX seconds as bigint)
   * @throws Error when the header is missing, the JWT is not HS256/384/512-signed with the API secret, its `iss` is
   *   not the API key, it has no `exp` or is expired/not yet valid (±10 s), its `sha256` claim is not the base64
   *   SHA-256 of `rawBody`, or the body is not a WebhookEvent JSON
   */
  receive(rawBody: string, authorization: string | undefined): WebhookEvent;
}

/**
 * A verifier for the webhooks of the LiveKit deployment with this API key and secret.
 * @param apiKey expected `iss` of the webhook JWT
 * @param apiSecret HMAC secret the JWT is signed with
 */
export function createWebhookVerifier(apiKey: string, apiSecret: string): WebhookVerifier {
  const verifyJwt = createVerifier({
    key: apiSecret,
    algorithms: ['HS256', 'HS384', 'HS512'],
    allowedIss: apiKey,
    requiredClaims: ['exp'],
    clockTolerance: CLOCK_TOLERANCE_S * 1000,
  });
  return {
    receive(rawBody, authorization) {
      if (!authorization) throw new Error('authorization header is empty');
      const claims = verifyJwt(authorization) as { sha256?: unknown };
      if (claims.sha256 !== createHash('sha256').update(rawBody).digest('base64')) {
        throw new Error('sha256 checksum of body does not match');
      }
      return WebhookEvent.fromJson(JSON.parse(rawBody), { ignoreUnknownFields: true });
    },
  };
}
