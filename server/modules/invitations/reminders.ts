/**
 * Reminder emails (invitations module): what the planned `reminder-24h` / `reminder-15m` lifecycle jobs do (planned
 * by scheduling/service.ts `rescheduleJobs`). Each attendee is emailed once, with the occurrence's local time in the
 * organiser's zone and their own join link. Per attendee a `reminder_deliveries` row (meeting, occurrence, kind,
 * occurrence start, email) is claimed before sending and marked after: a retried or re-delivered job emails nobody
 * twice (at most once for a send a crash interrupted); when some sends fail the job throws after the others went
 * out, and its retry sends only the failed ones. A reminder of an occurrence that was cancelled, or is already
 * over, is not sent. No SMTP inside a transaction: the job's row (scheduling/claims.ts) is claimed, the deliveries
 * planned and committed, the emails sent, then the job is marked done in a second transaction.
 * Imports: this module, meetings (store), scheduling (rules, claims, store), server/db.
 */
import type { Deps } from '../../deps.js';
import * as meetingsStore from '../meetings/store.js';
import type { MeetingRow } from '../meetings/store.js';
import { claimLifecycleJob, completeLifecycleJob, lockLifecycleJob, markLifecycleJobDone, type LifecycleResult } from '../scheduling/claims.js';
import type { LifecycleJobData } from '../scheduling/queues.js';
import { occurrencesBetween, type Occurrence, type Series } from '../scheduling/recurrence.js';
import { seriesOf } from '../scheduling/service.js';
import { getScheduleSettings } from '../scheduling/store.js';
import { joinUrlForAttendee } from './links.js';
import * as store from './store.js';
import type { ReminderKey } from './store.js';

const MIN = 60_000;

interface ReminderBatch {
  m: MeetingRow;
  series: Series;
  o: Occurrence;
  key: ReminderKey;
  /** The attendees when the reminder was planned: email → name. */
  names: Map<string, string>;
}

/**
 * Run one reminder job (`reminder-24h` or `reminder-15m`). `now` is the instant the job runs at (tests pass one).
 * @returns `done`, or why nothing was done: `stale` (superseded by a reschedule, or its occurrence was cancelled),
 *   `already-done`, `meeting-closed` (cancelled or ended), `occurrence-gone` (no longer exists or is over)
 * @throws when some reminder emails could not be sent (pg-boss retries the job; the retry sends only what failed)
 */
export async function runReminderJob(deps: Deps, data: LifecycleJobData, ctx: { jobId: string | null; worker: string; now?: Date }): Promise<LifecycleResult> {
  const now = ctx.now ?? new Date();
  const first = await deps.sql.begin(async (tx): Promise<LifecycleResult | ReminderBatch> => {
    const claim = await claimLifecycleJob(tx, data, { jobId: ctx.jobId, now }, () => meetingsStore.findMeetingById(tx, data.meetingId));
    if ('result' in claim) return claim.result;
    const m = claim.meeting;
    const series = await seriesOf(tx, m);
    const o = findOccurrence(series, data.occurrenceKey, now);
    if (!o || o.endAt <= now) {
      await markLifecycleJobDone(tx, data, now);
      return 'occurrence-gone';
    }
    const key: ReminderKey = { meetingId: m.id, occurrenceKey: o.key, kind: data.kind as ReminderKey['kind'], startAt: o.startAt };
    const names = new Map((await store.listAttendees(tx, m.id)).map((a) => [a.email, a.name]));
    await store.planReminderDeliveries(tx, key, [...names.keys()]);
    // Sent after this commits (no SMTP inside a transaction); the job is marked done once all went out.
    return { m, series, o, key, names };
  });
  if (typeof first === 'string') return first;
  const failed = await deliverReminders(deps, first);
  if (failed) throw new Error(`${failed} reminder email(s) for meeting ${data.meetingId} failed; a retry sends those only`);
  return deps.sql.begin(async (tx): Promise<LifecycleResult> => {
    const locked = await lockLifecycleJob(tx, data, ctx.jobId);
    if (locked) return locked;
    return completeLifecycleJob(tx, data, { jobId: ctx.jobId, worker: ctx.worker, now });
  });
}

/** The occurrence with this key near `now` (reminders run up to 24 h before it; retries may run late). */
function findOccurrence(series: Series, key: string, now: Date): Occurrence | undefined {
  const duration = series.endAt.getTime() - series.startAt.getTime();
  const from = new Date(now.getTime() - duration - 24 * 60 * MIN);
  return occurrencesBetween(series, from, new Date(now.getTime() + 49 * 60 * MIN), 500).find((x) => x.key === key);
}

const hm = (local: string) => local.slice(0, 16).replace('T', ' ');

/**
 * Email the planned reminder to each attendee still pending (claimed one at a time), with the occurrence's local
 * start–end in the meeting's zone and the attendee's join link.
 * @returns how many sends failed (logged; they stay `failed` for the job's retry)
 */
async function deliverReminders(deps: Deps, b: ReminderBatch): Promise<number> {
  const { m, series, o, key, names } = b;
  const settings = await getScheduleSettings(deps.sql, m.organizationId);
  const when = `${hm(o.localStart)}–${o.localEnd.slice(0, 10) === o.localStart.slice(0, 10) ? o.localEnd.slice(11, 16) : hm(o.localEnd)} (${m.timezone})`;
  let failed = 0;
  for (let email = await store.claimReminderDelivery(deps.sql, key); email; email = await store.claimReminderDelivery(deps.sql, key)) {
    const name = names.get(email);
    if (name === undefined) {
      await store.finishReminderDelivery(deps.sql, key, email, 'failed', 'no longer an attendee');
      continue;
    }
    try {
      const link = await joinUrlForAttendee(deps, m, series, email, { settings });
      const status = await deps.mailer.send({
        to: { email, name },
        subject: `Reminder: ${m.title}, ${hm(o.localStart)} (${m.timezone})`,
        text: [m.title, `When: ${when}`, `Join: ${link}`].join('\n'),
      });
      await store.finishReminderDelivery(deps.sql, key, email, status, null);
    } catch (e) {
      failed++;
      const error = String((e as Error).message ?? e).slice(0, 500);
      deps.log.warn('reminder email failed', { meetingId: m.id, to: email, error });
      await store.finishReminderDelivery(deps.sql, key, email, 'failed', error);
    }
  }
  return failed;
}

