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

/**
 * Strings, in one place. PostgreSQL cannot store NUL in text or jsonb, and no control character means anything in a
 * name, id, zone, email or URL: every string a client sends is built here, so bad characters are a 400 naming the
 * field (never a database error), and the published schema says so (`pattern`).
 */
const FREE_TEXT = /^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/;
/** No control character at all (C0, DEL, C1): names, ids, zones, URLs. */
export const SINGLE_LINE = /^[^\x00-\x1f\x7f-\x9f]*$/;
/** Free text (a meeting's description, a request's message): any character but C0 controls other than tab, LF, CR, and DEL. */
export const freeText = () => z.string().regex(FREE_TEXT, 'must not contain control characters (only tab and line breaks are allowed)');
/** Names, ids, tags, codes, tokens: no control characters at all (C0, DEL, C1), so no line breaks either. */
export const singleLine = () => z.string().regex(SINGLE_LINE, 'must not contain control characters or line breaks');
/** An absolute http(s) URL without control characters. */
export const httpUrl = () =>
  z.url().refine((u) => SINGLE_LINE.test(u) && /^https?:\/\//i.test(u), 'must be an absolute http:// or https:// URL without control characters');
/** True when `s` holds a character no string of this API accepts anywhere (NUL and the C0 controls but tab, LF, CR). */
export const hasForbiddenControl = (s: string) => !FREE_TEXT.test(s);
/** True when `s` holds any control character (for path and query values). */
export const hasControl = (s: string) => !SINGLE_LINE.test(s);

/** An IANA time zone name accepted by this runtime's Intl (e.g. `Europe/Berlin`). */
export const TimeZoneSchema = singleLine()
  .max(100)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin')
  .openapi({ example: 'Europe/Berlin' });

/**
 * The instants this API accepts: 2000-01-01T00:00:00Z … 2100-12-31T23:59:59Z (UTC). Every library on the path
 * (JWT `exp`, Temporal, iCalendar, PostgreSQL) represents all of it, with a day to spare for a meeting's length.
 */
export const EARLIEST_INSTANT = '2000-01-01T00:00:00Z';
export const LATEST_INSTANT = '2100-12-31T23:59:59Z';
const inRange = (ms: number) => ms >= Date.parse(EARLIEST_INSTANT) && ms <= Date.parse(LATEST_INSTANT);
const range = { formatMinimum: EARLIEST_INSTANT, formatMaximum: LATEST_INSTANT } as Record<string, string>;

/** An instant: ISO 8601 with `Z` or an offset, between EARLIEST_INSTANT and LATEST_INSTANT; stored and returned in UTC. */
export const InstantSchema = z.iso
  .datetime({ offset: true })
  .refine((s) => inRange(Date.parse(s)), `must be between ${EARLIEST_INSTANT} and ${LATEST_INSTANT}`)
  .openapi({ example: '2026-12-01T09:00:00Z', description: `UTC or with an offset; from ${EARLIEST_INSTANT} to ${LATEST_INSTANT}`, ...range });

/** A calendar date (YYYY-MM-DD) from 2000-01-01 to 2100-12-31. */
export const DateSchema = z.iso
  .date()
  .refine((s) => inRange(Date.parse(`${s}T00:00:00Z`)), `must be between ${EARLIEST_INSTANT.slice(0, 10)} and ${LATEST_INSTANT.slice(0, 10)}`)
  .openapi({ formatMinimum: EARLIEST_INSTANT.slice(0, 10), formatMaximum: LATEST_INSTANT.slice(0, 10) } as Record<string, string>);

/** `schema` or `null`, published as `anyOf: [schema, {type: null}]` (`.nullable()` on a named schema publishes a schema that refuses null). */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

/**
 * A ticket the server signs for a client, as answered: `{ticket, expiresAt}` (`expiresAt` a UTC instant), named
 * `name` in the OpenAPI document; `use` tells the integrator what to do with the ticket.
 */
export const signedTicketSchema = (name: string, use: string) =>
  z.object({ ticket: z.string().openapi({ description: use }), expiresAt: z.string().openapi({ description: 'UTC instant' }) }).openapi(name);

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 429 | 503;
export const errorResponses = (...codes: ErrorStatus[]) =>
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
  413: 'Request body over 64 KiB',
  429: 'Too many attempts',
  503: 'A service we depend on (LiveKit) cannot be reached; nothing was changed',
};
