/**
 * The room-activity HTTP API as the in-room controllers call it (chat, hands, polls, host controls):
 * `{server}/api/v1/meetings/{id}/{feature}…`, every call with `Authorization: Bearer {sessionToken}` (the room
 * session of our join answer), and the side panels' Escape key. Loaded with the feature chunks that use it (one
 * shared chunk: a module of its own would be one more request).
 */
import type { Participant, Room, RoomEventCallbacks } from 'livekit-client';
import type { VrRole } from '../events/room.js';

/** Hosts and moderators run the room (the server checks it again on every call). */
export const isModerator = (role: VrRole | string): boolean => role === 'host' || role === 'moderator';

/** One feature's API for one meeting. */
export class RoomApi {
  /** `{server}/api/v1/meetings/{id}/{feature}` (absolute URL, no trailing slash). */
  readonly base: string;

  constructor(serverUrl: string, private session: { meeting: { id: string }; sessionToken: string }, feature: string) {
    this.base = new URL(`api/v1/meetings/${encodeURIComponent(session.meeting.id)}/${feature}`, serverUrl.replace(/\/?$/, '/')).href;
  }

  /** `fetch` `{base}{path}` with our room session; `body`, when given, is sent as JSON. Rejects on a network failure. */
  call(path: string, method = 'GET', body?: unknown): Promise<Response> {
    return fetch(this.base + path, {
      method,
      headers: { authorization: `Bearer ${this.session.sessionToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

/** What every room-activity controller needs from the join answer. */
export interface ActivitySession {
  meeting: { id: string };
  /** Our room session (`Authorization: Bearer …` of every call). */
  sessionToken: string;
  identity: string;
  role: VrRole;
}

/**
 * Base of the in-room controllers that call one room-activity API and listen to the room (chat, hands, polls): our
 * room session, the API client (`feature` names it), whether we moderate, and the room listeners added with
 * `listen()`, all removed by `stop()`.
 * @typeParam S our room session (from the join answer).
 * @typeParam H what the controller tells the element.
 * @typeParam R the part of livekit-client's `Room` it uses.
 */
export abstract class RoomActivity<S extends ActivitySession, H, R extends Pick<Room, 'on' | 'off'> = Pick<Room, 'on' | 'off'>> {
  /** The API this controller calls: `{server}/api/v1/meetings/{id}/{feature}` (`chat`, `hands`, `polls`). */
  protected abstract readonly feature: string;
  /** `stop()` was called: late answers change nothing. */
  protected stopped = false;
  private client?: RoomApi;
  private listeners: [keyof RoomEventCallbacks, (...a: never[]) => unknown][] = [];

  constructor(
    private readonly serverUrl: string,
    readonly session: S,
    protected readonly room: R,
    protected readonly host: H,
  ) {}

  protected get api(): RoomApi {
    return (this.client ??= new RoomApi(this.serverUrl, this.session, this.feature));
  }

  /** Hosts and moderators run the room (the server checks it again on every call). */
  get moderator(): boolean {
    return isModerator(this.session.role);
  }

  /** Listen to the room's `event` until `stop()`. */
  protected listen<E extends keyof RoomEventCallbacks>(event: E, fn: RoomEventCallbacks[E]): void {
    this.room.on(event, fn);
    this.listeners.push([event, fn as never]);
  }

  /** Stop listening (leaving the room). */
  stop(): void {
    this.stopped = true;
    for (const [event, fn] of this.listeners.splice(0)) this.room.off(event, fn as never);
  }
}

/**
 * A `RoomEvent.DataReceived` listener for the JSON objects our server sends into the room (LiveKit's server API: no
 * participant) on a topic `accept` takes. What a participant sends, other topics, and payloads that are not a JSON
 * object are dropped: a participant can never pass for the server.
 * @param accept whether to handle this topic (e.g. `vr.hands`).
 * @param handle the parsed object and its topic.
 */
export const serverPackets =
  (accept: (topic: string) => boolean, handle: (data: Record<string, unknown>, topic: string) => void) =>
  (payload: Uint8Array, p?: Participant, _kind?: unknown, topic?: string): void => {
    if (p || !topic || !accept(topic)) return;
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      return;
    }
    if (data && typeof data === 'object' && !Array.isArray(data)) handle(data as Record<string, unknown>, topic);
  };

/**
 * A side panel's `keydown` listener (chat, polls, participants): Escape closes the panel (`close`) and puts the focus
 * back on the control-bar button that opens it (`part~=buttonPart`, in the same shadow root).
 */
export const escapeCloses = (close: () => void, buttonPart: string) => (e: KeyboardEvent) => {
  if (e.key !== 'Escape') return;
  const root = (e.currentTarget as HTMLElement).getRootNode() as ParentNode;
  close();
  root.querySelector<HTMLElement>(`[part~="${buttonPart}"]`)?.focus();
};
