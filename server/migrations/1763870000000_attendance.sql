-- Up Migration
-- Attendance from LiveKit webhooks. Every participant/room event of a meeting's room is kept once (keyed by the
-- LiveKit event id, like livekit_webhook_events), with the instant it happened; the report is computed from
-- these rows sorted by time, never from the order they arrived in.
CREATE TABLE attendance_events (
  -- LiveKit WebhookEvent.id ("EV_…"): a retried delivery inserts nothing.
  event_id text PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('participant_joined', 'participant_left', 'room_started', 'room_finished')),
  -- participant events only: LiveKit identity, participant sid ("PA_…", one per connection), display name
  identity text,
  participant_sid text,
  name text,
  -- room role from the join token metadata (host, moderator, participant, viewer), when present
  role text,
  -- when it happened (UTC, ms precision where LiveKit gives it): joined → participant.joinedAtMs; else createdAt
  occurred_at timestamptz NOT NULL,
  -- participant_left only: participant.joinedAt, to recover a session whose participant_joined never arrived
  session_joined_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind LIKE 'participant_%') = (identity IS NOT NULL))
);
CREATE INDEX attendance_events_meeting ON attendance_events (meeting_id, occurred_at);

-- People expected at a meeting (LTI roster via NRPS, invitations…): those who never joined count as absent.
-- identity is the LiveKit identity they would join with (for LTI: lti-… derived from issuer and sub).
CREATE TABLE meeting_expected_attendees (
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  identity text NOT NULL,
  name text,
  -- who said so, e.g. 'nrps', 'lti_launch', 'api'
  source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting_id, identity)
);

-- Per-organisation attendance thresholds (defaults apply when there is no row).
CREATE TABLE organization_attendance_settings (
  organization_id text PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  -- present/late: at least this share (%) of the reference duration
  present_percent integer NOT NULL DEFAULT 80 CHECK (present_percent BETWEEN 1 AND 100),
  -- partial: at least this share (%); below it: absent
  partial_percent integer NOT NULL DEFAULT 30 CHECK (partial_percent BETWEEN 0 AND 100),
  -- joined at most this many minutes after the start: present, else late
  grace_minutes integer NOT NULL DEFAULT 15 CHECK (grace_minutes BETWEEN 0 AND 1440),
  -- a re-join within this many seconds of leaving continues the previous cycle
  rejoin_merge_seconds integer NOT NULL DEFAULT 120 CHECK (rejoin_merge_seconds BETWEEN 0 AND 3600),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (partial_percent < present_percent)
);

-- Down Migration
DROP TABLE organization_attendance_settings;
DROP TABLE meeting_expected_attendees;
DROP TABLE attendance_events;
