-- Up Migration
-- Host controls (issue 12, server/modules/room-activity/host-*.ts): what hosts and moderators decided about a
-- meeting's room, read on every join (modules/join asks room activity through Deps.roomAccess) and by the room
-- session check (session.ts). Chat on/off stays in chat_settings / chat_disabled_participants (room-chat.sql) and
-- joins the same permission model: `chat` there is LiveKit's canPublishData here.

-- One row per meeting once a moderator changed something. NULL permissions: the default (camera and microphone
-- allowed; screen share as the meeting's settings.screenShare). They restrict participants, never hosts/moderators.
CREATE TABLE room_controls (
  meeting_id uuid PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  locked boolean NOT NULL DEFAULT false,
  spotlight_identity text,
  allow_camera boolean,
  allow_microphone boolean,
  allow_screen_share boolean,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- One row per (meeting, LiveKit identity) a moderator acted on: a role override (promotion/demotion; never applied
-- to a host's ticket), a ban (their ticket/identity refused at join and by the room session), and per-participant
-- permissions (NULL: the meeting's).
CREATE TABLE room_participant_controls (
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  identity text NOT NULL,
  role text CHECK (role IN ('moderator', 'participant', 'viewer')),
  banned_at timestamptz,
  banned_by text,
  allow_camera boolean,
  allow_microphone boolean,
  allow_screen_share boolean,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (meeting_id, identity)
);

-- Down Migration
DROP TABLE room_participant_controls;
DROP TABLE room_controls;
