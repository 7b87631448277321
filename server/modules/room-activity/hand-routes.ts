/**
 * Raised hands over HTTP (HTTP only: validate, authorise through session.ts, call hands-service.ts, answer):
 *   GET    /api/v1/meetings/{id}/hands              the queue (room session or API key)
 *   POST   /api/v1/meetings/{id}/hands              raise one's own hand (room session)
 *   DELETE /api/v1/meetings/{id}/hands/{identity}   lower a hand: one's own (room session), anyone's (host/moderator, API key)
 *   DELETE /api/v1/meetings/{id}/hands              lower every hand (host/moderator session, API key)
 * Widgets call these from any origin (CORS open, no credentials; router.ts sets up what every room-activity router
 * shares).
 */
import type { Deps } from '../../deps.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import { HandParamsSchema, HandQueueSchema } from './hands-schemas.js';
import { handQueue, lowerAllHands, lowerHand, raiseHand } from './hands-service.js';
import { roomActivityRouter, who } from './router.js';

const announced =
  'The server then announces the queue to the room on the LiveKit data topic `vr.hands` (reliable, sent by the server: no participant): the `HandQueue` body, or `{"version", "truncated": true}` when it is too large for one packet (read it here then). 409 `meeting_ended` once the meeting\'s session ended (its hands are gone).';

export function handRoutes(deps: Deps) {
  const { app, route, roomSession, caller } = roomActivityRouter(deps, 'hands', 'Hands', 'GET, POST, DELETE');
  const meeting = { params: MeetingIdParamsSchema };
  const changes = [403, 404, 409] as const;

  route('get /meetings/{id}/hands', {
    summary: 'Raised hands',
    description: `${who} The raised hands of the meeting's current session, first raised first (position 1). Empty once the session ended.`,
    ...meeting, ok: [200, HandQueueSchema, 'The queue'], errors: [403, 404],
  }, async (c) => handQueue(deps, await caller(c, c.req.valid('param').id)));

  route('post /meetings/{id}/hands', {
    summary: 'Raise your hand',
    description: `Room session only (host, moderator, participant, viewer; 403 for an API key): raises the caller's own hand at the end of the queue. Already raised: it keeps its place. ${announced}`,
    security: roomSession, ...meeting, ok: [200, HandQueueSchema, 'The queue now'], errors: changes,
  }, async (c) => raiseHand(deps, await caller(c, c.req.valid('param').id)));

  route('delete /meetings/{id}/hands/{identity}', {
    summary: 'Lower a hand',
    description: `${who} Anyone lowers their own hand; hosts, moderators and the API key lower anyone's (403 \`forbidden\` for a participant or viewer lowering another's: nothing changes). A hand that is not raised: nothing changes. ${announced}`,
    params: HandParamsSchema, ok: [200, HandQueueSchema, 'The queue now'], errors: changes,
  }, async (c) => {
    const p = c.req.valid('param');
    return lowerHand(deps, await caller(c, p.id), p.identity);
  });

  route('delete /meetings/{id}/hands', {
    summary: 'Lower every hand',
    description: `${who} Hosts, moderators and the API key (403 \`forbidden\` for participants and viewers: nothing changes). ${announced}`,
    ...meeting, ok: [200, HandQueueSchema, 'The queue now (empty)'], errors: changes,
  }, async (c) => lowerAllHands(deps, await caller(c, c.req.valid('param').id)));
  return app;
}
