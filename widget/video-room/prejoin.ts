/**
 * Pre-join screen: camera preview, device selectors, name, mic/cam toggles, Join. A render helper over the public
 * interface of the pre-join controller (`prejoin.controller.ts`) and a few callbacks of the element.
 */
import { html, nothing } from 'lit/html.js';
import type { TranslationKey } from '../i18n/index.js';
import { camIcon, camOffIcon, micIcon, micOffIcon } from './icons.js';
import type { MediaKind, PrejoinController } from './prejoin.controller.js';

/** What the pre-join screen needs besides the controller's state. */
export interface PrejoinView {
  /** Translate in the element's language. */
  t: (key: TranslationKey, params?: Record<string, string | number>) => string;
  /** The name can be typed (a code join; a ticket carries its own name). */
  nameEditable: boolean;
  /** The form was submitted (Join). */
  join(): void;
  /** The user starts to join (pointer down on, or focus of, Join). */
  preload(): void;
  /** More fields from the join chunk, once a join answer asked for them (the meeting password). */
  fields?: unknown;
}

function select(p: PrejoinController, v: PrejoinView, kind: MediaKind) {
  const a = kind === 'audio';
  const list = p.devices[kind];
  const value = a ? p.micId : p.camId;
  const id = `vr-${kind}`;
  return html`<label for=${id}>${v.t(a ? 'prejoin.microphone' : 'prejoin.camera')}</label>
    <select
      id=${id}
      part="device-select ${a ? 'mic-select' : 'camera-select'}"
      ?disabled=${!list.length}
      @change=${(e: Event) => p.pick(kind, (e.target as HTMLSelectElement).value)}
    >
      ${list.length
        ? list.map(
            (d, i) =>
              html`<option value=${d.deviceId} ?selected=${d.deviceId === value}>
                ${d.label || (d.deviceId ? v.t('device.unnamed', { n: i + 1 }) : v.t('device.default'))}
              </option>`,
          )
        : html`<option value="">${v.t('device.none')}</option>`}
    </select>`;
}

function toggle(p: PrejoinController, v: PrejoinView, kind: MediaKind) {
  const a = kind === 'audio';
  const on = a ? p.mic : p.cam;
  const none = !p.devices[kind].length;
  const label = v.t(a ? 'control.microphone' : 'control.camera');
  return html`<button
    type="button"
    part="toggle ${a ? 'toggle-mic' : 'toggle-camera'}"
    class="round"
    aria-pressed=${on ? 'true' : 'false'}
    aria-label=${label}
    title=${label}
    ?disabled=${none && !on}
    @click=${() => p.toggle(kind)}
  >
    ${a ? (on ? micIcon : micOffIcon) : on ? camIcon : camOffIcon}
  </button>`;
}

/** Render the pre-join screen (`part="prejoin"`) of controller `p`. */
export function renderPrejoin(p: PrejoinController, v: PrejoinView) {
  const t = v.t;
  const preview = p.preview;
  const video = p.cam && preview?.getVideoTracks().some((tr) => tr.readyState === 'live');
  const nameEditable = v.nameEditable;
  const preload = () => v.preload();
  return html`<form
    part="prejoin"
    class="prejoin"
    @submit=${(e: Event) => {
      e.preventDefault();
      v.join();
    }}
  >
    <h2 part="title">${t('prejoin.title')}</h2>
    <div class="stage">
      ${video
        ? html`<video part="preview" aria-label=${t('prejoin.preview')} .srcObject=${preview} .muted=${true} autoplay playsinline muted></video>`
        : html`<div class="placeholder" part="preview-off">${t('prejoin.cameraOff')}</div>`}
      <div class="toggles">${toggle(p, v, 'audio')} ${toggle(p, v, 'video')}</div>
    </div>
    ${p.problem ? html`<p part="media-error" class="message" role="alert">${t(p.problem)}</p>` : nothing}
    <div class="fields">
      ${select(p, v, 'audio')} ${select(p, v, 'video')}
      ${nameEditable || p.displayName
        ? html`<label for="vr-name">${t('prejoin.name')}</label>
            <input
              id="vr-name"
              part="name-input"
              autocomplete="name"
              maxlength="80"
              .value=${p.displayName}
              ?readonly=${!nameEditable}
              @input=${(e: Event) => (p.displayName = (e.target as HTMLInputElement).value)}
            />`
        : nothing}
      ${v.fields}
    </div>
    ${p.formError ? html`<p part="form-error" class="message" role="alert">${p.formError}</p>` : nothing}
    <button type="submit" part="join-button" class="primary" @pointerdown=${preload} @focus=${preload}>${t('prejoin.join')}</button>
  </form>`;
}
