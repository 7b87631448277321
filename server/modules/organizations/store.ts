/** Organisations (tenants) and their API keys. Only a SHA-256 of each key is stored. */
import type { Tx } from '../../db/db.js';

export interface Organization {
  id: string;
  name: string;
  slug: string;
}

/** An API key as operators see it: never the key or its hash. Instants UTC. */
export interface ApiKeyRow {
  id: string;
  organizationId: string;
  name: string;
  /** The key's first 11 characters (`vr_` + 8), to recognise it. */
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

const keyColumns = (sql: Tx) =>
  sql`id, organization_id AS "organizationId", name, key_prefix AS "prefix", created_at AS "createdAt", revoked_at AS "revokedAt"`;

export async function insertOrganization(sql: Tx, org: Organization): Promise<Organization> {
  const [row] = await sql<Organization[]>`
    INSERT INTO organizations (id, name, slug) VALUES (${org.id}, ${org.name}, ${org.slug})
    RETURNING id, name, slug`;
  return row!;
}

/** Insert `org` unless its slug is taken; undefined when it is. */
export async function insertOrganizationIfNew(sql: Tx, org: Organization): Promise<Organization | undefined> {
  const [row] = await sql<Organization[]>`
    INSERT INTO organizations (id, name, slug) VALUES (${org.id}, ${org.name}, ${org.slug})
    ON CONFLICT (slug) DO NOTHING RETURNING id, name, slug`;
  return row;
}

/** The organisation with `org.slug`, inserted first when there is none (safe under concurrent calls). */
export async function ensureOrganization(sql: Tx, org: Organization): Promise<Organization> {
  return (await insertOrganizationIfNew(sql, org)) ?? (await findOrganizationBySlug(sql, org.slug))!;
}

export async function findOrganizationBySlug(sql: Tx, slug: string): Promise<Organization | undefined> {
  const [row] = await sql<Organization[]>`SELECT id, name, slug FROM organizations WHERE slug = ${slug}`;
  return row;
}

/** Every organisation with its creation instant, oldest first. */
export async function listOrganizations(sql: Tx): Promise<(Organization & { createdAt: Date })[]> {
  return sql<(Organization & { createdAt: Date })[]>`SELECT id, name, slug, created_at AS "createdAt" FROM organizations ORDER BY created_at, slug`;
}

/** The keys of these organisations (revoked ones too), oldest first. */
export async function listApiKeys(sql: Tx, organizationIds: string[]): Promise<ApiKeyRow[]> {
  return sql<ApiKeyRow[]>`SELECT ${keyColumns(sql)} FROM api_keys WHERE organization_id = ANY(${organizationIds}) ORDER BY created_at, id`;
}

export async function insertApiKey(
  sql: Tx,
  key: { id: string; organizationId: string; name: string; prefix: string; hash: Buffer },
): Promise<void> {
  await sql`
    INSERT INTO api_keys (id, organization_id, name, key_prefix, key_hash)
    VALUES (${key.id}, ${key.organizationId}, ${key.name}, ${key.prefix}, ${key.hash})
    ON CONFLICT (key_hash) DO NOTHING`;
}

/**
 * Revoke the organisation's active keys: `keyId` alone, or all of them when it is undefined. Returns the keys
 * revoked now (already revoked ones are left as they are and not returned).
 */
export async function revokeApiKeys(sql: Tx, organizationId: string, keyId?: string): Promise<ApiKeyRow[]> {
  return sql<ApiKeyRow[]>`
    UPDATE api_keys SET revoked_at = now()
    WHERE organization_id = ${organizationId} AND revoked_at IS NULL ${keyId === undefined ? sql`` : sql`AND id = ${keyId}`}
    RETURNING ${keyColumns(sql)}`;
}

/** One key of the organisation, or undefined. */
export async function findApiKey(sql: Tx, organizationId: string, keyId: string): Promise<ApiKeyRow | undefined> {
  const [row] = await sql<ApiKeyRow[]>`SELECT ${keyColumns(sql)} FROM api_keys WHERE organization_id = ${organizationId} AND id = ${keyId}`;
  return row;
}

/** The organisation owning a non-revoked key with this hash. */
export async function findOrganizationByKeyHash(sql: Tx, hash: Buffer): Promise<Organization | undefined> {
  const [row] = await sql<Organization[]>`
    SELECT o.id, o.name, o.slug FROM api_keys k JOIN organizations o ON o.id = k.organization_id
    WHERE k.key_hash = ${hash} AND k.revoked_at IS NULL`;
  return row;
}
