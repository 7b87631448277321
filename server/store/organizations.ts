/** Organisations (tenants) and their API keys. Only a SHA-256 of each key is stored. */
import type { Tx } from './db.js';

export interface Organization {
  id: string;
  name: string;
  slug: string;
}

export async function insertOrganization(sql: Tx, org: Organization): Promise<Organization> {
  const [row] = await sql<Organization[]>`
    INSERT INTO organizations (id, name, slug) VALUES (${org.id}, ${org.name}, ${org.slug})
    RETURNING id, name, slug`;
  return row!;
}

/** The organisation with `org.slug`, inserted first when there is none (safe under concurrent calls). */
export async function ensureOrganization(sql: Tx, org: Organization): Promise<Organization> {
  await sql`INSERT INTO organizations (id, name, slug) VALUES (${org.id}, ${org.name}, ${org.slug}) ON CONFLICT (slug) DO NOTHING`;
  return (await findOrganizationBySlug(sql, org.slug))!;
}

export async function findOrganizationBySlug(sql: Tx, slug: string): Promise<Organization | undefined> {
  const [row] = await sql<Organization[]>`SELECT id, name, slug FROM organizations WHERE slug = ${slug}`;
  return row;
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

/** The organisation owning a non-revoked key with this hash. */
export async function findOrganizationByKeyHash(sql: Tx, hash: Buffer): Promise<Organization | undefined> {
  const [row] = await sql<Organization[]>`
    SELECT o.id, o.name, o.slug FROM api_keys k JOIN organizations o ON o.id = k.organization_id
    WHERE k.key_hash = ${hash} AND k.revoked_at IS NULL`;
  return row;
}
