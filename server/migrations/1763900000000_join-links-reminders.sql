-- Up Migration
-- Where invitations and reminders send attendees: an organisation's own page (`{meetingId}` is replaced), or,
-- when NULL, this server's hosted join page with a personal signed link (/j/<token>).
ALTER TABLE organization_schedule_settings
  ADD COLUMN join_url_template text CHECK (join_url_template IS NULL OR (length(join_url_template) <= 2000 AND position('{meetingId}' IN join_url_template) > 0));

-- Reminder emails (lifecycle jobs reminder-24h / reminder-15m), one row per attendee and occurrence start, so a
-- retried or re-delivered job never emails anyone twice. start_at is the occurrence's start when the reminder was
-- due: moving the occurrence makes a new reminder. `sending` = claimed by a worker (left as is if it crashed
-- mid-send: at most once); `failed` rows are tried again by the job's next retry.
CREATE TABLE reminder_deliveries (
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  occurrence_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('reminder-24h', 'reminder-15m')),
  start_at timestamptz NOT NULL,
  email text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'stored', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting_id, occurrence_key, kind, start_at, email)
);

-- Down Migration
DROP TABLE reminder_deliveries;
ALTER TABLE organization_schedule_settings DROP COLUMN join_url_template;
