/**
 * Occurrences of a meeting (meetings module): listing them with local wall-clock times and the room's live state,
 * cancelling one (EXDATE, RFC 5545 §3.8.5.1) or moving one (RECURRENCE-ID override, §3.8.4.4). A change bumps
 * SEQUENCE, re-plans the lifecycle jobs and queues `meeting-changed` in its transaction (events.ts), so the
 * invitations module emails the attendees once it commits. Imports: this module, scheduling (rules, store).
 */
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import type { Tx } from '../../db/db.js';
import type { Organization } from '../organizations/store.js';
import { isRuleOccurrence, occurrenceKey, occurrencesBetween, SINGLE_OCCURRENCE, zoned, type Occurrence } from '../scheduling/recurrence.js';
import { checkAgainstSettings, rescheduleJobs, seriesOf } from '../scheduling/service.js';
import { getScheduleSettings, upsertOverride } from '../scheduling/store.js';
import { occurrenceJson, sendMeetingChanged } from './events.js';
import * as meetingsStore from './store.js';

const MIN = 60_000;

const toOut = (o: Occurrence, tz: string) => ({
  key: o.key,
  recurrenceId: o.recurrenceId ? o.recurrenceId.toISOString() : null,
  startAt: o.startAt.toISOString(),
  endAt: o.endAt.toISOString(),
  localStart: o.localStart,
  localEnd: o.localEnd,
  timezone: tz,
  moved: o.moved,
});

/** Whether the meeting's LiveKit room exists now; `unknown` when LiveKit does not answer within 1.5 s. */
export async function liveState(deps: Deps, roomName: string): Promise<'open' | 'closed' | 'unknown'> {
  try {
    const rooms = await Promise.race([
      deps.livekit.rooms.listRooms([roomName]),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 1500).unref()),
    ]);
    return rooms.some((r) => r.name === roomName) ? 'open' : 'closed';
  } catch {
    return 'unknown';
  }
}

/**
 * Occurrences of a meeting starting in [from, to) (UTC; default now … now + 90 days), with local wall-clock times.
 * @throws AppError 404 not in org; 400 `to` not after `from`
 */
export async function listOccurrences(deps: Deps, org: Organization, id: string, q: { from?: string; to?: string; limit: number }, now = new Date()) {
  const m = await meetingsStore.findMeeting(deps.sql, org.id, id);
  if (!m) throw notFound('meeting');
  const from = q.from ? new Date(q.from) : now;
  const to = q.to ? new Date(q.to) : new Date(from.getTime() + 90 * 24 * 60 * MIN);
  if (to <= from) throw new AppError(400, 'validation_error', 'to: must be after from', 'to');
  const items = m.scheduledStartAt ? occurrencesBetween(await seriesOf(deps.sql, m), from, to, q.limit).map((o) => toOut(o, m.timezone)) : [];
  return { meetingId: m.id, timezone: m.timezone, live: await liveState(deps, m.roomName), items };
}

async function lockedRecurring(tx: Tx, org: Organization, id: string, key: string) {
  const m = await meetingsStore.findMeeting(tx, org.id, id, { forUpdate: true });
  if (!m) throw notFound('meeting');
  if (m.status === 'cancelled') throw new AppError(409, 'meeting_cancelled', 'This meeting was cancelled');
  if (m.status === 'ended') throw new AppError(409, 'meeting_ended', 'This meeting has ended');
  if (!m.rrule || !m.scheduledStartAt) {
    throw new AppError(400, 'not_recurring', key === SINGLE_OCCURRENCE ? 'Use PATCH /meetings/{id} or POST /meetings/{id}/cancel for a single meeting' : 'This meeting does not recur', 'key');
  }
  const recurrenceId = new Date(key);
  const series = await seriesOf(tx, m);
  if (isNaN(recurrenceId.getTime()) || !isRuleOccurrence(series, recurrenceId)) throw notFound('occurrence');
  if (m.exdates.some((d) => d.getTime() === recurrenceId.getTime())) throw new AppError(409, 'occurrence_cancelled', 'This occurrence was cancelled');
  return { m, recurrenceId, series };
}

/**
 * Cancel one occurrence of a series: adds an EXDATE (RFC 5545 §3.8.5.1), bumps SEQUENCE, drops its jobs, and
 * queues (same transaction) `meeting-changed`: attendees get a METHOD:CANCEL with its RECURRENCE-ID.
 * @throws AppError 404 meeting/occurrence; 400 not recurring; 409 cancelled/ended meeting or occurrence
 */
export async function cancelOccurrence(deps: Deps, org: Organization, id: string, key: string) {
  const { occurrence, tz } = await deps.sql.begin(async (tx) => {
    const { m, recurrenceId, series } = await lockedRecurring(tx, org, id, key);
    const moved = series.overrides.find((o) => o.recurrenceId.getTime() === recurrenceId.getTime());
    const duration = series.endAt.getTime() - series.startAt.getTime();
    const occurrence = {
      key: occurrenceKey(recurrenceId),
      recurrenceId,
      startAt: moved?.startAt ?? recurrenceId,
      endAt: moved?.endAt ?? new Date(recurrenceId.getTime() + duration),
      localStart: '',
      localEnd: '',
      moved: !!moved,
    };
    occurrence.localStart = zoned(occurrence.startAt, m.timezone).toPlainDateTime().toString({ smallestUnit: 'second' });
    occurrence.localEnd = zoned(occurrence.endAt, m.timezone).toPlainDateTime().toString({ smallestUnit: 'second' });
    const row = await meetingsStore.updateMeeting(tx, { ...m, exdates: [...m.exdates, recurrenceId], sequence: m.sequence + 1 });
    await rescheduleJobs(deps, tx, row);
    await sendMeetingChanged(deps, tx, { meetingId: id, method: 'CANCEL', occurrence: occurrenceJson(occurrence) });
    return { occurrence, tz: row.timezone };
  });
  return toOut(occurrence, tz);
}

/**
 * Move one occurrence of a series (RECURRENCE-ID override, RFC 5545 §3.8.4.4): new start, and end (default: same
 * duration). Bumps SEQUENCE, reschedules that occurrence's jobs, queues (same transaction) `meeting-changed`:
 * attendees get a REQUEST for that occurrence.
 * @throws AppError 404; 400 not recurring / outside the organisation's schedule; 409 cancelled
 */
export async function moveOccurrence(deps: Deps, org: Organization, id: string, key: string, body: { startAt: string; endAt?: string }) {
  const result = await deps.sql.begin(async (tx) => {
    const { m, recurrenceId, series } = await lockedRecurring(tx, org, id, key);
    const duration = series.endAt.getTime() - series.startAt.getTime();
    const startAt = new Date(body.startAt);
    const endAt = body.endAt ? new Date(body.endAt) : new Date(startAt.getTime() + duration);
    const settings = await getScheduleSettings(tx, m.organizationId);
    checkAgainstSettings({ startAt, endAt }, m.timezone, settings, 'startAt');
    const row = await meetingsStore.updateMeeting(tx, { ...m, sequence: m.sequence + 1 });
    await upsertOverride(tx, { meetingId: m.id, recurrenceId, startAt, endAt, sequence: row.sequence });
    await rescheduleJobs(deps, tx, row);
    const after = await seriesOf(tx, row);
    const o = occurrencesBetween(after, startAt, new Date(startAt.getTime() + 1), 10).find((x) => x.key === occurrenceKey(recurrenceId))!;
    await sendMeetingChanged(deps, tx, { meetingId: id, method: 'REQUEST', occurrence: occurrenceJson(o) });
    return { o, tz: row.timezone };
  });
  return toOut(result.o, result.tz);
}
