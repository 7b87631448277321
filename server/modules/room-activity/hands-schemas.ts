/**
 * Raised-hand schemas (room-activity module): the queue of a meeting session. The single source for validation, the
 * OpenAPI description, the LiveKit announcement (`vr.hands`) and test fixtures.
 */
import { z } from '@hono/zod-openapi';
import { singleLine } from '../../shared/schemas.js';

export const RaisedHandSchema = z
  .object({
    identity: z.string().openapi({ description: 'LiveKit identity of the participant' }),
    name: z.string().openapi({ description: 'Their display name (from their room session)' }),
    role: z.enum(['host', 'moderator', 'participant', 'viewer']),
    raisedAt: z.string().openapi({ description: 'When the hand went up, UTC instant (ISO 8601)' }),
    position: z.number().int().min(1).openapi({ description: 'Place in the queue: 1 = raised first' }),
  })
  .openapi('RaisedHand');
export type RaisedHand = z.infer<typeof RaisedHandSchema>;

export const HandQueueSchema = z
  .object({
    version: z
      .number()
      .int()
      .min(0)
      .openapi({ description: "Goes up by one with every change of this session's queue (0: never changed). A newer queue has a higher version: never apply an older one over it." }),
    items: z.array(RaisedHandSchema).openapi({ description: 'Raised hands, first raised first' }),
  })
  .openapi('HandQueue');
export type HandQueue = z.infer<typeof HandQueueSchema>;

export const HandParamsSchema = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  identity: singleLine().min(1).max(200).openapi({ param: { name: 'identity', in: 'path' }, description: 'LiveKit identity whose hand to lower' }),
});
