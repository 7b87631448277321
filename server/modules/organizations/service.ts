/**
 * Organisations (tenants) and API keys. A key is `vr_<prefix>_<secret>`; we store only its SHA-256,
 * so a key is shown once, when created.
 *
 * The operator's service: `npm run orgs` (scripts/orgs.ts) and the operator API (organizations/operator-routes.ts) both
 * call `createOrganizationWithKey`, `listOrganizationsWithKeys`, `rotateApiKey` and `revokeApiKey`.
 * Keys are checked against the database on every request (`authenticateApiKey`, no in-process cache), so a
 * revocation holds at once on every server instance.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../errors.js';
import type { Sql, Tx } from '../../db/db.js';
import * as store from './store.js';
import type { ApiKeyRow, Organization } from './store.js';
import { newId, randomCode } from '../../shared/ids.js';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest();

/** Create an organisation. @throws postgres unique violation when `slug` is taken */
export async function createOrganization(sql: Tx, input: { name: string; slug: string }) {
  return store.insertOrganization(sql, { id: newId('org'), name: input.name, slug: input.slug });
}

/** Create an API key for `organizationId`; returns the plaintext key (shown once). */
export async function createApiKey(sql: Tx, organizationId: string, name: string, key?: string): Promise<string> {
  return (await issueApiKey(sql, organizationId, name, key)).key;
}

/** The organisation with this slug, created (with a new id) when there is none. */
export function ensureOrganization(sql: Tx, input: { name: string; slug: string }) {
  return store.ensureOrganization(sql, { id: newId('org'), ...input });
}

/** The organisation with this slug, or undefined. */
export function organizationBySlug(sql: Tx, slug: string) {
  return store.findOrganizationBySlug(sql, slug);
}

/** The organisation of a valid (non-revoked) key, or undefined. */
/** An API key as operators see it (JSON-ready: instants as UTC ISO strings); `key` only when just issued. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  key?: string;
}
const keyView = (k: ApiKeyRow): ApiKeyView => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null });

async function issueApiKey(sql: Tx, organizationId: string, name: string, key?: string): Promise<ApiKeyView & { key: string }> {
  const plaintext = key ?? `vr_${randomCode(8)}_${randomBytes(24).toString('base64url')}`;
  const id = newId('key');
  await store.insertApiKey(sql, { id, organizationId, name, prefix: plaintext.slice(0, 11), hash: hashApiKey(plaintext) });
  const row = (await store.findApiKey(sql, organizationId, id))!;
  return { ...keyView(row), key: plaintext };
}

/** The organisation of a valid (non-revoked) key, or undefined. Reads the database every time (no cache). */
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

export interface OrganizationView extends Organization {
  createdAt: string;
  apiKeys: ApiKeyView[];
}

/**
 * Create an organisation and its first API key in one transaction.
 * @param input.slug `^[a-z0-9][a-z0-9-]{0,30}$`; input.name 1–200 chars; input.keyName the key's label
 * @returns the organisation and the key, whose `key` (plaintext) is shown this once
 * @throws AppError 409 `slug_taken` (field `slug`); nothing is created then
 */
export async function createOrganizationWithKey(sql: Sql, input: { name: string; slug: string; keyName?: string }): Promise<{ organization: OrganizationView; apiKey: ApiKeyView & { key: string } }> {
  return sql.begin(async (tx) => {
    const org = await store.insertOrganizationIfNew(tx, { id: newId('org'), name: input.name, slug: input.slug });
    if (!org) throw new AppError(409, 'slug_taken', `An organisation with slug ${input.slug} exists`, 'slug');
    const apiKey = await issueApiKey(tx, org.id, input.keyName ?? 'first key');
    const { key: _shownOnce, ...listed } = apiKey;
    return { organization: { ...org, createdAt: apiKey.createdAt, apiKeys: [listed] }, apiKey };
  }) as Promise<{ organization: OrganizationView; apiKey: ApiKeyView & { key: string } }>;
}

/** Every organisation with its keys (revoked ones too; never a key or its hash), oldest first. */
export async function listOrganizationsWithKeys(sql: Tx): Promise<OrganizationView[]> {
  const orgs = await store.listOrganizations(sql);
  const keys = await store.listApiKeys(sql, orgs.map((o) => o.id));
  return orgs.map((o) => ({
    id: o.id,
    name: o.name,
    slug: o.slug,
    createdAt: o.createdAt.toISOString(),
    apiKeys: keys.filter((k) => k.organizationId === o.id).map(keyView),
  }));
}

/** @throws AppError 404 `not_found` (field `slug`) */
async function requireOrganization(sql: Tx, slug: string): Promise<Organization> {
  const org = await store.findOrganizationBySlug(sql, slug);
  if (!org) throw new AppError(404, 'not_found', `No organisation with slug ${slug}`, 'slug');
  return org;
}

/**
 * Rotate: issue a new key and revoke, in the same transaction, the organisation's active key `keyId` (or all of
 * its active keys when `keyId` is left out). The old key answers 401 from the commit on, on every instance.
 * @returns the new key (plaintext `key` shown this once) and the keys revoked
 * @throws AppError 404 `not_found` for an unknown slug (field `slug`) or a `keyId` that is not an active key of it
 *   (field `keyId`); nothing changes then
 */
export async function rotateApiKey(sql: Sql, input: { slug: string; keyId?: string; name?: string }): Promise<{ apiKey: ApiKeyView & { key: string }; revoked: ApiKeyView[] }> {
  return sql.begin(async (tx) => {
    const org = await requireOrganization(tx, input.slug);
    const revoked = await store.revokeApiKeys(tx, org.id, input.keyId);
    if (input.keyId !== undefined && !revoked.length) throw new AppError(404, 'not_found', `No active key ${input.keyId} in ${input.slug}`, 'keyId');
    const apiKey = await issueApiKey(tx, org.id, input.name ?? `rotated ${new Date().toISOString().slice(0, 10)}`);
    return { apiKey, revoked: revoked.map(keyView) };
  }) as Promise<{ apiKey: ApiKeyView & { key: string }; revoked: ApiKeyView[] }>;
}

/**
 * Revoke one key of an organisation (idempotent: an already revoked key is returned as it is).
 * @throws AppError 404 `not_found` for an unknown slug (field `slug`) or key (field `keyId`)
 */
export async function revokeApiKey(sql: Tx, input: { slug: string; keyId: string }): Promise<ApiKeyView> {
  const org = await requireOrganization(sql, input.slug);
  await store.revokeApiKeys(sql, org.id, input.keyId);
  const key = await store.findApiKey(sql, org.id, input.keyId);
  if (!key) throw new AppError(404, 'not_found', `No key ${input.keyId} in ${input.slug}`, 'keyId');
  return keyView(key);
}
