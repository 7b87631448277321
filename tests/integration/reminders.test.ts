/**
 * Reminder emails (lifecycle jobs reminder-24h / reminder-15m) received by a real SMTP server on loopback: each
 * attendee once, with the title, the local time in the organiser's zone and a join link that works; nothing for a
 * cancelled occurrence or meeting, or an occurrence that is over; a retried job emails nobody twice, and a bounced
 * attendee is sent to again by the job's retry while the others are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from '../../server/main.js';
import type { LifecycleKind } from '../../server/modules/scheduling/queues.js';
import { runReminderJob } from '../../server/modules/invitations/reminders.js';
import { rescheduleJobs } from '../../server/modules/scheduling/service.js';
import { findMeetingById } from '../../server/modules/meetings/store.js';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';
import { startSmtp, subjectOf, textBody, type TestSmtp } from '../support/smtp.js';

let s: TestServer;
let smtp: TestSmtp;
let workers: Workers | undefined;
beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'School <school@example.test>' } });
});
afterAll(async () => {
  await workers?.stop();
  await s?.close();
  await smtp?.close();
});

/** `YYYY-MM-DD HH:MM` wall-clock time of `at` in `tz` (Intl, independent of the server's Temporal code). */
const localTime = (at: Date, tz: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

/** Reminder emails that reached `email` for the meeting titled `title`. */
const remindersTo = (email: string, title: string) => smtp.messages.filter((x) => x.to.includes(email) && subjectOf(x.raw).startsWith(`Reminder: ${title},`));

const jobOf = async (meetingId: string, kind: LifecycleKind, occurrenceKey = 'once') => {
  const [row] = await s.deps.sql<{ jobId: string; doneAt: Date | null }[]>`
    SELECT job_id AS "jobId", done_at AS "doneAt" FROM meeting_jobs WHERE meeting_id = ${meetingId} AND kind = ${kind} AND occurrence_key = ${occurrenceKey}`;
  return row;
};
const deliveries = (meetingId: string) =>
  s.deps.sql<{ email: string; kind: string; status: string; attempts: number }[]>`
    SELECT email, kind, status, attempts FROM reminder_deliveries WHERE meeting_id = ${meetingId} ORDER BY email`;

async function meetingWith(title: string, start: Date, attendees: [string, string][], extra: Record<string, unknown> = {}) {
  const r = await s.api('POST', '/api/v1/meetings', { title, scheduledStartAt: start.toISOString(), durationMinutes: 50, timezone: 'Asia/Kolkata', ...extra });
  expect(r.status).toBe(201);
  for (const [email, name] of attendees) expect((await s.api('POST', `/api/v1/meetings/${r.body.id}/attendees`, { email, name })).status).toBe(201);
  return r.body as { id: string; roomName: string };
}

describe('reminders', () => {
  it('the due reminder job emails each attendee once: title, local time in the organiser\'s zone, a join link that works', async () => {
    // reminder-15m is due ~3 s from now; workers start once the attendees are in.
    const start = new Date(Date.now() + 15 * 60_000 + 3000);
    const m = await meetingWith('Office hours', start, [['ada@example.edu', 'Ada Lovelace'], ['bob@example.edu', 'Bob Babbage']]);
    expect(await jobOf(m.id, 'reminder-24h')).toBeUndefined(); // already past when planned: not sent late
    workers = await startWorkers(s.deps, { pollingIntervalSeconds: 0.5, cron: false, id: 'W' });
    await waitUntil(async () => (await jobOf(m.id, 'reminder-15m'))?.doneAt, 15_000, 'the reminder-15m job');
    await workers.stop();
    workers = undefined;

    const local = localTime(start, 'Asia/Kolkata');
    // The end carries its date when the meeting crosses midnight in the organiser's zone (as the mail writes it).
    const endAt = localTime(new Date(start.getTime() + 50 * 60_000), 'Asia/Kolkata');
    const localEnd = endAt.slice(0, 10) === local.slice(0, 10) ? endAt.slice(11) : endAt;
    for (const [email, name] of [['ada@example.edu', 'Ada Lovelace'], ['bob@example.edu', 'Bob Babbage']] as const) {
      const mails = remindersTo(email, 'Office hours');
      expect(mails).toHaveLength(1);
      expect(subjectOf(mails[0]!.raw)).toBe(`Reminder: Office hours, ${local} (Asia/Kolkata)`);
      const text = textBody(mails[0]!.raw)!;
      expect(text).toContain(`When: ${local}–${localEnd} (Asia/Kolkata)`);
      const link = /^Join: (\S+)$/m.exec(text)![1]!;
      expect(link.startsWith(`${s.baseUrl}/j/`)).toBe(true);
      // The link opens the join page; its ticket joins this meeting's room as this attendee.
      const page = await fetch(link);
      expect(page.status).toBe(200);
      const ticket = /<video-room [^>]*ticket="([^"]+)"/.exec(await page.text())![1];
      const join = await s.api('POST', '/api/v1/join', { ticket }, null);
      expect(join.status).toBe(200);
      expect(join.body).toMatchObject({ name, role: 'participant', meeting: { id: m.id } });
      const lk = JSON.parse(Buffer.from(join.body.participantToken.split('.')[1], 'base64url').toString());
      expect(lk.video.room).toBe(m.roomName);
    }
    expect((await deliveries(m.id)).map((d) => [d.email, d.status, d.attempts])).toEqual([['ada@example.edu', 'sent', 1], ['bob@example.edu', 'sent', 1]]);

    // A duplicate delivery of the same job does nothing…
    const job = (await jobOf(m.id, 'reminder-15m'))!;
    const data = { meetingId: m.id, occurrenceKey: 'once', kind: 'reminder-15m' as const };
    expect(await runReminderJob(s.deps, data, { jobId: job.jobId, worker: 'again' })).toBe('already-done');
    // …and so does a retry after a crash that came before the job was marked done: nobody is emailed twice.
    await s.deps.sql`UPDATE meeting_jobs SET done_at = NULL WHERE meeting_id = ${m.id} AND kind = 'reminder-15m'`;
    expect(await runReminderJob(s.deps, data, { jobId: job.jobId, worker: 'retry' })).toBe('done');
    expect(remindersTo('ada@example.edu', 'Office hours')).toHaveLength(1);
    expect(remindersTo('bob@example.edu', 'Office hours')).toHaveLength(1);
  });

  it("a bounced attendee is emailed again by the job's retry; the others are not", async () => {
    const start = new Date(Date.now() + 2 * 24 * 3600_000);
    const m = await meetingWith('Lab safety', start, [['cy@example.edu', 'Cy'], ['dee@example.edu', 'Dee']]);
    const job = (await jobOf(m.id, 'reminder-24h'))!;
    const data = { meetingId: m.id, occurrenceKey: 'once', kind: 'reminder-24h' as const };
    const now = new Date(start.getTime() - 24 * 3600_000);
    smtp.rejectRecipients.add('dee@example.edu');
    try {
      await expect(runReminderJob(s.deps, data, { jobId: job.jobId, worker: 'test', now })).rejects.toThrow(/1 reminder email\(s\).*failed/);
    } finally {
      smtp.rejectRecipients.delete('dee@example.edu');
    }
    expect(remindersTo('cy@example.edu', 'Lab safety')).toHaveLength(1);
    expect(remindersTo('dee@example.edu', 'Lab safety')).toHaveLength(0);
    expect((await jobOf(m.id, 'reminder-24h'))!.doneAt).toBeNull(); // pg-boss retries it
    expect((await deliveries(m.id)).map((d) => [d.email, d.status])).toEqual([['cy@example.edu', 'sent'], ['dee@example.edu', 'failed']]);

    expect(await runReminderJob(s.deps, data, { jobId: job.jobId, worker: 'test', now: new Date(now.getTime() + 4000) })).toBe('done');
    expect(remindersTo('cy@example.edu', 'Lab safety')).toHaveLength(1);
    expect(remindersTo('dee@example.edu', 'Lab safety')).toHaveLength(1);
    expect((await deliveries(m.id)).map((d) => [d.email, d.status, d.attempts])).toEqual([['cy@example.edu', 'sent', 1], ['dee@example.edu', 'sent', 2]]);
  });

  it('no reminder for a cancelled occurrence, a cancelled meeting, or an occurrence that is over', async () => {
    // A daily series: its first occurrence cancelled, the second still reminded.
    const start = new Date(Date.now() + 3 * 24 * 3600_000);
    start.setUTCSeconds(0, 0);
    const series = await meetingWith('Daily standup', start, [['eve@example.edu', 'Eve']], { recurrence: { rrule: 'FREQ=DAILY;COUNT=3' } });
    const first = start.toISOString();
    const second = new Date(start.getTime() + 24 * 3600_000).toISOString();
    const firstJob = (await jobOf(series.id, 'reminder-24h', first))!;
    expect(firstJob).toBeDefined();
    expect((await s.api('POST', `/api/v1/meetings/${series.id}/occurrences/${first}/cancel`)).status).toBe(200);
    const [pg] = await s.deps.sql<{ state: string }[]>`SELECT state FROM pgboss.job WHERE id = ${firstJob.jobId}`;
    expect(pg!.state).toBe('cancelled');
    const data = (key: string) => ({ meetingId: series.id, occurrenceKey: key, kind: 'reminder-24h' as const });
    // Even if the cancelled job were delivered, it would do nothing.
    expect(await runReminderJob(s.deps, data(first), { jobId: firstJob.jobId, worker: 'test', now: new Date(start.getTime() - 24 * 3600_000) })).toBe('stale');
    expect(remindersTo('eve@example.edu', 'Daily standup')).toHaveLength(0);
    const secondJob = (await jobOf(series.id, 'reminder-24h', second))!;
    expect(await runReminderJob(s.deps, data(second), { jobId: secondJob.jobId, worker: 'test', now: new Date(Date.parse(second) - 24 * 3600_000) })).toBe('done');
    expect(remindersTo('eve@example.edu', 'Daily standup')).toHaveLength(1);

    // A job that runs only after its occurrence ended (workers were down) sends nothing.
    const third = new Date(start.getTime() + 2 * 24 * 3600_000);
    const late = await meetingWith('Late one', third, [['fay@example.edu', 'Fay']]);
    const lateJob = (await jobOf(late.id, 'reminder-15m'))!;
    const over = new Date(third.getTime() + 51 * 60_000);
    expect(await runReminderJob(s.deps, { meetingId: late.id, occurrenceKey: 'once', kind: 'reminder-15m' }, { jobId: lateJob.jobId, worker: 'test', now: over })).toBe('occurrence-gone');
    expect(remindersTo('fay@example.edu', 'Late one')).toHaveLength(0);

    // A cancelled meeting: its reminder jobs are cancelled, and a stray delivery does nothing.
    const single = await meetingWith('Cancelled seminar', third, [['gus@example.edu', 'Gus']]);
    const singleJob = (await jobOf(single.id, 'reminder-15m'))!;
    expect((await s.api('POST', `/api/v1/meetings/${single.id}/cancel`)).status).toBe(200);
    const states = await s.deps.sql<{ state: string }[]>`SELECT state FROM pgboss.job WHERE singleton_key = ${single.id + '|once'} AND name LIKE 'lifecycle-reminder-%'`;
    expect(states.map((x) => x.state)).toEqual(['cancelled', 'cancelled']);
    expect(await runReminderJob(s.deps, { meetingId: single.id, occurrenceKey: 'once', kind: 'reminder-15m' }, { jobId: singleJob.jobId, worker: 'test', now: new Date(third.getTime() - 15 * 60_000) })).toBe('stale');
    expect(remindersTo('gus@example.edu', 'Cancelled seminar')).toHaveLength(0);
    expect(await deliveries(single.id)).toEqual([]);
  });

  it('a reminder for an occurrence in a DST gap gives the local time it really starts (02:30 → 03:30 EDT)', async () => {
    const m = await meetingWith('Night shift', new Date('2027-03-12T07:30:00Z'), [['hal@example.edu', 'Hal']],
      { timezone: 'America/New_York', durationMinutes: 30, recurrence: { rrule: 'FREQ=DAILY;COUNT=4' } });
    const now = new Date('2027-03-14T07:15:00Z');
    await s.deps.sql.begin(async (tx) => rescheduleJobs(s.deps, tx, (await findMeetingById(tx, m.id))!, new Date('2027-03-13T08:00:00Z')));
    const key = '2027-03-14T07:30:00.000Z';
    const job = (await jobOf(m.id, 'reminder-15m', key))!;
    expect(job).toBeDefined();
    expect(await runReminderJob(s.deps, { meetingId: m.id, occurrenceKey: key, kind: 'reminder-15m' }, { jobId: job.jobId, worker: 'test', now })).toBe('done');
    const [mail] = remindersTo('hal@example.edu', 'Night shift');
    expect(subjectOf(mail!.raw)).toBe(`Reminder: Night shift, ${localTime(new Date(key), 'America/New_York')} (America/New_York)`);
    expect(textBody(mail!.raw)).toContain('When: 2027-03-14 03:30–04:00 (America/New_York)');
  });
});
