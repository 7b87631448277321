-- Up Migration
-- Polls and quizzes in a meeting's room (server/modules/room-activity/poll-*.ts). A moderator (room session) or the
-- integrator (API key) prepares a poll as a draft, even before the meeting; launching opens it in the current
-- session's room (session_id), closing ends it (by hand, or at closes_at when it has a timer). A quiz is a poll with
-- a correct answer. Results are visible to moderators live and to everyone once results_shared_at is set.
CREATE TABLE polls (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  -- the session the poll was launched in (null while a draft)
  session_id uuid REFERENCES meeting_sessions(id) ON DELETE SET NULL,
  question text NOT NULL CHECK (char_length(question) BETWEEN 1 AND 500),
  type text NOT NULL CHECK (type IN ('single', 'multiple', 'yes_no', 'rating', 'text')),
  -- option labels (single, multiple); [] for the other types
  options jsonb NOT NULL DEFAULT '[]',
  anonymous boolean NOT NULL DEFAULT false,
  -- timer: the poll closes this many seconds after its launch; null = until a moderator closes it
  duration_seconds integer CHECK (duration_seconds BETWEEN 5 AND 86400),
  -- quiz: the correct answer (same shape as an answer); null = not a quiz
  correct jsonb,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  launched_at timestamptz,
  -- launched_at + duration_seconds: past this instant the poll counts as closed even before the close job ran
  closes_at timestamptz,
  closed_at timestamptz,
  closed_by text,
  results_shared_at timestamptz
);
CREATE INDEX polls_meeting ON polls (meeting_id, created_at);

-- One answer per person and poll (unique voter_key). identity/name are null for an anonymous poll: there only
-- voter_key (an HMAC of the poll id and the identity, keyed with the server's secret) ties an answer to a person,
-- to refuse a second answer. Counting participation: count rows per poll, or distinct identity for named polls.
CREATE TABLE poll_answers (
  id uuid PRIMARY KEY,
  poll_id uuid NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  session_id uuid REFERENCES meeting_sessions(id) ON DELETE SET NULL,
  voter_key text NOT NULL,
  identity text,
  name text,
  role text NOT NULL CHECK (role IN ('host', 'moderator', 'participant', 'viewer')),
  -- {"choice": n} | {"choices": [n, …]} | {"rating": 1-5} | {"text": "…"}
  answer jsonb NOT NULL,
  -- quiz only: whether the answer matches polls.correct
  correct boolean,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (poll_id, voter_key)
);
CREATE INDEX poll_answers_poll ON poll_answers (poll_id, created_at);
CREATE INDEX poll_answers_meeting ON poll_answers (meeting_id, session_id);

-- Down Migration
DROP TABLE poll_answers;
DROP TABLE polls;
