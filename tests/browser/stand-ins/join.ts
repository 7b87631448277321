/**
 * Stand-in for the meeting server's join route `POST /api/v1/join` (the real one is tested in tests/integration and
 * tests/e2e). It answers by ticket or code:
 * - `expired` → 401 `ticket_expired`; `boom` → 500 with an unknown code; `html` → 502 without JSON;
 *   `ok-unreachable-livekit` and `in-room` → 200 pointing at a closed LiveKit port (a participant); `in-room-host`
 *   → the same for a host of meeting `m-wait` (waiting room on, moderation token `mod-token`); anything else → 404
 *   `not_found`.
 * - Waiting room (guest side): codes `waitcode`, `waitcode-admit`, `waitcode-expire` → 202 with a fresh wait token.
 *   Polls with `{waitToken}` answer by the token's kind: `deny-*` → 202, then 403 `join_denied`; `admit-*` → 503
 *   without JSON (server trouble: the widget keeps asking), then 200 pointing at a closed LiveKit port;
 *   `expire-*` → 401 `wait_expired`; others → 401 `invalid_wait_token`. Polls are recorded.
 */
import type { z } from 'zod';
import type { JoinResponseSchema, WaitingSchema } from '../../../server/modules/join/schemas.js';
import { fromNow, readJson, recorded, reply, replyError, replyText, type Context } from './http.js';

type JoinResponse = z.infer<typeof JoinResponseSchema>;
type Waiting = z.infer<typeof WaitingSchema>;

let waitCounter = 0;
const pollsByToken = new Map<string, number>();

/** Forget the polls counted per wait token. */
export function resetJoin(): void {
  pollsByToken.clear();
}

/** A 200 answer whose LiveKit URL is a closed port: the widget gets as far as connecting. */
const deadLivekitAnswer = (name: string): JoinResponse => ({
  serverUrl: 'ws://127.0.0.1:9',
  participantToken: 'not-a-real-token',
  sessionToken: 'not-a-real-session',
  expiresAt: fromNow(3600e3),
  identity: 'u-1',
  name,
  role: 'participant',
  meeting: { id: 'm1', title: 'Test', settings: { chat: true, screenShare: true, recordingAllowed: false, waitingRoom: false } },
});

const waiting = (waitToken: string): Waiting => ({ status: 'waiting', waitToken, expiresAt: fromNow(600e3) });

/** A poll of the waiting room with `{waitToken}`. */
function poll(ctx: Context, token: string, keys: string[]) {
  const n = (pollsByToken.get(token) ?? 0) + 1;
  pollsByToken.set(token, n);
  recorded.push({ method: 'POST', path: ctx.path, waitToken: token, keys });
  if (token.startsWith('deny-')) {
    return n === 1 ? reply<Waiting>(ctx, 202, waiting(token)) : replyError(ctx, 403, 'join_denied', 'The host denied the request');
  }
  if (token.startsWith('admit-')) {
    return n === 1 ? replyText(ctx, 503, 'Service unavailable') : reply<JoinResponse>(ctx, 200, deadLivekitAnswer('Waited Guest'));
  }
  if (token.startsWith('expire-')) return replyError(ctx, 401, 'wait_expired', 'Wait token expired');
  return replyError(ctx, 401, 'invalid_wait_token', 'Unknown wait token');
}

/** Koa middleware: `POST /api/v1/join` (same origin as the test page). */
export async function joinStandIn(ctx: Context, next: () => Promise<unknown>): Promise<unknown> {
  if (ctx.path !== '/api/v1/join') return next();
  const body = await readJson(ctx);
  if (typeof body.waitToken === 'string') return poll(ctx, body.waitToken, Object.keys(body));
  const code = String(body.ticket ?? body.code ?? '');
  if (/^waitcode(-admit|-expire)?$/.test(code)) {
    const kind = code === 'waitcode' ? 'deny' : code.slice('waitcode-'.length);
    return reply<Waiting>(ctx, 202, waiting(`${kind}-${++waitCounter}`));
  }
  switch (code) {
    case 'expired':
      return replyError(ctx, 401, 'ticket_expired', 'Ticket expired at 2020-01-01T00:00:00Z');
    case 'boom':
      return replyError(ctx, 500, 'quota_exceeded', 'Too many rooms on this server right now');
    case 'html':
      return replyText(ctx, 502, '<html>Bad gateway</html>');
    case 'locked': // a code join with a meeting password (`open-sesame`)
      if (body.password !== 'open-sesame') {
        return replyError(ctx, 401, 'wrong_password', body.password ? 'Wrong password' : 'This meeting needs a password', 'password');
      }
      return reply<JoinResponse>(ctx, 200, deadLivekitAnswer(typeof body.name === 'string' ? body.name : 'Ticket Name'));
    case 'in-room': // tests/browser/room-fixture.ts: a participant, then a host of a meeting with a waiting room
      return reply<JoinResponse>(ctx, 200, deadLivekitAnswer(typeof body.name === 'string' ? body.name : 'Ticket Name'));
    case 'in-room-host':
      return reply<JoinResponse>(ctx, 200, {
        ...deadLivekitAnswer(typeof body.name === 'string' ? body.name : 'Ticket Name'),
        role: 'host',
        moderationToken: 'mod-token',
        meeting: { id: 'm-wait', title: 'Test', settings: { chat: true, screenShare: true, recordingAllowed: false, waitingRoom: true } },
      });
    case 'ok-unreachable-livekit':
      return reply<JoinResponse>(ctx, 200, deadLivekitAnswer(typeof body.name === 'string' ? body.name : 'Ticket Name'));
    default:
      return replyError(ctx, 404, 'not_found', 'No meeting with this code');
  }
}
