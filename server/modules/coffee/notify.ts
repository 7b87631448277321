/**
 * Booking notifications for coffee chats: each person with an email on their profile becomes an attendee of the
 * booked meeting and gets the .ics invitation (METHOD:REQUEST, RFC 5546) by SMTP (modules/invitations/service.ts).
 */
import type { Deps } from '../../deps.js';
import { findMeetingById } from '../meetings/store.js';
import { findProfile } from './store.js';
import { addAttendee } from '../invitations/service.js';

export interface BookingPerson {
  userId: string;
  name: string;
}

/**
 * Invite the people of a booked coffee chat. Called after the booking transaction committed; never throws for
 * delivery problems (they are logged, and the invitation stays recorded as failed).
 * @param input.meetingId the `coffee_chat` meeting that was booked
 * @param input.people everyone in the chat (two, or three for a trio)
 */
export async function notifyBooking(deps: Deps, input: { meetingId: string; people: BookingPerson[] }): Promise<void> {
  const meeting = await findMeetingById(deps.sql, input.meetingId);
  if (!meeting) return;
  const org = { id: meeting.organizationId, name: '', slug: '' };
  for (const p of input.people) {
    try {
      const profile = await findProfile(deps.sql, org.id, p.userId);
      // userId: through the email's join link they are the same participant as through the portal.
      if (profile?.email) await addAttendee(deps, org, meeting.id, { email: profile.email, name: p.name, userId: p.userId });
    } catch (e) {
      deps.log.warn('coffee chat invitation not sent', { meetingId: meeting.id, userId: p.userId, error: String((e as Error).message) });
    }
  }
}
