/**
 * Booking notifications for coffee chats.
 */
import type { Deps } from '../../deps.js';

export interface BookingPerson {
  userId: string;
  name: string;
}

/**
 * Tell the people of a booked coffee chat (e-mail with an .ics VEVENT, METHOD:REQUEST).
 * Called after the booking transaction committed; must not throw for delivery problems.
 * @param input.meetingId the `coffee_chat` meeting that was booked
 * @param input.people everyone in the chat (two, or three for a trio)
 *
 * TODO(lead): wire to server/services/invitations.ts (the scheduling colleague's .ics invitations); a no-op until then.
 */
export async function notifyBooking(deps: Deps, input: { meetingId: string; people: BookingPerson[] }): Promise<void> {
  void deps;
  void input;
}
