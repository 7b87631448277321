/**
 * Personal join links for attendees: what invitations (.ics `URL`/description), reminders and the iCal feed point at.
 *
 * - When the organisation set `joinUrlTemplate` (PATCH /api/v1/scheduling/settings), the link is that template with
 *   `{meetingId}` replaced: the integrator's own page, whose backend signs the user in and mints the join ticket.
 * - Otherwise each attendee gets `${PUBLIC_URL}/j/<token>`, this server's hosted join page (modules/invitations/routes.ts).
 *   The token is a JWT (RFC 7519, HS256 with the server's ticket secret, like join tickets) with
 *   `iss: "video-rooms"`, `aud: "vr-invite"`, `mid` (meeting id), `org`, `att` (a keyed hash naming the attendee:
 *   the email itself is not in the link), `role: "participant"` and `exp` = the meeting's last end + the
 *   organisation's grace minutes (a series without COUNT/UNTIL: 400 days, each new invitation, reminder or feed
 *   download carries a fresh link). Opening it checks the signature, the expiry, that the meeting still exists in
 *   that organisation and is not cancelled or over, and that the attendee is still one of its attendees; then it
 *   mints a 1-hour join ticket (modules/join/service.ts `createJoinTicket`) for identity `userId` (given by the integrator)
 *   or `invitee-<att>`, their name and role participant.
 */
import { createHmac } from 'node:crypto';
import { publicUrl } from '../../config.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import * as attendees from './store.js';
import * as meetingsStore from '../meetings/store.js';
import type { MeetingRow } from '../meetings/store.js';
import { getScheduleSettings, type ScheduleSettingsRow } from '../scheduling/store.js';
import { createJoinTicket } from '../join/service.js';
import { occurrencesBetween, seriesEnd, type Series } from '../scheduling/recurrence.js';
import { seriesOf } from '../scheduling/service.js';
import { ISSUER, isExpiredToken, signHs256, verifyHs256 } from '../../shared/signed-tokens.js';

const AUDIENCE = 'vr-invite';
const DAY = 24 * 3600_000;
/** Lifetime of a link to a series that never ends (no COUNT/UNTIL), days from issue (rounded to a UTC day). */
export const OPEN_ENDED_LINK_DAYS = 400;
/** Lifetime of the join ticket the hosted page hands to <video-room>, seconds. */
export const PAGE_TICKET_TTL_SECONDS = 3600;

/** The claims of an invitation token (seconds since the epoch for `exp`). */
export interface InviteClaims {
  iss: string;
  aud: string;
  mid: string;
  org: string;
  att: string;
  role: 'participant';
  exp: number;
}

/**
 * A stable, non-reversible name for an attendee of an organisation (22 base64url chars of
 * HMAC-SHA-256(ticket secret, org ‖ email)); also their LiveKit identity suffix (`invitee-<key>`).
 */
export function attendeeKey(deps: Pick<Deps, 'ticketSecret'>, organizationId: string, email: string): string {
  return createHmac('sha256', deps.ticketSecret).update(`attendee\u0000${organizationId}\u0000${email.toLowerCase()}`).digest('base64url').slice(0, 22);
}

/**
 * When a link to this series stops working: its last occurrence's end + `graceMinutes`; for a series that never
 * ends, `now` + 400 days rounded down to a UTC midnight (so the feed's links stay the same within a day).
 */
export function linkExpiry(series: Series, graceMinutes: number, now = new Date()): Date {
  const end = seriesEnd(series);
  if (end) return new Date(end.getTime() + graceMinutes * 60_000);
  return new Date(Math.floor((now.getTime() + OPEN_ENDED_LINK_DAYS * DAY) / DAY) * DAY);
}

/**
 * Sign an invitation token for `email` in meeting `meetingId` of `organizationId`, valid until `expiresAt` (UTC).
 * Deterministic (no iat/jti): the same inputs give the same link.
 */
export function signInviteToken(deps: Pick<Deps, 'ticketSecret'>, c: { meetingId: string; organizationId: string; email: string; expiresAt: Date }): string {
  const claims: InviteClaims = {
    iss: ISSUER,
    aud: AUDIENCE,
    mid: c.meetingId,
    org: c.organizationId,
    att: attendeeKey(deps, c.organizationId, c.email),
    role: 'participant',
    exp: Math.floor(c.expiresAt.getTime() / 1000),
  };
  return signHs256(deps.ticketSecret, claims);
}

/**
 * The join link of attendee `email` for meeting `m` (absolute URL): the organisation's `joinUrlTemplate` with
 * `{meetingId}` replaced, or `${PUBLIC_URL}/j/<token>` (see the module comment).
 * @param opts.settings the organisation's settings when the caller has them (else read from the database)
 */
export async function joinUrlForAttendee(
  deps: Pick<Deps, 'sql' | 'config' | 'ticketSecret'>,
  m: MeetingRow,
  series: Series,
  email: string,
  opts: { settings?: ScheduleSettingsRow; now?: Date } = {},
): Promise<string> {
  const settings = opts.settings ?? (await getScheduleSettings(deps.sql, m.organizationId));
  if (settings.joinUrlTemplate) return settings.joinUrlTemplate.replaceAll('{meetingId}', encodeURIComponent(m.id));
  const token = signInviteToken(deps, {
    meetingId: m.id,
    organizationId: m.organizationId,
    email,
    expiresAt: linkExpiry(series, settings.graceMinutesAfter, opts.now),
  });
  return `${publicUrl(deps.config)}/j/${token}`;
}

/** What the hosted join page shows. */
export type InvitePage =
  | {
      kind: 'join';
      meeting: { id: string; title: string; timezone: string };
      /** The next (or current) occurrence's local start in the meeting's zone, `YYYY-MM-DD HH:MM`; null if none left. */
      localStart: string | null;
      name: string;
      /** Join ticket for <video-room ticket> (1 h), and the server origin for <video-room server-url>. */
      ticket: string;
      ticketExpiresAt: string;
      serverUrl: string;
    }
  | { kind: 'cancelled' | 'ended'; meeting: { id: string; title: string } };

const invalid = () => new AppError(404, 'invalid_invite', 'This invitation link is not valid. Check that you copied all of it, or ask the organiser for a new one.');

/**
 * Open an invitation link (GET /j/{token}): verify the token and, when the meeting can be joined, mint a join ticket
 * for this attendee (role participant, identity: the attendee's `userId` when the integrator gave one, else
 * `invitee-<attendee key>`; their current name).
 * @returns `join` with the ticket, or `cancelled` / `ended` (a cancelled meeting, or one whose status is ended or
 *   whose last occurrence ended more than the grace minutes ago)
 * @throws AppError 404 `invalid_invite` (bad signature or shape, another audience, unknown meeting or organisation
 *   mismatch, not an attendee of this meeting); 410 `invite_expired` (past `exp`)
 */
export async function openInvite(deps: Deps, token: string, at?: Date): Promise<InvitePage> {
  const now = at ?? new Date();
  let c: InviteClaims;
  try {
    c = verifyHs256<InviteClaims>(deps.ticketSecret, token, AUDIENCE, ['exp', 'mid', 'org', 'att'], at);
  } catch (e) {
    if (isExpiredToken(e)) {
      throw new AppError(410, 'invite_expired', 'This invitation link has expired: the meeting is over.');
    }
    throw invalid();
  }
  if (typeof c.mid !== 'string' || typeof c.org !== 'string' || typeof c.att !== 'string' || c.role !== 'participant') throw invalid();
  const m = /^[0-9a-f-]{36}$/i.test(c.mid) ? await meetingsStore.findMeetingById(deps.sql, c.mid) : undefined;
  if (!m || m.organizationId !== c.org) throw invalid();
  const meeting = { id: m.id, title: m.title };
  if (m.status === 'cancelled') return { kind: 'cancelled', meeting };
  if (m.status === 'ended') return { kind: 'ended', meeting };
  const who = (await attendees.listAttendees(deps.sql, m.id)).find((a) => attendeeKey(deps, m.organizationId, a.email) === c.att);
  if (!who) throw invalid();
  let localStart: string | null = null;
  if (m.scheduledStartAt) {
    const series = await seriesOf(deps.sql, m);
    const settings = await getScheduleSettings(deps.sql, m.organizationId);
    const end = seriesEnd(series);
    if (end && end.getTime() + settings.graceMinutesAfter * 60_000 < now.getTime()) return { kind: 'ended', meeting };
    const duration = series.endAt.getTime() - series.startAt.getTime();
    const [next] = occurrencesBetween(series, new Date(now.getTime() - duration), new Date(now.getTime() + 5 * 366 * DAY), 1);
    localStart = next ? next.localStart.slice(0, 16).replace('T', ' ') : null;
  }
  const t = await createJoinTicket(deps, { id: m.organizationId, name: '', slug: '' }, m.id, {
    user: { id: who.userId ?? `invitee-${c.att}`, name: who.name },
    role: 'participant',
    ttlSeconds: PAGE_TICKET_TTL_SECONDS,
  });
  return {
    kind: 'join',
    meeting: { ...meeting, timezone: m.timezone },
    localStart,
    name: who.name,
    ticket: t.ticket,
    ticketExpiresAt: t.expiresAt,
    serverUrl: publicUrl(deps.config),
  };
}
