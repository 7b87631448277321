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

-- Every change to what a join depends on (these tables and the chat switches) is announced on the channel
-- `room_access_changed` with the meeting id, when it commits: each server instance drops its cached copy
-- (room-activity/host-access.ts), as the meeting cache does with `meeting_changed`.
CREATE FUNCTION notify_room_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  mid uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN mid := OLD.meeting_id; ELSE mid := NEW.meeting_id; END IF;
  PERFORM pg_notify('room_access_changed', mid::text);
  RETURN NULL;
END $$;
CREATE TRIGGER room_controls_notify AFTER INSERT OR UPDATE OR DELETE ON room_controls
  FOR EACH ROW EXECUTE FUNCTION notify_room_access_changed();
CREATE TRIGGER room_participant_controls_notify AFTER INSERT OR UPDATE OR DELETE ON room_participant_controls
  FOR EACH ROW EXECUTE FUNCTION notify_room_access_changed();
CREATE TRIGGER chat_settings_notify AFTER INSERT OR UPDATE OR DELETE ON chat_settings
  FOR EACH ROW EXECUTE FUNCTION notify_room_access_changed();
CREATE TRIGGER chat_disabled_participants_notify AFTER INSERT OR UPDATE OR DELETE ON chat_disabled_participants
  FOR EACH ROW EXECUTE FUNCTION notify_room_access_changed();

-- Down Migration
DROP TRIGGER chat_disabled_participants_notify ON chat_disabled_participants;
DROP TRIGGER chat_settings_notify ON chat_settings;
DROP FUNCTION notify_room_access_changed() CASCADE;
DROP TABLE room_participant_controls;
DROP TABLE room_controls;
