-- Up Migration
-- Guests who joined with a public code and wait for a host to admit them.
CREATE TABLE join_requests (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  identity text NOT NULL,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'admitted', 'denied')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by text
);
CREATE INDEX join_requests_pending ON join_requests (meeting_id, created_at) WHERE status = 'pending';

-- Down Migration
DROP TABLE join_requests;
