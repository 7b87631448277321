/**
 * Room lifecycle: what the scheduled jobs do, and the same work on demand for the CLI (scripts/meetings.ts).
 *  - open-room N minutes before start: LiveKit RoomService CreateRoom (idempotent on LiveKit's side).
 *  - reminder-24h / reminder-15m: email each attendee once, with the occurrence's local time in the organiser's zone
 *    and their own join link. Per attendee a `reminder_deliveries` row (meeting, occurrence, kind, occurrence start,
 *    email) is claimed before sending and marked after: a retried or re-delivered job emails nobody twice (at most
 *    once for a send a crash interrupted); when some sends fail the job throws after the others went out, and its
 *    retry sends only the failed ones. A reminder of an occurrence that was cancelled, or is already over, is not sent.
 *  - end-room after end + grace: LiveKit DeleteRoom (disconnects everyone) and, after the last occurrence,
 *    mark the meeting `ended`; then plan the next occurrences' jobs (rolling horizon).
 * A handler runs in one transaction holding the (meeting, occurrence, kind) row of `meeting_jobs` FOR UPDATE: a
 * job whose id is no longer the row's (superseded by a reschedule) or that is already done does nothing. When
 * LiveKit fails the transaction rolls back and the job throws, so pg-boss retries it (retryLimit/retryBackoff).
 */
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/db.js';
import type { LifecycleJobData } from './queues.js';
import * as invitations from '../invitations/store.js';
import * as meetingsStore from '../meetings/store.js';
import type { MeetingRow } from '../meetings/store.js';
import type { ReminderKey } from '../invitations/store.js';
import * as store from './store.js';
import { occurrencesBetween, seriesEnd, type Occurrence, type Series } from './recurrence.js';
import { joinUrlForAttendee } from '../invitations/links.js';
import { rescheduleJobs, seriesOf } from './service.js';

const MIN = 60_000;

/** LiveKit CreateRoom for a meeting (empty rooms close after 10 min unless the end job comes first). */
async function openRoom(deps: Deps, m: MeetingRow): Promise<void> {
  await deps.livekit.rooms.createRoom({ name: m.roomName, emptyTimeout: 600, maxParticipants: m.maxParticipants ?? 0 });
}

/** LiveKit DeleteRoom; a room that does not exist is fine. @throws on any other LiveKit failure */
async function deleteRoom(deps: Deps, m: MeetingRow): Promise<void> {
  try {
    await deps.livekit.rooms.deleteRoom(m.roomName);
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 404 || /not.?found/i.test(String((e as Error).message))) return;
    throw e;
  }
}

/** After an occurrence ended: mark the meeting ended when no occurrence is left, else back to `scheduled`. */
async function afterEnd(tx: Tx, m: MeetingRow, now: Date): Promise<MeetingRow> {
  const series = await seriesOf(tx, m);
  const last = seriesEnd(series);
  const next = occurrencesBetween(series, now, new Date(now.getTime() + 100 * 366 * 24 * 60 * MIN), 1);
  if ((last && last <= now) || (!next.length && last !== null)) {
    return meetingsStore.updateMeeting(tx, { ...m, status: 'ended', endedAt: now });
  }
  if (m.status === 'live') return meetingsStore.updateMeeting(tx, { ...m, status: 'scheduled' });
  return m;
}

/** What running a lifecycle job did: `done`, or why nothing was done. */
export type LifecycleResult = 'done' | 'stale' | 'already-done' | 'meeting-closed' | 'occurrence-gone';

interface ReminderBatch {
  m: MeetingRow;
  series: Series;
  o: Occurrence;
  key: ReminderKey;
  /** The attendees when the reminder was planned: email → name. */
  names: Map<string, string>;
}

/**
 * Run one lifecycle job. `now` is the instant the job runs at (tests pass a fixed one).
 * @returns `done`, or why nothing was done: `stale` (superseded by a reschedule, or its occurrence was cancelled),
 *   `already-done`, `meeting-closed` (cancelled or ended), `occurrence-gone` (a reminder whose occurrence no longer
 *   exists or is over)
 * @throws when LiveKit fails, or when some reminder emails could not be sent (pg-boss retries the job; the retry
 *   sends only what failed)
 */
export async function runLifecycleJob(
  deps: Deps,
  data: LifecycleJobData,
  ctx: { jobId: string | null; worker: string; now?: Date },
): Promise<LifecycleResult> {
  const now = ctx.now ?? new Date();
  const first = await deps.sql.begin(async (tx): Promise<LifecycleResult | ReminderBatch> => {
    const job = await store.lockJob(tx, data.meetingId, data.occurrenceKey, data.kind);
    if (!job || (ctx.jobId && job.jobId !== ctx.jobId)) return 'stale';
    if (job.doneAt) return 'already-done';
    const m = await meetingsStore.findMeetingById(tx, data.meetingId);
    if (!m || (m.status !== 'scheduled' && m.status !== 'live')) {
      await store.markJobDone(tx, data.meetingId, data.occurrenceKey, data.kind, now);
      return 'meeting-closed';
    }
    switch (data.kind) {
      case 'open-room':
        await openRoom(deps, m);
        break;
      case 'end-room': {
        await deleteRoom(deps, m);
        const after = await afterEnd(tx, m, now);
        await store.markJobDone(tx, data.meetingId, data.occurrenceKey, data.kind, now);
        await rescheduleJobs(deps, tx, after, now);
        break;
      }
      default: {
        const series = await seriesOf(tx, m);
        const o = findOccurrence(series, data.occurrenceKey, now);
        if (!o || o.endAt <= now) {
          await store.markJobDone(tx, data.meetingId, data.occurrenceKey, data.kind, now);
          return 'occurrence-gone';
        }
        const key: ReminderKey = { meetingId: m.id, occurrenceKey: o.key, kind: data.kind, startAt: o.startAt };
        const names = new Map((await invitations.listAttendees(tx, m.id)).map((a) => [a.email, a.name]));
        await invitations.planReminderDeliveries(tx, key, [...names.keys()]);
        // Sent after this commits (no SMTP inside a transaction); the job is marked done once all went out.
        return { m, series, o, key, names };
      }
    }
    await store.markJobDone(tx, data.meetingId, data.occurrenceKey, data.kind, now);
    await store.insertLifecycleEvent(tx, { ...data, jobId: ctx.jobId, worker: ctx.worker, at: now });
    return 'done';
  });
  if (typeof first === 'string') return first;
  const failed = await deliverReminders(deps, first);
  if (failed) throw new Error(`${failed} reminder email(s) for meeting ${data.meetingId} failed; a retry sends those only`);
  return deps.sql.begin(async (tx): Promise<LifecycleResult> => {
    const job = await store.lockJob(tx, data.meetingId, data.occurrenceKey, data.kind);
    if (!job || (ctx.jobId && job.jobId !== ctx.jobId)) return 'stale';
    if (job.doneAt) return 'already-done';
    await store.markJobDone(tx, data.meetingId, data.occurrenceKey, data.kind, now);
    await store.insertLifecycleEvent(tx, { ...data, jobId: ctx.jobId, worker: ctx.worker, at: now });
    return 'done';
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
  const settings = await store.getScheduleSettings(deps.sql, m.organizationId);
  const when = `${hm(o.localStart)}–${o.localEnd.slice(0, 10) === o.localStart.slice(0, 10) ? o.localEnd.slice(11, 16) : hm(o.localEnd)} (${m.timezone})`;
  let failed = 0;
  for (let email = await invitations.claimReminderDelivery(deps.sql, key); email; email = await invitations.claimReminderDelivery(deps.sql, key)) {
    const name = names.get(email);
    if (name === undefined) {
      await invitations.finishReminderDelivery(deps.sql, key, email, 'failed', 'no longer an attendee');
      continue;
    }
    try {
      const link = await joinUrlForAttendee(deps, m, series, email, { settings });
      const status = await deps.mailer.send({
        to: { email, name },
        subject: `Reminder: ${m.title}, ${hm(o.localStart)} (${m.timezone})`,
        text: [m.title, `When: ${when}`, `Join: ${link}`].join('\n'),
      });
      await invitations.finishReminderDelivery(deps.sql, key, email, status, null);
    } catch (e) {
      failed++;
      const error = String((e as Error).message ?? e).slice(0, 500);
      deps.log.warn('reminder email failed', { meetingId: m.id, to: email, error });
      await invitations.finishReminderDelivery(deps.sql, key, email, 'failed', error);
    }
  }
  return failed;
}

export interface RoomAction {
  meetingId: string;
  roomName: string;
  occurrenceKey: string;
  startAt: string;
  endAt: string;
  /** For cleanup: also mark the meeting ended (no occurrence left). */
  markEnded?: boolean;
}

/** Rooms that should be open at `now` (start − openMinutesBefore ≤ now < end) and were not opened yet. */
export async function roomsToOpen(deps: Deps, now = new Date()): Promise<RoomAction[]> {
  const out: RoomAction[] = [];
  for (const { id, organizationId } of await store.listSchedulableMeetingIds(deps.sql)) {
    const m = await meetingsStore.findMeetingById(deps.sql, id);
    if (!m) continue;
    const settings = await store.getScheduleSettings(deps.sql, organizationId);
    const series = await seriesOf(deps.sql, m);
    const duration = series.endAt.getTime() - series.startAt.getTime();
    const from = new Date(now.getTime() - duration);
    const to = new Date(now.getTime() + settings.openMinutesBefore * MIN + 1);
    for (const o of occurrencesBetween(series, from, to, 10)) {
      if (o.endAt <= now || o.startAt.getTime() - settings.openMinutesBefore * MIN > now.getTime()) continue;
      if ((await store.lastRoomEvent(deps.sql, m.id, o.key)) === 'open-room') continue;
      out.push({ meetingId: m.id, roomName: m.roomName, occurrenceKey: o.key, startAt: o.startAt.toISOString(), endAt: o.endAt.toISOString() });
    }
  }
  return out;
}

/**
 * Rooms past end + grace: occurrences whose room was opened and not ended, and meetings with no occurrence
 * left (to be marked ended).
 */
export async function roomsToCleanUp(deps: Deps, now = new Date()): Promise<RoomAction[]> {
  const out: RoomAction[] = [];
  for (const { id, organizationId } of await store.listSchedulableMeetingIds(deps.sql)) {
    const m = await meetingsStore.findMeetingById(deps.sql, id);
    if (!m) continue;
    const settings = await store.getScheduleSettings(deps.sql, organizationId);
    const grace = settings.graceMinutesAfter * MIN;
    const series = await seriesOf(deps.sql, m);
    const last = seriesEnd(series);
    const duration = series.endAt.getTime() - series.startAt.getTime();
    const past = occurrencesBetween(series, new Date(now.getTime() - 30 * 24 * 60 * MIN), new Date(now.getTime() - grace - duration), 1000);
    let listed = false;
    for (const o of past) {
      if (o.endAt.getTime() + grace > now.getTime()) continue;
      if ((await store.lastRoomEvent(deps.sql, m.id, o.key)) !== 'open-room') continue;
      const markEnded = !!last && last.getTime() + grace <= now.getTime();
      out.push({ meetingId: m.id, roomName: m.roomName, occurrenceKey: o.key, startAt: o.startAt.toISOString(), endAt: o.endAt.toISOString(), markEnded });
      listed = true;
    }
    if (!listed && last && last.getTime() + grace <= now.getTime()) {
      out.push({ meetingId: m.id, roomName: m.roomName, occurrenceKey: 'last', startAt: series.startAt.toISOString(), endAt: last.toISOString(), markEnded: true });
    }
  }
  return out;
}

/** Open the rooms `roomsToOpen` lists (CLI without --dry-run); recorded like the jobs' work. */
export async function openDueRooms(deps: Deps, actions: RoomAction[], worker: string, now = new Date()): Promise<void> {
  for (const a of actions) {
    const m = await meetingsStore.findMeetingById(deps.sql, a.meetingId);
    if (!m) continue;
    await openRoom(deps, m);
    await store.insertLifecycleEvent(deps.sql, { meetingId: a.meetingId, occurrenceKey: a.occurrenceKey, kind: 'open-room', jobId: null, worker, at: now });
  }
}

/** Delete the rooms `roomsToCleanUp` lists and mark finished meetings ended (CLI without --dry-run). */
export async function cleanUpRooms(deps: Deps, actions: RoomAction[], worker: string, now = new Date()): Promise<void> {
  for (const a of actions) {
    await deps.sql.begin(async (tx) => {
      const m = await meetingsStore.findMeeting(tx, (await meetingsStore.findMeetingById(tx, a.meetingId))!.organizationId, a.meetingId, { forUpdate: true });
      if (!m || (m.status !== 'scheduled' && m.status !== 'live')) return;
      await deleteRoom(deps, m);
      const row = a.markEnded ? await meetingsStore.updateMeeting(tx, { ...m, status: 'ended', endedAt: now }) : m;
      await store.insertLifecycleEvent(tx, { meetingId: a.meetingId, occurrenceKey: a.occurrenceKey, kind: 'end-room', jobId: null, worker, at: now });
      await rescheduleJobs(deps, tx, row, now);
    });
  }
}
