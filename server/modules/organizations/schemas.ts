/**
 * Operator API schemas: organisations (tenants) and their API keys. Instants are UTC ISO 8601. A key's plaintext
 * (`key`) appears only in the answer that issued it.
 */
import { z } from '@hono/zod-openapi';
import { SINGLE_LINE } from '../../shared/schemas.js';

export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes, 1–31 characters, not starting with a dash')
  .openapi({ example: 'school-of-arts', description: 'Short unique name of the organisation' });
/** A name: trimmed, 1–`max` characters, no control characters (the API's one single-line rule, server/shared/schemas.ts). */
const printable = (max: number) => z.string().trim().min(1).max(max).regex(SINGLE_LINE, 'must not contain control characters or line breaks');
const KeyNameSchema = printable(100).openapi({ description: 'A label to recognise the key by' });
/** A key id as issued (`key_` + 16 letters and digits). */
export const KeyIdSchema = z.string().regex(/^key_[a-z0-9]{1,40}$/, 'a key id such as key_abcd…').openapi({ example: 'key_k3x9mfq2rz7wd4nb' });

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first 11 characters of the key (`vr_` + 8), to recognise it' }),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');
export const NewApiKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({ description: 'The key itself (`Authorization: Bearer <key>`). Shown this once; only its SHA-256 is stored.' }),
}).openapi('NewApiKey');

export const OrganizationSchema = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), createdAt: z.string(), apiKeys: z.array(ApiKeySchema) })
  .openapi('Organization');
export const OrganizationListSchema = z.object({ items: z.array(OrganizationSchema) }).openapi('OrganizationList');

export const OrganizationCreateSchema = z
  .object({
    name: printable(200),
    slug: SlugSchema,
    keyName: KeyNameSchema.optional(),
  })
  .openapi('OrganizationCreate');
export const OrganizationCreatedSchema = z.object({ organization: OrganizationSchema, apiKey: NewApiKeySchema }).openapi('OrganizationCreated');

export const RotateKeySchema = z
  .object({
    keyId: KeyIdSchema.optional().openapi({ description: 'The key to replace; left out: every active key of the organisation' }),
    name: KeyNameSchema.optional(),
  })
  .openapi('ApiKeyRotate');
export const RotatedKeySchema = z
  .object({ apiKey: NewApiKeySchema, revoked: z.array(ApiKeySchema).openapi({ description: 'Keys revoked by this rotation' }) })
  .openapi('ApiKeyRotated');

export const SlugParamsSchema = z.object({ slug: SlugSchema.openapi({ param: { name: 'slug', in: 'path' } }) });
export const KeyParamsSchema = SlugParamsSchema.extend({ keyId: KeyIdSchema.openapi({ param: { name: 'keyId', in: 'path' } }) });
