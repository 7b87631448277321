-- Up Migration
-- ltijs's own storage (platforms, tool keys, access tokens…), one jsonb document per row (lti/db-plugin.ts).
CREATE TABLE ltijs_documents (
  id bigserial PRIMARY KEY,
  collection text NOT NULL,
  doc jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);
CREATE INDEX ltijs_documents_doc ON ltijs_documents USING gin (doc jsonb_path_ops);
CREATE INDEX ltijs_documents_collection ON ltijs_documents (collection, expires_at);
-- The unique keys ltijs's MongoDB schemas declare.
CREATE UNIQUE INDEX ltijs_platform_url_client ON ltijs_documents ((doc->>'platformUrl'), (doc->>'clientId')) WHERE collection = 'platform';
CREATE UNIQUE INDEX ltijs_platform_kid ON ltijs_documents ((doc->>'kid')) WHERE collection = 'platform';
CREATE UNIQUE INDEX ltijs_platform_status_id ON ltijs_documents ((doc->>'id')) WHERE collection = 'platformStatus';
CREATE UNIQUE INDEX ltijs_publickey_kid ON ltijs_documents ((doc->>'kid')) WHERE collection = 'publickey';
CREATE UNIQUE INDEX ltijs_privatekey_kid ON ltijs_documents ((doc->>'kid')) WHERE collection = 'privatekey';
CREATE UNIQUE INDEX ltijs_nonce ON ltijs_documents ((doc->>'nonce')) WHERE collection = 'nonce';
CREATE UNIQUE INDEX ltijs_state ON ltijs_documents ((doc->>'state')) WHERE collection = 'state';

-- Which organisation a platform registration (issuer + client_id) belongs to.
CREATE TABLE lti_registrations (
  issuer text NOT NULL,
  client_id text NOT NULL,
  organization_id text NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  jwks_url text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, client_id)
);

-- Known deployments: a launch from any other deployment_id is refused (every Canvas shares one issuer).
CREATE TABLE lti_deployments (
  issuer text NOT NULL,
  client_id text NOT NULL,
  deployment_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, client_id, deployment_id),
  FOREIGN KEY (issuer, client_id) REFERENCES lti_registrations (issuer, client_id) ON DELETE CASCADE
);

-- One meeting per resource link (created on first launch), with the service endpoints the platform gave us,
-- so background jobs never depend on ltijs's 24 h token store.
CREATE TABLE lti_resource_links (
  id uuid PRIMARY KEY,
  issuer text NOT NULL,
  client_id text NOT NULL,
  deployment_id text NOT NULL,
  context_id text NOT NULL,
  resource_link_id text NOT NULL,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  context_title text,
  resource_title text,
  ags_lineitems_url text,
  ags_lineitem_url text,
  ags_scopes text[] NOT NULL DEFAULT '{}',
  nrps_url text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, client_id, deployment_id, context_id, resource_link_id),
  FOREIGN KEY (issuer, client_id, deployment_id) REFERENCES lti_deployments (issuer, client_id, deployment_id) ON DELETE CASCADE
);

-- People who launched a resource link (LTI `sub`), for attendance and grade passback.
CREATE TABLE lti_launch_users (
  resource_link_uuid uuid NOT NULL REFERENCES lti_resource_links(id) ON DELETE CASCADE,
  sub text NOT NULL,
  name text,
  email text,
  role text NOT NULL,
  last_launch_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (resource_link_uuid, sub)
);

-- id_token nonces already used (replay protection); rows older than the token lifetime can be dropped.
CREATE TABLE lti_nonces (
  nonce text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

-- Down Migration
DROP TABLE lti_nonces;
DROP TABLE lti_launch_users;
DROP TABLE lti_resource_links;
DROP TABLE lti_deployments;
DROP TABLE lti_registrations;
DROP TABLE ltijs_documents;
