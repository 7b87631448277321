/**
 * Analytics schemas: the single source for the answer's validation, the OpenAPI description and test fixtures.
 * Instants are ISO 8601 in UTC; durations are whole seconds or minutes as named; counts are integers.
 */
import { z } from '@hono/zod-openapi';
import { MeetingSessionSchema } from '../meetings/schemas.js';

const count = (description: string) => z.number().int().min(0).openapi({ description });

export const PersonAnalyticsSchema = z
  .object({
    identity: z.string().openapi({ description: 'LiveKit identity (the join ticket user id; `lti-…` for LTI launches)' }),
    name: z.string().nullable().openapi({ description: 'Display name from the attendance report; null: only seen through chat or a share' }),
    role: z.string().nullable().openapi({ description: 'Room role (host, moderator, participant, viewer), when known' }),
    seconds: count('Time in the room, whole seconds: the sum of the attendance cycles (an open cycle up to `generatedAt`)'),
    minutes: count('The same, whole minutes (rounded)'),
    cycles: count('Join/leave cycles (attendance: a re-join within rejoinMergeSeconds continues the previous one)'),
    messages: count('Chat messages sent (public and private, later deleted ones included)'),
    handsRaised: count('Times this person raised their hand'),
    pollsAnswered: count('Polls this person answered'),
    screenShareSeconds: count('Time this person shared their screen, whole seconds'),
    screenShareMinutes: count('The same, whole minutes (rounded)'),
  })
  .openapi('PersonAnalytics');
export type PersonAnalyticsOut = z.infer<typeof PersonAnalyticsSchema>;

export const MeetingAnalyticsSchema = z
  .object({
    meeting: z.object({ id: z.string(), title: z.string() }),
    session: MeetingSessionSchema.openapi({ description: 'The session these figures are about (the `session` query parameter, else the latest one)' }),
    generatedAt: z.string().openapi({ description: 'UTC instant the figures were computed at (whoever is still connected or sharing counts up to it)' }),
    final: z.boolean().openapi({ description: 'false while someone is still connected or the room has not finished (as the attendance report)' }),
    summary: z.object({
      people: count('People who joined at least once'),
      peakParticipants: count('The most people in the room at the same time'),
      peakAt: z.string().nullable().openapi({ description: 'UTC instant the peak was first reached; null: nobody joined' }),
      averageParticipants: z.number().min(0).openapi({ description: 'Time-weighted mean of the people in the room between the first join and the last leave, two decimals' }),
      activeFrom: z.string().nullable().openapi({ description: 'UTC instant of the first join; null: nobody joined' }),
      activeUntil: z.string().nullable().openapi({ description: 'UTC instant of the last leave (or `generatedAt` while someone is connected)' }),
      activeMinutes: count('activeUntil − activeFrom, whole minutes (rounded)'),
      messages: count('Chat messages sent in this session'),
      handsRaised: count('Hands raised in this session'),
      polls: count('Polls run in this session'),
      pollAnswers: count('Poll answers given (one per person and poll; anonymous answers included)'),
      screenShareSeconds: count('Time anyone was sharing a screen, whole seconds (simultaneous shares count once)'),
      screenShareMinutes: count('The same, whole minutes (rounded)'),
    }),
    people: z.array(PersonAnalyticsSchema).openapi({ description: 'Everyone in the attendance report (expected people who never joined with zeros), then anyone seen only in chat or sharing' }),
  })
  .openapi('MeetingAnalytics');
export type MeetingAnalytics = z.infer<typeof MeetingAnalyticsSchema>;
