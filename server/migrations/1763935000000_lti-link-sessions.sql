-- Up Migration
-- Every meeting an LTI resource link has opened: a resource link is a class's permanent place, and after a session
-- is ended (POST /meetings/{id}/end) the next launch opens a new session, a meeting of its own (its own LiveKit room,
-- attendance and grades). lti_resource_links.meeting_id is the current session; this table keeps the earlier ones
-- linked, so their attendance still lists the class and their grades still reach the link's line item.
CREATE TABLE lti_resource_link_meetings (
  resource_link_uuid uuid NOT NULL REFERENCES lti_resource_links(id) ON DELETE CASCADE,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  opened_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (resource_link_uuid, meeting_id)
);
CREATE INDEX lti_resource_link_meetings_meeting ON lti_resource_link_meetings (meeting_id);
INSERT INTO lti_resource_link_meetings (resource_link_uuid, meeting_id, opened_at)
  SELECT id, meeting_id, created_at FROM lti_resource_links;

-- Down Migration
DROP TABLE lti_resource_link_meetings;
