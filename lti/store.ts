/** Our LTI tables (migration 1763820000000_lti.sql). */
import type { Tx } from '../server/db/db.js';

export interface Registration {
  issuer: string;
  clientId: string;
  organizationId: string;
  name: string;
  jwksUrl: string;
  /** Dynamic registrations whose platform named no deployment (Canvas): deployments are recorded at first launch. */
  acceptNewDeployments?: boolean;
}

export async function upsertRegistration(sql: Tx, r: Registration, deploymentIds: string[]) {
  await sql`
    INSERT INTO lti_registrations (issuer, client_id, organization_id, name, jwks_url, accept_new_deployments)
    VALUES (${r.issuer}, ${r.clientId}, ${r.organizationId}, ${r.name}, ${r.jwksUrl}, ${r.acceptNewDeployments ?? false})
    ON CONFLICT (issuer, client_id) DO UPDATE SET name = EXCLUDED.name, jwks_url = EXCLUDED.jwks_url,
      accept_new_deployments = EXCLUDED.accept_new_deployments`;
  for (const d of deploymentIds) {
    await sql`INSERT INTO lti_deployments (issuer, client_id, deployment_id) VALUES (${r.issuer}, ${r.clientId}, ${d}) ON CONFLICT DO NOTHING`;
  }
}

export async function findRegistration(sql: Tx, issuer: string, clientId: string): Promise<Registration | undefined> {
  const [row] = await sql<Registration[]>`
    SELECT issuer, client_id AS "clientId", organization_id AS "organizationId", name, jwks_url AS "jwksUrl",
      accept_new_deployments AS "acceptNewDeployments"
    FROM lti_registrations WHERE issuer = ${issuer} AND client_id = ${clientId}`;
  return row;
}

/** Registrations of an issuer (login requests may omit client_id). */
export function findRegistrationsByIssuer(sql: Tx, issuer: string): Promise<Registration[]> {
  return sql<Registration[]>`
    SELECT issuer, client_id AS "clientId", organization_id AS "organizationId", name, jwks_url AS "jwksUrl"
    FROM lti_registrations WHERE issuer = ${issuer} ORDER BY created_at`;
}

/** Record a deployment seen at launch (only for registrations that accept new deployments). */
export async function addDeployment(sql: Tx, issuer: string, clientId: string, deploymentId: string): Promise<void> {
  await sql`INSERT INTO lti_deployments (issuer, client_id, deployment_id) VALUES (${issuer}, ${clientId}, ${deploymentId}) ON CONFLICT DO NOTHING`;
}

export async function deploymentExists(sql: Tx, issuer: string, clientId: string, deploymentId: string): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM lti_deployments WHERE issuer = ${issuer} AND client_id = ${clientId} AND deployment_id = ${deploymentId}`;
  return rows.length === 1;
}

/** Record an id_token nonce; false when it was seen before (a replay). */
export async function useNonce(sql: Tx, nonce: string, expiresAt: Date): Promise<boolean> {
  const rows = await sql`INSERT INTO lti_nonces (nonce, expires_at) VALUES (${nonce}, ${expiresAt}) ON CONFLICT DO NOTHING RETURNING nonce`;
  if (Math.random() < 0.01) await sql`DELETE FROM lti_nonces WHERE expires_at < now()`;
  return rows.length === 1;
}

export interface ResourceLink {
  id: string;
  meetingId: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  contextId: string;
  resourceLinkId: string;
}

export async function findResourceLink(
  sql: Tx,
  k: { issuer: string; clientId: string; deploymentId: string; contextId: string; resourceLinkId: string },
  opts: { forUpdate?: boolean } = {},
): Promise<ResourceLink | undefined> {
  const [row] = await sql<ResourceLink[]>`
    SELECT id, meeting_id AS "meetingId", issuer, client_id AS "clientId", deployment_id AS "deploymentId",
      context_id AS "contextId", resource_link_id AS "resourceLinkId"
    FROM lti_resource_links
    WHERE issuer = ${k.issuer} AND client_id = ${k.clientId} AND deployment_id = ${k.deploymentId}
      AND context_id = ${k.contextId} AND resource_link_id = ${k.resourceLinkId}
    ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`;
  return row;
}

export async function insertResourceLink(
  sql: Tx,
  r: ResourceLink & { contextTitle: string | null; resourceTitle: string | null },
): Promise<void> {
  await sql`
    INSERT INTO lti_resource_links (id, issuer, client_id, deployment_id, context_id, resource_link_id, meeting_id, context_title, resource_title)
    VALUES (${r.id}, ${r.issuer}, ${r.clientId}, ${r.deploymentId}, ${r.contextId}, ${r.resourceLinkId}, ${r.meetingId}, ${r.contextTitle}, ${r.resourceTitle})`;
  await sql`INSERT INTO lti_resource_link_meetings (resource_link_uuid, meeting_id) VALUES (${r.id}, ${r.meetingId})`;
}

/**
 * Point a resource link at the meeting of its new session; the earlier meetings stay linked
 * (lti_resource_link_meetings), for their attendance and grades.
 */
export async function openSession(sql: Tx, resourceLinkUuid: string, meetingId: string): Promise<void> {
  await sql`UPDATE lti_resource_links SET meeting_id = ${meetingId}, updated_at = now() WHERE id = ${resourceLinkUuid}`;
  await sql`INSERT INTO lti_resource_link_meetings (resource_link_uuid, meeting_id) VALUES (${resourceLinkUuid}, ${meetingId})`;
}

/** The resource links that opened `meetingId` (as their current session or an earlier one). */
export async function resourceLinksOfMeeting(sql: Tx, meetingId: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    SELECT id FROM lti_resource_links WHERE meeting_id = ${meetingId}
    UNION SELECT resource_link_uuid FROM lti_resource_link_meetings WHERE meeting_id = ${meetingId}`;
  return rows.map((r) => r.id);
}

/** Keep the service endpoints of the latest launch (LTI AGS 2.0 endpoint claim, NRPS 2.0 claim). */
export async function updateEndpoints(
  sql: Tx,
  id: string,
  e: { lineitems: string | null; lineitem: string | null; scopes: string[]; nrps: string | null },
): Promise<void> {
  await sql`
    UPDATE lti_resource_links SET ags_lineitems_url = ${e.lineitems}, ags_lineitem_url = ${e.lineitem},
      ags_scopes = ${e.scopes}, nrps_url = ${e.nrps}, updated_at = now()
    WHERE id = ${id}`;
}

export async function upsertLaunchUser(
  sql: Tx,
  u: { resourceLinkUuid: string; sub: string; identity: string; name: string | null; email: string | null; role: string },
): Promise<void> {
  await sql`
    INSERT INTO lti_launch_users (resource_link_uuid, sub, identity, name, email, role)
    VALUES (${u.resourceLinkUuid}, ${u.sub}, ${u.identity}, ${u.name}, ${u.email}, ${u.role})
    ON CONFLICT (resource_link_uuid, sub) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
      role = EXCLUDED.role, identity = EXCLUDED.identity, last_launch_at = now()`;
}
