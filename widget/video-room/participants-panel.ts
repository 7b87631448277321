/**
 * The participants panel of `<video-room>` (lazy, in the classroom chunk): a labelled region listing everyone in the
 * room — name, role, microphone and camera, raised hand with its place in the queue, connection quality — with
 * "Lower hand" / "Lower all hands" for hosts and moderators. Raised hands come first, in queue order (a hand of
 * someone who left stays listed until it is lowered), then us, then the others by name.
 *
 * Extension points for host actions (mute, remove…, added by the host-controls feature): `rowActions(person)`
 * renders more buttons in each row, `headerActions` more in the header. Pure render helper over plain data
 * (`participantsOf` builds it from the livekit-client `Room`).
 */
import { html, nothing } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import { escapeCloses } from './room-api.js';
import { ConnectionQuality, type Participant, type Room } from 'livekit-client';
import type { VrRole } from '../events/room.js';
import type { VrHand } from '../events/classroom.js';
import type { TranslationKey } from '../i18n/index.js';
import { camIcon, camOffIcon, micIcon, micOffIcon } from './icons.js';

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

export type Quality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

/** One row of the panel. */
export interface ParticipantView {
  identity: string;
  name: string;
  isLocal: boolean;
  /** From the `role` attribute the server put in their LiveKit token (`''` when unknown). */
  role: VrRole | '';
  /** Microphone published and not muted. */
  mic: boolean;
  /** Camera published and not muted. */
  cam: boolean;
  /** Place of their raised hand in the queue (1 = first), 0 when not raised. */
  hand: number;
  quality: Quality;
  /** Still in the room (false: a raised hand of someone who left). */
  inRoom: boolean;
}

/** What the panel shows and does. */
export interface ParticipantsPanelProps {
  people: ParticipantView[];
  /** Hosts and moderators: lower others' hands. */
  moderator: boolean;
  lowerHand(identity: string): void;
  lowerAll(): void;
  close(): void;
  /** Extension point: more actions in a person's row (host controls). */
  rowActions?: (p: ParticipantView) => unknown;
  /** Extension point: more actions in the header (host controls). */
  headerActions?: unknown;
}

const ROLES: readonly string[] = ['host', 'moderator', 'participant', 'viewer'];
const QUALITIES: Record<string, Quality> = {
  [ConnectionQuality.Excellent]: 'excellent',
  [ConnectionQuality.Good]: 'good',
  [ConnectionQuality.Poor]: 'poor',
  [ConnectionQuality.Lost]: 'lost',
};

/**
 * The panel's rows from the room and the hand queue: raised hands first in queue order (also of people who left),
 * then us, then the others by name.
 * @param localRole our role (the join answer's), for our own row
 */
export function participantsOf(room: Pick<Room, 'localParticipant' | 'remoteParticipants'>, hands: readonly VrHand[], localRole: VrRole): ParticipantView[] {
  const place = new Map(hands.map((h) => [h.identity, h.position]));
  const view = (p: Participant, isLocal: boolean): ParticipantView => {
    const role = isLocal ? localRole : p.attributes?.role ?? '';
    return {
      identity: p.identity,
      name: p.name || p.identity,
      isLocal,
      role: ROLES.includes(role) ? (role as VrRole) : '',
      mic: p.isMicrophoneEnabled,
      cam: p.isCameraEnabled,
      hand: place.get(p.identity) ?? 0,
      quality: QUALITIES[p.connectionQuality] ?? 'unknown',
      inRoom: true,
    };
  };
  const people = [view(room.localParticipant, true), ...[...room.remoteParticipants.values()].map((p) => view(p, false))];
  const gone: ParticipantView[] = hands
    .filter((h) => !people.some((p) => p.identity === h.identity))
    .map((h) => ({ identity: h.identity, name: h.name, isLocal: false, role: '', mic: false, cam: false, hand: h.position, quality: 'unknown', inRoom: false }));
  const raised = [...people.filter((p) => p.hand), ...gone].sort((a, b) => a.hand - b.hand);
  const rest = people.filter((p) => !p.hand).sort((a, b) => (a.isLocal ? -1 : b.isLocal ? 1 : a.name.localeCompare(b.name)));
  return [...raised, ...rest];
}

const state = (part: string, on: boolean, label: string, icon: unknown) =>
  html`<span part=${part} class="state" ?data-off=${!on} role="img" aria-label=${label} title=${label}>${icon}</span>`;

function renderRow(p: ParticipantView, props: ParticipantsPanelProps, t: T) {
  const quality = t(`participants.quality.${p.quality}` as TranslationKey);
  return html`<li part="participant" class="person" data-identity=${p.identity} data-role=${p.role} ?data-local=${p.isLocal} ?data-hand=${p.hand > 0} ?data-gone=${!p.inRoom}>
    <span class="who">
      <span part="participant-name" class="name">${p.isLocal ? t('tile.you', { name: p.name }) : p.name}</span>
      <span part="participant-role" class="role">${p.inRoom ? (p.role ? t(`participants.role.${p.role}` as TranslationKey) : '') : t('participants.gone')}</span>
    </span>
    ${p.hand
      ? html`<span part="participant-hand" class="hand-mark" role="img" aria-label=${t('hands.position', { position: p.hand })} title=${t('hands.position', { position: p.hand })}>✋ ${p.hand}</span>`
      : nothing}
    ${p.inRoom
      ? html`${state('participant-mic', p.mic, t(p.mic ? 'participants.micOn' : 'participants.micOff'), p.mic ? micIcon : micOffIcon)}
          ${state('participant-camera', p.cam, t(p.cam ? 'participants.camOn' : 'participants.camOff'), p.cam ? camIcon : camOffIcon)}
          <span part="participant-quality" class="quality" data-quality=${p.quality} role="img" aria-label=${quality} title=${quality}><i></i><i></i><i></i></span>`
      : nothing}
    ${p.hand && props.moderator && !p.isLocal
      ? html`<button type="button" part="participant-lower-hand" class="mini" @click=${() => props.lowerHand(p.identity)}>${t('hands.lowerFor', { name: p.name })}</button>`
      : nothing}
    ${props.rowActions?.(p) ?? nothing}
  </li>`;
}

/**
 * The panel (`part="participants-panel"`, role=region labelled by its heading "Participants (n)"); Escape closes it
 * and returns to the Participants button. Rows: `participant` with `data-identity`, `data-role`, `data-local`,
 * `data-hand`, `data-gone`; inside `participant-name`, `participant-role`, `participant-hand`, `participant-mic`,
 * `participant-camera`, `participant-quality` (`data-quality`), `participant-lower-hand`.
 */
export function renderParticipantsPanel(props: ParticipantsPanelProps, t: T) {
  const inRoom = props.people.filter((p) => p.inRoom).length;
  const raised = props.people.some((p) => p.hand > 0);
  return html`<section part="participants-panel" class="side-panel people" role="region" aria-labelledby="vr-participants-title"
    @keydown=${escapeCloses(() => props.close(), 'control-participants')}>
    <header class="people-head">
      <h3 id="vr-participants-title" tabindex="-1">${t('participants.title', { count: inRoom })}</h3>
      ${props.moderator && raised
        ? html`<button type="button" part="participants-lower-all" class="mini" @click=${() => props.lowerAll()}>${t('hands.lowerAll')}</button>`
        : nothing}
      ${props.headerActions ?? nothing}
      <button type="button" part="participants-close" class="mini" aria-label=${t('participants.close')} title=${t('participants.close')} @click=${() => props.close()}>✕</button>
    </header>
    <ul part="participants-list" class="people-list">
      ${repeat(props.people, (p) => p.identity, (p) => renderRow(p, props, t))}
    </ul>
  </section>`;
}
