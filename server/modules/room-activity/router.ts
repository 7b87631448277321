/**
 * The router each room-activity feature (chat, hands, polls, host controls) declares its operations on, set up in
 * one place: its paths `/meetings/{id}/<feature>` and below answer CORS from any origin (no credentials; widgets call
 * them from any page) and need `Authorization: Bearer` (401 otherwise); `route(...)` (shared/routes.ts) tags the
 * operations with the feature and secures them with a room session (`roomSession`, declared here) or an API key;
 * `caller(c, meetingId)` is who is acting (session.ts `requireRoomSession`). Mounted before the meetings router
 * (server/app.ts), whose API-key guard covers `/meetings/*`.
 */
import { z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { bearerRequired, openCors, router } from '../../shared/http.js';
import { apiKey, bearerScheme, csvFile, operations } from '../../shared/routes.js';
import { MeetingIdParamsSchema } from '../meetings/schemas.js';
import { requireRoomSession, type RoomCaller } from './session.js';

/** The docstring line of an operation open to any room session of the meeting and to the API key. */
export const who = 'Bearer: the `sessionToken` of a join answer for this meeting, or an API key of its organisation.';

/**
 * @param feature the path segment after `/meetings/{id}/` (`chat`, `hands`…)
 * @param tag the OpenAPI tag of its operations
 * @param methods what the CORS preflight allows (default `GET, POST, PUT, DELETE`)
 * @returns the router (`app`), `route` (operations of `tag`, secured by a room session or an API key; `security:
 *   roomSession` for the room session alone), `roomSession` (that requirement), `caller`, and `csvExport`
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
  /**
   * `GET /meetings/{id}/<feature>/export.csv`: the CSV `csv(caller)` writes, as the attachment `<feature>-<id>.csv`
   * (403 and 404 as the service and `caller` throw them).
   */
  const csvExport = (summary: string, description: string, csv: (caller: RoomCaller) => Promise<string>) =>
    route(`get /meetings/{id}/${feature}/export.csv`, {
      summary, description, params: MeetingIdParamsSchema, ok: [200, z.string(), 'The CSV file', 'text/csv'], errors: [403, 404],
    }, async (c) => {
      const id = c.req.valid('param').id;
      return csvFile(c, await csv(await caller(c, id)), `${feature}-${id}.csv`);
    });
  return { app, route, roomSession, caller, csvExport };
}
