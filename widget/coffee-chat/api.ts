/**
 * The `<coffee-chat>` element's client of the user-scoped coffee API (`/api/v1/coffee/me/*`, bearer coffee ticket).
 * Shapes follow server/modules/coffee/me-routes.ts; instants are ISO 8601 UTC.
 */
import type { CcRequest } from '../events/coffee-chat.js';

/** `GET /me`: my coffee profile (the fields the widget uses). */
export interface CoffeeProfile {
  userId: string;
  displayName: string;
  /** IANA zone the times are shown in. */
  timezone: string;
}

/** One entry of `GET /me/suggestions`. */
export interface CoffeeSuggestion {
  userId: string;
  displayName: string;
  headline: string;
  role: 'alumnus' | 'student' | 'staff';
  industry: string | null;
  sharedInterests: string[];
  /** Start instants (UTC) in the coming week when both are free. */
  slots: string[];
}

/** One entry of `GET /me/requests`. */
export interface CoffeeRequest extends CcRequest {
  kind: 'direct_request' | 'open_invitation' | 'matched';
  message: string;
  durationMinutes: number;
  direction: 'incoming' | 'outgoing';
  /** The other people of the request. */
  people: { userId: string; displayName: string; headline: string }[];
  /** Accepted: from when (UTC) Join works. */
  joinOpensAt: string | null;
  /** Accepted: scheduled end (UTC). */
  endsAt: string | null;
}

/** A failed call: `code` is the server's `error.code`, or `network` / `server`; `status` the HTTP status (0 = none). */
export class CoffeeApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

/** `signal`, or `ms` elapsed, whichever aborts first (`AbortSignal.any` is too recent for Safari 16 and Firefox < 124). */
function withTimeout(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  if (!signal) return timeout;
  const both = new AbortController();
  for (const s of [signal, timeout]) {
    if (s.aborted) both.abort(s.reason);
    else s.addEventListener('abort', () => both.abort(s.reason), { once: true });
  }
  return both.signal;
}

/**
 * Call `{serverUrl}/api/v1/coffee/me{path}` with the coffee ticket.
 * @param serverUrl origin (and optional base path) of the server
 * @param body JSON body (POST)
 * @param signal aborts the call (it then rejects with `network`)
 * @throws CoffeeApiError with the server's `{error:{code,message}}` on a non-2xx answer, `server` when that body is
 *   not JSON, `network` when the server cannot be reached (or after 20 s)
 */
export async function callMe<T>(serverUrl: string, ticket: string, method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${serverUrl.replace(/\/$/, '')}/api/v1/coffee/me${path}`, {
      method,
      headers: { authorization: `Bearer ${ticket}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: withTimeout(signal, 20_000),
    });
  } catch (e) {
    throw new CoffeeApiError('network', (e as Error).message);
  }
  const json = await res.json().catch(() => null);
  if (res.ok && json) return json as T;
  const err = json?.error;
  if (err && typeof err.code === 'string') throw new CoffeeApiError(err.code, String(err.message ?? ''), res.status);
  throw new CoffeeApiError('server', res.statusText, res.status);
}
