/**
 * Meetings: the rules. Routes validate input (zod), this module decides, the store writes.
 * Every change runs in one transaction; a LiveKit call that fails rolls the change back.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps.js';
import { AppError, notFound } from '../../errors.js';
import type { Meeting, MeetingCreate, MeetingSession, MeetingSettings, MeetingUpdate } from './schemas.js';
import { MeetingSettingsSchema } from './schemas.js';
import * as store from './store.js';
import { deleteOverrides } from '../scheduling/store.js';
import { inTransaction, type Transaction } from '../../db/db.js';
import type { MeetingRow, MeetingSessionRow } from './store.js';
import type { Organization } from '../organizations/store.js';
import { randomCode } from '../../shared/ids.js';
import { deleteRoomIfAny } from '../../livekit/client.js';
import { hashPassword } from '../../shared/passwords.js';
import { sendMeetingChanged } from './events.js';
import { rescheduleJobs, validateSchedule } from '../scheduling/service.js';

/**
 * Deterministic, tenant-scoped LiveKit room name: `{org slug}-{type}-{meeting id}`, the room of a meeting's first
 * session (later sessions: `…-s{number}`, openNextSession).
 */
export const roomNameFor = (orgSlug: string, type: string, id: string) => `${orgSlug}-${type.replaceAll('_', '-')}-${id}`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public shape of a meeting (never the password hash). */
export function toMeeting(r: MeetingRow): Meeting {
  return {
    id: r.id,
    roomName: r.roomName,
    title: r.title,
    description: r.description,
    type: r.type as Meeting['type'],
    host: r.hostUserId ? { userId: r.hostUserId, name: r.hostName ?? r.hostUserId } : null,
    scheduledStartAt: iso(r.scheduledStartAt),
    scheduledEndAt: iso(r.scheduledEndAt),
    timezone: r.timezone,
    durationMinutes: r.scheduledStartAt && r.scheduledEndAt ? Math.round((r.scheduledEndAt.getTime() - r.scheduledStartAt.getTime()) / 60_000) : null,
    recurrence: r.rrule ? { rrule: r.rrule, exdates: r.exdates.map((d) => d.toISOString()) } : null,
    maxParticipants: r.maxParticipants,
    status: r.status,
    settings: MeetingSettingsSchema.parse(r.settings),
    hasPassword: r.passwordHash !== null,
    joinCode: r.joinCode,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    cancelledAt: iso(r.cancelledAt),
  };
}

const toDate = (s: string | null | undefined) => (s ? new Date(s) : null);
const plusMinutes = (d: Date | null, minutes: number | undefined) => (d && minutes ? new Date(d.getTime() + minutes * 60_000) : null);

/**
 * Create a meeting in `org`. Times are UTC instants; `timezone` is the organiser's zone, used for recurrence
 * (DTSTART;TZID) and display. `durationMinutes` sets the end; `recurrence` makes it a series (RFC 5545 RRULE).
 * Plans its room lifecycle jobs in the same transaction.
 * @param tx the caller's transaction to write in (e.g. an LTI launch creating its meeting); default: a new one
 * @throws AppError 400 bad RRULE / outside the organisation's schedule window
 */
export async function createMeeting(deps: Deps, org: Organization, input: MeetingCreate, tx?: Transaction): Promise<Meeting> {
  const id = randomUUID();
  const settings: MeetingSettings = MeetingSettingsSchema.parse(input.settings ?? {});
  const start = toDate(input.scheduledStartAt);
  const end = plusMinutes(start, input.durationMinutes) ?? toDate(input.scheduledEndAt);
  return inTransaction(deps.sql, tx, async (tx) => {
  const probe = { organizationId: org.id, id, scheduledStartAt: start, scheduledEndAt: end, timezone: input.timezone,
    rrule: input.recurrence?.rrule.replace(/^RRULE:/i, '') ?? null, exdates: (input.recurrence?.exdates ?? []).map((d) => new Date(d)) } as MeetingRow;
  await validateSchedule(tx, probe);
  const row = await store.insertMeeting(tx, {
    id,
    organizationId: org.id,
    roomName: roomNameFor(org.slug, input.type, id),
    title: input.title,
    description: input.description,
    type: input.type,
    hostUserId: input.host?.userId ?? null,
    hostName: input.host?.name ?? null,
    scheduledStartAt: start,
    scheduledEndAt: end,
    timezone: input.timezone,
    maxParticipants: input.maxParticipants ?? null,
    settings,
    passwordHash: input.password ? await hashPassword(input.password) : null,
    joinCode: input.publicJoin ? randomCode(10) : null,
    rrule: probe.rrule,
    exdates: probe.exdates,
  });
  await rescheduleJobs(deps, tx, row);
  return toMeeting(row);
  });
}

/** @throws AppError 404 when the meeting is not in `org` */
export async function getMeeting(deps: Deps, org: Organization, id: string): Promise<Meeting> {
  const row = await store.findMeeting(deps.sql, org.id, id);
  if (!row) throw notFound('meeting');
  return toMeeting(row);
}

export async function listMeetings(
  deps: Deps,
  org: Organization,
  q: { status?: string; from?: string; to?: string; limit: number; offset: number },
) {
  const rows = await store.listMeetings(deps.sql, org.id, { ...q, from: toDate(q.from) ?? undefined, to: toDate(q.to) ?? undefined });
  return { items: rows.map(toMeeting), limit: q.limit, offset: q.offset };
}

function assertOpen(m: MeetingRow) {
  if (m.status === 'cancelled') throw new AppError(409, 'meeting_cancelled', 'This meeting was cancelled');
  if (m.status === 'ended') throw new AppError(409, 'meeting_ended', 'This meeting has ended');
}

/**
 * Change a meeting (fields left out stay as they are; `null` clears). The room name never changes. A new
 * `scheduledStartAt` without `scheduledEndAt`/`durationMinutes` moves the end with it (the duration stays).
 * A new time, title or description raises SEQUENCE and queues `meeting-changed` (REQUEST) in the same transaction:
 * the attendees are emailed by the invitations module's job once it commits.
 * @param tx the caller's transaction to write in; default: a new one
 * @throws AppError 404 not in org; 409 ended/cancelled; 400 `scheduledEndAt` not after the start
 */
export async function updateMeeting(deps: Deps, org: Organization, id: string, patch: MeetingUpdate, tx?: Transaction): Promise<Meeting> {
  const password = patch.password === undefined ? undefined : patch.password === null ? null : await hashPassword(patch.password);
  return inTransaction(deps.sql, tx, async (tx) => {
    const m = await store.findMeeting(tx, org.id, id, { forUpdate: true });
    if (!m) throw notFound('meeting');
    assertOpen(m);
    const next: MeetingRow = { ...m };
    if (patch.title !== undefined) next.title = patch.title;
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.type !== undefined) next.type = patch.type;
    if (patch.host !== undefined) {
      next.hostUserId = patch.host?.userId ?? null;
      next.hostName = patch.host?.name ?? null;
    }
    if (patch.scheduledStartAt !== undefined) next.scheduledStartAt = toDate(patch.scheduledStartAt);
    // Moving the start keeps the duration unless the end (or durationMinutes) is given too.
    if (patch.scheduledStartAt && patch.scheduledEndAt === undefined && m.scheduledStartAt && m.scheduledEndAt) {
      next.scheduledEndAt = new Date(next.scheduledStartAt!.getTime() + (m.scheduledEndAt.getTime() - m.scheduledStartAt.getTime()));
    }
    if (patch.scheduledEndAt !== undefined) next.scheduledEndAt = toDate(patch.scheduledEndAt);
    if (patch.timezone !== undefined) next.timezone = patch.timezone;
    if (patch.maxParticipants !== undefined) next.maxParticipants = patch.maxParticipants;
    if (patch.settings !== undefined) next.settings = MeetingSettingsSchema.parse({ ...m.settings, ...patch.settings });
    if (password !== undefined) next.passwordHash = password;
    if (patch.publicJoin !== undefined) next.joinCode = patch.publicJoin ? (m.joinCode ?? randomCode(10)) : null;
    if (patch.durationMinutes !== undefined && next.scheduledStartAt) next.scheduledEndAt = plusMinutes(next.scheduledStartAt, patch.durationMinutes);
    if (patch.recurrence !== undefined) {
      next.rrule = patch.recurrence ? patch.recurrence.rrule.replace(/^RRULE:/i, '') : null;
      next.exdates = patch.recurrence?.exdates ? patch.recurrence.exdates.map((d) => new Date(d)) : patch.recurrence ? m.exdates : [];
    }
    if (next.scheduledStartAt && next.scheduledEndAt && next.scheduledEndAt <= next.scheduledStartAt) {
      throw new AppError(400, 'validation_error', 'scheduledEndAt: must be after scheduledStartAt', 'scheduledEndAt');
    }
    const t = (d: Date | null) => d?.getTime() ?? null;
    const seriesChanged = t(next.scheduledStartAt) !== t(m.scheduledStartAt) || next.timezone !== m.timezone || next.rrule !== m.rrule;
    const timesChanged = seriesChanged || t(next.scheduledEndAt) !== t(m.scheduledEndAt) || next.exdates.join() !== m.exdates.join();
    // A new DTSTART/RRULE makes new occurrences: old RECURRENCE-ID overrides no longer apply.
    if (seriesChanged) await deleteOverrides(tx, m.id);
    const invite = timesChanged || next.title !== m.title || next.description !== m.description;
    if (invite) next.sequence = m.sequence + 1;
    await validateSchedule(tx, next);
    const row = await store.updateMeeting(tx, next);
    if (timesChanged) await rescheduleJobs(deps, tx, row);
    if (invite) await sendMeetingChanged(deps, tx, { meetingId: id, method: 'REQUEST' });
    return toMeeting(row);
  });
}

/** Remove everyone from the LiveKit room; a room that does not exist (nobody joined) is fine. */
async function closeRoom(deps: Deps, roomName: string) {
  try {
    await deleteRoomIfAny(deps.livekit, roomName);
  } catch (e) {
    deps.log.error('livekit deleteRoom failed', { roomName, error: String((e as Error).message) });
    throw new AppError(503, 'livekit_unavailable', 'The media server could not be reached; nothing was changed. Try again.');
  }
}

/**
 * End for all: disconnect every participant (LiveKit RoomService DeleteRoom) and mark the meeting `ended`, which
 * ends its current session (meeting_sessions.ended_at). Ending an ended meeting returns it unchanged. New join
 * tickets and join codes of an ended meeting answer 409 `meeting_ended`; only an LTI launch of its resource link
 * opens a new session (openNextSession).
 * @throws AppError 404; 409 cancelled; 503 when LiveKit cannot be reached (the meeting stays as it was)
 */
export async function endMeeting(deps: Deps, org: Organization, id: string): Promise<Meeting> {
  return finishMeeting(deps, org, id, () => ({ status: 'ended', endedAt: new Date() }), async (_tx, m) => closeRoom(deps, m.roomName));
}

/**
 * Cancel a meeting that has not ended (a live one is also closed for everyone). Idempotent. Queues
 * `meeting-changed` (CANCEL) in the same transaction.
 * @throws AppError 404; 409 when it already ended; 503 LiveKit unreachable for a live meeting
 */
export async function cancelMeeting(deps: Deps, org: Organization, id: string): Promise<Meeting> {
  return finishMeeting(deps, org, id, (m) => ({ status: 'cancelled', cancelledAt: new Date(), sequence: m.sequence + 1 }), async (tx, m) => {
    // RFC 5546 §3.2.5: METHOD:CANCEL with the same UID and a higher SEQUENCE (emailed once this commits).
    await sendMeetingChanged(deps, tx, { meetingId: id, method: 'CANCEL' });
    if (m.status === 'live') await closeRoom(deps, m.roomName);
  });
}

/**
 * Brings a meeting to a final state (`ended` or `cancelled`) in one transaction, its row locked: 404 when it is
 * not the organisation's; unchanged when it is in that state already (idempotent); 409 (assertOpen) when it is in the
 * other. Otherwise stores `final(m)`, re-plans its room jobs (rescheduleJobs: none for a finished meeting) and runs `after` before the commit.
 */
async function finishMeeting(
  deps: Deps,
  org: Organization,
  id: string,
  final: (m: MeetingRow) => Partial<MeetingRow> & { status: 'ended' | 'cancelled' },
  after: (tx: Transaction, before: MeetingRow) => Promise<void>,
): Promise<Meeting> {
  return deps.sql.begin(async (tx) => {
    const m = await store.findMeeting(tx, org.id, id, { forUpdate: true });
    if (!m) throw notFound('meeting');
    const change = final(m);
    if (m.status === change.status) return toMeeting(m);
    assertOpen(m);
    const row = await store.updateMeeting(tx, { ...m, ...change });
    await rescheduleJobs(deps, tx, row);
    await after(tx, m);
    return toMeeting(row);
  });
}

/** The public shape of a session. */
export function toMeetingSession(s: MeetingSessionRow): MeetingSession {
  return { id: s.id, number: s.number, roomName: s.roomName, openedAt: s.openedAt.toISOString(), startedAt: iso(s.startedAt), endedAt: iso(s.endedAt) };
}

/**
 * The sessions of a meeting in `org`, first to latest (the last one is the current session).
 * @throws AppError 404 when the meeting is not in `org`
 */
export async function listMeetingSessions(deps: Deps, org: Organization, id: string): Promise<{ items: MeetingSession[] }> {
  const m = await store.findMeeting(deps.sql, org.id, id);
  if (!m) throw notFound('meeting');
  return { items: (await store.listSessions(deps.sql, id)).map(toMeetingSession) };
}

/**
 * Open the next session of an ended meeting (an LTI launch of its resource link does: a resource link is a class's
 * permanent place). The meeting keeps its id; the session gets its own LiveKit room (`<session 1's room>-s<number>`),
 * so nobody of the ended session lands in it; the meeting goes back to `scheduled` in that room (`startedAt` and
 * `endedAt` describe the current session, so they are cleared) and its lifecycle jobs are planned again.
 * @param tx the caller's transaction, holding `m` (read FOR UPDATE)
 * @returns the meeting as it is now and its new session
 * @throws AppError 409 `meeting_cancelled` for a cancelled meeting, 409 `session_open` when it has not ended
 */
export async function openNextSession(deps: Deps, tx: Transaction, m: MeetingRow): Promise<{ meeting: Meeting; session: MeetingSession }> {
  if (m.status === 'cancelled') throw new AppError(409, 'meeting_cancelled', 'This meeting was cancelled');
  if (m.status !== 'ended') throw new AppError(409, 'session_open', 'This meeting\'s session has not ended');
  const sessions = await store.listSessions(tx, m.id);
  const number = (sessions.at(-1)?.number ?? 0) + 1;
  const session = await store.insertSession(tx, { meetingId: m.id, number, roomName: `${sessions[0]?.roomName ?? m.roomName}-s${number}` });
  const row = await store.updateMeeting(tx, { ...m, status: 'scheduled', roomName: session.roomName, startedAt: null, endedAt: null });
  await rescheduleJobs(deps, tx, row);
  return { meeting: toMeeting(row), session: toMeetingSession(session) };
}

export { assertOpen };
