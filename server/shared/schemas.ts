/** Zod schemas every module shares (instants, zones, the error body, error responses). Shared infrastructure. */
import { z } from '@hono/zod-openapi';

/** Body of every 4xx/5xx answer. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_error' }),
      message: z.string().openapi({ example: 'title: Too small: expected string to have >=1 characters' }),
      field: z.string().optional().openapi({ example: 'title' }),
    }),
  })
  .openapi('Error');

/** An IANA time zone name accepted by this runtime's Intl (e.g. `Europe/Berlin`). */
export const TimeZoneSchema = z
  .string()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin')
  .openapi({ example: 'Europe/Berlin' });

/** An instant: ISO 8601 with `Z` or an offset; stored and returned in UTC. */
export const InstantSchema = z.iso.datetime({ offset: true }).openapi({ example: '2026-12-01T09:00:00Z' });

export const errorResponses = (...codes: (400 | 401 | 403 | 404 | 409 | 410 | 429)[]) =>
  Object.fromEntries(
    codes.map((c) => [c, { description: errorDescriptions[c], content: { 'application/json': { schema: ErrorSchema } } }]),
  );

const errorDescriptions: Record<number, string> = {
  400: 'Invalid input; `error.field` names the field',
  401: 'Missing or invalid credentials (API key, ticket or password)',
  403: 'Not allowed',
  404: 'Not found (or not in your organisation)',
  409: 'Conflicts with the meeting state (ended, cancelled)',
  410: 'Gone',
  429: 'Too many attempts',
};
