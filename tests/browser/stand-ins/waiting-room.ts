/**
 * Stand-in for the host side of the waiting room (`/api/v1/waiting-room/…`): meeting `m-wait` lists two guests
 * (Ada Lovelace, Bob) to the bearer `mod-token`; `POST …/{id}/admit|deny` decides and removes them. Other bearers →
 * 401, other meetings or unknown guests → 404. Every call is recorded with its Authorization header.
 */
import type { z } from 'zod';
import type { WaitingDecisionSchema, WaitingListSchema } from '../../../server/schemas/join.js';
import { error, recorded, reply, type Context } from './http.js';

type WaitingList = z.infer<typeof WaitingListSchema>;
type WaitingDecision = z.infer<typeof WaitingDecisionSchema>;

/** Waiting guests of meeting `m-wait`, oldest first. */
let waitingGuests: WaitingList['items'] = [];

/** Two guests wait again. */
export function resetWaitingRoom(): void {
  waitingGuests = [
    { id: 'r1', name: 'Ada Lovelace', createdAt: '2030-01-01T10:00:00Z' },
    { id: 'r2', name: 'Bob', createdAt: '2030-01-01T10:00:05Z' },
  ];
}

/** Koa middleware: `GET /api/v1/waiting-room/{meetingId}`, `POST …/{requestId}/admit|deny`. */
export async function waitingRoomStandIn(ctx: Context, next: () => Promise<unknown>): Promise<unknown> {
  const m = /^\/api\/v1\/waiting-room\/([^/]+)(?:\/([^/]+)\/(admit|deny))?$/.exec(ctx.path);
  if (!m) return next();
  const [, meetingId, requestId, action] = m;
  recorded.push({ method: ctx.method, path: ctx.path, authorization: ctx.get('authorization') });
  if (ctx.get('authorization') !== 'Bearer mod-token') return reply(ctx, 401, error('unauthorized', 'Bad token'));
  if (meetingId !== 'm-wait') return reply(ctx, 404, error('not_found', 'No such meeting'));
  if (!requestId && ctx.method === 'GET') return reply<WaitingList>(ctx, 200, { items: waitingGuests });
  if (!requestId || ctx.method !== 'POST') return reply(ctx, 405, error('method_not_allowed', ''));
  if (!waitingGuests.some((g) => g.id === requestId)) return reply(ctx, 404, error('not_found', 'No such request'));
  waitingGuests = waitingGuests.filter((g) => g.id !== requestId);
  return reply<WaitingDecision>(ctx, 200, { id: requestId, status: action === 'admit' ? 'admitted' : 'denied' });
}
