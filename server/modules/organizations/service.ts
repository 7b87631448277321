/**
 * Organisations (tenants) and API keys. A key is `vr_<prefix>_<secret>`; we store only its SHA-256,
 * so a key is shown once, when created.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Tx } from '../../db/db.js';
import * as store from './store.js';
import { newId, randomCode } from '../../shared/ids.js';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest();

/** Create an organisation. @throws postgres unique violation when `slug` is taken */
export async function createOrganization(sql: Tx, input: { name: string; slug: string }) {
  return store.insertOrganization(sql, { id: newId('org'), name: input.name, slug: input.slug });
}

/** Create an API key for `organizationId`; returns the plaintext key (shown once). */
export async function createApiKey(sql: Tx, organizationId: string, name: string, key?: string): Promise<string> {
  const prefix = randomCode(8);
  const plaintext = key ?? `vr_${prefix}_${randomBytes(24).toString('base64url')}`;
  await store.insertApiKey(sql, { id: newId('key'), organizationId, name, prefix: plaintext.slice(0, 11), hash: hashApiKey(plaintext) });
  return plaintext;
}

/** The organisation with this slug, or undefined. */
export function organizationBySlug(sql: Tx, slug: string) {
  return store.findOrganizationBySlug(sql, slug);
}

/** The organisation of a valid (non-revoked) key, or undefined. */
export function authenticateApiKey(sql: Tx, key: string) {
  return store.findOrganizationByKeyHash(sql, hashApiKey(key));
}

/**
 * Make sure the development organisation exists and accepts `key` (idempotent: `npm start` calls it every time).
 */
export async function ensureDevOrganization(sql: Tx, key: string) {
  let org = await store.findOrganizationBySlug(sql, 'dev');
  org ??= await createOrganization(sql, { name: 'Development', slug: 'dev' });
  await createApiKey(sql, org.id, 'dev key (npm start)', key);
  return org;
}
