/**
 * Scheduling schemas (recurrence, occurrences, attendees, organisation schedule settings): the single source for
 * validation, the OpenAPI description and test fixtures.
 */
import { z } from '@hono/zod-openapi';
import { InstantSchema, singleLine } from '../../shared/schemas.js';

/** Largest COUNT of an RRULE. */
export const MAX_COUNT = 1000;
/** At most this many occurrences in the first year of a series (about one a day). */
export const MAX_PER_YEAR = 366;
/** No occurrence starts this many years or more after the first (DTSTART): the horizon of every series. */
export const HORIZON_YEARS = 10;

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** RFC 5545 §3.8.5.3 RRULE (value only) plus §3.8.5.1 EXDATEs given as the excluded occurrences' UTC start instants. */
export const RecurrenceSchema = z
  .object({
    rrule: singleLine()
      .trim()
      .min(6)
      .max(500)
      // No regex flags: the OpenAPI document publishes only the source, so it must mean the same without them.
      .regex(/^(RRULE:)?[A-Za-z0-9=;,+-]+$/, 'must be an RRULE value such as FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10')
      .openapi({
        example: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10',
        description: `RFC 5545 §3.3.10 RRULE value; DTSTART is the meeting start in its \`timezone\` and always counts as the first occurrence. A local time that does not exist (DST gap) moves forward by the gap; one that occurs twice is the first (§3.3.5). Limits: FREQ=DAILY, WEEKLY, MONTHLY or YEARLY; COUNT 1…${MAX_COUNT} and not with UNTIL; UNTIL a UTC date-time (\`20271231T235959Z\`); at most ${MAX_PER_YEAR} occurrences in the first year; horizon ${HORIZON_YEARS} years: UNTIL and the last COUNT occurrence within ${HORIZON_YEARS} years of the start, and a rule without COUNT/UNTIL has no occurrence after that (listings beyond it are empty; the .ics carries that UNTIL). 400 naming \`recurrence.rrule\` otherwise.`,
      }),
    exdates: z.array(InstantSchema).max(500).optional().openapi({ description: 'Original start instants of occurrences left out (EXDATE)' }),
  })
  .openapi('Recurrence');
export type Recurrence = z.infer<typeof RecurrenceSchema>;

export const OccurrenceSchema = z
  .object({
    key: z.string().openapi({ description: '`once`, or the RECURRENCE-ID as a UTC instant; use it to cancel or move this occurrence' }),
    recurrenceId: z.string().nullable().openapi({ description: 'Original start (UTC)' }),
    startAt: z.string().openapi({ description: 'UTC instant' }),
    endAt: z.string().openapi({ description: 'UTC instant' }),
    localStart: z.string().openapi({ example: '2026-10-26T09:00:00', description: "Wall-clock time in the meeting's zone" }),
    localEnd: z.string(),
    timezone: z.string(),
    moved: z.boolean(),
  })
  .openapi('Occurrence');

export const OccurrenceListSchema = z
  .object({
    meetingId: z.uuid(),
    timezone: z.string(),
    live: z.enum(['open', 'closed', 'unknown']).openapi({ description: "Whether the LiveKit room exists now; `unknown` when LiveKit can't be reached" }),
    items: z.array(OccurrenceSchema),
  })
  .openapi('OccurrenceList');

export const OccurrenceQuerySchema = z.object({
  from: InstantSchema.optional().openapi({ description: 'Default: now' }),
  to: InstantSchema.optional().openapi({ description: `Default: from + 90 days. Nothing starts more than ${HORIZON_YEARS} years after the first occurrence: a range beyond that is an empty page` }),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const OccurrenceParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  key: singleLine().min(1).max(40).openapi({ param: { name: 'key', in: 'path' }, example: '2026-10-26T08:00:00.000Z' }),
});

export const OccurrenceMoveSchema = z
  .object({ startAt: InstantSchema, endAt: InstantSchema.optional().openapi({ description: 'Default: start + the series duration' }) })
  .superRefine((v, ctx) => {
    if (v.endAt && Date.parse(v.endAt) <= Date.parse(v.startAt)) ctx.addIssue({ code: 'custom', path: ['endAt'], message: 'must be after startAt' });
  })
  .openapi('OccurrenceMove');

export const AttendeeCreateSchema = z
  .object({
    email: z.email().max(320).transform((e) => e.toLowerCase()).openapi({ example: 'ada@example.edu' }),
    name: singleLine().trim().min(1).max(200).openapi({ example: 'Ada Lovelace' }),
    userId: singleLine()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({
        example: 'u-1842',
        description:
          'Your user id for this person: their participant identity when they join through their invitation link, the same as the join tickets your backend mints for them (one participant, whichever way they come). Default: an identity derived from the email (`invitee-…`).',
      }),
  })
  .openapi('AttendeeCreate');

export const AttendeeSchema = z
  .object({
    email: z.string(),
    name: z.string(),
    userId: z.string().nullable(),
    createdAt: z.string(),
    invitation: z.enum(['sent', 'stored', 'failed', 'none']).openapi({ description: 'What happened to the invitation email' }),
    feedUrl: z.string().nullable().openapi({ description: "The attendee's personal iCal feed; shown once, when the feed is created" }),
  })
  .openapi('Attendee');

export const AttendeeListSchema = z.object({ items: z.array(AttendeeSchema.omit({ invitation: true, feedUrl: true })) }).openapi('AttendeeList');

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

/** An http(s) URL with the placeholder `{meetingId}` (and no other `{…}`), e.g. `https://portal.example.edu/classes/{meetingId}`. */
export const JoinUrlTemplateSchema = singleLine()
  .trim()
  .max(2000)
  .superRefine((v, ctx) => {
    if (!v.includes('{meetingId}')) ctx.addIssue({ code: 'custom', message: 'must contain {meetingId}, e.g. https://portal.example.edu/classes/{meetingId}' });
    const other = v.replaceAll('{meetingId}', '').match(/\{[^}]*\}/);
    if (other) ctx.addIssue({ code: 'custom', message: `unknown placeholder ${other[0]}: only {meetingId} is replaced` });
    let url: URL | undefined;
    try {
      url = new URL(v.replaceAll('{meetingId}', '00000000-0000-0000-0000-000000000000'));
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) ctx.addIssue({ code: 'custom', message: 'must be an absolute http:// or https:// URL' });
  });

export const ScheduleSettingsSchema = z
  .object({
    openMinutesBefore: z.number().int().min(0).max(1440).openapi({ description: 'Open the LiveKit room this many minutes before start' }),
    graceMinutesAfter: z.number().int().min(0).max(1440).openapi({ description: 'End and clean up this many minutes after the end' }),
    dailyWindow: z
      .object({ start: time, end: time })
      .nullable()
      .openapi({ description: "Local time-of-day (meeting's zone) every occurrence must fit in; null: any time" }),
    blockedWeekdays: z.array(z.enum(WEEKDAYS)).max(7).openapi({ description: 'Weekdays on which no occurrence may start' }),
    autoEnd: z.boolean().openapi({ description: 'End the room automatically after end + grace' }),
    joinUrlTemplate: JoinUrlTemplateSchema.nullable().openapi({
      description:
        "Where invitations and reminders send attendees: your own page that embeds <video-room> (its backend signs the user in and mints the join ticket), with `{meetingId}` replaced by the meeting id. null: each attendee gets a personal link to this server's hosted join page (`/j/<token>`).",
      example: 'https://portal.example.edu/classes/{meetingId}',
    }),
  })
  .openapi('ScheduleSettings');
export type ScheduleSettings = z.infer<typeof ScheduleSettingsSchema>;
export const ScheduleSettingsUpdateSchema = ScheduleSettingsSchema.partial().openapi('ScheduleSettingsUpdate');

export const FeedParamsSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}\.ics$/).openapi({ param: { name: 'token', in: 'path' }, example: 'k3J…x.ics' }),
});
