/**
 * In-room chat of `<video-room>` (lazy, with the in-room chunk): the server is the source of truth, LiveKit carries
 * the messages.
 *
 * - Send: `POST {server}/api/v1/meetings/{id}/chat/messages` first (a message the server refuses — chat off, too
 *   long — is never delivered), then `localParticipant.sendText(text, {topic: 'lk.chat', destinationIdentities,
 *   attributes: {'vr.chat.id': <server id>, 'vr.chat.to': <recipient>}})`, so LiveKit's own chat clients
 *   (components-js) show it too. A private message goes to its recipient only (`destinationIdentities`).
 * - Receive: `room.registerTextStreamHandler('lk.chat', …)` (from our widgets and from other LiveKit chat clients).
 * - History: the last 200 messages visible to us on join, older pages on scroll up (`before` cursor).
 * - Moderation: the server announces deletions (`vr.chat.deleted`) and settings (`vr.chat.settings`) as LiveKit data
 *   packets from the server (no participant): only those are trusted.
 * Every call carries `Authorization: Bearer {sessionToken}` (the room session of our join answer).
 */
import { RoomEvent, type Room, type TextStreamReader } from 'livekit-client';
import type { VrRole } from '../events/room.js';
import type { VrChatMessage } from '../events/classroom.js';
import enChat from '../i18n/en-chat.js';
import { addDefaults } from '../i18n/index.js';
import { RoomActivity, serverPackets } from './room-api.js';

addDefaults(enChat);

/** The LiveKit text-stream topic of chat (LiveKit components-js uses the same). */
export const CHAT_TOPIC = 'lk.chat';
const ID_ATTR = 'vr.chat.id';
const TO_ATTR = 'vr.chat.to';
const PAGE = 200;

/** What the chat needs from the join answer. */
export interface ChatSession {
  meeting: { id: string };
  sessionToken: string;
  identity: string;
  name: string;
  role: VrRole;
}

/** What the chat tells the element. */
export interface ChatHost {
  /** Something visible changed: re-render; resolves once rendered. */
  changed(): Promise<void>;
  /** A message was sent or received live (not history): fire `vr-chat-message`, announce it. */
  message(m: VrChatMessage): void;
}

/** Why the last send failed: the server turned chat off (for all / for us), or anything else. */
export type ChatError = 'off' | 'offForYou' | 'failed' | '';

interface ServerMessage {
  id: string;
  sender: { identity: string; name: string };
  recipientIdentity: string | null;
  text: string;
  createdAt: string;
}

const fromServer = (m: ServerMessage, me: string): VrChatMessage => ({
  id: m.id,
  from: { identity: m.sender.identity, name: m.sender.name },
  to: m.recipientIdentity,
  text: m.text,
  sentAt: m.createdAt,
  local: m.sender.identity === me,
});

/** Chat state and actions for one room session; render it with `renderChatPanel`. */
export class ChatController extends RoomActivity<ChatSession, ChatHost, Room> {
  protected readonly feature = 'chat';
  /** Messages shown, oldest first. */
  items: VrChatMessage[] = [];
  /** The panel is open. */
  open = false;
  /** Messages received while the panel was closed. */
  unread = 0;
  /** Chat on for the meeting. */
  enabled = true;
  /** Participants whose chat a moderator turned off. */
  disabled: string[] = [];
  /** Older messages exist on the server. */
  hasMore = false;
  /** Recipient of the next message (`''`: everyone). */
  recipient = '';
  /** A send is on its way. */
  sending = false;
  /** Why the last send failed (shown until the next one). */
  error: ChatError = '';
  /** The message list element (set by the panel, for scrolling). */
  list?: HTMLElement;
  private ids = new Set<string>();
  private loadingOlder = false;
  private onData = serverPackets((t) => t === 'vr.chat.deleted' || t === 'vr.chat.settings', (data, topic) => this.serverData(data, topic));

  /** Whether we may send now (not a viewer; chat on for the meeting and for us). */
  get canSend(): boolean {
    return this.session.role !== 'viewer' && this.enabled && !this.disabled.includes(this.session.identity);
  }

  /** People we can write to privately: the others in the room, by name. */
  recipients(): { identity: string; name: string }[] {
    return [...this.room.remoteParticipants.values()]
      .map((p) => ({ identity: p.identity, name: p.name || p.identity }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Role of `identity` in the room (the `role` attribute the server put in their token), `''` when not there. */
  roleOf(identity: string): string {
    return this.room.getParticipantByIdentity(identity)?.attributes?.role ?? '';
  }

  /** Display name of `identity` (in the room now, or as a message named them). */
  nameOf(identity: string): string {
    const p = this.room.getParticipantByIdentity(identity);
    return p?.name || this.items.find((m) => m.from.identity === identity)?.from.name || identity;
  }

  /** Start receiving, and load the history and settings. */
  start(): void {
    this.room.registerTextStreamHandler(CHAT_TOPIC, (reader, who) => void this.receive(reader, who.identity));
    this.listen(RoomEvent.DataReceived, this.onData);
    void this.loadSettings();
    void this.loadHistory();
  }

  /** Stop receiving (leaving the room). */
  override stop(): void {
    super.stop();
    this.room.unregisterTextStreamHandler(CHAT_TOPIC);
  }

  /** Open, close (or toggle) the panel; opening clears the unread count and focuses the message input. */
  toggle(open = !this.open): void {
    this.open = open;
    if (open) this.unread = 0;
    void this.host.changed().then(() => {
      if (!open || !this.open) return;
      this.scrollToEnd();
      this.list?.parentElement?.querySelector<HTMLElement>('[part~="chat-input"]')?.focus();
    });
  }

  private async loadSettings() {
    const res = await this.api.call('/settings').catch(() => null);
    if (!res?.ok || this.stopped) return;
    this.applySettings(await res.json());
  }

  private applySettings(s: { enabled?: unknown; disabledIdentities?: unknown }) {
    if (typeof s.enabled === 'boolean') this.enabled = s.enabled;
    if (Array.isArray(s.disabledIdentities)) this.disabled = s.disabledIdentities.filter((x): x is string => typeof x === 'string');
    if (this.canSend && (this.error === 'off' || this.error === 'offForYou')) this.error = '';
    void this.host.changed();
  }

  private async loadHistory() {
    const res = await this.api.call(`/messages?limit=${PAGE}`).catch(() => null);
    if (!res?.ok || this.stopped) return;
    const page = (await res.json()) as { items: ServerMessage[]; hasMore: boolean };
    // Messages that arrived live meanwhile stay; the history goes before them.
    const old = page.items.filter((m) => !this.ids.has(m.id)).map((m) => fromServer(m, this.session.identity));
    for (const m of old) this.ids.add(m.id);
    this.items = [...old, ...this.items];
    this.hasMore = page.hasMore;
    await this.host.changed();
    this.scrollToEnd();
  }

  /** Load the page of messages before the oldest one shown, keeping the scroll position. */
  async loadOlder(): Promise<void> {
    const first = this.items[0];
    if (!this.hasMore || this.loadingOlder || !first) return;
    this.loadingOlder = true;
    try {
      const res = await this.api.call(`/messages?limit=${PAGE}&before=${encodeURIComponent(first.id)}`).catch(() => null);
      if (!res?.ok || this.stopped) return;
      const page = (await res.json()) as { items: ServerMessage[]; hasMore: boolean };
      const old = page.items.filter((m) => !this.ids.has(m.id)).map((m) => fromServer(m, this.session.identity));
      for (const m of old) this.ids.add(m.id);
      const list = this.list;
      const fromBottom = list ? list.scrollHeight - list.scrollTop : 0;
      this.items = [...old, ...this.items];
      this.hasMore = page.hasMore;
      await this.host.changed();
      if (list) list.scrollTop = list.scrollHeight - fromBottom;
    } finally {
      this.loadingOlder = false;
    }
  }

  /** The list is scrolled to (near) its end: new messages keep it there. */
  private atEnd(): boolean {
    const l = this.list;
    return !l || l.scrollHeight - l.scrollTop - l.clientHeight < 48;
  }

  private scrollToEnd() {
    if (this.list) this.list.scrollTop = this.list.scrollHeight;
  }

  private async add(m: VrChatMessage) {
    if (this.ids.has(m.id)) return;
    this.ids.add(m.id);
    const stick = this.atEnd() || m.local;
    this.items = [...this.items, m];
    if (!this.open && !m.local) this.unread++;
    this.host.message(m);
    await this.host.changed();
    if (stick) this.scrollToEnd();
  }

  /**
   * Send `text` to everyone or to `this.recipient`: stored by the server first, then delivered over LiveKit.
   * @returns whether it was sent (false: refused or failed; `error` says why, and nothing was delivered)
   */
  async send(text: string): Promise<boolean> {
    if (!text.trim() || this.sending) return false;
    const to = this.recipient || null;
    this.sending = true;
    this.error = '';
    void this.host.changed();
    try {
      const res = await this.api.call('/messages', 'POST', { text, recipientIdentity: to }).catch(() => null);
      const body = await res?.json().catch(() => null);
      if (!res?.ok) {
        if (body?.error?.code === 'chat_disabled') {
          await this.loadSettings();
          this.error = this.disabled.includes(this.session.identity) ? 'offForYou' : 'off';
        } else this.error = 'failed';
        return false;
      }
      const m = fromServer(body as ServerMessage, this.session.identity);
      await this.room.localParticipant.sendText(text, {
        topic: CHAT_TOPIC,
        ...(to ? { destinationIdentities: [to] } : {}),
        attributes: { [ID_ATTR]: m.id, ...(to ? { [TO_ATTR]: to } : {}) },
      });
      await this.add(m);
      return true;
    } catch {
      this.error = 'failed';
      return false;
    } finally {
      this.sending = false;
      void this.host.changed();
    }
  }

  private async receive(reader: TextStreamReader, identity: string) {
    const info = reader.info;
    const text = await reader.readAll();
    if (this.stopped) return;
    // Defence in depth (the server already refuses to store, and LiveKit drops data of a participant whose chat is
    // off): show nothing from someone whose chat is off, nor from non-moderators while chat is off.
    const role = this.roleOf(identity);
    if (this.disabled.includes(identity) || (!this.enabled && role !== 'host' && role !== 'moderator')) return;
    const to = info.attributes?.[TO_ATTR] || null;
    await this.add({
      id: info.attributes?.[ID_ATTR] || info.id,
      from: { identity, name: this.nameOf(identity) },
      to: to && to === this.session.identity ? to : null,
      text,
      sentAt: new Date(info.timestamp || Date.now()).toISOString(),
      local: false,
    });
  }

  /** Data packets sent by the server (no participant): deletions and settings. */
  private serverData(data: { id?: unknown; enabled?: unknown; disabledIdentities?: unknown }, topic: string) {
    if (topic === 'vr.chat.settings') return this.applySettings(data);
    if (typeof data.id === 'string') this.removeLocally(data.id);
  }

  private removeLocally(id: string) {
    const before = this.items.length;
    this.items = this.items.filter((m) => m.id !== id);
    if (this.items.length !== before) void this.host.changed();
  }

  /** Moderators: delete a message for everyone (the server announces it to the room). */
  async remove(id: string): Promise<void> {
    const res = await this.api.call(`/messages/${encodeURIComponent(id)}`, 'DELETE').catch(() => null);
    if (res?.ok || res?.status === 404) this.removeLocally(id);
  }

  /** Moderators: chat on or off for everyone. */
  async setEnabled(enabled: boolean): Promise<void> {
    const res = await this.api.call('/settings', 'PUT', { enabled }).catch(() => null);
    if (res?.ok) this.applySettings(await res.json());
  }

  /** Moderators: chat on or off for one participant. */
  async setParticipant(identity: string, enabled: boolean): Promise<void> {
    const res = await this.api.call(`/participants/${encodeURIComponent(identity)}`, 'PUT', { enabled }).catch(() => null);
    if (res?.ok) this.applySettings(await res.json());
  }
}
