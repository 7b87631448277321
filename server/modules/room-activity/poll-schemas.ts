/**
 * Poll and quiz schemas (room-activity module): a poll as created and as read, an answer, results, the export.
 * The single source for validation, the OpenAPI description and test fixtures.
 */
import { z } from '@hono/zod-openapi';
import { orNull, singleLine, freeText } from '../../shared/schemas.js';

export const POLL_TYPES = ['single', 'multiple', 'yes_no', 'rating', 'text'] as const;
export type PollType = (typeof POLL_TYPES)[number];
/** Longest question, in characters. */
export const MAX_QUESTION = 500;
/** Options of a single or multiple choice poll: 2 to MAX_OPTIONS, each 1–MAX_OPTION characters. */
export const MAX_OPTIONS = 10;
export const MAX_OPTION = 200;
/** Longest short-text answer, in characters. */
export const MAX_TEXT_ANSWER = 500;
/** Timer bounds, seconds. */
export const MIN_DURATION = 5;
export const MAX_DURATION = 86_400;
/** The fixed options of a yes/no poll (choice 0 = yes, 1 = no); the widget shows them in the user's language. */
export const YES_NO_OPTIONS = ['yes', 'no'];

const nonBlank = (s: string) => s.trim().length > 0;

/** An answer, and a quiz's correct answer: exactly the one field its poll type uses. */
export const PollAnswerSchema = z
  .object({
    choice: z.number().int().min(0).max(MAX_OPTIONS - 1).optional().openapi({ description: 'single, yes_no: the option index (yes_no: 0 = yes, 1 = no)' }),
    choices: z
      .array(z.number().int().min(0).max(MAX_OPTIONS - 1))
      .min(1)
      .max(MAX_OPTIONS)
      .optional()
      .openapi({ description: 'multiple: the option indexes chosen (at least one, each once)' }),
    rating: z.number().int().min(1).max(5).optional().openapi({ description: 'rating: 1 to 5' }),
    text: freeText().max(MAX_TEXT_ANSWER).refine(nonBlank, 'must not be empty').optional().openapi({ description: `text: 1–${MAX_TEXT_ANSWER} characters` }),
  })
  .strict()
  .openapi('PollAnswer');
export type PollAnswer = z.infer<typeof PollAnswerSchema>;

export const PollCreateSchema = z
  .object({
    question: freeText().max(MAX_QUESTION).refine(nonBlank, 'must not be empty').openapi({ description: `1–${MAX_QUESTION} characters`, example: 'Which planet is largest?' }),
    type: z.enum(POLL_TYPES).openapi({ description: 'single choice, multiple choice, yes/no, 1–5 rating, or short text' }),
    options: z
      .array(singleLine().max(MAX_OPTION).refine(nonBlank, 'must not be empty'))
      .max(MAX_OPTIONS)
      .optional()
      .openapi({ description: `single and multiple: 2–${MAX_OPTIONS} option labels (1–${MAX_OPTION} characters each); the other types take none`, example: ['Mars', 'Jupiter', 'Venus'] }),
    anonymous: z.boolean().default(false).openapi({ description: 'true: nobody (moderator, export, gradebook) learns who answered what' }),
    durationSeconds: orNull(z.number().int().min(MIN_DURATION).max(MAX_DURATION))
      .optional()
      .openapi({ description: `Timer, seconds (${MIN_DURATION}–${MAX_DURATION}): the poll closes this long after its launch. Left out or null: until a moderator closes it` }),
    correct: orNull(PollAnswerSchema)
      .optional()
      .openapi({ description: 'Makes the poll a quiz: the correct answer, shaped as an answer of this type (not for rating). Hidden from participants until the results are shared after closing' }),
  })
  .strict()
  .openapi('PollCreate');
export type PollCreate = z.infer<typeof PollCreateSchema>;

export const PollSchema = z
  .object({
    id: z.uuid(),
    meetingId: z.uuid(),
    question: z.string(),
    type: z.enum(POLL_TYPES),
    options: z.array(z.string()).openapi({ description: 'Option labels (single, multiple); `["yes","no"]` for yes_no; [] for rating and text' }),
    anonymous: z.boolean(),
    durationSeconds: z.number().int().nullable().openapi({ description: 'Timer, seconds; null: none' }),
    quiz: z.boolean().openapi({ description: 'Whether the poll has a correct answer' }),
    correct: PollAnswerSchema.nullable().openapi({ description: 'The correct answer: for moderators and the API key; for others only once the poll is closed and its results shared' }),
    status: z.enum(['draft', 'open', 'closed']).openapi({ description: 'draft (prepared), open (launched, taking answers), closed' }),
    createdAt: z.string().openapi({ description: 'UTC instant (ISO 8601)' }),
    launchedAt: z.string().nullable(),
    closesAt: z.string().nullable().openapi({ description: 'With a timer: when it closes (UTC)' }),
    closedAt: z.string().nullable(),
    resultsShared: z.boolean().openapi({ description: 'Whether a moderator shared the results with everyone' }),
    answerCount: z.number().int().openapi({ description: 'Answers so far (moderators, API key, and everyone once results are shared; else 0)' }),
    myAnswer: PollAnswerSchema.nullable().openapi({ description: "The caller's own answer (room session), else null" }),
  })
  .openapi('Poll');
export type Poll = z.infer<typeof PollSchema>;

export const PollListSchema = z
  .object({ items: z.array(PollSchema).openapi({ description: 'Oldest first. Participants see launched polls only (not drafts)' }) })
  .openapi('PollList');

export const PollResultsSchema = z
  .object({
    pollId: z.uuid(),
    status: z.enum(['draft', 'open', 'closed']),
    total: z.number().int().openapi({ description: 'How many people answered' }),
    counts: z
      .array(z.number().int())
      .openapi({ description: 'Answers per option (single, multiple, yes_no: in option order) or per rating 1–5 (rating); [] for text' }),
    average: z.number().nullable().openapi({ description: 'rating: the mean rating (2 decimals); else null' }),
    texts: z.array(z.string()).openapi({ description: 'text: the answers, oldest first, without names; [] for other types' }),
    correctCount: z.number().int().nullable().openapi({ description: 'quiz: how many answered correctly (null when the caller may not see the correct answer yet)' }),
    answers: z
      .array(
        z.object({
          identity: z.string(),
          name: z.string(),
          answer: PollAnswerSchema,
          correct: z.boolean().nullable(),
          createdAt: z.string(),
        }),
      )
      .openapi({ description: 'Who answered what: named polls, for moderators and the API key only; always [] for anonymous polls and for participants' }),
  })
  .openapi('PollResults');
export type PollResults = z.infer<typeof PollResultsSchema>;

export const PollParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  pollId: z.uuid().openapi({ param: { name: 'pollId', in: 'path' } }),
});

export const PollExportSchema = z
  .object({
    meeting: z.object({ id: z.string(), title: z.string() }),
    exportedAt: z.string(),
    polls: z.array(z.object({ poll: PollSchema, results: PollResultsSchema })),
  })
  .openapi('PollExport');
