/**
 * Engagement analytics of a meeting session: peak and time-weighted average participants, each person's time in
 * the room (the attendance cycles), chat messages, hands raised, poll participation and screen-share time.
 *
 * Computed on read: the attendance report gives who was in the room when; every other source is one small query
 * (store.ts: chatMessagesBy, handsRaisedBy, pollParticipation, screenSharesOf) counted per LiveKit identity within
 * the session; compute.ts turns them into figures. A new source is one more query and one more field.
 *
 * Screen shares come from LiveKit webhooks (`track_published` / `track_unpublished` of a track whose source is
 * SCREEN_SHARE; livekit.WebhookEvent `track`, `participant`, `room`, `createdAt` in UNIX s), recorded inside the
 * webhook's transaction by ingestScreenShareEvent.
 */
import { stringify } from 'csv-stringify/sync';
import { TrackSource, type WebhookEvent } from 'livekit-server-sdk';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/db.js';
import { AppError } from '../../errors.js';
import { inertCsvText } from '../../shared/csv.js';
import { getAttendanceReport } from '../attendance/service.js';
import type { AttendanceReport } from '../attendance/schemas.js';
import type { Organization } from '../organizations/store.js';
import { computeAnalytics } from './compute.js';
import type { MeetingAnalytics } from './schemas.js';
import * as store from './store.js';

/**
 * Record a screen share's start or end from a verified webhook event, when it is a `track_published` /
 * `track_unpublished` of a SCREEN_SHARE track in a known meeting session's room. Call inside the transaction that
 * stored the webhook event (a retried event id never gets here); idempotent anyway (store.recordScreenShareEdge).
 * @param createdAt the event's `createdAt` (UNIX seconds) as a Date
 * @returns whether a row was written
 */
export async function ingestScreenShareEvent(tx: Tx, ev: WebhookEvent, createdAt: Date): Promise<boolean> {
  if (ev.event !== 'track_published' && ev.event !== 'track_unpublished') return false;
  const track = ev.track;
  if (!track?.sid || track.source !== TrackSource.SCREEN_SHARE || !ev.room?.name || !ev.participant?.identity) return false;
  return store.recordScreenShareEdge(tx, {
    roomName: ev.room.name,
    trackSid: track.sid,
    identity: ev.participant.identity,
    participantSid: ev.participant.sid || null,
    edge: ev.event === 'track_published' ? 'published' : 'unpublished',
    at: createdAt,
  });
}

/**
 * The analytics of one session of a meeting in `org`, as of `now`.
 * @param opts.sessionId a session of this meeting (GET /meetings/{id}/sessions); default: the latest session
 * @param opts.now the report instant, epoch ms (default: now)
 * @throws AppError 404 `not_found` when the meeting is not in `org` or the session is not one of its sessions
 */
export async function getMeetingAnalytics(deps: Deps, org: Organization, meetingId: string, opts: { sessionId?: string; now?: number } = {}): Promise<MeetingAnalytics> {
  return analyticsForReport(deps, await getAttendanceReport(deps, org, meetingId, opts));
}

/**
 * The analytics of the session an attendance report is about (for callers that already hold the report and checked
 * who may see it, e.g. the instructor's LTI attendance page). Open cycles and shares count up to `report.generatedAt`.
 * @throws AppError 404 when the report's session no longer exists
 */
export async function analyticsForReport(deps: Deps, report: AttendanceReport): Promise<MeetingAnalytics> {
  const now = Date.parse(report.generatedAt);
  const sources = await deps.sql.begin('isolation level repeatable read read only', async (tx) => {
    const span = await store.sessionSpan(tx, report.meeting.id, report.session.id);
    if (!span) throw new AppError(404, 'not_found', 'session: not a session of this meeting', 'session');
    const [messages, hands, polls, shares] = await Promise.all([
      store.chatMessagesBy(tx, span),
      store.handsRaisedBy(tx, span),
      store.pollParticipation(tx, span),
      store.screenSharesOf(tx, span),
    ]);
    return { messages, hands, polls, shares };
  });
  const r = computeAnalytics({
    people: report.people.map((p) => ({
      identity: p.identity,
      name: p.name,
      role: p.role,
      cycles: p.cycles.map((c) => ({ joinedAt: Date.parse(c.joinedAt), leftAt: c.leftAt ? Date.parse(c.leftAt) : null })),
    })),
    messages: sources.messages,
    hands: sources.hands,
    polls: sources.polls,
    screenShares: sources.shares.map((s) => ({ identity: s.identity, startedAt: s.startedAt?.getTime() ?? null, endedAt: s.endedAt?.getTime() ?? null })),
    now,
  });
  const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString());
  const minutes = (s: number) => Math.round(s / 60);
  return {
    meeting: { id: report.meeting.id, title: report.meeting.title },
    session: report.session,
    generatedAt: report.generatedAt,
    final: report.final,
    summary: {
      people: r.people.filter((p) => p.cycles > 0).length,
      peakParticipants: r.peakParticipants,
      peakAt: iso(r.peakAt),
      averageParticipants: r.averageParticipants,
      activeFrom: iso(r.span?.start ?? null),
      activeUntil: iso(r.span?.end ?? null),
      activeMinutes: r.span ? Math.round((r.span.end - r.span.start) / 60_000) : 0,
      messages: r.messages,
      handsRaised: r.handsRaised,
      polls: r.polls,
      pollAnswers: r.pollAnswers,
      screenShareSeconds: r.screenShareSeconds,
      screenShareMinutes: minutes(r.screenShareSeconds),
    },
    people: r.people.map((p) => ({ ...p, minutes: minutes(p.seconds), screenShareMinutes: minutes(p.screenShareSeconds) })),
  };
}

export const ANALYTICS_CSV_COLUMNS = [
  'identity', 'name', 'role', 'seconds', 'minutes', 'cycles', 'messages', 'hands_raised', 'polls_answered', 'screen_share_seconds', 'screen_share_minutes',
] as const;

/**
 * The per-person figures as CSV (RFC 4180 through csv-stringify: CRLF, header row `ANALYTICS_CSV_COLUMNS`, quoted
 * where needed), UTF-8, one row per person in the order of the JSON. Text that a spreadsheet would run as a formula
 * gets a leading apostrophe (server/shared/csv.ts). The meeting summary is in the JSON answer only.
 */
export function analyticsCsv(a: MeetingAnalytics): string {
  const rows = a.people.map((p) => [
    inertCsvText(p.identity), inertCsvText(p.name), inertCsvText(p.role), p.seconds, p.minutes, p.cycles, p.messages, p.handsRaised, p.pollsAnswered, p.screenShareSeconds, p.screenShareMinutes,
  ]);
  return stringify(rows, { header: true, columns: [...ANALYTICS_CSV_COLUMNS], record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
