-- Up Migration
-- In-room chat (server/modules/room-activity): every message a participant sent through the server, public
-- (recipient_identity NULL) or private to one participant; soft-deleted by a moderator (deleted_at/deleted_by).
CREATE TABLE chat_messages (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  sender_identity text NOT NULL,
  sender_name text NOT NULL,
  sender_role text NOT NULL CHECK (sender_role IN ('host', 'moderator', 'participant')),
  recipient_identity text,
  text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  deleted_by text
);
-- History pages: newest first per meeting, `before` cursor on (created_at, id).
CREATE INDEX chat_messages_history ON chat_messages (meeting_id, created_at DESC, id DESC);

-- Chat on/off for a whole meeting, set by a moderator (no row: the meeting's `settings.chat`).
CREATE TABLE chat_settings (
  meeting_id uuid PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- Participants (LiveKit identities) whose chat a moderator turned off in one meeting.
CREATE TABLE chat_disabled_participants (
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  identity text NOT NULL,
  disabled_at timestamptz NOT NULL DEFAULT now(),
  disabled_by text NOT NULL,
  PRIMARY KEY (meeting_id, identity)
);

-- Down Migration
DROP TABLE chat_disabled_participants;
DROP TABLE chat_settings;
DROP TABLE chat_messages;
