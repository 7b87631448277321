import { sendJoin } from './join-request.js';
import type { VrRole } from '../events/room.js';

/** Meeting settings returned by the server with a join answer. */
export interface MeetingSettings {
  chat: boolean;
  screenShare: boolean;
  recordingAllowed: boolean;
  waitingRoom: boolean;
}

/** 200 answer of `POST /api/v1/join`. */
export interface JoinAnswer {
  /** LiveKit signalling URL (`wss://…`). */
  serverUrl: string;
  /** LiveKit access token (JWT) for this participant. */
  participantToken: string;
  /** Token expiry, ISO 8601 UTC. */
  expiresAt: string;
  identity: string;
  name: string;
  role: VrRole;
  meeting: { id: string; title: string; settings: MeetingSettings };
  /** Every role: bearer token of this participant's room session (chat: `/api/v1/meetings/{meeting.id}/chat/…`). */
  sessionToken?: string;
  /** For a `host` or `moderator`: bearer token of the waiting-room API (`/api/v1/waiting-room/{meeting.id}`). */
  moderationToken?: string;
}

/** 202 answer of `POST /api/v1/join`: the meeting has a waiting room; poll with `{waitToken}` until admitted. */
export interface WaitingAnswer {
  status: 'waiting';
  /** Send back as `{waitToken}` to ask again. */
  waitToken: string;
  /** Wait token expiry, ISO 8601 UTC. */
  expiresAt: string;
}

/**
 * Body of `POST /api/v1/join`: a ticket from the integrator's backend, a public code (+ password) and a name, or
 * the wait token of a previous 202 answer (asking again from the waiting room).
 */
export type JoinRequest = { ticket: string } | { code: string; password?: string; name: string } | { waitToken: string };

/** A failed join: `code` is the server's `error.code` or `network` / `server`; `status` the HTTP status (0 = none). */
export class JoinError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Ask the meeting server for a LiveKit token.
 * @param serverUrl origin (and optional base path) of the meeting server, e.g. `https://meet.example.org`.
 * @param body a ticket, or a code + name (+ password).
 * @param sent the request already sent with `sendJoin(serverUrl, body)`, if it was (default: send it now).
 * @returns the join answer (200), or a waiting answer (202: wait for the host, then ask again with its token).
 * @throws JoinError with the server's `{error:{code,message,field}}` on a non-2xx answer, `code: 'server'` when
 *   the error body is not the documented JSON, `code: 'network'` when the server cannot be reached (or after 20 s).
 */
export async function requestJoin(
  serverUrl: string,
  body: JoinRequest,
  sent: Promise<Response> = sendJoin(serverUrl, body),
): Promise<JoinAnswer | WaitingAnswer> {
  let res: Response;
  try {
    res = await sent;
  } catch (e) {
    throw new JoinError('network', (e as Error).message);
  }
  const json = await res.json().catch(() => null);
  if (res.status === 202 && json?.status === 'waiting' && typeof json.waitToken === 'string') return json as WaitingAnswer;
  if (res.ok && json?.participantToken) return json as JoinAnswer;
  const err = json?.error;
  if (err && typeof err.code === 'string') throw new JoinError(err.code, String(err.message ?? ''), res.status, err.field);
  throw new JoinError('server', res.statusText, res.status);
}
