-- Up Migration
-- Where a person's coffee-chat invitations (.ics) are emailed; never shown to other people.
ALTER TABLE coffee_profiles ADD COLUMN email text;

-- Down Migration
ALTER TABLE coffee_profiles DROP COLUMN email;
