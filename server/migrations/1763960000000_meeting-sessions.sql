-- Up Migration
-- Sessions of a meeting. A meeting (one id in the API, in the integrator's links and in an LTI resource link) is a
-- class's permanent place; ending it for all (POST /meetings/{id}/end) ends its current session only, and the next
-- LTI launch of its resource link opens a new session of the SAME meeting. Each session has its own LiveKit room
-- (session 1 keeps the meeting's original room name, later ones `<that name>-s<number>`), so the joins and webhooks
-- of one session never land in another's; meetings.room_name is the current session's room.
-- Attendance events belong to the session whose room they came from (attendance_events.session_id).
-- Replaces writing lti_resource_link_meetings (1763935000000), which kept a NEW meeting per session: those rows
-- stay as they are (read for the attendance and grades of those earlier meetings), nothing adds to them any more.
CREATE TABLE meeting_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  -- 1, 2, 3 … in the order the sessions were opened
  number integer NOT NULL CHECK (number >= 1),
  -- the LiveKit room of this session
  room_name text NOT NULL UNIQUE,
  -- when the session was opened (the meeting created, or reopened), UTC
  opened_at timestamptz NOT NULL DEFAULT now(),
  -- when its room went live (first room_started webhook), UTC
  started_at timestamptz,
  -- when it was ended (end for all, or the schedule's end), UTC; null while it is the open session
  ended_at timestamptz,
  UNIQUE (meeting_id, number)
);
INSERT INTO meeting_sessions (meeting_id, number, room_name, opened_at, started_at, ended_at)
  SELECT id, 1, room_name, created_at, started_at, ended_at FROM meetings;

ALTER TABLE attendance_events ADD COLUMN session_id uuid REFERENCES meeting_sessions(id) ON DELETE CASCADE;
UPDATE attendance_events a SET session_id = s.id FROM meeting_sessions s WHERE s.meeting_id = a.meeting_id AND s.number = 1;
ALTER TABLE attendance_events ALTER COLUMN session_id SET NOT NULL;
CREATE INDEX attendance_events_session ON attendance_events (session_id, occurred_at);

-- Down Migration
DROP INDEX attendance_events_session;
ALTER TABLE attendance_events DROP COLUMN session_id;
DROP TABLE meeting_sessions;
