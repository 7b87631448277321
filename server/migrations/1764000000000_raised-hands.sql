-- Up Migration
-- Raised hands (server/modules/room-activity, issue 11): the ordered queue of one meeting session (one LiveKit room,
-- meeting_sessions), kept here so that a reconnecting participant or a late-joining moderator sees the same queue.
-- A session that ended (meeting_sessions.ended_at) has no queue any more: the service reads open sessions only.
CREATE TABLE raised_hands (
  -- Queue order: first raised, first listed (a sequence, so two raises in the same instant keep their order).
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES meeting_sessions(id) ON DELETE CASCADE,
  identity text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('host', 'moderator', 'participant', 'viewer')),
  raised_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (session_id, identity)
);
CREATE INDEX raised_hands_queue ON raised_hands (session_id, seq);

-- One row per session whose queue ever changed: `version` goes up by one with every change (the snapshot number the
-- server announces with the queue, so a widget never applies an older queue over a newer one); the row lock also
-- serialises changes of one session's queue.
CREATE TABLE hand_queues (
  session_id uuid PRIMARY KEY REFERENCES meeting_sessions(id) ON DELETE CASCADE,
  version bigint NOT NULL DEFAULT 0
);

-- Down Migration
DROP TABLE hand_queues;
DROP TABLE raised_hands;
