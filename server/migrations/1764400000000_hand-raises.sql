-- Up Migration
-- How many times each identity raised a hand in a meeting session (analytics: hands raised). A lowered hand leaves
-- raised_hands, so the queue keeps no history: this counter goes up by one in the statement that raises a hand
-- (room-activity hands-store.ts insertHand, same transaction); a hand already raised (kept in place) does not count.
CREATE TABLE hand_raises (
  session_id uuid NOT NULL REFERENCES meeting_sessions(id) ON DELETE CASCADE,
  identity text NOT NULL,
  raises integer NOT NULL CHECK (raises > 0),
  PRIMARY KEY (session_id, identity)
);

-- Down Migration
DROP TABLE hand_raises;
