-- Up Migration
-- Scores waiting to reach the platform's gradebook (LTI AGS 2.0 §3.4 Score publish service).
-- A row is sent once: its timestamp is fixed when queued and strictly increases per (resource link, user),
-- so a resend after a crash is refused by the platform as not newer (Moodle 409), which we count as delivered.
CREATE TABLE lti_score_outbox (
  id uuid PRIMARY KEY,
  resource_link_uuid uuid NOT NULL REFERENCES lti_resource_links(id) ON DELETE CASCADE,
  user_sub text NOT NULL,
  score_given numeric(12, 4) NOT NULL CHECK (score_given >= 0),
  score_maximum numeric(12, 4) NOT NULL CHECK (score_maximum > 0),
  comment text,
  activity_progress text NOT NULL DEFAULT 'Completed',
  grading_progress text NOT NULL DEFAULT 'FullyGraded',
  score_timestamp timestamptz NOT NULL,
  dedupe_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX lti_score_outbox_due ON lti_score_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX lti_score_outbox_user ON lti_score_outbox (resource_link_uuid, user_sub, score_timestamp);
-- The line item our scores go to when the launch named none (created once per resource link).
ALTER TABLE lti_resource_links ADD COLUMN attendance_lineitem_url text;
-- The LiveKit identity a launch user joins with (lti-<hash of issuer and sub>), to match attendance to `sub`.
ALTER TABLE lti_launch_users ADD COLUMN identity text;
CREATE INDEX lti_launch_users_identity ON lti_launch_users (identity);

-- Down Migration
ALTER TABLE lti_launch_users DROP COLUMN identity;
ALTER TABLE lti_resource_links DROP COLUMN attendance_lineitem_url;
DROP TABLE lti_score_outbox;
