-- Up Migration
-- The single-event webhook inserts (store/meetings.ts insertWebhookEvent, store/attendance.ts
-- insertWebhookWithAttendance) sent the raw body as a jsonb parameter, which postgres.js JSON-encodes once more:
-- the rows held a jsonb *string*. They now cast ::text::jsonb; turn the rows stored before into the JSON object.
UPDATE livekit_webhook_events SET payload = (payload #>> '{}')::jsonb WHERE jsonb_typeof(payload) = 'string';

-- Down Migration
-- Nothing to undo: the objects are what these rows were meant to hold.
SELECT 1;
