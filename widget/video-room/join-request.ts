/**
 * Sending the join request: `POST {server}/api/v1/join`. Kept apart from reading its answer (`join-api.ts`, in the
 * lazy join chunk) so that the element sends it the moment Join is pressed, while the join chunk is still loading.
 */
import type { JoinRequest } from './join-api.js';

/**
 * Send `POST {serverUrl}/api/v1/join` with a JSON body (no cookies; aborted after 20 s).
 * @param serverUrl origin (and optional base path) of the meeting server, e.g. `https://meet.example.org`.
 * @returns the raw response; rejects when the server cannot be reached (read it with `requestJoin`).
 */
export async function sendJoin(serverUrl: string, body: JoinRequest): Promise<Response> {
  return fetch(new URL('api/v1/join', serverUrl.replace(/\/?$/, '/')), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
    signal: AbortSignal.timeout(20_000),
  });
}
