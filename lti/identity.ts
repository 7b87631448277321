import { createHash } from 'node:crypto';

/**
 * The LiveKit identity an LTI user joins with: `lti-` + the first 16 base64url characters of
 * sha256(`${issuer}\n${sub}`). Stable per (issuer, sub), opaque, short; attendance maps it back to `sub`.
 */
export function ltiIdentity(issuer: string, sub: string): string {
  return `lti-${createHash('sha256').update(`${issuer}\n${sub}`).digest('base64url').slice(0, 16)}`;
}
