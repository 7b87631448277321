-- Up Migration
-- The context roster from Names and Role Provisioning Services (NRPS 2.0), per resource link: everyone the
-- platform says is in the course, whether or not they ever launched (absentees are those who never joined).
CREATE TABLE lti_members (
  resource_link_uuid uuid NOT NULL REFERENCES lti_resource_links(id) ON DELETE CASCADE,
  sub text NOT NULL,
  identity text NOT NULL,
  name text,
  email text,
  role text NOT NULL,
  status text NOT NULL DEFAULT 'Active',
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (resource_link_uuid, sub)
);

-- Down Migration
DROP TABLE lti_members;
