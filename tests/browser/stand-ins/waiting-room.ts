/**
 * Stand-in for the host side of the waiting room (`/api/v1/waiting-room/…`): meeting `m-wait` lists two guests
 * (Ada Lovelace, Bob) to the bearer `mod-token`; `POST …/{id}/admit|deny` decides and removes them. Other bearers →
 * 401, other meetings or unknown guests → 404. Every call is recorded with its Authorization header.
 */
import type { z } from 'zod';
import type { WaitingDecisionSchema, WaitingListSchema } from '../../../server/modules/join/schemas.js';
import { recorded, reply, replyError, type Context } from './http.js';

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
  if (ctx.get('authorization') !== 'Bearer mod-token') return replyError(ctx, 401, 'unauthorized', 'Bad token');
  if (meetingId !== 'm-wait') return replyError(ctx, 404, 'not_found', 'No such meeting');
  if (!requestId && ctx.method === 'GET') return reply<WaitingList>(ctx, 200, { items: waitingGuests });
  if (!requestId || ctx.method !== 'POST') return replyError(ctx, 405, 'method_not_allowed', '');
  if (!waitingGuests.some((g) => g.id === requestId)) return replyError(ctx, 404, 'not_found', 'No such request');
  waitingGuests = waitingGuests.filter((g) => g.id !== requestId);
  return reply<WaitingDecision>(ctx, 200, { id: requestId, status: action === 'admit' ? 'admitted' : 'denied' });
}
