/**
 * Typed events of `<video-room>`'s in-room features (`vr-*`): bandwidth, waiting room, chat, polls, host controls,
 * hands and reactions, fired from their lazy chunks. All bubble and are composed.
 */
import { typedEvent } from './base.js';
import { VrEvent, type VrRole } from './room.js';

/** A guest asking to join, as shown to hosts and moderators in the waiting-room list. */
export interface VrWaitingRequest {
  /** Request id (the `data-request-id` of its `waiting-item` row). */
  id: string;
  /** Name the guest gave. */
  name: string;
}

/**
 * `vr-bandwidth-change`: the room's bandwidth mode changed — `normal`, `data-saver` (lowest layer sent; only the active
 * speaker's and screen shares' video received) or `audio-only` (no video sent or received). `auto`: switched by the
 * widget because LiveKit reported a Poor connection (see the `poor-connection-delay` attribute), not by the user.
 */
export class VrBandwidthChangeEvent extends typedEvent(VrEvent<{ mode: 'normal' | 'data-saver' | 'audio-only'; auto: boolean }>, 'vr-bandwidth-change') {}

/**
 * `vr-waiting-change` (hosts and moderators of a meeting with a waiting room): the list of guests waiting to be
 * let in changed. `requests` is the whole list, oldest first (empty when nobody waits any more, or when we left).
 */
export class VrWaitingChangeEvent extends typedEvent(VrEvent<{ requests: VrWaitingRequest[] }>, 'vr-waiting-change') {}

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
export class VrChatMessageEvent extends typedEvent(VrEvent<{ message: VrChatMessage }>, 'vr-chat-message') {}

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
export class VrPollLaunchedEvent extends typedEvent(VrEvent<{ poll: VrPoll }>, 'vr-poll-launched') {}

/** `vr-poll-answered`: the local user's answer was accepted by the server. */
export class VrPollAnsweredEvent extends typedEvent(VrEvent<{ poll: VrPoll; answer: VrPollAnswer }>, 'vr-poll-answered') {}

/** `vr-poll-closed`: a poll closed (by a moderator or its timer; announced by the server). */
export class VrPollClosedEvent extends typedEvent(VrEvent<{ poll: VrPoll }>, 'vr-poll-closed') {}

/** `vr-poll-results`: a moderator shared a poll's results with everyone (announced by the server). */
export class VrPollResultsEvent extends typedEvent(VrEvent<{ poll: VrPoll; results: VrPollResults }>, 'vr-poll-results') {}

/** What a host or moderator did from the host controls (`vr-host-action`). */
export type VrHostAction =
  | 'mute' | 'stop-camera' | 'stop-screen-share' | 'ask-unmute' | 'remove' | 'ban' | 'promote' | 'demote'
  | 'spotlight' | 'unspotlight' | 'allow' | 'deny' | 'mute-all' | 'lock' | 'unlock';

/**
 * `vr-host-action` (hosts and moderators): a host control was applied by the server (`identity`: the participant it
 * was for, `''` for room-wide actions; `permission`: for `allow`/`deny`, which one).
 */
export class VrHostActionEvent extends typedEvent(VrEvent<{ action: VrHostAction; identity: string; permission?: string }>, 'vr-host-action') {}

/** `vr-role-change`: a moderator promoted or demoted the local participant (no rejoin: the new role applies at once). */
export class VrRoleChangeEvent extends typedEvent(VrEvent<{ role: VrRole }>, 'vr-role-change') {}

/** `vr-spotlight-change`: a moderator pinned a participant for everyone (`identity`), or ended it (`null`). */
export class VrSpotlightChangeEvent extends typedEvent(VrEvent<{ identity: string | null }>, 'vr-spotlight-change') {}

/** `vr-lock-change`: a moderator locked (nobody new can join) or unlocked the meeting. */
export class VrLockChangeEvent extends typedEvent(VrEvent<{ locked: boolean }>, 'vr-lock-change') {}

/** `vr-ask-unmute`: a moderator (`by`: their name) asks the local participant to unmute; the widget asks them. */
export class VrAskUnmuteEvent extends typedEvent(VrEvent<{ by: string }>, 'vr-ask-unmute') {}

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
export class VrHandRaisedEvent extends typedEvent(VrEvent<VrHand>, 'vr-hand-raised') {}

/** `vr-hand-lowered`: a hand left the queue (lowered by its owner or by a moderator), as the server announced it. */
export class VrHandLoweredEvent extends typedEvent(VrEvent<VrHand>, 'vr-hand-lowered') {}

/**
 * `vr-reaction`: someone in the room (we included: `identity` = ours) sent a reaction, shown as a short burst on
 * their tile. `emoji` is one of 👍 👏 😂 😮 ❤️ 🎉. Reactions over the rate limit are dropped and not fired.
 */
export class VrReactionEvent extends typedEvent(VrEvent<{ identity: string; name: string; emoji: string }>, 'vr-reaction') {}

declare global {
  interface GlobalEventHandlersEventMap {
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
  }
}
