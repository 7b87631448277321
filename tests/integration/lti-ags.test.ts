/**
 * Grades to the gradebook (LTI AGS 2.0 §3.4), one pg-boss job per score, against the platform emulator's token and
 * AGS endpoints: one score per member, nothing lost while the LMS is down (pg-boss retries with backoff), nothing
 * twice, across a restart. `sendPendingScores` runs the job handler as a worker would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { queueScores, sendScore } from '../../lti/ags.js';
import { AGS_SCORE_QUEUE } from '../../lti/queues.js';
import { startWorkers } from '../../server/main.js';
import { sendPendingScores } from '../support/ags.js';
import { LIS, type Emulator } from '../support/lms-emulator.js';
import { ltiLaunch, useLtiEnvironment } from '../support/lti-flow.js';
import { startSecondInstanceDeps, waitUntil, type TestServer } from '../support/server.js';

const env = useLtiEnvironment();
let s: TestServer;
let emu: Emulator;
beforeAll(() => {
  ({ s, emu } = env);
});

async function classWithStudents(link: string, opts: { noLineitem?: boolean } = {}) {
  const spec = (sub: string, roles: string[]) => ({ sub, name: sub, roles, resourceLinkId: link, ...opts });
  const t = await ltiLaunch(s, emu, spec('teacher', [LIS.instructor]));
  expect(t.status).toBe(200);
  for (const sub of ['ann', 'bob']) expect((await ltiLaunch(s, emu, spec(sub, [LIS.learner]))).status).toBe(200);
  const [rl] = await s.deps.sql<{ id: string }[]>`SELECT id FROM lti_resource_links WHERE resource_link_id = ${link}`;
  return rl!.id;
}
const queue = (rl: string, key: string, pct: Record<string, number>) =>
  s.deps.sql.begin((tx) => queueScores(s.deps, tx, rl, key, Object.entries(pct).map(([userSub, v]) => ({ userSub, scoreGiven: v, scoreMaximum: 100 }))));
const receivedFor = (link: string) => emu.scores.filter((x) => x.lineitem.includes('/course-1/'));

describe('AGS score outbox', () => {
  it('sends one score per member to the launch line item, with a User-Agent and the completed/graded flags', async () => {
    const rl = await classWithStudents('ags-1');
    const before = emu.scores.length;
    expect(await queue(rl, 'attendance:s1', { ann: 95, bob: 40 })).toBe(2);
    expect(await queue(rl, 'attendance:s1', { ann: 95, bob: 40 })).toBe(0); // same batch again: nothing added
    expect(await sendPendingScores(s.deps)).toEqual({ sent: 2, retry: 0, dead: 0 });
    const got = emu.scores.slice(before);
    expect(got.map((g) => [g.body.userId, g.body.scoreGiven])).toEqual([['ann', 95], ['bob', 40]]);
    for (const g of got) {
      expect(g.lineitem).toBe(`${emu.issuer}/ags/course-1/lineitems/1`);
      expect(g.userAgent).toMatch(/video-rooms/);
      expect(g.body).toMatchObject({ scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    }
    expect(await sendPendingScores(s.deps)).toEqual({ sent: 0, retry: 0, dead: 0 });
    expect(emu.scores.length).toBe(before + 2);
    void receivedFor;
  });

  it('keeps scores while the LMS is down (pg-boss retries the job with backoff) and delivers them after it recovers, across a server restart, none twice', async () => {
    const rl = await classWithStudents('ags-2');
    const before = emu.scores.length;
    emu.agsDown = true;
    let workers = await startWorkers(s.deps, { pollingIntervalSeconds: 0.5, cron: false, only: ['lti'] });
    try {
      await queue(rl, 'attendance:s2', { ann: 80, bob: 20 });
      await waitUntil(async () => (await s.deps.sql`SELECT 1 FROM lti_score_outbox WHERE dedupe_key LIKE 'attendance:s2:%' AND attempts >= 1`).length === 2, 15_000, 'both jobs to have tried once');
    } finally {
      await workers.stop();
    }
    const [row] = await s.deps.sql`SELECT id, status, attempts, last_error FROM lti_score_outbox WHERE dedupe_key = 'attendance:s2:ann'`;
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.last_error).toMatch(/503/);
    // pg-boss holds the job for a later retry (backoff): nothing is sent before its time.
    const [job] = await s.deps.sql`SELECT state, retry_count, start_after > now() AS later FROM pgboss.job WHERE name = ${AGS_SCORE_QUEUE} AND id = ${row!.id}`;
    expect(job).toMatchObject({ state: 'retry', retry_count: 0, later: true });
    expect(emu.scores.length).toBe(before);

    // "Restart": a fresh server instance (new pool, new process state) on the same database picks them up later.
    emu.agsDown = false;
    const other = await startSecondInstanceDeps(s);
    try {
      await other.sql`UPDATE pgboss.job SET start_after = now() WHERE name = ${AGS_SCORE_QUEUE} AND state = 'retry'`; // the backoff has passed
      workers = await startWorkers(other, { pollingIntervalSeconds: 0.5, cron: false, only: ['lti'] });
      await waitUntil(async () => (await other.sql`SELECT 1 FROM lti_score_outbox WHERE dedupe_key LIKE 'attendance:s2:%' AND status = 'sent'`).length === 2, 15_000, 'both scores sent');
      await workers.stop();
      expect(await sendPendingScores(other)).toEqual({ sent: 0, retry: 0, dead: 0 });
    } finally {
      await other.sql.end();
    }
    const got = emu.scores.slice(before);
    expect(got.map((g) => [g.body.userId, g.body.scoreGiven]).sort()).toEqual([['ann', 80], ['bob', 20]]);
  });

  it('queues one pg-boss job per score, in the transaction that queued the score (id = the score row), none for a batch queued again', async () => {
    const rl = await classWithStudents('ags-8');
    await queue(rl, 'attendance:s8', { ann: 50, bob: 60 });
    await queue(rl, 'attendance:s8', { ann: 50, bob: 60 });
    await s.deps.sql.begin(async (tx) => {
      await queueScores(s.deps, tx, rl, 'attendance:s8-rolled-back', [{ userSub: 'ann', scoreGiven: 1, scoreMaximum: 100 }]);
      throw new Error('roll back');
    }).catch(() => {});
    const rows = await s.deps.sql<{ id: string; dedupe_key: string }[]>`SELECT id, dedupe_key FROM lti_score_outbox WHERE resource_link_uuid = ${rl} ORDER BY dedupe_key`;
    expect(rows.map((r) => r.dedupe_key)).toEqual(['attendance:s8:ann', 'attendance:s8:bob']);
    const jobs = await s.deps.sql<{ id: string; retry_limit: number; retry_backoff: boolean }[]>`
      SELECT id, retry_limit, retry_backoff FROM pgboss.job WHERE name = ${AGS_SCORE_QUEUE} AND id IN ${s.deps.sql(rows.map((r) => r.id))}`;
    expect(jobs.map((j) => j.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(jobs.every((j) => j.retry_limit === 12 && j.retry_backoff)).toBe(true);
    expect(await sendPendingScores(s.deps)).toMatchObject({ sent: 2 });
  });

  it('a score already delivered before a crash is not counted twice (the platform refuses the same timestamp)', async () => {
    const rl = await classWithStudents('ags-3');
    await queue(rl, 'attendance:s3', { ann: 100 });
    const before = emu.scores.length;
    expect((await sendPendingScores(s.deps)).sent).toBe(1);
    // Simulate a crash between the platform's 2xx and our update: the row is pending again (its job is retried).
    await s.deps.sql`UPDATE lti_score_outbox SET status = 'pending', sent_at = NULL WHERE dedupe_key = 'attendance:s3:ann'`;
    expect((await sendPendingScores(s.deps)).sent).toBe(1); // 409 from the platform = already there
    expect(emu.scores.length).toBe(before + 1);
  });

  it('later scores of a user get strictly later timestamps, and wait for earlier ones', async () => {
    const rl = await classWithStudents('ags-4');
    await queue(rl, 'attendance:a', { ann: 10 });
    await queue(rl, 'attendance:b', { ann: 20 });
    const rows = await s.deps.sql<{ id: string; score_timestamp: Date }[]>`SELECT id, score_timestamp FROM lti_score_outbox WHERE user_sub = 'ann' AND resource_link_uuid = ${rl} ORDER BY score_timestamp`;
    expect(rows[1]!.score_timestamp.getTime()).toBeGreaterThan(rows[0]!.score_timestamp.getTime());
    const before = emu.scores.length;
    // The later score's job, run first, waits (throws: pg-boss retries it) until the earlier one went out.
    await expect(sendScore(s.deps, rows[1]!.id)).rejects.toThrow(/earlier score/);
    while ((await sendPendingScores(s.deps)).sent > 0);
    expect(emu.scores.slice(before).map((g) => g.body.scoreGiven)).toEqual([10, 20]);
  });

  it('a queued batch reaches the platform through the job workers, without anyone calling the sender', async () => {
    const rl = await classWithStudents('ags-6');
    const workers = await startWorkers(s.deps, { pollingIntervalSeconds: 0.5, cron: false });
    try {
      const before = emu.scores.length;
      await s.deps.sql.begin(async (tx) => {
        await queueScores(s.deps, tx, rl, 'attendance:s6', [{ userSub: 'ann', scoreGiven: 75, scoreMaximum: 100 }]);
      });
      await waitUntil(() => emu.scores.length > before, 15_000, 'the score to arrive');
      expect(emu.scores.at(-1)!.body).toMatchObject({ userId: 'ann', scoreGiven: 75 });
    } finally {
      await workers.stop();
    }
  });

  it('creates an Attendance line item (scoreMaximum 100) when the launch named none', async () => {
    const rl = await classWithStudents('ags-5', { noLineitem: true });
    await queue(rl, 'attendance:s5', { bob: 60 });
    const r = await sendPendingScores(s.deps);
    const [row] = await s.deps.sql`SELECT last_error FROM lti_score_outbox WHERE dedupe_key = 'attendance:s5:bob'`;
    expect(r.sent, String(row?.last_error)).toBe(1);
    const item = emu.lineItems.find((l) => l.resourceLinkId === 'ags-5');
    expect(item).toMatchObject({ label: 'Attendance', tag: 'vr-attendance', scoreMaximum: 100 });
    expect(emu.scores.at(-1)!.lineitem).toBe(item!.id);
    // Reused, not created again.
    await queue(rl, 'attendance:s5b', { ann: 70 });
    await sendPendingScores(s.deps);
    expect(emu.lineItems.filter((l) => l.resourceLinkId === 'ags-5')).toHaveLength(1);
  });

  it('a platform answering a line item without a usable id holds back only that link\'s scores, not the whole batch', async () => {
    const bad = await classWithStudents('ags-6', { noLineitem: true });
    const good = await classWithStudents('ags-7');
    emu.lineItemOverrides = { id: `${emu.issuer}/ags/course-1/lineitems/\u0000x` };
    try {
      await queue(bad, 'attendance:s6bad', { ann: 50 });
      await queue(good, 'attendance:s7', { bob: 90 });
      expect(await sendPendingScores(s.deps)).toEqual({ sent: 1, retry: 1, dead: 0 });
      const [row] = await s.deps.sql`SELECT status, last_error FROM lti_score_outbox WHERE dedupe_key = 'attendance:s6bad:ann'`;
      expect(row).toMatchObject({ status: 'pending', last_error: expect.stringContaining('line item') });
      const [rl] = await s.deps.sql`SELECT attendance_lineitem_url FROM lti_resource_links WHERE id = ${bad}`;
      expect(rl!.attendance_lineitem_url).toBeNull();
    } finally {
      emu.lineItemOverrides = {};
    }
  });
});
