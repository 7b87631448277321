/**
 * Grades back to the gradebook (LTI Assignment and Grade Services 2.0), one pg-boss job per score.
 *  - `queueScores` writes one row per user into `lti_score_outbox` in the caller's transaction (idempotent by
 *    `dedupeKey`) and, in that same transaction, sends one `lti-ags-score` job per new row with the row's id as the
 *    job id: a score gets exactly one job, and only if its row committed. The score timestamp is fixed then and
 *    strictly increases per (resource link, user), as Moodle requires.
 *  - `sendScore` (the job's handler; callable directly) reads the row, waits for an earlier score of the same user
 *    (retried), gets an access token through ltijs (client_credentials with the tool's private key, cached), and
 *    POSTs `application/vnd.ims.lis.v1.score+json` to `{lineitem}/scores` (§3.4) with a User-Agent (Canvas requires
 *    one). No transaction or row lock is held during any HTTP call: reads and the final update are single statements.
 *  - 2xx → `sent`, with the line item it went to (the record of what was posted). 409 (timestamp not newer: we
 *    already delivered it before a crash) → `sent`. 5xx, 429, 408, network → the job throws and pg-boss retries it
 *    (retryLimit 12, retryDelay 5 s, exponential backoff with jitter); after the last attempt → `dead`. Other 4xx →
 *    `dead` at once. A row already `sent` or `dead` is never posted again.
 * Nothing is lost when the LMS is down or the server restarts (the job stays queued); nothing is posted twice
 * (one job per score, `sent` rows are skipped, and a repost after a crash carries the same timestamp, which the
 * platform refuses as not newer).
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../server/deps.js';
import type { Transaction } from '../server/db/db.js';
import { getLti } from './provider.js';
import { AGS_SCORE_QUEUE, AGS_SCORE_RETRY, type ScoreJob } from './queues.js';
import { isHttpUrl } from './claims.js';

const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const LINEITEM_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem';
const USER_AGENT = 'video-rooms-lti/1.0 (+LTI AGS 2.0)';

export interface ScoreInput {
  userSub: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
}

/**
 * Queue scores for the users of a resource link, in transaction `tx`: one row and one `lti-ags-score` job per new
 * score (job id = row id), both only if `tx` commits.
 * @param dedupeKey identifies this batch (e.g. `attendance:<room sid>`): queuing it again adds nothing
 * @param opts.lineitemUrl the line item these scores go to (a quiz's own, `ensureLineItem`); default: the launch's
 *   line item, else our attendance line item
 * @returns how many scores were added
 */
export async function queueScores(
  deps: Pick<Deps, 'jobs'>, tx: Transaction, resourceLinkUuid: string, dedupeKey: string, scores: ScoreInput[], opts: { lineitemUrl?: string } = {},
): Promise<number> {
  let added = 0;
  for (const s of scores) {
    // Serialise per user so timestamps strictly increase even with concurrent batches.
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`ags:${resourceLinkUuid}:${s.userSub}`}))`;
    const rows = await tx<{ id: string }[]>`
      INSERT INTO lti_score_outbox (id, resource_link_uuid, user_sub, score_given, score_maximum, comment, score_timestamp, dedupe_key, lineitem_url)
      SELECT ${randomUUID()}, ${resourceLinkUuid}, ${s.userSub}, ${s.scoreGiven}, ${s.scoreMaximum}, ${s.comment ?? null},
        greatest(clock_timestamp(), coalesce(max(score_timestamp) + interval '1 millisecond', clock_timestamp())),
        ${`${dedupeKey}:${s.userSub}`}, ${opts.lineitemUrl ?? null}::text
      FROM lti_score_outbox WHERE resource_link_uuid = ${resourceLinkUuid} AND user_sub = ${s.userSub}
      ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`;
    for (const r of rows) await sendScoreJob(deps, r.id, tx);
    added += rows.length;
  }
  return added;
}

/**
 * Send the `lti-ags-score` job of score row `scoreId` (job id = row id: a second send for the same row adds no
 * job). In `tx` when given (only if it commits).
 */
export async function sendScoreJob(deps: Pick<Deps, 'jobs'>, scoreId: string, tx?: Transaction): Promise<void> {
  const data: ScoreJob = { scoreId };
  await deps.jobs.boss.send(AGS_SCORE_QUEUE, data, { id: scoreId, ...AGS_SCORE_RETRY, ...(tx ? deps.jobs.inTx(tx) : {}) });
}

/** The ids of the scores not yet sent nor dead, oldest first (the order their jobs must deliver them in). */
export async function pendingScoreIds(deps: Pick<Deps, 'sql'>): Promise<string[]> {
  const rows = await deps.sql<{ id: string }[]>`SELECT id FROM lti_score_outbox WHERE status = 'pending' ORDER BY score_timestamp`;
  return rows.map((r) => r.id);
}

interface ScoreRow {
  id: string;
  status: 'pending' | 'sent' | 'dead';
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
  /** Set when queued for a line item of its own (a quiz's); else chosen when sent. */
  targetLineitemUrl: string | null;
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
async function lineItemFor(deps: Deps, r: ScoreRow): Promise<string> {
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

/**
 * A line item of its own for one graded activity of a resource link (a quiz), found by `tag` and `resourceId` among
 * the link's line items or created (LTI AGS 2.0 §3.2 Line item service): label, scoreMaximum, tag, resourceId,
 * resourceLinkId. Call outside a transaction (it talks to the platform).
 * @returns the line item URL, or undefined when the platform gave no line items URL or no line item scope
 * @throws on HTTP failures (the caller's job is retried)
 */
export async function ensureLineItem(
  deps: Deps,
  resourceLinkUuid: string,
  item: { label: string; tag: string; resourceId: string; scoreMaximum: number },
): Promise<string | undefined> {
  const [l] = await deps.sql<{ issuer: string; clientId: string; lineitemsUrl: string | null; scopes: string[]; resourceLinkId: string }[]>`
    SELECT issuer, client_id AS "clientId", ags_lineitems_url AS "lineitemsUrl", ags_scopes AS scopes, resource_link_id AS "resourceLinkId"
    FROM lti_resource_links WHERE id = ${resourceLinkUuid}`;
  if (!l?.lineitemsUrl || !(l.scopes ?? []).includes(LINEITEM_SCOPE)) return undefined;
  const auth = await accessToken(deps, l.issuer, l.clientId, [LINEITEM_SCOPE]);
  const q = `resource_link_id=${encodeURIComponent(l.resourceLinkId)}&tag=${encodeURIComponent(item.tag)}`;
  const list = await call(`${l.lineitemsUrl}${l.lineitemsUrl.includes('?') ? '&' : '?'}${q}`, {
    headers: { authorization: auth, accept: 'application/vnd.ims.lis.v2.lineitemcontainer+json' },
  });
  const items: unknown = await list.json().catch(() => null);
  let url = Array.isArray(items)
    ? (items as { id?: unknown; tag?: unknown; resourceId?: unknown }[]).find((i) => i?.tag === item.tag && i.resourceId === item.resourceId && isHttpUrl(i.id))?.id
    : undefined;
  if (!url) {
    const created = await call(l.lineitemsUrl, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/vnd.ims.lis.v2.lineitem+json' },
      body: JSON.stringify({ ...item, resourceLinkId: l.resourceLinkId }),
    });
    url = ((await created.json().catch(() => null)) as { id?: unknown } | null)?.id;
  }
  if (!isHttpUrl(url)) throw new HttpError(502, 'the platform answered a line item without an http(s) id');
  return url;
}

function scoresUrl(lineitem: string) {
  const [path, query] = lineitem.split('?');
  return `${path}/scores${query ? `?${query}` : ''}`;
}

/** What `sendScore` did: `sent`; or nothing, because it was `already-sent`, `dead`, or the row is `gone`. */
export type ScoreOutcome = 'sent' | 'already-sent' | 'dead' | 'gone';

/**
 * Post one queued score to the platform (the `lti-ags-score` job's handler; callable directly). No transaction is
 * open and no row is locked while it talks to the LMS.
 * @param opts.finalAttempt this is the job's last try (pg-boss retries exhausted): a retryable failure makes it `dead`
 * @returns what happened (see ScoreOutcome); `dead` also for a non-retryable 4xx (the job then completes: retrying
 *   cannot help)
 * @throws when the platform cannot be reached or answers 5xx/429/408, or an earlier score of the same user is still
 *   pending: pg-boss retries the job with backoff (the row keeps `attempts` and `last_error`)
 */
export async function sendScore(deps: Deps, scoreId: string, opts: { finalAttempt?: boolean } = {}): Promise<ScoreOutcome> {
  const [r] = await deps.sql<ScoreRow[]>`
    SELECT o.id, o.status, o.resource_link_uuid AS "resourceLinkUuid", o.user_sub AS "userSub", o.score_given AS "scoreGiven",
      o.score_maximum AS "scoreMaximum", o.comment, o.activity_progress AS "activityProgress",
      o.grading_progress AS "gradingProgress", o.score_timestamp AS "scoreTimestamp", o.attempts,
      l.issuer, l.client_id AS "clientId", l.ags_lineitem_url AS "lineitemUrl", l.ags_lineitems_url AS "lineitemsUrl",
      l.attendance_lineitem_url AS "attendanceLineitemUrl", o.lineitem_url AS "targetLineitemUrl", l.resource_link_id AS "resourceLinkId", l.ags_scopes AS scopes
    FROM lti_score_outbox o JOIN lti_resource_links l ON l.id = o.resource_link_uuid
    WHERE o.id = ${scoreId}`;
  if (!r) return 'gone';
  if (r.status === 'sent') return 'already-sent';
  if (r.status === 'dead') return 'dead';
  // Timestamps must reach the platform in order: a later score waits (job retry) for an earlier pending one.
  const [earlier] = await deps.sql`
    SELECT 1 FROM lti_score_outbox WHERE resource_link_uuid = ${r.resourceLinkUuid} AND user_sub = ${r.userSub}
      AND status = 'pending' AND score_timestamp < ${r.scoreTimestamp} LIMIT 1`;
  if (earlier) throw new Error(`score ${r.id} waits for an earlier score of the same user`);
  let lineitem: string;
  try {
    lineitem = r.targetLineitemUrl ?? (await lineItemFor(deps, r));
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
  } catch (e) {
    const status = e instanceof HttpError ? e.status : 0;
    const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
    const dead = !retryable || !!opts.finalAttempt;
    const error = String((e as Error).message).slice(0, 500);
    await deps.sql`UPDATE lti_score_outbox SET attempts = attempts + 1, last_error = ${error},
      status = ${dead ? 'dead' : 'pending'} WHERE id = ${r.id} AND status = 'pending'`;
    deps.log.warn('AGS score not delivered', { scoreId: r.id, status, attempts: r.attempts + 1, dead, error: error.slice(0, 200) });
    if (dead && !retryable) return 'dead';
    throw e;
  }
  await deps.sql`UPDATE lti_score_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL,
    lineitem_url = ${lineitem} WHERE id = ${r.id} AND status = 'pending'`;
  return 'sent';
}
