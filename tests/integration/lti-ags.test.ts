/**
 * Grades to the gradebook through the outbox (LTI AGS 2.0 §3.4), against the platform emulator's token and
 * AGS endpoints: one score per member, nothing lost while the LMS is down, nothing twice, across a restart.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { queueScores, requestSend, sendDueScores } from '../../lti/ags.js';
import { startWorkers } from '../../server/jobs/workers.js';
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
  s.deps.sql.begin((tx) => queueScores(tx, rl, key, Object.entries(pct).map(([userSub, v]) => ({ userSub, scoreGiven: v, scoreMaximum: 100 }))));
const receivedFor = (link: string) => emu.scores.filter((x) => x.lineitem.includes('/course-1/'));

describe('AGS score outbox', () => {
  it('sends one score per member to the launch line item, with a User-Agent and the completed/graded flags', async () => {
    const rl = await classWithStudents('ags-1');
    const before = emu.scores.length;
    expect(await queue(rl, 'attendance:s1', { ann: 95, bob: 40 })).toBe(2);
    expect(await queue(rl, 'attendance:s1', { ann: 95, bob: 40 })).toBe(0); // same batch again: nothing added
    expect(await sendDueScores(s.deps)).toEqual({ sent: 2, retry: 0, dead: 0 });
    const got = emu.scores.slice(before);
    expect(got.map((g) => [g.body.userId, g.body.scoreGiven])).toEqual([['ann', 95], ['bob', 40]]);
    for (const g of got) {
      expect(g.lineitem).toBe(`${emu.issuer}/ags/course-1/lineitems/1`);
      expect(g.userAgent).toMatch(/video-rooms/);
      expect(g.body).toMatchObject({ scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    }
    expect(await sendDueScores(s.deps)).toEqual({ sent: 0, retry: 0, dead: 0 });
    expect(emu.scores.length).toBe(before + 2);
    void receivedFor;
  });

  it('keeps scores while the LMS is down and delivers them after it recovers, across a server restart, none twice', async () => {
    const rl = await classWithStudents('ags-2');
    const before = emu.scores.length;
    emu.agsDown = true;
    await queue(rl, 'attendance:s2', { ann: 80, bob: 20 });
    expect(await sendDueScores(s.deps)).toEqual({ sent: 0, retry: 2, dead: 0 });
    const [row] = await s.deps.sql`SELECT status, attempts, last_error FROM lti_score_outbox WHERE dedupe_key = 'attendance:s2:ann'`;
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.last_error).toMatch(/503/);
    // Not due yet (backoff): nothing is sent before its time.
    emu.agsDown = false;
    expect(await sendDueScores(s.deps)).toEqual({ sent: 0, retry: 0, dead: 0 });

    // "Restart": a fresh server instance (new pool, new process state) on the same database picks them up later.
    const other = await startSecondInstanceDeps(s);
    try {
      const later = new Date(Date.now() + 60_000);
      expect(await sendDueScores(other, { now: later })).toEqual({ sent: 2, retry: 0, dead: 0 });
      expect(await sendDueScores(other, { now: later })).toEqual({ sent: 0, retry: 0, dead: 0 });
    } finally {
      await other.sql.end();
    }
    const got = emu.scores.slice(before);
    expect(got.map((g) => [g.body.userId, g.body.scoreGiven]).sort()).toEqual([['ann', 80], ['bob', 20]]);
  });

  it('a score already delivered before a crash is not counted twice (the platform refuses the same timestamp)', async () => {
    const rl = await classWithStudents('ags-3');
    await queue(rl, 'attendance:s3', { ann: 100 });
    const before = emu.scores.length;
    expect((await sendDueScores(s.deps)).sent).toBe(1);
    // Simulate a crash between the platform's 2xx and our commit: the row is pending again.
    await s.deps.sql`UPDATE lti_score_outbox SET status = 'pending', sent_at = NULL WHERE dedupe_key = 'attendance:s3:ann'`;
    expect((await sendDueScores(s.deps)).sent).toBe(1); // 409 from the platform = already there
    expect(emu.scores.length).toBe(before + 1);
  });

  it('later scores of a user get strictly later timestamps, and wait for earlier ones', async () => {
    const rl = await classWithStudents('ags-4');
    await queue(rl, 'attendance:a', { ann: 10 });
    await queue(rl, 'attendance:b', { ann: 20 });
    const rows = await s.deps.sql<{ score_timestamp: Date }[]>`SELECT score_timestamp FROM lti_score_outbox WHERE user_sub = 'ann' AND resource_link_uuid = ${rl} ORDER BY score_timestamp`;
    expect(rows[1]!.score_timestamp.getTime()).toBeGreaterThan(rows[0]!.score_timestamp.getTime());
    const before = emu.scores.length;
    while ((await sendDueScores(s.deps)).sent > 0);
    expect(emu.scores.slice(before).map((g) => g.body.scoreGiven)).toEqual([10, 20]);
  });

  it('a queued batch reaches the platform through the job workers, without anyone calling the sender', async () => {
    const rl = await classWithStudents('ags-6');
    const workers = await startWorkers(s.deps, { pollingIntervalSeconds: 0.5, cron: false });
    try {
      const before = emu.scores.length;
      await s.deps.sql.begin(async (tx) => {
        await queueScores(tx, rl, 'attendance:s6', [{ userSub: 'ann', scoreGiven: 75, scoreMaximum: 100 }]);
        await requestSend(s.deps, tx);
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
    const r = await sendDueScores(s.deps);
    const [row] = await s.deps.sql`SELECT last_error FROM lti_score_outbox WHERE dedupe_key = 'attendance:s5:bob'`;
    expect(r.sent, String(row?.last_error)).toBe(1);
    const item = emu.lineItems.find((l) => l.resourceLinkId === 'ags-5');
    expect(item).toMatchObject({ label: 'Attendance', tag: 'vr-attendance', scoreMaximum: 100 });
    expect(emu.scores.at(-1)!.lineitem).toBe(item!.id);
    // Reused, not created again.
    await queue(rl, 'attendance:s5b', { ann: 70 });
    await sendDueScores(s.deps);
    expect(emu.lineItems.filter((l) => l.resourceLinkId === 'ags-5')).toHaveLength(1);
  });

  it('a platform answering a line item without a usable id holds back only that link\'s scores, not the whole batch', async () => {
    const bad = await classWithStudents('ags-6', { noLineitem: true });
    const good = await classWithStudents('ags-7');
    emu.lineItemOverrides = { id: `${emu.issuer}/ags/course-1/lineitems/\u0000x` };
    try {
      await queue(bad, 'attendance:s6bad', { ann: 50 });
      await queue(good, 'attendance:s7', { bob: 90 });
      expect(await sendDueScores(s.deps)).toEqual({ sent: 1, retry: 1, dead: 0 });
      const [row] = await s.deps.sql`SELECT status, last_error FROM lti_score_outbox WHERE dedupe_key = 'attendance:s6bad:ann'`;
      expect(row).toMatchObject({ status: 'pending', last_error: expect.stringContaining('line item') });
      const [rl] = await s.deps.sql`SELECT attendance_lineitem_url FROM lti_resource_links WHERE id = ${bad}`;
      expect(rl!.attendance_lineitem_url).toBeNull();
    } finally {
      emu.lineItemOverrides = {};
    }
  });
});
