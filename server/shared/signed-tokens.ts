/**
 * The short-lived JWTs this server signs for itself (RFC 7519, HS256 with the ticket secret, `iss: "video-rooms"`):
 * join tickets and wait/moderation tokens (modules/join/service.ts), invitation links (modules/invitations/links.ts), coffee
 * tickets (coffee/tickets.ts), LTI state, session and deep-linking tokens (lti/launch.ts) and registration
 * links (lti/dynreg.ts) — each kind with its own `aud`, so none is accepted as another. LiveKit access tokens are
 * signed here too, with the LiveKit API secret (livekit/tokens.ts).
 *
 * fast-jwt: synchronous HMAC through node:crypto. One signer per secret and one verifier per (secret, audience,
 * required claims), built once: building them is most of the cost of a small token.
 */
import { createSigner, createVerifier, TokenError } from 'fast-jwt';

/** `iss` of every token this server signs for itself. */
export const ISSUER = 'video-rooms';

const signers = new Map<string, (payload: object) => string>();
const verifiers = new Map<string, (token: string) => unknown>();

/**
 * Sign `payload` exactly as given (HS256 with `secret`; no claim is added: pass `iss`, `aud`, `iat`, `exp`).
 * @returns the compact JWT
 */
export function signHs256(secret: string, payload: object): string {
  let signer = signers.get(secret);
  if (!signer) signers.set(secret, (signer = createSigner({ key: secret, algorithm: 'HS256', noTimestamp: true })));
  return signer(payload);
}

/**
 * Verify one of our tokens: signature with `secret`, algorithm HS256 only, `iss` = `video-rooms`, `aud` = `aud`,
 * not expired, and every claim of `requiredClaims` present.
 * @param requiredClaims default `['exp']`
 * @param now the clock for `exp` (tests); without it the current time, with a cached verifier
 * @returns the claims
 * @throws fast-jwt's TokenError (`isExpiredToken` tells an expired one apart)
 */
export function verifyHs256<T>(secret: string, token: string, aud: string, requiredClaims: string[] = ['exp'], now?: Date): T {
  const options = { key: secret, algorithms: ['HS256' as const], allowedIss: ISSUER, allowedAud: aud, requiredClaims };
  if (now) return createVerifier({ ...options, clockTimestamp: now.getTime() })(token) as T;
  const key = `${aud}\u0000${requiredClaims.join(',')}\u0000${secret}`;
  let verifier = verifiers.get(key);
  if (!verifier) verifiers.set(key, (verifier = createVerifier(options)));
  return verifier(token) as T;
}

/** Whether `e` (from `verifyHs256`) says the token expired. */
export const isExpiredToken = (e: unknown): boolean => (e as { code?: string }).code === TokenError.codes.expired;
