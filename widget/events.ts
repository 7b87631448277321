/**
 * Typed events fired by `<video-room>`. All bubble and are composed (they cross shadow roots).
 * Each class exposes its data as typed fields, and the same data as `detail` for code written
 * against `CustomEvent`.
 */

/** Role of the local participant, as granted by the server's join answer. */
export type VrRole = 'host' | 'moderator' | 'participant' | 'viewer';

/** Values of the reflected `state` attribute of `<video-room>`. */
export type VrState = 'prejoin' | 'connecting' | 'connected' | 'reconnecting' | 'left' | 'ended' | 'error';

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
 * `wrong_password`, `not_found`, `validation_error`, …) or a client one (`network`, `connect_failed`,
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
