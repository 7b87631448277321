/**
 * The router each room-activity feature (chat, hands, polls, host controls) declares its operations on, set up in
 * one place: its paths `/meetings/{id}/<feature>` and below answer CORS from any origin (no credentials; widgets call
 * them from any page) and need `Authorization: Bearer` (401 otherwise); `route(...)` (shared/routes.ts) tags the
 * operations with the feature and secures them with a room session (`roomSession`, declared here) or an API key;
 * `caller(c, meetingId)` is who is acting (session.ts `requireRoomSession`). Mounted before the meetings router
 * (server/app.ts), whose API-key guard covers `/meetings/*`.
 */
import type { Deps } from '../../deps.js';
import { bearerRequired, openCors, router } from '../../shared/http.js';
import { apiKey, bearerScheme, operations } from '../../shared/routes.js';
import { requireRoomSession } from './session.js';

/** The docstring line of an operation open to any room session of the meeting and to the API key. */
export const who = 'Bearer: the `sessionToken` of a join answer for this meeting, or an API key of its organisation.';

/**
 * @param feature the path segment after `/meetings/{id}/` (`chat`, `hands`…)
 * @param tag the OpenAPI tag of its operations
 * @param methods what the CORS preflight allows (default `GET, POST, PUT, DELETE`)
 * @returns the router (`app`), `route` (operations of `tag`, secured by a room session or an API key; `security:
 *   roomSession` for the room session alone), `roomSession` (that requirement) and `caller`
 */
export function roomActivityRouter(deps: Deps, feature: string, tag: string, methods = 'GET, POST, PUT, DELETE') {
  const app = router();
  const roomSession = bearerScheme(app, 'roomSession', "A participant's room session: the `sessionToken` of `POST /join` (12 h, one meeting)");
  for (const p of [`/meetings/:id/${feature}`, `/meetings/:id/${feature}/*`]) {
    app.use(p, openCors(methods, 'authorization, content-type'));
    app.use(p, bearerRequired('A room session or API key is required: Authorization: Bearer <token>'));
  }
  const caller = (c: { var: { bearer: string } }, meetingId: string) => requireRoomSession(deps, c.var.bearer, meetingId);
  const route = operations(app, { tags: [tag], security: [...roomSession, ...apiKey] });
  return { app, route, roomSession, caller };
}
