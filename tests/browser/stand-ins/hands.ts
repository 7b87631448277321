/**
 * Stand-in for the raised-hand API (`/api/v1/meetings/{id}/hands…`, the real one is tested in
 * tests/integration/hands.test.ts and tests/e2e/hands.test.ts), with the real one's rules: meeting `m-hands` (and the room fixture's `m1`, `m-wait`: Uma, bearer `not-a-real-session`, a host); bearer
 * `hands-ada` (Ada, participant), `hands-bob` (Bob, participant), `hands-mod` (Mo, moderator). The queue starts with
 * Bob's hand raised (version 1). `POST` raises the caller's hand at the end; `DELETE …/{identity}` lowers one's own,
 * or anyone's for the moderator (403 `forbidden` otherwise); `DELETE …/hands` lowers all (moderator only). Every
 * change bumps the version. Other bearers → 401, other meetings → 404. Calls are recorded.
 */
import type { z } from 'zod';
import type { HandQueueSchema } from '../../../server/modules/room-activity/hands-schemas.js';
import { recorded, reply, replyError, type Context } from './http.js';

type HandQueue = z.infer<typeof HandQueueSchema>;
type Hand = HandQueue['items'][number];

const callers: Record<string, { identity: string; name: string; role: Hand['role'] }> = {
  'Bearer hands-ada': { identity: 'ada', name: 'Ada', role: 'participant' },
  'Bearer hands-bob': { identity: 'bob', name: 'Bob', role: 'participant' },
  'Bearer hands-mod': { identity: 'mo', name: 'Mo', role: 'moderator' },
  // tests/browser/room-fixture.ts (its meetings `m1` and `m-wait` share this queue): Uma, as the host.
  'Bearer not-a-real-session': { identity: 'u-1', name: 'Uma', role: 'host' },
};
const MEETINGS = ['m-hands', 'm1', 'm-wait'];

let version = 1;
let hands: Omit<Hand, 'position'>[] = [];

/** Bob's hand up again, version 1. */
export function resetHands(): void {
  version = 1;
  hands = [{ identity: 'bob', name: 'Bob', role: 'participant', raisedAt: '2030-01-01T10:00:00Z' }];
}

const queue = (): HandQueue => ({ version, items: hands.map((h, i) => ({ ...h, position: i + 1 })) });

/** Koa middleware: `GET|POST|DELETE /api/v1/meetings/{id}/hands`, `DELETE …/hands/{identity}`. */
export async function handsStandIn(ctx: Context, next: () => Promise<unknown>): Promise<unknown> {
  const m = /^\/api\/v1\/meetings\/([^/]+)\/hands(?:\/([^/]+))?$/.exec(ctx.path);
  if (!m) return next();
  const [, meetingId, identity] = m;
  recorded.push({ method: ctx.method, path: ctx.path, authorization: ctx.get('authorization') });
  const who = callers[ctx.get('authorization')];
  if (!who) return replyError(ctx, 401, 'unauthorized', 'Bad token');
  if (!MEETINGS.includes(meetingId!)) return replyError(ctx, 404, 'not_found', 'No such meeting');
  const moderator = who.role === 'moderator' || who.role === 'host';
  const change = (f: () => boolean) => {
    if (f()) version++;
    return reply<HandQueue>(ctx, 200, queue());
  };
  if (ctx.method === 'GET' && !identity) return reply<HandQueue>(ctx, 200, queue());
  if (ctx.method === 'POST' && !identity) {
    return change(() => !hands.some((h) => h.identity === who.identity) && !!hands.push({ ...who, raisedAt: new Date().toISOString() }));
  }
  if (ctx.method !== 'DELETE') return replyError(ctx, 405, 'method_not_allowed', '');
  const target = identity ? decodeURIComponent(identity) : undefined;
  if (target !== who.identity && !moderator) return replyError(ctx, 403, 'forbidden', 'Only a host or moderator can do this');
  return change(() => {
    const before = hands.length;
    hands = target ? hands.filter((h) => h.identity !== target) : [];
    return hands.length !== before;
  });
}
