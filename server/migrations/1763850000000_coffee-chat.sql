-- Up Migration
-- Coffee chats: alumni 1:1 video chats. People are the integrator's user ids, per organisation.
CREATE TABLE coffee_profiles (
  organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  display_name text NOT NULL,
  headline text NOT NULL DEFAULT '',
  industry text,
  location text,
  interests text[] NOT NULL DEFAULT '{}',
  role text NOT NULL CHECK (role IN ('alumnus', 'student', 'staff')),
  languages text[] NOT NULL DEFAULT '{}',
  timezone text NOT NULL,
  -- weekly windows in `timezone`: [{"weekday":1,"start":"09:00","end":"12:00"}]
  availability jsonb NOT NULL DEFAULT '[]'::jsonb,
  matching_opt_in boolean NOT NULL DEFAULT false,
  paused boolean NOT NULL DEFAULT false,
  -- 'self' (the person paused) or 'unanswered_intros' (three intros left unanswered)
  paused_reason text,
  skip_next_round boolean NOT NULL DEFAULT false,
  blocked text[] NOT NULL DEFAULT '{}',
  unanswered_intros integer NOT NULL DEFAULT 0,
  -- left out (odd one out) of the last round: matched first next time
  match_priority boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, user_id)
);

CREATE TABLE coffee_rounds (
  id uuid PRIMARY KEY,
  organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'matched')),
  -- Monday 00:00 UTC of the week the chats take place in
  week_start_at timestamptz NOT NULL,
  opt_in_closes_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 120),
  repeat_window integer NOT NULL CHECK (repeat_window BETWEEN 0 AND 52),
  odd_policy text NOT NULL CHECK (odd_policy IN ('priority', 'trio')),
  intro_expires_hours integer NOT NULL CHECK (intro_expires_hours BETWEEN 1 AND 720),
  seed integer NOT NULL DEFAULT 1,
  stats jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  matched_at timestamptz
);
CREATE INDEX coffee_rounds_org_matched ON coffee_rounds (organization_id, matched_at DESC);

-- Explicit opt-ins to one round (profiles with matching_opt_in join every round without one).
CREATE TABLE coffee_round_participants (
  round_id uuid NOT NULL REFERENCES coffee_rounds(id) ON DELETE CASCADE,
  user_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, user_id)
);

-- Groups a round produced; user_c only for trios. The history behind "never twice within K rounds".
CREATE TABLE coffee_round_pairs (
  round_id uuid NOT NULL REFERENCES coffee_rounds(id) ON DELETE CASCADE,
  organization_id text NOT NULL,
  user_a text NOT NULL,
  user_b text NOT NULL,
  user_c text,
  score integer NOT NULL,
  request_id uuid,
  PRIMARY KEY (round_id, user_a)
);
CREATE INDEX coffee_round_pairs_org ON coffee_round_pairs (organization_id, round_id);

CREATE TABLE coffee_requests (
  id uuid PRIMARY KEY,
  organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('direct_request', 'open_invitation', 'matched')),
  from_user_id text NOT NULL,
  -- null for an open invitation until someone accepts
  to_user_id text,
  -- extra members (a trio's third person)
  other_user_ids text[] NOT NULL DEFAULT '{}',
  round_id uuid REFERENCES coffee_rounds(id) ON DELETE SET NULL,
  criteria jsonb,
  message text NOT NULL DEFAULT '',
  -- proposed start instants (UTC), 1 to 3
  slots timestamptz[] NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 120),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'completed', 'no_show')),
  expires_at timestamptz NOT NULL,
  accepted_by text,
  accepted_slot timestamptz,
  meeting_id uuid REFERENCES meetings(id) ON DELETE SET NULL,
  declined_by text,
  -- "did you meet?" answers: {"<userId>": true|false}
  feedback jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  responded_at timestamptz,
  CHECK (cardinality(slots) BETWEEN 1 AND 3),
  CHECK (status <> 'accepted' OR (accepted_slot IS NOT NULL AND meeting_id IS NOT NULL))
);
CREATE INDEX coffee_requests_from ON coffee_requests (organization_id, from_user_id, created_at DESC);
CREATE INDEX coffee_requests_to ON coffee_requests (organization_id, to_user_id, created_at DESC);
CREATE INDEX coffee_requests_pending_expiry ON coffee_requests (expires_at) WHERE status = 'pending';

-- Down Migration
DROP TABLE coffee_requests;
DROP TABLE coffee_round_pairs;
DROP TABLE coffee_round_participants;
DROP TABLE coffee_rounds;
DROP TABLE coffee_profiles;
