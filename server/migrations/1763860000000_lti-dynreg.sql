-- Up Migration
-- Dynamic registrations where the platform named no deployment (Canvas installs later): record deployments at
-- their first signed launch instead of refusing them.
ALTER TABLE lti_registrations ADD COLUMN accept_new_deployments boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE lti_registrations DROP COLUMN accept_new_deployments;
