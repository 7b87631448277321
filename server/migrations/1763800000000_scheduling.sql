-- Up Migration
-- Scheduling: recurring meetings (RFC 5545 RRULE/EXDATE/RECURRENCE-ID), attendees and their invitations,
-- per-attendee iCal feeds, per-organisation room lifecycle settings, and the room lifecycle jobs we keyed.
-- The job queue itself (pg-boss) keeps its own tables in schema `pgboss`, created by pg-boss at start.

ALTER TABLE meetings
  ADD COLUMN rrule text,
  ADD COLUMN exdates timestamptz[] NOT NULL DEFAULT '{}',
  ADD COLUMN sequence integer NOT NULL DEFAULT 0;

-- One occurrence of a recurring meeting moved (RECURRENCE-ID override, RFC 5545 §3.8.4.4).
-- recurrence_id is the occurrence's original start (UTC instant); start_at/end_at its new times.
CREATE TABLE meeting_occurrence_overrides (
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  recurrence_id timestamptz NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL CHECK (end_at > start_at),
  sequence integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting_id, recurrence_id)
);

CREATE TABLE meeting_attendees (
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  email text NOT NULL CHECK (email = lower(email)),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting_id, email)
);
CREATE INDEX meeting_attendees_email ON meeting_attendees (email);

-- Every .ics we built for an attendee (sent, failed, or only stored when no SMTP is configured).
CREATE TABLE invitations (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  email text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('request', 'cancel', 'reminder')),
  method text NOT NULL CHECK (method IN ('REQUEST', 'CANCEL')),
  sequence integer NOT NULL,
  recurrence_id timestamptz,
  ics text NOT NULL,
  status text NOT NULL CHECK (status IN ('stored', 'sent', 'failed')),
  error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitations_meeting ON invitations (meeting_id, created_at);

-- Secret feed token per (organisation, attendee email); only a SHA-256 is kept.
CREATE TABLE calendar_feeds (
  token_hash bytea PRIMARY KEY,
  organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, email)
);

CREATE TABLE organization_schedule_settings (
  organization_id text PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  open_minutes_before integer NOT NULL DEFAULT 10 CHECK (open_minutes_before BETWEEN 0 AND 1440),
  grace_minutes_after integer NOT NULL DEFAULT 10 CHECK (grace_minutes_after BETWEEN 0 AND 1440),
  -- Local time-of-day window (meeting's zone) occurrences must fit in; NULL = any time.
  window_start time,
  window_end time,
  -- ISO weekday codes (MO…SU) on which no occurrence may start.
  blocked_weekdays text[] NOT NULL DEFAULT '{}',
  auto_end boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((window_start IS NULL) = (window_end IS NULL))
);

-- The lifecycle jobs we want, one per (meeting, occurrence, kind): the pg-boss job currently carrying it.
-- occurrence_key: 'once' for a single meeting, else the occurrence's RECURRENCE-ID as a UTC ISO instant.
CREATE TABLE meeting_jobs (
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  occurrence_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('open-room', 'reminder-24h', 'reminder-15m', 'end-room')),
  job_id uuid NOT NULL,
  run_at timestamptz NOT NULL,
  done_at timestamptz,
  PRIMARY KEY (meeting_id, occurrence_key, kind)
);

-- What the lifecycle handlers did (an audit trail; tests count rows here).
CREATE TABLE room_lifecycle_events (
  id bigserial PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  occurrence_key text NOT NULL,
  kind text NOT NULL,
  job_id uuid,
  worker text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX room_lifecycle_events_meeting ON room_lifecycle_events (meeting_id, occurrence_key);

-- Down Migration
DROP TABLE room_lifecycle_events;
DROP TABLE meeting_jobs;
DROP TABLE organization_schedule_settings;
DROP TABLE calendar_feeds;
DROP TABLE invitations;
DROP TABLE meeting_attendees;
DROP TABLE meeting_occurrence_overrides;
ALTER TABLE meetings DROP COLUMN sequence, DROP COLUMN exdates, DROP COLUMN rrule;
