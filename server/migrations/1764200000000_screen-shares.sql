-- Up Migration
-- Screen shares seen through LiveKit webhooks (server/modules/analytics): one row per published screen-share track
-- (TrackSource SCREEN_SHARE; its audio is not counted), in the meeting session whose room it was published in.
-- `track_published` sets started_at, `track_unpublished` sets ended_at. Keyed by the session and the LiveKit track sid and written
-- with LEAST/GREATEST, so a retried or out-of-order delivery changes nothing (the webhook row, keyed by the event
-- id, already stops a retry before it gets here).
CREATE TABLE screen_shares (
  session_id uuid NOT NULL REFERENCES meeting_sessions(id) ON DELETE CASCADE,
  -- LiveKit TrackInfo.sid ("TR_…"): a new share is a new track
  track_sid text NOT NULL,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  -- the LiveKit identity that shared, and its participant sid (one connection)
  identity text NOT NULL,
  participant_sid text,
  -- track_published's createdAt (UTC); null while only the unpublish has arrived
  started_at timestamptz,
  -- track_unpublished's createdAt (UTC); null while still shared (or the unpublish was never sent)
  ended_at timestamptz,
  CHECK (started_at IS NOT NULL OR ended_at IS NOT NULL),
  PRIMARY KEY (session_id, track_sid)
);

-- Down Migration
DROP TABLE screen_shares;
