-- Up Migration
-- The integrator's user id of an attendee (optional): their LiveKit identity when they join through their
-- invitation link (/j/{token}), so that joining from the email and from the integrator's page is one participant.
-- Coffee-chat bookings set it to the member's profile user id. Without it the identity stays `invitee-<key>`.
ALTER TABLE meeting_attendees ADD COLUMN user_id text CHECK (user_id IS NULL OR length(user_id) BETWEEN 1 AND 200);

-- Down Migration
ALTER TABLE meeting_attendees DROP COLUMN user_id;
