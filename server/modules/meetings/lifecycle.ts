/**
 * Room lifecycle (meetings module): what the scheduled open/end jobs do, the `schedule-horizon` cron, and the same
 * work on demand for the CLI (scripts/meetings.ts).
 *  - open-room N minutes before start: LiveKit RoomService CreateRoom (idempotent on LiveKit's side).
 *  - end-room after end + grace: LiveKit DeleteRoom (disconnects everyone) and, after the last occurrence,
 *    mark the meeting `ended`; then plan the next occurrences' jobs (rolling horizon).
 *  (reminder-24h / reminder-15m: the invitations module, invitations/reminders.ts.)
 * A handler runs in one transaction holding the (meeting, occurrence, kind) row of `meeting_jobs` FOR UPDATE
 * (scheduling/claims.ts): a job whose id is no longer the row's (superseded by a reschedule) or that is already done
 * does nothing. When LiveKit fails the transaction rolls back and the job throws, so pg-boss retries it.
 * Imports: this module's store, scheduling (rules, claims, store), server/db.
 */
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/db.js';
import { deleteRoomIfAny } from '../../livekit/client.js';
import type { LifecycleJobData } from '../scheduling/queues.js';
import * as meetingsStore from './store.js';
import type { MeetingRow } from './store.js';
import * as store from '../scheduling/store.js';
import { occurrencesBetween, seriesEnd } from '../scheduling/recurrence.js';
import { rescheduleJobs, seriesOf } from '../scheduling/service.js';
import { claimLifecycleJob, completeLifecycleJob, type LifecycleResult } from '../scheduling/claims.js';

export type { LifecycleResult };

const MIN = 60_000;

/** LiveKit CreateRoom for a meeting (empty rooms close after 10 min unless the end job comes first). */
async function openRoom(deps: Deps, m: MeetingRow): Promise<void> {
  await deps.livekit.rooms.createRoom({ name: m.roomName, emptyTimeout: 600, maxParticipants: m.maxParticipants ?? 0 });
}

/** LiveKit DeleteRoom; a room that does not exist is fine. @throws on any other LiveKit failure */
const deleteRoom = (deps: Deps, m: MeetingRow) => deleteRoomIfAny(deps.livekit, m.roomName);

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

/**
 * Run one open-room or end-room job. `now` is the instant the job runs at (tests pass a fixed one).
 * @returns `done`, or why nothing was done: `stale` (superseded by a reschedule, or its occurrence was cancelled),
 *   `already-done`, `meeting-closed` (cancelled or ended)
 * @throws when LiveKit fails (pg-boss retries the job)
 */
export async function runLifecycleJob(
  deps: Deps,
  data: LifecycleJobData,
  ctx: { jobId: string | null; worker: string; now?: Date },
): Promise<LifecycleResult> {
  const now = ctx.now ?? new Date();
  return deps.sql.begin(async (tx): Promise<LifecycleResult> => {
    const claim = await claimLifecycleJob(tx, data, { jobId: ctx.jobId, now }, () => meetingsStore.findMeetingById(tx, data.meetingId));
    if ('result' in claim) return claim.result;
    const m = claim.meeting;
    if (data.kind === 'open-room') {
      await openRoom(deps, m);
    } else if (data.kind === 'end-room') {
      await deleteRoom(deps, m);
      const after = await afterEnd(tx, m, now);
      await store.markJobDone(tx, data.meetingId, data.occurrenceKey, data.kind, now);
      await rescheduleJobs(deps, tx, after, now);
    } else {
      throw new Error(`${data.kind} jobs are the invitations module's (invitations/reminders.ts)`);
    }
    return completeLifecycleJob(tx, data, { jobId: ctx.jobId, worker: ctx.worker, now });
  });
}

/** Re-plan every open meeting's lifecycle jobs (the `schedule-horizon` cron, and the CLI). */
export async function rescheduleAll(deps: Deps, now = new Date()): Promise<number> {
  const ids = await store.listSchedulableMeetingIds(deps.sql);
  for (const { id } of ids) {
    await deps.sql.begin(async (tx) => {
      // Read under the row lock: a change committed meanwhile (which re-planned the jobs itself) is the one seen.
      const m = await meetingsStore.findMeetingById(tx, id, { forUpdate: true });
      if (!m) return;
      await rescheduleJobs(deps, tx, m, now);
    });
  }
  return ids.length;
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

/** Each meeting with a schedule that is not over, with its organisation's schedule settings and its series. */
async function* schedulableMeetings(deps: Deps) {
  for (const { id, organizationId } of await store.listSchedulableMeetingIds(deps.sql)) {
    const m = await meetingsStore.findMeetingById(deps.sql, id);
    if (!m) continue;
    const settings = await store.getScheduleSettings(deps.sql, organizationId);
    const series = await seriesOf(deps.sql, m);
    yield { m, settings, series, duration: series.endAt.getTime() - series.startAt.getTime() };
  }
}

/** What to do about the room of occurrence `o` of `m` (instants in UTC ISO 8601). */
function roomAction(m: MeetingRow, o: { key: string; startAt: Date; endAt: Date }, markEnded?: boolean): RoomAction {
  const action = { meetingId: m.id, roomName: m.roomName, occurrenceKey: o.key, startAt: o.startAt.toISOString(), endAt: o.endAt.toISOString() };
  return markEnded === undefined ? action : { ...action, markEnded };
}

/** Rooms that should be open at `now` (start − openMinutesBefore ≤ now < end) and were not opened yet. */
export async function roomsToOpen(deps: Deps, now = new Date()): Promise<RoomAction[]> {
  const out: RoomAction[] = [];
  for await (const { m, settings, series, duration } of schedulableMeetings(deps)) {
    const from = new Date(now.getTime() - duration);
    const to = new Date(now.getTime() + settings.openMinutesBefore * MIN + 1);
    for (const o of occurrencesBetween(series, from, to, 10)) {
      if (o.endAt <= now || o.startAt.getTime() - settings.openMinutesBefore * MIN > now.getTime()) continue;
      if ((await store.lastRoomEvent(deps.sql, m.id, o.key)) === 'open-room') continue;
      out.push(roomAction(m, o));
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
  for await (const { m, settings, series, duration } of schedulableMeetings(deps)) {
    const grace = settings.graceMinutesAfter * MIN;
    const last = seriesEnd(series);
    const past = occurrencesBetween(series, new Date(now.getTime() - 30 * 24 * 60 * MIN), new Date(now.getTime() - grace - duration), 1000);
    let listed = false;
    for (const o of past) {
      if (o.endAt.getTime() + grace > now.getTime()) continue;
      if ((await store.lastRoomEvent(deps.sql, m.id, o.key)) !== 'open-room') continue;
      const markEnded = !!last && last.getTime() + grace <= now.getTime();
      out.push(roomAction(m, o, markEnded));
      listed = true;
    }
    if (!listed && last && last.getTime() + grace <= now.getTime()) {
      out.push(roomAction(m, { key: 'last', startAt: series.startAt, endAt: last }, true));
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
