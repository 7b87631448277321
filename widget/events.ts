/**
 * Typed events fired by `<video-room>` (`vr-*`) and `<coffee-chat>` (`cc-*`). All bubble and are composed (they cross shadow roots).
 * Each class exposes its data as typed fields, and the same data as `detail` for code written
 * against `CustomEvent`.
 */

/** Role of the local participant, as granted by the server's join answer. */
export type VrRole = 'host' | 'moderator' | 'participant' | 'viewer';

/**
 * Values of the reflected `state` attribute of `<video-room>`. `waiting`: in the meeting's waiting room, until a
 * host lets us in (then `connecting`) or not (`error`, code `join_denied`).
 */
export type VrState = 'prejoin' | 'connecting' | 'waiting' | 'connected' | 'reconnecting' | 'left' | 'ended' | 'error';

/** A guest asking to join, as shown to hosts and moderators in the waiting-room list. */
export interface VrWaitingRequest {
  /** Request id (the `data-request-id` of its `waiting-item` row). */
  id: string;
  /** Name the guest gave. */
  name: string;
}

/**
 * Base of the `vr-*` events: bubbles, composed, carries its data both as typed fields and as `detail`.
 * @typeParam D the event's data.
 */
export class VrEvent<D extends object> extends Event {
  /** The event's data (same values as the typed fields). */
  readonly detail: D;
  constructor(type: string, detail: D) {
    super(type, { bubbles: true, composed: true });
    this.detail = detail;
    Object.assign(this, detail);
  }
}

/** `vr-join`: the local participant is connected to the LiveKit room (`room` = LiveKit room name). */
export class VrJoinEvent extends VrEvent<{ room: string; identity: string; role: VrRole }> {
  declare readonly room: string;
  declare readonly identity: string;
  declare readonly role: VrRole;
  constructor(detail: { room: string; identity: string; role: VrRole }) {
    super('vr-join', detail);
  }
}

/** `vr-leave`: the local participant left by pressing Leave (not fired for server-side ends). */
export class VrLeaveEvent extends VrEvent<Record<string, never>> {
  constructor() {
    super('vr-leave', {});
  }
}

/** `vr-participant-join`: a remote participant connected. */
export class VrParticipantJoinEvent extends VrEvent<{ identity: string; name: string }> {
  declare readonly identity: string;
  declare readonly name: string;
  constructor(detail: { identity: string; name: string }) {
    super('vr-participant-join', detail);
  }
}

/** `vr-participant-leave`: a remote participant disconnected. */
export class VrParticipantLeaveEvent extends VrEvent<{ identity: string; name: string }> {
  declare readonly identity: string;
  declare readonly name: string;
  constructor(detail: { identity: string; name: string }) {
    super('vr-participant-leave', detail);
  }
}

/**
 * `vr-error`: joining or staying in the room failed.
 * `code` is the server's error code (`invalid_ticket`, `ticket_expired`, `meeting_ended`, `meeting_cancelled`,
 * `wrong_password`, `not_found`, `validation_error`, `join_denied` (the host did not let us in), `wait_expired`
 * (the waiting-room request expired), …) or a client one (`network`, `connect_failed`,
 * `connection_lost`, `server`, `no_credentials`, `media`); `message` is the human text shown to the user.
 */
export class VrErrorEvent extends VrEvent<{ code: string; message: string }> {
  declare readonly code: string;
  declare readonly message: string;
  constructor(detail: { code: string; message: string }) {
    super('vr-error', detail);
  }
}

/** `vr-state-change`: the `state` attribute changed. */
export class VrStateChangeEvent extends VrEvent<{ state: VrState }> {
  declare readonly state: VrState;
  constructor(detail: { state: VrState }) {
    super('vr-state-change', detail);
  }
}

/** `vr-mute-change`: the local microphone (`audio`) or camera (`video`) was muted or unmuted in the room. */
export class VrMuteChangeEvent extends VrEvent<{ kind: 'audio' | 'video'; muted: boolean }> {
  declare readonly kind: 'audio' | 'video';
  declare readonly muted: boolean;
  constructor(detail: { kind: 'audio' | 'video'; muted: boolean }) {
    super('vr-mute-change', detail);
  }
}

/**
 * `vr-bandwidth-change`: the room's bandwidth mode changed — `normal`, `data-saver` (lowest layer sent; only the active
 * speaker's and screen shares' video received) or `audio-only` (no video sent or received). `auto`: switched by the
 * widget because LiveKit reported a Poor connection (see the `poor-connection-delay` attribute), not by the user.
 */
export class VrBandwidthChangeEvent extends VrEvent<{ mode: 'normal' | 'data-saver' | 'audio-only'; auto: boolean }> {
  declare readonly mode: 'normal' | 'data-saver' | 'audio-only';
  declare readonly auto: boolean;
  constructor(detail: { mode: 'normal' | 'data-saver' | 'audio-only'; auto: boolean }) {
    super('vr-bandwidth-change', detail);
  }
}

/**
 * `vr-waiting-change` (hosts and moderators of a meeting with a waiting room): the list of guests waiting to be
 * let in changed. `requests` is the whole list, oldest first (empty when nobody waits any more, or when we left).
 */
export class VrWaitingChangeEvent extends VrEvent<{ requests: VrWaitingRequest[] }> {
  declare readonly requests: VrWaitingRequest[];
  constructor(detail: { requests: VrWaitingRequest[] }) {
    super('vr-waiting-change', detail);
  }
}

/** A chat message as `<video-room>` shows it (and as `vr-chat-message` carries it). */
export interface VrChatMessage {
  /** The server's message id (the `vr.chat.id` attribute of the LiveKit text stream), else the stream id. */
  id: string;
  /** Sender's LiveKit identity and display name. */
  from: { identity: string; name: string };
  /** `null`: to everyone; else the identity of the one participant it was sent to. */
  to: string | null;
  text: string;
  /** When it was sent, ISO 8601 UTC. */
  sentAt: string;
  /** Sent by the local participant. */
  local: boolean;
}

/**
 * `vr-chat-message`: a chat message was sent (`local: true`, once the server stored it and LiveKit delivered it) or
 * received in the room (topic `lk.chat`, also from other LiveKit chat clients). Not fired for the history loaded on
 * join or for older pages.
 */
export class VrChatMessageEvent extends VrEvent<{ message: VrChatMessage }> {
  declare readonly message: VrChatMessage;
  constructor(detail: { message: VrChatMessage }) {
    super('vr-chat-message', detail);
  }
}

/** A poll as `<video-room>` events carry it (the server's `Poll`, trimmed). */
export interface VrPoll {
  id: string;
  question: string;
  /** `single` | `multiple` | `yes_no` | `rating` | `text` */
  type: 'single' | 'multiple' | 'yes_no' | 'rating' | 'text';
  /** Option labels (`["yes","no"]` for yes_no; [] for rating and text). */
  options: string[];
  anonymous: boolean;
  /** Has a correct answer. */
  quiz: boolean;
  status: 'draft' | 'open' | 'closed';
  /** With a timer: when it closes (ISO 8601 UTC), else null. */
  closesAt: string | null;
  resultsShared: boolean;
}

/** An answer: the one field its poll type uses. */
export interface VrPollAnswer {
  /** single, yes_no (0 = yes, 1 = no): the option index */
  choice?: number;
  /** multiple: the option indexes */
  choices?: number[];
  /** rating: 1–5 */
  rating?: number;
  /** text */
  text?: string;
}

/** Results of a poll as shared with everyone (counts only, never who answered what). */
export interface VrPollResults {
  total: number;
  /** Answers per option (single, multiple, yes_no) or per rating 1–5; [] for text. */
  counts: number[];
  /** rating: the mean; else null. */
  average: number | null;
  /** text: the answers, without names. */
  texts: string[];
  /** quiz, once closed: how many answered correctly; else null. */
  correctCount: number | null;
}

/** `vr-poll-launched`: a moderator launched a poll in the room (announced by the server). */
export class VrPollLaunchedEvent extends VrEvent<{ poll: VrPoll }> {
  declare readonly poll: VrPoll;
  constructor(detail: { poll: VrPoll }) {
    super('vr-poll-launched', detail);
  }
}

/** `vr-poll-answered`: the local user's answer was accepted by the server. */
export class VrPollAnsweredEvent extends VrEvent<{ poll: VrPoll; answer: VrPollAnswer }> {
  declare readonly poll: VrPoll;
  declare readonly answer: VrPollAnswer;
  constructor(detail: { poll: VrPoll; answer: VrPollAnswer }) {
    super('vr-poll-answered', detail);
  }
}

/** `vr-poll-closed`: a poll closed (by a moderator or its timer; announced by the server). */
export class VrPollClosedEvent extends VrEvent<{ poll: VrPoll }> {
  declare readonly poll: VrPoll;
  constructor(detail: { poll: VrPoll }) {
    super('vr-poll-closed', detail);
  }
}

/** `vr-poll-results`: a moderator shared a poll's results with everyone (announced by the server). */
export class VrPollResultsEvent extends VrEvent<{ poll: VrPoll; results: VrPollResults }> {
  declare readonly poll: VrPoll;
  declare readonly results: VrPollResults;
  constructor(detail: { poll: VrPoll; results: VrPollResults }) {
    super('vr-poll-results', detail);
  }
}

/** What a host or moderator did from the host controls (`vr-host-action`). */
export type VrHostAction =
  | 'mute' | 'stop-camera' | 'stop-screen-share' | 'ask-unmute' | 'remove' | 'ban' | 'promote' | 'demote'
  | 'spotlight' | 'unspotlight' | 'allow' | 'deny' | 'mute-all' | 'lock' | 'unlock';

/**
 * `vr-host-action` (hosts and moderators): a host control was applied by the server (`identity`: the participant it
 * was for, `''` for room-wide actions; `permission`: for `allow`/`deny`, which one).
 */
export class VrHostActionEvent extends VrEvent<{ action: VrHostAction; identity: string; permission?: string }> {
  declare readonly action: VrHostAction;
  declare readonly identity: string;
  declare readonly permission?: string;
  constructor(detail: { action: VrHostAction; identity: string; permission?: string }) {
    super('vr-host-action', detail);
  }
}

/** `vr-role-change`: a moderator promoted or demoted the local participant (no rejoin: the new role applies at once). */
export class VrRoleChangeEvent extends VrEvent<{ role: VrRole }> {
  declare readonly role: VrRole;
  constructor(detail: { role: VrRole }) {
    super('vr-role-change', detail);
  }
}

/** `vr-spotlight-change`: a moderator pinned a participant for everyone (`identity`), or ended it (`null`). */
export class VrSpotlightChangeEvent extends VrEvent<{ identity: string | null }> {
  declare readonly identity: string | null;
  constructor(detail: { identity: string | null }) {
    super('vr-spotlight-change', detail);
  }
}

/** `vr-lock-change`: a moderator locked (nobody new can join) or unlocked the meeting. */
export class VrLockChangeEvent extends VrEvent<{ locked: boolean }> {
  declare readonly locked: boolean;
  constructor(detail: { locked: boolean }) {
    super('vr-lock-change', detail);
  }
}

/** `vr-ask-unmute`: a moderator (`by`: their name) asks the local participant to unmute; the widget asks them. */
export class VrAskUnmuteEvent extends VrEvent<{ by: string }> {
  declare readonly by: string;
  constructor(detail: { by: string }) {
    super('vr-ask-unmute', detail);
  }
}

/** A raised hand as `vr-hand-raised` / `vr-hand-lowered` carry it. */
export interface VrHand {
  /** LiveKit identity of the participant whose hand it is. */
  identity: string;
  /** Their display name. */
  name: string;
  /** Place in the server's queue (1 = raised first): the new place when raised, the place it had when lowered. */
  position: number;
}

/**
 * `vr-hand-raised`: a hand went up in the room's queue (ours, `identity` = ours, or anyone's), as the server announced
 * it. Not fired for the hands already raised when we join.
 */
export class VrHandRaisedEvent extends VrEvent<VrHand> {
  declare readonly identity: string;
  declare readonly name: string;
  declare readonly position: number;
  constructor(detail: VrHand) {
    super('vr-hand-raised', detail);
  }
}

/** `vr-hand-lowered`: a hand left the queue (lowered by its owner or by a moderator), as the server announced it. */
export class VrHandLoweredEvent extends VrEvent<VrHand> {
  declare readonly identity: string;
  declare readonly name: string;
  declare readonly position: number;
  constructor(detail: VrHand) {
    super('vr-hand-lowered', detail);
  }
}

/**
 * `vr-reaction`: someone in the room (we included: `identity` = ours) sent a reaction, shown as a short burst on
 * their tile. `emoji` is one of 👍 👏 😂 😮 ❤️ 🎉. Reactions over the rate limit are dropped and not fired.
 */
export class VrReactionEvent extends VrEvent<{ identity: string; name: string; emoji: string }> {
  declare readonly identity: string;
  declare readonly name: string;
  declare readonly emoji: string;
  constructor(detail: { identity: string; name: string; emoji: string }) {
    super('vr-reaction', detail);
  }
}

// ---------------------------------------------------------------- <coffee-chat>

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
 * Base of the `cc-*` events of `<coffee-chat>`: bubbles, composed, carries its data both as typed fields and as
 * `detail` (like `VrEvent`).
 * @typeParam D the event's data.
 */
export class CcEvent<D extends object> extends Event {
  /** The event's data (same values as the typed fields). */
  readonly detail: D;
  constructor(type: string, detail: D) {
    super(type, { bubbles: true, composed: true });
    this.detail = detail;
    Object.assign(this, detail);
  }
}

/** `cc-request-sent`: the user sent a coffee request (`request` is the new, pending request). */
export class CcRequestSentEvent extends CcEvent<{ request: CcRequest }> {
  declare readonly request: CcRequest;
  constructor(detail: { request: CcRequest }) {
    super('cc-request-sent', detail);
  }
}

/** `cc-request-accepted`: the user accepted a slot of a request made to them; the chat is booked (`request.meetingId`). */
export class CcRequestAcceptedEvent extends CcEvent<{ request: CcRequest }> {
  declare readonly request: CcRequest;
  constructor(detail: { request: CcRequest }) {
    super('cc-request-accepted', detail);
  }
}

/** `cc-request-declined`: the user declined a request made to them, or withdrew one they sent. */
export class CcRequestDeclinedEvent extends CcEvent<{ request: CcRequest }> {
  declare readonly request: CcRequest;
  constructor(detail: { request: CcRequest }) {
    super('cc-request-declined', detail);
  }
}

/** `cc-join`: the user pressed Join on a booked chat; its `<video-room>` is now shown (`requestId`, `meetingId`). */
export class CcJoinEvent extends CcEvent<{ requestId: string; meetingId: string }> {
  declare readonly requestId: string;
  declare readonly meetingId: string;
  constructor(detail: { requestId: string; meetingId: string }) {
    super('cc-join', detail);
  }
}

/**
 * `cc-error`: a call to the coffee-chat server failed. `code` is the server's error code (`invalid_ticket`,
 * `ticket_expired`, `not_found`, `slot_unavailable`, `invalid_state`, `too_early`, `not_invited`, …) or a client one
 * (`network`, `server`, `no_ticket`); `message` is the text shown to the user.
 */
export class CcErrorEvent extends CcEvent<{ code: string; message: string }> {
  declare readonly code: string;
  declare readonly message: string;
  constructor(detail: { code: string; message: string }) {
    super('cc-error', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vr-join': VrJoinEvent;
    'vr-leave': VrLeaveEvent;
    'vr-participant-join': VrParticipantJoinEvent;
    'vr-participant-leave': VrParticipantLeaveEvent;
    'vr-error': VrErrorEvent;
    'vr-state-change': VrStateChangeEvent;
    'vr-mute-change': VrMuteChangeEvent;
    'vr-waiting-change': VrWaitingChangeEvent;
    'vr-chat-message': VrChatMessageEvent;
    'vr-bandwidth-change': VrBandwidthChangeEvent;
    'vr-poll-launched': VrPollLaunchedEvent;
    'vr-poll-answered': VrPollAnsweredEvent;
    'vr-poll-closed': VrPollClosedEvent;
    'vr-poll-results': VrPollResultsEvent;
    'vr-host-action': VrHostActionEvent;
    'vr-role-change': VrRoleChangeEvent;
    'vr-spotlight-change': VrSpotlightChangeEvent;
    'vr-lock-change': VrLockChangeEvent;
    'vr-ask-unmute': VrAskUnmuteEvent;
    'vr-hand-raised': VrHandRaisedEvent;
    'vr-hand-lowered': VrHandLoweredEvent;
    'vr-reaction': VrReactionEvent;
    'cc-request-sent': CcRequestSentEvent;
    'cc-request-accepted': CcRequestAcceptedEvent;
    'cc-request-declined': CcRequestDeclinedEvent;
    'cc-join': CcJoinEvent;
    'cc-error': CcErrorEvent;
  }
}
