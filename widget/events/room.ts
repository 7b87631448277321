/**
 * Typed events of `<video-room>` that joining and the room itself fire (`vr-*`, the part loaded with the join chunk);
 * the in-room features' events are in `classroom.ts`. All bubble and are composed.
 */
import { typedEvent, WidgetEvent } from './base.js';

/** Role of the local participant, as granted by the server's join answer. */
export type VrRole = 'host' | 'moderator' | 'participant' | 'viewer';

/**
 * Values of the reflected `state` attribute of `<video-room>`. `waiting`: in the meeting's waiting room, until a
 * host lets us in (then `connecting`) or not (`error`, code `join_denied`).
 */
export type VrState = 'prejoin' | 'connecting' | 'waiting' | 'connected' | 'reconnecting' | 'left' | 'ended' | 'error';

/**
 * Base of the `vr-*` events: bubbles, composed, carries its data both as typed fields and as `detail`.
 * @typeParam D the event's data.
 */
export class VrEvent<D extends object> extends WidgetEvent<D> {}

/** `vr-join`: the local participant is connected to the LiveKit room (`room` = LiveKit room name). */
export class VrJoinEvent extends typedEvent(VrEvent<{ room: string; identity: string; role: VrRole }>, 'vr-join') {}

/** `vr-leave`: the local participant left by pressing Leave (not fired for server-side ends). */
export class VrLeaveEvent extends VrEvent<Record<string, never>> {
  constructor() {
    super('vr-leave', {});
  }
}

/** `vr-participant-join`: a remote participant connected. */
export class VrParticipantJoinEvent extends typedEvent(VrEvent<{ identity: string; name: string }>, 'vr-participant-join') {}

/** `vr-participant-leave`: a remote participant disconnected. */
export class VrParticipantLeaveEvent extends typedEvent(VrEvent<{ identity: string; name: string }>, 'vr-participant-leave') {}

/**
 * `vr-error`: joining or staying in the room failed.
 * `code` is the server's error code (`invalid_ticket`, `ticket_expired`, `meeting_ended`, `meeting_cancelled`,
 * `wrong_password`, `not_found`, `validation_error`, `join_denied` (the host did not let us in), `wait_expired`
 * (the waiting-room request expired), …) or a client one (`network`, `connect_failed`,
 * `connection_lost`, `server`, `no_credentials`, `media`); `message` is the human text shown to the user.
 */
export class VrErrorEvent extends typedEvent(VrEvent<{ code: string; message: string }>, 'vr-error') {}

/** `vr-state-change`: the `state` attribute changed. */
export class VrStateChangeEvent extends typedEvent(VrEvent<{ state: VrState }>, 'vr-state-change') {}

/** `vr-mute-change`: the local microphone (`audio`) or camera (`video`) was muted or unmuted in the room. */
export class VrMuteChangeEvent extends typedEvent(VrEvent<{ kind: 'audio' | 'video'; muted: boolean }>, 'vr-mute-change') {}

declare global {
  interface GlobalEventHandlersEventMap {
    'vr-join': VrJoinEvent;
    'vr-leave': VrLeaveEvent;
    'vr-participant-join': VrParticipantJoinEvent;
    'vr-participant-leave': VrParticipantLeaveEvent;
    'vr-error': VrErrorEvent;
    'vr-state-change': VrStateChangeEvent;
    'vr-mute-change': VrMuteChangeEvent;
  }
}
