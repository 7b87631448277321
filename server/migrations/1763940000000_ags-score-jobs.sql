-- Up Migration
-- LTI AGS scores are delivered by one pg-boss job per row (lti/ags.ts, queue `lti-ags-score`, job id = row id):
-- pg-boss owns retries and backoff, so the outbox's own schedule goes.
DROP INDEX lti_score_outbox_due;
ALTER TABLE lti_score_outbox DROP COLUMN next_attempt_at;
-- The record of what was posted: the line item a `sent` score went to.
ALTER TABLE lti_score_outbox ADD COLUMN lineitem_url text;
CREATE INDEX lti_score_outbox_pending ON lti_score_outbox (resource_link_uuid, user_sub, score_timestamp) WHERE status = 'pending';

-- Down Migration
DROP INDEX lti_score_outbox_pending;
ALTER TABLE lti_score_outbox DROP COLUMN lineitem_url;
ALTER TABLE lti_score_outbox ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX lti_score_outbox_due ON lti_score_outbox (next_attempt_at) WHERE status = 'pending';
