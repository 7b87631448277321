/**
 * Invitations: RFC 5545 iCalendar objects built with ical-generator, sent per RFC 5546 (iTIP) / RFC 6047 (iMIP).
 *  - `METHOD:REQUEST` for a new or changed meeting, `METHOD:CANCEL` when it (or one occurrence) is cancelled.
 *  - One stable `UID` per meeting (`<meeting id>@<public host>`); a moved occurrence is a VEVENT with the same UID
 *    and a `RECURRENCE-ID` (§3.8.4.4); `SEQUENCE` (§3.8.7.4) is the meeting's, bumped on every change.
 *  - `DTSTART;TZID=<organiser zone>` with a VTIMEZONE, `RRULE` + `EXDATE` for a series, `ORGANIZER` (MAIL_FROM),
 *    `ATTENDEE;RSVP=TRUE`, the attendee's own join link (modules/invitations/links.ts) as `URL`, `LOCATION` and in the
 *    description.
 * Also: attendees, and the per-attendee iCal feed (`GET /api/v1/calendar/{token}.ics`, token stored as SHA-256).
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { publicUrl } from '../../config.js';
import type { Deps } from '../../deps.js';
import { inTransaction, type Transaction, type Tx } from '../../db/db.js';
import { AppError, notFound } from '../../errors.js';
import * as store from './store.js';
import * as meetingsStore from '../meetings/store.js';
import type { MeetingRow } from '../meetings/store.js';
import type { Organization } from '../organizations/store.js';
import { joinUrlForAttendee } from './links.js';
import { horizonEnd, occurrencesBetween, publishedRrule, ruleLocalTime, vtimezone, zoned, type Occurrence, type Series } from '../scheduling/recurrence.js';
import { seriesOf } from '../scheduling/service.js';

/** The stable iCalendar UID of a meeting (RFC 5545 §3.8.4.7). */
export const uidFor = (deps: Pick<Deps, 'config'>, meetingId: string) => `${meetingId}@${new URL(publicUrl(deps.config)).hostname}`;


/** The rule's local date-time of an occurrence (RECURRENCE-ID/EXDATE value with TZID), `yyyymmddThhmmss`. */
const ruleBasic = (s: Series, recurrenceId: Date) => ruleLocalTime(s, recurrenceId).toString({ smallestUnit: 'second' }).replace(/[-:]/g, '');
/**
 * RECURRENCE-ID for ical-generator, which prints a Temporal.ZonedDateTime on its own zone's wall clock after
 * `;TZID=<event zone>:`: the rule's local date-time held in UTC prints as that local time, also in a DST gap
 * (02:30, which the calendar expands too) where the instant's own wall time (03:30) would not match.
 */
const recurrenceIdValue = (s: Series, recurrenceId: Date) => ruleLocalTime(s, recurrenceId).toZonedDateTime('UTC');
/** The VTIMEZONE of a series' zone: RRULE-based, right for every year; transitions listed to the horizon as fallback. */
const vtimezoneFor = (s: Pick<Series, 'startAt' | 'timezone'>) =>
  vtimezone(s.timezone, s.startAt.getUTCFullYear() - 1, new Date(horizonEnd(s)).getUTCFullYear() + 1);

export interface IcsInput {
  meeting: MeetingRow;
  series: Series;
  attendees: { email: string; name: string }[];
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  /** The join link for whoever receives this object (joinUrlForAttendee). */
  joinUrl: string;
  /** Only this occurrence (RECURRENCE-ID), for a moved or cancelled occurrence of a series. */
  occurrence?: Occurrence;
}

/**
 * Build the iCalendar text (CRLF lines) for a meeting, a series with its moved occurrences, or one occurrence.
 * @throws Error when the meeting has no scheduled start
 */
export function buildIcs(deps: Pick<Deps, 'config' | 'mailer'>, input: IcsInput): string {
  const { meeting: m, series: s } = input;
  const tz = s.timezone;
  const cal = ical({ prodId: '//Video Rooms//Scheduling//EN', method: input.method as ICalCalendarMethod });
  if (tz !== 'UTC') cal.timezone({ name: '', generator: () => vtimezoneFor(s) });
  const joinUrl = input.joinUrl;
  const common = {
    id: uidFor(deps, m.id),
    sequence: m.sequence,
    summary: m.title,
    description: `${m.description ? m.description + '\n\n' : ''}Join: ${joinUrl}`,
    url: joinUrl,
    location: joinUrl,
    timezone: tz,
    organizer: { name: deps.mailer.from.name, email: deps.mailer.from.email },
    attendees: input.attendees.map((a) => ({ email: a.email, name: a.name, rsvp: true })),
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  };
  const at = (d: Date) => zoned(d, tz);
  if (input.occurrence?.recurrenceId) {
    const o = input.occurrence;
    cal.createEvent({ ...common, start: at(o.startAt), end: at(o.endAt), recurrenceId: recurrenceIdValue(s, o.recurrenceId!) });
    return cal.toString();
  }
  const master = cal.createEvent({ ...common, start: at(s.startAt), end: at(s.endAt) });
  if (s.rrule) {
    const lines = [`RRULE:${publishedRrule(s)}`];
    // A UTC series has no VTIMEZONE to name: its EXDATEs are UTC date-times (§3.3.5 form #2).
    if (s.exdates.length) lines.push(tz === 'UTC' ? `EXDATE:${s.exdates.map((d) => `${ruleBasic(s, d)}Z`).join(',')}` : `EXDATE;TZID=${tz}:${s.exdates.map((d) => ruleBasic(s, d)).join(',')}`);
    master.repeating(lines.join('\r\n') + (lines.length === 1 ? '\r\n' : ''));
    if (input.method !== 'CANCEL') {
      for (const o of s.overrides) {
        if (s.exdates.some((d) => d.getTime() === o.recurrenceId.getTime())) continue;
        cal.createEvent({ ...common, start: at(o.startAt), end: at(o.endAt), recurrenceId: recurrenceIdValue(s, o.recurrenceId) });
      }
    }
  }
  return cal.toString();
}

const hashToken = (t: string) => createHash('sha256').update(t).digest();

/**
 * Email one attendee an invitation (or cancellation) and store it. SMTP failures are stored as `failed` and
 * logged, never thrown: the meeting change already happened.
 * @param sql where the invitation record is written (a caller's transaction, or the pool)
 */
export async function sendInvitation(
  deps: Deps,
  m: MeetingRow,
  series: Series,
  to: { email: string; name: string },
  opts: { method: 'REQUEST' | 'CANCEL'; occurrence?: Occurrence; feedUrl?: string | null },
  sql: Tx = deps.sql,
): Promise<'sent' | 'stored' | 'failed'> {
  const joinUrl = await joinUrlForAttendee(deps, m, series, to.email);
  const ics = buildIcs(deps, { meeting: m, series, attendees: [to], method: opts.method, occurrence: opts.occurrence, joinUrl });
  const when = opts.occurrence ? opts.occurrence.localStart.replace('T', ' ') : zoned(series.startAt, series.timezone).toPlainDateTime().toString({ smallestUnit: 'minute' }).replace('T', ' ');
  const subject = `${opts.method === 'CANCEL' ? 'Cancelled' : m.sequence > 0 ? 'Updated' : 'Invitation'}: ${m.title} (${when} ${series.timezone})`;
  const text = [
    `${m.title}`,
    `When: ${when} (${series.timezone})${series.rrule ? `, repeating ${series.rrule}` : ''}`,
    ...(opts.method === 'CANCEL' ? [] : [`Join: ${joinUrl}`]),
    ...(opts.feedUrl ? [`Your calendar feed: ${opts.feedUrl}`] : []),
  ].join('\n');
  let status: 'sent' | 'stored' | 'failed';
  let error: string | null = null;
  try {
    status = await deps.mailer.send({ to, subject, text, ics: { content: ics, method: opts.method } });
  } catch (e) {
    status = 'failed';
    error = String((e as Error).message ?? e).slice(0, 500);
    deps.log.warn('invitation email failed', { meetingId: m.id, to: to.email, error });
  }
  await store.insertInvitation(sql, {
    id: randomUUID(),
    meetingId: m.id,
    email: to.email,
    kind: opts.method === 'CANCEL' ? 'cancel' : 'request',
    method: opts.method,
    sequence: m.sequence,
    recurrenceId: opts.occurrence?.recurrenceId ?? null,
    ics,
    status,
    error,
  });
  return status;
}

/**
 * Send a REQUEST (or CANCEL) to every attendee of the meeting, as it is now (the `meeting-changed` job, after the
 * change committed). Attendees who already have this notice (same SEQUENCE, method and RECURRENCE-ID) are skipped.
 */
export async function notifyAttendees(deps: Deps, meetingId: string, opts: { method: 'REQUEST' | 'CANCEL'; occurrence?: Occurrence }): Promise<void> {
  const m = await meetingsStore.findMeetingById(deps.sql, meetingId);
  if (!m || !m.scheduledStartAt) return;
  const attendees = await store.listAttendees(deps.sql, meetingId);
  if (!attendees.length) return;
  const series = await seriesOf(deps.sql, m);
  for (const a of attendees) {
    // A retried job (or one run again after a crash) skips whoever already has this very notice.
    const notice = { meetingId: m.id, email: a.email, sequence: m.sequence, method: opts.method, recurrenceId: opts.occurrence?.recurrenceId ?? null };
    if (await store.noticeDelivered(deps.sql, notice)) continue;
    await sendInvitation(deps, m, series, a, opts);
  }
}

/**
 * Add (or rename) an attendee and email them the invitation. Creates the attendee's calendar feed when they have
 * none in this organisation, and returns its URL only then (the token is stored hashed). All its writes are one
 * transaction: a failure of any (the invitation record too) stores nothing.
 * @param tx the caller's transaction to write in; default: a new one
 * @throws AppError 404 meeting not in org; 409 ended/cancelled; 400 the meeting has no scheduled start
 */
export async function addAttendee(deps: Deps, org: Organization, meetingId: string, input: { email: string; name: string; userId?: string }, tx?: Transaction) {
  return inTransaction(deps.sql, tx, async (tx) => {
    const m = await meetingsStore.findMeeting(tx, org.id, meetingId);
    if (!m) throw notFound('meeting');
    if (m.status === 'cancelled') throw new AppError(409, 'meeting_cancelled', 'This meeting was cancelled');
    if (m.status === 'ended') throw new AppError(409, 'meeting_ended', 'This meeting has ended');
    if (!m.scheduledStartAt) throw new AppError(400, 'not_scheduled', 'Give the meeting a scheduledStartAt before inviting attendees', 'scheduledStartAt');
    const row = await store.upsertAttendee(tx, { meetingId, email: input.email, name: input.name, userId: input.userId });
    const token = randomBytes(24).toString('base64url');
    const created = await store.insertFeedIfMissing(tx, org.id, input.email, hashToken(token));
    const feedUrl = created ? `${publicUrl(deps.config)}/api/v1/calendar/${token}.ics` : null;
    const series = await seriesOf(tx, m);
    const invitation = await sendInvitation(deps, m, series, { email: row.email, name: row.name }, { method: 'REQUEST', feedUrl }, tx);
    return { email: row.email, name: row.name, userId: row.userId, createdAt: row.createdAt.toISOString(), invitation, feedUrl };
  });
}

/** @throws AppError 404 */
export async function listAttendees(deps: Deps, org: Organization, meetingId: string) {
  const m = await meetingsStore.findMeeting(deps.sql, org.id, meetingId);
  if (!m) throw notFound('meeting');
  const rows = await store.listAttendees(deps.sql, meetingId);
  return { items: rows.map((r) => ({ email: r.email, name: r.name, userId: r.userId, createdAt: r.createdAt.toISOString() })) };
}

/**
 * The attendee's feed: every scheduled meeting of theirs that has an occurrence ending after now (series with
 * their RRULE/EXDATEs and moved occurrences), `METHOD:PUBLISH`.
 * @throws AppError 404 unknown token
 */
export async function calendarFeed(deps: Deps, token: string, now = new Date()): Promise<string> {
  const feed = await store.findFeed(deps.sql, hashToken(token));
  if (!feed) throw notFound('calendar feed');
  const ids = await store.meetingIdsForAttendee(deps.sql, feed.organizationId, feed.email);
  const zones = new Map<string, string>();
  const events: string[] = [];
  for (const id of ids) {
    const m = await meetingsStore.findMeetingById(deps.sql, id);
    if (!m || !m.scheduledStartAt) continue;
    const series = await seriesOf(deps.sql, m);
    const upcoming = occurrencesBetween(series, now, new Date(now.getTime() + 5 * 366 * 24 * 3600_000), 1);
    if (!upcoming.length) continue;
    const attendees = await store.listAttendees(deps.sql, id);
    // Each meeting's VEVENTs (master + moved occurrences) from the same builder as the invitations.
    const joinUrl = await joinUrlForAttendee(deps, m, series, feed.email, { now });
    const one = buildIcs(deps, { meeting: m, series, attendees, method: 'PUBLISH', joinUrl });
    events.push(...(one.match(/BEGIN:VEVENT\r\n[\s\S]*?END:VEVENT\r\n/g) ?? []));
    if (series.timezone !== 'UTC' && !zones.has(series.timezone)) zones.set(series.timezone, vtimezoneFor(series) + '\r\n');
  }
  const tzs = [...zones.values()];
  const head = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Video Rooms//Scheduling//EN', 'METHOD:PUBLISH', 'X-WR-CALNAME:Video Rooms'];
  return head.join('\r\n') + '\r\n' + tzs.join('') + events.join('') + 'END:VCALENDAR\r\n';
}
