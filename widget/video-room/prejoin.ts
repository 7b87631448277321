/** Pre-join screen: camera preview, device selectors, name, mic/cam toggles, Join. Pure render helper. */
import { html, nothing } from 'lit';
import type { TranslationKey } from '../i18n/index.js';
import { camIcon, camOffIcon, micIcon, micOffIcon } from './icons.js';

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** Everything the pre-join screen shows, and what it calls back. */
export interface PrejoinProps {
  t: T;
  preview: MediaStream | null;
  mic: boolean;
  cam: boolean;
  micId: string;
  camId: string;
  mics: MediaDeviceInfo[];
  cams: MediaDeviceInfo[];
  /** Message key for a media problem (permission denied, no device…). */
  problem?: TranslationKey;
  name: string;
  nameEditable: boolean;
  askPassword: boolean;
  password: string;
  formError: string;
  toggle(kind: 'audio' | 'video'): void;
  pick(kind: 'audio' | 'video', deviceId: string): void;
  setName(v: string): void;
  setPassword(v: string): void;
  join(): void;
}

function select(p: PrejoinProps, kind: 'audio' | 'video') {
  const list = kind === 'audio' ? p.mics : p.cams;
  const value = kind === 'audio' ? p.micId : p.camId;
  const id = `vr-${kind}`;
  return html`<label for=${id}>${p.t(kind === 'audio' ? 'prejoin.microphone' : 'prejoin.camera')}</label>
    <select
      id=${id}
      part="device-select ${kind === 'audio' ? 'mic-select' : 'camera-select'}"
      ?disabled=${!list.length}
      @change=${(e: Event) => p.pick(kind, (e.target as HTMLSelectElement).value)}
    >
      ${list.length
        ? list.map(
            (d, i) =>
              html`<option value=${d.deviceId} ?selected=${d.deviceId === value}>
                ${d.label || (d.deviceId ? p.t('device.unnamed', { n: i + 1 }) : p.t('device.default'))}
              </option>`,
          )
        : html`<option value="">${p.t('device.none')}</option>`}
    </select>`;
}

function toggle(p: PrejoinProps, kind: 'audio' | 'video') {
  const a = kind === 'audio';
  const on = a ? p.mic : p.cam;
  const none = !(a ? p.mics : p.cams).length;
  return html`<button
    type="button"
    part="toggle ${a ? 'toggle-mic' : 'toggle-camera'}"
    class="round"
    aria-pressed=${on ? 'true' : 'false'}
    aria-label=${p.t(a ? 'control.microphone' : 'control.camera')}
    title=${p.t(a ? 'control.microphone' : 'control.camera')}
    ?disabled=${none && !on}
    @click=${() => p.toggle(kind)}
  >
    ${a ? (on ? micIcon : micOffIcon) : on ? camIcon : camOffIcon}
  </button>`;
}

/** Render the pre-join screen. */
export function renderPrejoin(p: PrejoinProps) {
  const video = p.cam && p.preview?.getVideoTracks().some((tr) => tr.readyState === 'live');
  return html`<form
    part="prejoin"
    class="prejoin"
    @submit=${(e: Event) => {
      e.preventDefault();
      p.join();
    }}
  >
    <h2 part="title">${p.t('prejoin.title')}</h2>
    <div class="stage">
      ${video
        ? html`<video part="preview" aria-label=${p.t('prejoin.preview')} .srcObject=${p.preview} .muted=${true} autoplay playsinline muted></video>`
        : html`<div class="placeholder" part="preview-off">${p.t('prejoin.cameraOff')}</div>`}
      <div class="toggles">${toggle(p, 'audio')} ${toggle(p, 'video')}</div>
    </div>
    ${p.problem ? html`<p part="media-error" class="message" role="alert">${p.t(p.problem)}</p>` : nothing}
    <div class="fields">
      ${select(p, 'audio')} ${select(p, 'video')}
      ${p.nameEditable || p.name
        ? html`<label for="vr-name">${p.t('prejoin.name')}</label>
            <input
              id="vr-name"
              part="name-input"
              autocomplete="name"
              maxlength="80"
              .value=${p.name}
              ?readonly=${!p.nameEditable}
              @input=${(e: Event) => p.setName((e.target as HTMLInputElement).value)}
            />`
        : nothing}
      ${p.askPassword
        ? html`<label for="vr-password">${p.t('prejoin.password')}</label>
            <input
              id="vr-password"
              part="password-input"
              type="password"
              autocomplete="off"
              .value=${p.password}
              @input=${(e: Event) => p.setPassword((e.target as HTMLInputElement).value)}
            />`
        : nothing}
    </div>
    ${p.formError ? html`<p part="form-error" class="message" role="alert">${p.formError}</p>` : nothing}
    <button type="submit" part="join-button" class="primary">${p.t('prejoin.join')}</button>
  </form>`;
}
