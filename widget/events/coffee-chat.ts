/** Typed events of `<coffee-chat>` (`cc-*`). All bubble and are composed. */
import { typedEvent, WidgetEvent } from './base.js';

/** A coffee request as `<coffee-chat>` shows it (the `/api/v1/coffee/me/requests` shape, trimmed to what events carry). */
export interface CcRequest {
  id: string;
  status: 'pending' | 'accepted' | 'declined' | 'expired' | 'completed' | 'no_show';
  fromUserId: string;
  toUserId: string | null;
  /** Proposed start instants, ISO 8601 UTC. */
  slots: string[];
  /** The accepted start instant (ISO 8601 UTC), once accepted. */
  acceptedSlot: string | null;
  /** The booked `coffee_chat` meeting, once accepted. */
  meetingId: string | null;
}

/**
 * Base of the `cc-*` events of `<coffee-chat>` (like `VrEvent`).
 * @typeParam D the event's data.
 */
export class CcEvent<D extends object> extends WidgetEvent<D> {}

/** `cc-request-sent`: the user sent a coffee request (`request` is the new, pending request). */
export class CcRequestSentEvent extends typedEvent(CcEvent<{ request: CcRequest }>, 'cc-request-sent') {}

/** `cc-request-accepted`: the user accepted a slot of a request made to them; the chat is booked (`request.meetingId`). */
export class CcRequestAcceptedEvent extends typedEvent(CcEvent<{ request: CcRequest }>, 'cc-request-accepted') {}

/** `cc-request-declined`: the user declined a request made to them, or withdrew one they sent. */
export class CcRequestDeclinedEvent extends typedEvent(CcEvent<{ request: CcRequest }>, 'cc-request-declined') {}

/** `cc-join`: the user pressed Join on a booked chat; its `<video-room>` is now shown (`requestId`, `meetingId`). */
export class CcJoinEvent extends typedEvent(CcEvent<{ requestId: string; meetingId: string }>, 'cc-join') {}

/**
 * `cc-error`: a call to the coffee-chat server failed. `code` is the server's error code (`invalid_ticket`,
 * `ticket_expired`, `not_found`, `slot_unavailable`, `invalid_state`, `too_early`, `not_invited`, …) or a client one
 * (`network`, `server`, `no_ticket`); `message` is the text shown to the user.
 */
export class CcErrorEvent extends typedEvent(CcEvent<{ code: string; message: string }>, 'cc-error') {}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-request-sent': CcRequestSentEvent;
    'cc-request-accepted': CcRequestAcceptedEvent;
    'cc-request-declined': CcRequestDeclinedEvent;
  }
}
