/**
 * Attendance schemas: the single source for validation, the OpenAPI description and test fixtures.
 * Instants are ISO 8601 in UTC; durations are whole seconds or minutes as named; shares are in % (0–100).
 */
import { z } from '@hono/zod-openapi';
import { MeetingSessionSchema } from '../meetings/schemas.js';

export const ATTENDANCE_STATUSES = ['present', 'late', 'partial', 'absent'] as const;
export const AttendanceStatusSchema = z.enum(ATTENDANCE_STATUSES).openapi('AttendanceStatus', {
  description:
    'present: ≥ presentPercent of the reference duration and first joined within the grace period; late: ≥ presentPercent but joined after it; partial: ≥ partialPercent; absent: less, or never joined',
});

export const AttendanceSettingsSchema = z
  .object({
    presentPercent: z.number().int().min(1).max(100).openapi({ example: 80, description: 'present/late from this share (%) of the reference duration' }),
    partialPercent: z.number().int().min(0).max(99).openapi({ example: 30, description: 'partial from this share (%); below it: absent' }),
    graceMinutes: z.number().int().min(0).max(1440).openapi({ example: 15, description: 'A first join up to this many minutes after the start is on time' }),
    rejoinMergeSeconds: z.number().int().min(0).max(3600).openapi({ example: 120, description: 'A re-join within this many seconds continues the previous cycle' }),
    updatedAt: z.string().nullable().openapi({ description: 'UTC instant of the last change; null while the defaults apply' }),
  })
  .openapi('AttendanceSettings');
export type AttendanceSettings = z.infer<typeof AttendanceSettingsSchema>;

export const AttendanceSettingsUpdateSchema = AttendanceSettingsSchema.omit({ updatedAt: true })
  .partial()
  .openapi('AttendanceSettingsUpdate');
export type AttendanceSettingsUpdate = z.infer<typeof AttendanceSettingsUpdateSchema>;

export const AttendanceCycleSchema = z
  .object({
    joinedAt: z.string().openapi({ description: 'UTC instant' }),
    leftAt: z.string().nullable().openapi({ description: 'UTC instant; null while still connected' }),
    seconds: z.number().int().openapi({ description: 'Length in whole seconds (an open cycle: up to the report time)' }),
  })
  .openapi('AttendanceCycle');

export const AttendancePersonSchema = z
  .object({
    identity: z.string().openapi({ description: 'LiveKit identity (the join ticket user id; `lti-…` for LTI launches)' }),
    name: z.string().nullable().openapi({ description: 'Display name (the latest one LiveKit reported)' }),
    sub: z.string().nullable().openapi({ description: 'LTI `sub` of the user, when they came through an LTI launch' }),
    role: z.string().nullable().openapi({ description: 'Room role from the join token (host, moderator, participant, viewer)' }),
    expectedSource: z.string().nullable().openapi({ description: 'Why they were expected (lti_launch, nrps, …); null: only seen joining' }),
    cycles: z.array(AttendanceCycleSchema).openapi({ description: 'Join/leave cycles, a re-join within rejoinMergeSeconds merged into the previous' }),
    firstJoinedAt: z.string().nullable(),
    lastLeftAt: z.string().nullable(),
    seconds: z.number().int().openapi({ description: 'Total connected time, whole seconds' }),
    minutes: z.number().int().openapi({ description: 'Total connected time, whole minutes (rounded)' }),
    percent: z.number().openapi({ description: 'seconds / reference duration, %, one decimal, at most 100' }),
    status: AttendanceStatusSchema,
  })
  .openapi('AttendancePerson');

export const AttendanceReportSchema = z
  .object({
    meeting: z.object({ id: z.string(), title: z.string(), roomName: z.string(), status: z.string() }),
    session: MeetingSessionSchema.openapi({ description: 'The session this report is about (the `session` query parameter, else the latest one)' }),
    generatedAt: z.string().openapi({ description: 'UTC instant the report was computed at (open cycles count up to it)' }),
    final: z.boolean().openapi({ description: 'false while someone is still connected or the room has not finished' }),
    window: z
      .object({ start: z.string(), end: z.string(), durationMinutes: z.number().int(), source: z.enum(['scheduled', 'room']) })
      .nullable()
      .openapi({ description: 'The reference duration: the schedule, else the room\'s actual start and end. null: nothing to measure against yet' }),
    room: z.object({ startedAt: z.string().nullable(), finishedAt: z.string().nullable() }),
    settings: AttendanceSettingsSchema,
    people: z.array(AttendancePersonSchema),
    statistics: z.object({
      people: z.number().int(),
      present: z.number().int(),
      late: z.number().int(),
      partial: z.number().int(),
      absent: z.number().int(),
      averagePercent: z.number().openapi({ description: 'Mean of `percent` over everyone listed, one decimal' }),
    }),
  })
  .openapi('AttendanceReport');
export type AttendanceReport = z.infer<typeof AttendanceReportSchema>;
