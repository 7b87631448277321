/**
 * Grades back to the gradebook through a durable outbox (LTI Assignment and Grade Services 2.0).
 *  - `queueScores` writes one row per user in the caller's transaction (idempotent by `dedupeKey`); the score
 *    timestamp is fixed then and strictly increases per (resource link, user), as Moodle requires.
 *  - `sendDueScores` (run by a pg-boss job, and callable directly) takes due rows with FOR UPDATE SKIP LOCKED
 *    (one sender per row across instances), in timestamp order per user, gets an access token through ltijs
 *    (client_credentials with the tool's private key, cached), and POSTs `application/vnd.ims.lis.v1.score+json`
 *    to `{lineitem}/scores` (§3.4) with a User-Agent (Canvas requires one).
 *  - 2xx → sent. 409 (timestamp not newer: we already delivered it before a crash) → sent. 5xx, 429, network →
 *    retried with exponential backoff (5 s · 2^n, ≤ 1 h), at most 12 attempts, then `dead`. Other 4xx → dead.
 * Nothing is lost when the LMS is down or the server restarts; nothing is sent twice.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../server/deps.js';
import type { Tx } from '../server/store/db.js';
import { getLti } from './provider.js';
import { isHttpUrl } from './claims.js';
import { AGS_QUEUE } from '../server/jobs/queue.js';

const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const LINEITEM_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem';
const USER_AGENT = 'video-rooms-lti/1.0 (+LTI AGS 2.0)';
const MAX_ATTEMPTS = 12;

export interface ScoreInput {
  userSub: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
}

/**
 * Queue scores for the users of a resource link, in transaction `tx`.
 * @param dedupeKey identifies this batch (e.g. `attendance:<meetingId>`): queuing it again adds nothing
 * @returns how many rows were added
 */
export async function queueScores(tx: Tx, resourceLinkUuid: string, dedupeKey: string, scores: ScoreInput[]): Promise<number> {
  let added = 0;
  for (const s of scores) {
    // Serialise per user so timestamps strictly increase even with concurrent batches.
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`ags:${resourceLinkUuid}:${s.userSub}`}))`;
    const rows = await tx`
      INSERT INTO lti_score_outbox (id, resource_link_uuid, user_sub, score_given, score_maximum, comment, score_timestamp, dedupe_key)
      SELECT ${randomUUID()}, ${resourceLinkUuid}, ${s.userSub}, ${s.scoreGiven}, ${s.scoreMaximum}, ${s.comment ?? null},
        greatest(clock_timestamp(), coalesce(max(score_timestamp) + interval '1 millisecond', clock_timestamp())),
        ${`${dedupeKey}:${s.userSub}`}
      FROM lti_score_outbox WHERE resource_link_uuid = ${resourceLinkUuid} AND user_sub = ${s.userSub}
      ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`;
    added += rows.length;
  }
  return added;
}

/** Ask a worker to send soon (in `tx`: only if it commits). One queued sweep at a time. */
export async function requestSend(deps: Deps, tx: Tx): Promise<void> {
  await deps.jobs.boss.send(AGS_QUEUE, {}, { singletonKey: 'sweep', ...deps.jobs.inTx(tx) });
}

interface DueRow {
  id: string;
  resourceLinkUuid: string;
  userSub: string;
  scoreGiven: string;
  scoreMaximum: string;
  comment: string | null;
  activityProgress: string;
  gradingProgress: string;
  scoreTimestamp: Date;
  attempts: number;
  issuer: string;
  clientId: string;
  lineitemUrl: string | null;
  lineitemsUrl: string | null;
  attendanceLineitemUrl: string | null;
  resourceLinkId: string;
  scopes: string[];
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function accessToken(deps: Deps, issuer: string, clientId: string, scopes: string[]) {
  const lti = await getLti(deps);
  const platform = await lti.getPlatform(issuer, clientId);
  if (!platform || Array.isArray(platform)) throw new HttpError(0, 'platform no longer registered');
  const t = (await (platform as unknown as { platformAccessToken(s: string): Promise<{ token_type: string; access_token: string }> }).platformAccessToken(scopes.join(' ')));
  return `${t.token_type} ${t.access_token}`;
}

async function call(url: string, init: RequestInit & { headers: Record<string, string> }) {
  const res = await fetch(url, { ...init, headers: { 'user-agent': USER_AGENT, ...init.headers }, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new HttpError(res.status, `${init.method ?? 'GET'} ${url} → ${res.status} ${(await res.text().catch(() => '')).slice(0, 200)}`);
  return res;
}

/** The line item to score: the launch's, else ours (found by tag, or created with scoreMaximum 100) (§3.2). */
async function lineItemFor(deps: Deps, r: DueRow): Promise<string> {
  if (r.lineitemUrl) return r.lineitemUrl;
  if (r.attendanceLineitemUrl) return r.attendanceLineitemUrl;
  if (!r.lineitemsUrl || !r.scopes.includes(LINEITEM_SCOPE)) throw new HttpError(400, 'the platform gave no line item and no right to create one');
  const auth = await accessToken(deps, r.issuer, r.clientId, [LINEITEM_SCOPE]);
  const q = `resource_link_id=${encodeURIComponent(r.resourceLinkId)}&tag=vr-attendance`;
  const list = await call(`${r.lineitemsUrl}${r.lineitemsUrl.includes('?') ? '&' : '?'}${q}`, {
    headers: { authorization: auth, accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json' },
  });
  const items: unknown = await list.json().catch(() => null);
  let url = Array.isArray(items) ? (items as { id?: unknown; tag?: unknown }[]).find((i) => i?.tag === 'vr-attendance' && isHttpUrl(i.id))?.id : undefined;
  if (!url) {
    const created = await call(r.lineitemsUrl, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' },
      body: JSON.stringify({ scoreMaximum: 100, label: 'Attendance', tag: 'vr-attendance', resourceLinkId: r.resourceLinkId }),
    });
    url = ((await created.json().catch(() => null)) as { id?: unknown } | null)?.id;
  }
  // A line item id is the URL scores go to (AGS 2.0 §3.2): anything else is the platform's error, not a row to store.
  if (!isHttpUrl(url)) throw new HttpError(502, 'the platform answered a line item without an http(s) id');
  await deps.sql`UPDATE lti_resource_links SET attendance_lineitem_url = ${url} WHERE id = ${r.resourceLinkUuid}`;
  return url;
}

function scoresUrl(lineitem: string) {
  const [path, query] = lineitem.split('?');
  return `${path}/scores${query ? `?${query}` : ''}`;
}

/**
 * Send due scores (one batch). Safe to run on several instances at once.
 * @param opts.now the moment to consider rows due at (default: the clock; tests pass a later one)
 * @returns counts of rows sent, retried later and given up
 */
export async function sendDueScores(deps: Deps, opts: { limit?: number; now?: Date } = {}): Promise<{ sent: number; retry: number; dead: number }> {
  const now = opts.now ?? new Date();
  const out = { sent: 0, retry: 0, dead: 0 };
  await deps.sql.begin(async (tx) => {
    const rows = await tx<DueRow[]>`
      SELECT o.id, o.resource_link_uuid AS "resourceLinkUuid", o.user_sub AS "userSub", o.score_given AS "scoreGiven",
        o.score_maximum AS "scoreMaximum", o.comment, o.activity_progress AS "activityProgress",
        o.grading_progress AS "gradingProgress", o.score_timestamp AS "scoreTimestamp", o.attempts,
        l.issuer, l.client_id AS "clientId", l.ags_lineitem_url AS "lineitemUrl", l.ags_lineitems_url AS "lineitemsUrl",
        l.attendance_lineitem_url AS "attendanceLineitemUrl", l.resource_link_id AS "resourceLinkId", l.ags_scopes AS scopes
      FROM lti_score_outbox o JOIN lti_resource_links l ON l.id = o.resource_link_uuid
      WHERE o.status = 'pending' AND o.next_attempt_at <= ${now}
        AND NOT EXISTS (SELECT 1 FROM lti_score_outbox e WHERE e.resource_link_uuid = o.resource_link_uuid
          AND e.user_sub = o.user_sub AND e.status = 'pending' AND e.score_timestamp < o.score_timestamp)
      ORDER BY o.score_timestamp
      LIMIT ${opts.limit ?? 50}
      FOR UPDATE OF o SKIP LOCKED`;
    for (const r of rows) {
      try {
        const lineitem = await lineItemFor(deps, r);
        const auth = await accessToken(deps, r.issuer, r.clientId, [SCORE_SCOPE]);
        try {
          await call(scoresUrl(lineitem), {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
            body: JSON.stringify({
              userId: r.userSub,
              scoreGiven: Number(r.scoreGiven),
              scoreMaximum: Number(r.scoreMaximum),
              ...(r.comment ? { comment: r.comment } : {}),
              timestamp: r.scoreTimestamp.toISOString(),
              activityProgress: r.activityProgress,
              gradingProgress: r.gradingProgress,
            }),
          });
        } catch (e) {
          if (!(e instanceof HttpError && e.status === 409)) throw e;
        }
        await tx`UPDATE lti_score_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ${r.id}`;
        out.sent++;
      } catch (e) {
        const status = e instanceof HttpError ? e.status : 0;
        const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
        const attempts = r.attempts + 1;
        const dead = !retryable || attempts >= MAX_ATTEMPTS;
        const delayS = Math.min(3600, 5 * 2 ** r.attempts);
        await tx`UPDATE lti_score_outbox SET attempts = ${attempts}, last_error = ${String((e as Error).message).slice(0, 500)},
          status = ${dead ? 'dead' : 'pending'}, next_attempt_at = now() + make_interval(secs => ${delayS}) WHERE id = ${r.id}`;
        if (dead) out.dead++;
        else out.retry++;
        deps.log.warn('AGS score not delivered', { outboxId: r.id, status, attempts, dead, error: String((e as Error).message).slice(0, 200) });
      }
    }
  });
  return out;
}
