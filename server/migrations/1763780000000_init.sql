-- Up Migration
CREATE TABLE organizations (
  id text PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,30}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  key_prefix text NOT NULL,
  key_hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX api_keys_organization_id ON api_keys (organization_id);

CREATE TABLE meetings (
  id uuid PRIMARY KEY,
  organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  room_name text NOT NULL UNIQUE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  type text NOT NULL CHECK (type IN ('coffee_chat', 'group_meeting', 'class', 'mentorship', 'alumni_gathering')),
  host_user_id text,
  host_name text,
  scheduled_start_at timestamptz,
  scheduled_end_at timestamptz,
  timezone text NOT NULL DEFAULT 'UTC',
  max_participants integer CHECK (max_participants BETWEEN 1 AND 1000),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'live', 'ended', 'cancelled')),
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  password_hash text,
  join_code text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  ended_at timestamptz,
  cancelled_at timestamptz,
  CHECK (scheduled_end_at IS NULL OR scheduled_start_at IS NULL OR scheduled_end_at > scheduled_start_at)
);
CREATE INDEX meetings_organization_start ON meetings (organization_id, scheduled_start_at, id);

-- Secrets generated on first use when not given in the environment (shared by every server instance).
CREATE TABLE app_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- LiveKit webhook deliveries, keyed by the event id so a retried delivery changes nothing.
CREATE TABLE livekit_webhook_events (
  id text PRIMARY KEY,
  event text NOT NULL,
  room_name text,
  created_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  payload jsonb NOT NULL
);

-- Down Migration
DROP TABLE livekit_webhook_events;
DROP TABLE app_secrets;
DROP TABLE meetings;
DROP TABLE api_keys;
DROP TABLE organizations;
