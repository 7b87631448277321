/**
 * Host controls of `<video-room>` (issue 12; lazy chunk, loaded while the room connects like the chat): the server
 * decides and enforces (server/modules/room-activity/host-*.ts), this only calls it and shows the state.
 *
 * - Moderators (hosts and moderators — the role the server gives now, so a promotion shows without rejoining):
 *   a menu per participant (`renderHostMenu`) — mute, stop camera / screen share, ask to unmute, spotlight,
 *   promote/demote, allow/deny microphone, camera, screen share, chat, remove, remove and ban — and room-wide
 *   actions (`renderHostBar`): mute all, lock. Each is a call to `/api/v1/meetings/{id}/controls/…` with our room
 *   session (`Authorization: Bearer {sessionToken}`).
 * - Everyone: the server's data packets (trusted only without a sending participant) — `vr.host.state` (lock,
 *   spotlight), `vr.host.ask-unmute` (a prompt: we decide), `vr.host.muted` — and LiveKit's own changes of our role
 *   attribute and permissions (controls we may no longer use are hidden: `may()`).
 */
import { RoomEvent, Track, type Participant, type Room } from 'livekit-client';
import { html, nothing } from 'lit/html.js';
import type { VrRole } from '../events/room.js';
import { VrAskUnmuteEvent, VrHostActionEvent, VrLockChangeEvent, VrRoleChangeEvent, VrSpotlightChangeEvent, type VrHostAction } from '../events/classroom.js';
import type { RoomSession } from './room-session.js';
import type { TileView } from './session-types.js';
import enHost from '../i18n/en-host.js';
import { addDefaults, type TranslationKey } from '../i18n/index.js';
import { isModerator, RoomApi, serverPackets } from './room-api.js';

addDefaults(enHost);

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** Sources a moderator can allow or deny (the API's names). */
export type HostPermission = 'microphone' | 'camera' | 'screenShare' | 'chat';
/** LiveKit's TrackSource numbers (livekit_models.proto) in a permission's `canPublishSources`. */
const SOURCE = { camera: 1, microphone: 2, screenShare: 3 } as const;

/** What host controls need from the join answer. */
export interface HostSession {
  meeting: { id: string };
  sessionToken: string;
  identity: string;
  role: VrRole;
}

/** What host controls tell the element. */
export interface HostControlsHost {
  /** Something visible changed: re-render. */
  changed(): void;
  /** Text for the polite live region. */
  announce(text: string): void;
  /** A moderator's action was applied (fire `vr-host-action`). */
  acted(action: VrHostAction, identity: string, permission?: string): void;
  /** Our role changed (fire `vr-role-change`). */
  role(role: VrRole): void;
  /** The spotlight changed (fire `vr-spotlight-change`). */
  spotlight(identity: string | null): void;
  /** The lock changed (fire `vr-lock-change`). */
  locked(locked: boolean): void;
  /** A moderator asks us to unmute (fire `vr-ask-unmute`). */
  askUnmute(by: string): void;
  /** Unmute our microphone (the user accepted). */
  unmute(): Promise<unknown>;
}

/** Host-control state and actions for one room session; render with `renderHostBar` and `renderHostMenu`. */
export class HostControls {
  /** Our role now (the server's: join answer, then our LiveKit `role` attribute). */
  role: VrRole;
  /** Nobody new can join. */
  locked = false;
  /** Identity pinned first for everyone, or null. */
  spotlight: string | null = null;
  /** What participants may do, meeting-wide (hosts and moderators are not restricted). */
  permissions: Record<HostPermission, boolean> = { microphone: true, camera: true, screenShare: true, chat: true };
  /** Who asked us to unmute (the prompt is up), or ''. */
  askedBy = '';
  /** Identity whose host menu is open, or ''. */
  menuFor = '';
  /** Where that menu is open: in their tile, or in their row of the participants panel. */
  menuPlace: 'tile' | 'panel' = 'tile';
  /** An action is on its way. */
  busy = false;
  /** Stopped (we left the room): callbacks are ignored. */
  stopped = false;
  private api: RoomApi;
  private t: T;
  private onData = serverPackets((t) => t.startsWith('vr.host.'), (data, topic) => this.serverData(data, topic));
  private onAttributes = (_changed: Record<string, string>, p: Participant) => p === this.room.localParticipant && this.roleFrom(p);
  private onPermissions = (_prev: unknown, p: Participant) => {
    if (p === this.room.localParticipant && !this.may('screenShare') && this.room.localParticipant.isScreenShareEnabled) void this.room.localParticipant.setScreenShareEnabled(false);
    this.host.changed();
  };
  private onChanged = () => this.host.changed();

  constructor(
    serverUrl: string,
    readonly session: HostSession,
    readonly room: Room,
    private host: HostControlsHost,
    t: T,
  ) {
    this.role = session.role;
    this.t = t;
    this.api = new RoomApi(serverUrl, session, 'controls');
  }

  /** Hosts and moderators (now). */
  get moderator(): boolean {
    return isModerator(this.role);
  }

  /** Start listening and load the state. */
  start(): void {
    this.room
      .on(RoomEvent.DataReceived, this.onData)
      .on(RoomEvent.ParticipantAttributesChanged, this.onAttributes)
      .on(RoomEvent.ParticipantPermissionsChanged, this.onPermissions)
      .on(RoomEvent.ParticipantPermissionsChanged, this.onChanged);
    void this.load();
  }

  /** Stop listening (leaving the room). */
  stop(): void {
    this.stopped = true;
    this.room
      .off(RoomEvent.DataReceived, this.onData)
      .off(RoomEvent.ParticipantAttributesChanged, this.onAttributes)
      .off(RoomEvent.ParticipantPermissionsChanged, this.onPermissions)
      .off(RoomEvent.ParticipantPermissionsChanged, this.onChanged);
  }

  /** Whether `p` (default: us) may publish/use `what` now, as LiveKit's permission says (no permission yet: the role's). */
  may(what: HostPermission, p: Participant = this.room.localParticipant): boolean {
    const perm = p.permissions;
    if (!perm) return (p === this.room.localParticipant ? this.role : p.attributes?.role) !== 'viewer';
    if (what === 'chat') return perm.canPublishData;
    if (!perm.canPublish) return false;
    return perm.canPublishSources.length === 0 || perm.canPublishSources.includes(SOURCE[what] as never);
  }

  private async load() {
    const res = await this.api.call('', 'GET').catch(() => null);
    if (!res?.ok || this.stopped) return;
    const s = await res.json();
    this.applyState(s);
    if (s.you?.role && s.you.role !== this.role) this.ownRole(s.you.role);
  }

  private applyState(s: { locked?: unknown; spotlightIdentity?: unknown; permissions?: unknown }) {
    const p = s.permissions as Partial<Record<HostPermission, unknown>> | undefined;
    if (p && typeof p === 'object') for (const k of Object.keys(this.permissions) as HostPermission[]) if (typeof p[k] === 'boolean') this.permissions[k] = p[k];
    if (typeof s.locked === 'boolean' && s.locked !== this.locked) {
      this.locked = s.locked;
      this.host.locked(s.locked);
    }
    const spot = typeof s.spotlightIdentity === 'string' ? s.spotlightIdentity : null;
    if ('spotlightIdentity' in s && spot !== this.spotlight) {
      this.spotlight = spot;
      this.host.spotlight(spot);
    }
    this.host.changed();
  }

  private roleFrom(p: Participant) {
    const r = p.attributes?.role;
    if ((r === 'host' || r === 'moderator' || r === 'participant' || r === 'viewer') && r !== this.role) this.ownRole(r);
  }

  private ownRole(role: VrRole) {
    const was = this.moderator;
    this.role = role;
    if (!this.moderator) this.menuFor = '';
    if (was !== this.moderator) this.host.announce(this.t(this.moderator ? 'host.nowModerator' : 'host.noLongerModerator'));
    this.host.role(role);
    this.host.changed();
  }

  /** Server data packets (no participant): state, ask to unmute, muted by a moderator. */
  private serverData(data: Record<string, unknown>, topic: string) {
    const by = typeof data.by === 'string' ? data.by : '';
    if (topic === 'vr.host.state') return this.applyState(data);
    if (topic === 'vr.host.ask-unmute') {
      if (this.room.localParticipant.isMicrophoneEnabled || !this.may('microphone')) return;
      this.askedBy = by;
      this.host.announce(this.t('host.askedUnmute', { name: by }));
      this.host.askUnmute(by);
      return this.host.changed();
    }
    if (topic === 'vr.host.muted') {
      if (data.source === 'screen_share') void this.room.localParticipant.setScreenShareEnabled(false);
      this.host.announce(this.t(data.source === 'microphone' ? 'host.mutedBy' : 'host.stoppedBy', { name: by }));
      this.host.changed();
    }
  }

  /** Answer an ask to unmute: `true` unmutes our microphone. */
  answerUnmute(yes: boolean): void {
    this.askedBy = '';
    if (yes) void this.host.unmute();
    this.host.changed();
  }

  /** Open or close the host menu of `identity` in their tile (`place` 'tile') or their participants-panel row. */
  toggleMenu(identity: string, place: 'tile' | 'panel' = 'tile'): void {
    this.menuFor = this.menuFor === identity && this.menuPlace === place ? '' : identity;
    this.menuPlace = place;
    this.host.changed();
  }

  /** Close the open host menu (Escape). */
  closeMenu(): void {
    this.menuFor = '';
    this.host.changed();
  }

  /** Run one action against the server; `vr-host-action` when it was applied, an announcement when it failed. */
  private async act(action: VrHostAction, identity: string, method: string, path: string, body?: unknown, permission?: string): Promise<boolean> {
    this.busy = true;
    this.menuFor = '';
    this.host.changed();
    try {
      const res = await this.api.call(path, method, body).catch(() => null);
      if (!res?.ok) {
        this.host.announce(this.t('host.failed'));
        return false;
      }
      const json = await res.json().catch(() => ({}));
      if (path === '/lock' || path === '/spotlight' || path === '/permissions') this.applyState(json);
      this.host.acted(action, identity, permission);
      return true;
    } finally {
      this.busy = false;
      this.host.changed();
    }
  }

  private who = (identity: string, action: string) => `/participants/${encodeURIComponent(identity)}/${action}`;

  /** Mute `identity`'s microphone, or stop their camera or screen share. */
  mute(identity: string, source: 'microphone' | 'camera' | 'screen_share' = 'microphone') {
    const action = source === 'microphone' ? 'mute' : source === 'camera' ? 'stop-camera' : 'stop-screen-share';
    return this.act(action, identity, 'POST', this.who(identity, 'mute'), { source });
  }
  askToUnmute(identity: string) {
    return this.act('ask-unmute', identity, 'POST', this.who(identity, 'ask-unmute'));
  }
  remove(identity: string, ban = false) {
    this.menuFor = '';
    return this.act(ban ? 'ban' : 'remove', identity, 'POST', this.who(identity, 'remove'), { ban });
  }
  /** Promote `identity` to moderator, or demote them to participant. */
  changeRole(identity: string, role: 'moderator' | 'participant') {
    return this.act(role === 'moderator' ? 'promote' : 'demote', identity, 'PUT', this.who(identity, 'role'), { role });
  }
  setSpotlight(identity: string | null) {
    return this.act(identity ? 'spotlight' : 'unspotlight', identity ?? '', 'PUT', '/spotlight', { identity });
  }
  allow(identity: string, permission: HostPermission, allowed: boolean) {
    return this.act(allowed ? 'allow' : 'deny', identity, 'PUT', this.who(identity, 'permissions'), { [permission]: allowed }, permission);
  }
  /** Meeting-wide: allow or deny `permission` to participants. */
  allowAll(permission: HostPermission, allowed: boolean) {
    return this.act(allowed ? 'allow' : 'deny', '', 'PUT', '/permissions', { [permission]: allowed }, permission);
  }
  muteAll() {
    return this.act('mute-all', '', 'POST', '/mute-all');
  }
  lock(locked: boolean) {
    return this.act(locked ? 'lock' : 'unlock', '', 'PUT', '/lock', { locked });
  }
}

/** Give the focus back to the button that opened the menu (the menu closes after a choice or Escape). */
const refocus = (e: Event) => {
  const b = (e.currentTarget as HTMLElement).closest('.host-menu')?.previousElementSibling;
  if (b instanceof HTMLElement && b.matches('[part~="host-menu-button"]')) b.focus();
};

/** Menu keys (WAI-ARIA menu pattern): arrows and Home/End move between items, Escape closes and refocuses the button. */
function menuKeys(e: KeyboardEvent, close: () => void) {
  const items = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('button')];
  const i = items.indexOf(e.target as HTMLElement);
  const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: items.length - 1 }[e.key];
  if (e.key === 'Escape') {
    e.stopPropagation();
    refocus(e);
    close();
  } else if (to !== undefined && items.length) {
    e.preventDefault();
    items[(to + items.length) % items.length]!.focus();
  }
}

const item = (part: string, label: string, click: () => void, pressed?: boolean) =>
  html`<button type="button" role=${pressed === undefined ? 'menuitem' : 'menuitemcheckbox'} part="host-menu-item host-${part}"
    aria-checked=${pressed === undefined ? nothing : String(pressed)} @click=${(e: Event) => (refocus(e), click())}>${label}</button>`;

/**
 * The host menu for one participant (`part="host-menu"`, role=menu): the actions a moderator may take on
 * `identity`, as LiveKit shows them now (mute when their microphone is on, ask to unmute when off; stop camera /
 * screen share while on). Toggles (spotlight, permissions) are `menuitemcheckbox`es with `aria-checked`. Escape
 * closes it. For the participants panel too: call it with any identity in the room.
 * @returns nothing for ourselves, for a host, or when we are not a moderator
 */
export function renderHostMenu(identity: string, c: HostControls, t: T) {
  const p = c.room.getParticipantByIdentity(identity);
  if (!c.moderator || !p || p === c.room.localParticipant) return nothing;
  const role = p.attributes?.role;
  if (role === 'host') return nothing;
  const name = p.name || identity;
  const on = (s: Track.Source) => {
    const pub = p.getTrackPublication(s);
    return !!pub && !pub.isMuted;
  };
  return html`<div part="host-menu" class="host-menu" role="menu" aria-label=${t('host.menu', { name })}
    @keydown=${(e: KeyboardEvent) => menuKeys(e, () => c.closeMenu())}>
    ${on(Track.Source.Microphone) ? item('mute', t('host.mute'), () => c.mute(identity)) : item('ask-unmute', t('host.askUnmute'), () => c.askToUnmute(identity))}
    ${on(Track.Source.Camera) ? item('stop-camera', t('host.stopCamera'), () => c.mute(identity, 'camera')) : nothing}
    ${on(Track.Source.ScreenShare) ? item('stop-screen-share', t('host.stopScreen'), () => c.mute(identity, 'screen_share')) : nothing}
    ${item('spotlight', t('host.spotlight'), () => c.setSpotlight(c.spotlight === identity ? null : identity), c.spotlight === identity)}
    ${role === 'moderator' ? item('demote', t('host.demote'), () => c.changeRole(identity, 'participant')) : role !== 'viewer' ? item('promote', t('host.promote'), () => c.changeRole(identity, 'moderator')) : nothing}
    ${(['microphone', 'camera', 'screenShare', 'chat'] as const).map((k) => {
      const allowed = c.may(k, p);
      const key = `host.allow${k[0]!.toUpperCase()}${k.slice(1)}` as TranslationKey;
      return item(`allow-${k}`, t(key), () => c.allow(identity, k, !allowed), allowed);
    })}
    ${item('remove', t('host.remove'), () => c.remove(identity))}
    ${item('ban', t('host.ban'), () => c.remove(identity, true))}
  </div>`;
}

/**
 * The button that opens `identity`'s host menu (`part="host-menu-button"`), and the menu while open: in their tile,
 * or (`place` 'panel') in their row of the participants panel.
 */
export function renderTileMenu(identity: string, name: string, c: HostControls, t: T, place: 'tile' | 'panel' = 'tile') {
  const menu = renderHostMenu(identity, c, t);
  if (menu === nothing) return nothing;
  const open = c.menuFor === identity && c.menuPlace === place;
  return html`<button type="button" part="host-menu-button" class="host-menu-button" aria-haspopup="menu" aria-expanded=${String(open)}
      aria-label=${t('host.menu', { name })} title=${t('host.menu', { name })}
      @click=${(e: Event) => {
        const button = e.currentTarget as HTMLElement;
        c.toggleMenu(identity, place);
        // Opened: the focus goes to its first item once the element has rendered it.
        const el = (button.getRootNode() as ShadowRoot).host as HTMLElement & { updateComplete?: Promise<unknown> };
        if (c.menuFor === identity && c.menuPlace === place) {
          void Promise.resolve(el?.updateComplete).then(() => button.parentElement?.querySelector<HTMLElement>('.host-menu button')?.focus());
        }
      }}
      @keydown=${(e: KeyboardEvent) => {
        // Escape on the button of an open menu closes the menu only (not the panel around it).
        if (e.key !== 'Escape' || !open) return;
        e.stopPropagation();
        c.closeMenu();
      }}>⋮</button>
    ${open ? menu : nothing}`;
}

/**
 * Room-wide host controls and notices: for moderators the bar (`part="host-bar"`, role=region) with Mute all, the
 * Lock toggle and what participants may do (`host-all-microphone`, `-camera`, `-screenShare`, `-chat`; all
 * toggles with `aria-pressed`); for everyone the locked notice (`part="locked-notice"`, role=status) and the ask to
 * unmute (`part="ask-unmute"`, role=alertdialog: Unmute / Not now).
 */
export function renderHostBar(c: HostControls, t: T) {
  return html`${c.moderator
      ? html`<div part="host-bar" class="host-bar" role="region" aria-label=${t('host.bar')}>
          <button type="button" part="host-mute-all" ?disabled=${c.busy} @click=${() => c.muteAll()}>${t('host.muteAll')}</button>
          <button type="button" part="host-lock" aria-pressed=${String(c.locked)} ?disabled=${c.busy} @click=${() => c.lock(!c.locked)}>${t('host.lock')}</button>
          <span role="group" class="host-all" aria-label=${t('host.participantsMay')}>
            <span aria-hidden="true">${t('host.participantsMay')}</span>
            ${(['microphone', 'camera', 'screenShare', 'chat'] as const).map((k) => {
              const label = t(`host.all${k[0]!.toUpperCase()}${k.slice(1)}` as TranslationKey);
              return html`<button type="button" part="host-all-${k}" aria-pressed=${String(c.permissions[k])} ?disabled=${c.busy}
                @click=${() => c.allowAll(k, !c.permissions[k])}>${label}</button>`;
            })}
          </span>
        </div>`
      : nothing}
    ${c.locked ? html`<div part="locked-notice" class="host-notice" role="status">${t('host.locked')}</div>` : nothing}
    ${c.askedBy
      ? html`<div part="ask-unmute" class="ask-unmute" role="alertdialog" aria-labelledby="vr-ask-unmute">
          <p id="vr-ask-unmute">${t('host.askedUnmute', { name: c.askedBy })}</p>
          <button type="button" part="ask-unmute-accept" class="primary" @click=${() => c.answerUnmute(true)}>${t('host.unmute')}</button>
          <button type="button" part="ask-unmute-decline" @click=${() => c.answerUnmute(false)}>${t('host.notNow')}</button>
        </div>`
      : nothing}`;
}

/**
 * Start host controls for `el`'s room session: events (`vr-host-action`, `vr-role-change`, `vr-spotlight-change`,
 * `vr-lock-change`, `vr-ask-unmute`) are fired on `el`, re-renders requested from it; `hooks.announce` sets the
 * polite live region's text, `hooks.role` lets the chat follow a role change. Call `stop()` on leaving.
 */
export function attachHostControls(
  el: HTMLElement & { requestUpdate(): void },
  server: string,
  answer: HostSession,
  session: RoomSession,
  t: T,
  hooks: { announce(text: string): void; role(role: VrRole): void },
): HostControls {
  let c: HostControls | undefined;
  const live = () => !!c && !c.stopped;
  const fire = (e: Event) => live() && el.dispatchEvent(e);
  c = new HostControls(server, answer, session.room, {
    changed: () => live() && el.requestUpdate(),
    announce: (text) => live() && (hooks.announce(text), el.requestUpdate()),
    acted: (action, identity, permission) => fire(new VrHostActionEvent({ action, identity, ...(permission ? { permission } : {}) })),
    role: (role) => live() && (hooks.role(role), fire(new VrRoleChangeEvent({ role }))),
    spotlight: (identity) => fire(new VrSpotlightChangeEvent({ identity })),
    locked: (locked) => fire(new VrLockChangeEvent({ locked })),
    askUnmute: (by) => fire(new VrAskUnmuteEvent({ by })),
    unmute: () => (session.micOn ? Promise.resolve() : session.toggleMic()),
  }, t);
  c.start();
  return c;
}

/**
 * Moderators' actions in the participants panel (classroom.ts `rowActions` / `headerActions`), as in Zoom's
 * participants list: each row's host menu (`host-menu-button` and `host-menu`, as in the tile), and in the header
 * Mute all (`participants-mute-all`) and the Lock toggle (`participants-lock`, `aria-pressed`). Read at each
 * render, so a promotion or demotion (our role attribute) shows them or takes them away at once.
 */
export function panelActions(c: HostControls, t: T) {
  return {
    row: (p: { identity: string; name: string; inRoom: boolean; isLocal: boolean }) =>
      p.inRoom && !p.isLocal ? renderTileMenu(p.identity, p.name, c, t, 'panel') : nothing,
    header: () =>
      c.moderator
        ? html`<button type="button" part="participants-mute-all" class="mini" ?disabled=${c.busy} @click=${() => c.muteAll()}>${t('host.muteAll')}</button>
            <button type="button" part="participants-lock" class="mini" aria-pressed=${String(c.locked)} ?disabled=${c.busy} @click=${() => c.lock(!c.locked)}>${t('host.lock')}</button>`
        : nothing,
  };
}

/** What the room view (room-view.ts `RoomViewProps.host`) needs from host controls now. */
export function roomProps(c: HostControls, t: T) {
  return {
    bar: renderHostBar(c, t),
    spotlight: c.spotlight,
    tileMenu: (v: TileView) => (v.isLocal ? undefined : renderTileMenu(v.identity, v.name, c, t)),
    canMic: c.may('microphone'),
    canCam: c.may('camera'),
    canShare: c.may('screenShare'),
  };
}

export { default as hostStyles } from './host-controls.styles.js';
