/**
 * Pre-join screen: camera preview, device selectors, name, mic/cam toggles, Join. Render helper reading the
 * element's pre-join state directly (no props object: this ships in the first script payload, every byte counts).
 */
import { html, nothing } from 'lit/html.js';
import { camIcon, camOffIcon, micIcon, micOffIcon } from './icons.js';
import type { VideoRoom } from './video-room.js';

function select(el: VideoRoom, kind: 'audio' | 'video') {
  const a = kind === 'audio';
  const list = el._devices[kind];
  const value = a ? el._micId : el._camId;
  const id = `vr-${kind}`;
  return html`<label for=${id}>${el._t(a ? 'prejoin.microphone' : 'prejoin.camera')}</label>
    <select
      id=${id}
      part="device-select ${a ? 'mic-select' : 'camera-select'}"
      ?disabled=${!list.length}
      @change=${(e: Event) => el._pickDevice(kind, (e.target as HTMLSelectElement).value)}
    >
      ${list.length
        ? list.map(
            (d, i) =>
              html`<option value=${d.deviceId} ?selected=${d.deviceId === value}>
                ${d.label || (d.deviceId ? el._t('device.unnamed', { n: i + 1 }) : el._t('device.default'))}
              </option>`,
          )
        : html`<option value="">${el._t('device.none')}</option>`}
    </select>`;
}

function toggle(el: VideoRoom, kind: 'audio' | 'video') {
  const a = kind === 'audio';
  const on = a ? el._mic : el._cam;
  const none = !el._devices[kind].length;
  const label = el._t(a ? 'control.microphone' : 'control.camera');
  return html`<button
    type="button"
    part="toggle ${a ? 'toggle-mic' : 'toggle-camera'}"
    class="round"
    aria-pressed=${on ? 'true' : 'false'}
    aria-label=${label}
    title=${label}
    ?disabled=${none && !on}
    @click=${() => el._togglePreview(kind)}
  >
    ${a ? (on ? micIcon : micOffIcon) : on ? camIcon : camOffIcon}
  </button>`;
}

/** Render the pre-join screen of `el` (`part="prejoin"`). */
export function renderPrejoin(el: VideoRoom) {
  const t = el._t;
  const preview = el._preview;
  const video = el._cam && preview?.getVideoTracks().some((tr) => tr.readyState === 'live');
  const nameEditable = !el.ticket;
  const preload = () => el._preload(true);
  return html`<form
    part="prejoin"
    class="prejoin"
    @submit=${(e: Event) => {
      e.preventDefault();
      el.join();
    }}
  >
    <h2 part="title">${t('prejoin.title')}</h2>
    <div class="stage">
      ${video
        ? html`<video part="preview" aria-label=${t('prejoin.preview')} .srcObject=${preview} .muted=${true} autoplay playsinline muted></video>`
        : html`<div class="placeholder" part="preview-off">${t('prejoin.cameraOff')}</div>`}
      <div class="toggles">${toggle(el, 'audio')} ${toggle(el, 'video')}</div>
    </div>
    ${el._problem ? html`<p part="media-error" class="message" role="alert">${t(el._problem)}</p>` : nothing}
    <div class="fields">
      ${select(el, 'audio')} ${select(el, 'video')}
      ${nameEditable || el._displayName
        ? html`<label for="vr-name">${t('prejoin.name')}</label>
            <input
              id="vr-name"
              part="name-input"
              autocomplete="name"
              maxlength="80"
              .value=${el._displayName}
              ?readonly=${!nameEditable}
              @input=${(e: Event) => (el._displayName = (e.target as HTMLInputElement).value)}
            />`
        : nothing}
      ${el._askPassword && nameEditable
        ? html`<label for="vr-password">${t('prejoin.password')}</label>
            <input
              id="vr-password"
              part="password-input"
              type="password"
              autocomplete="off"
              .value=${el._password}
              @input=${(e: Event) => (el._password = (e.target as HTMLInputElement).value)}
            />`
        : nothing}
    </div>
    ${el._formError ? html`<p part="form-error" class="message" role="alert">${el._formError}</p>` : nothing}
    <button type="submit" part="join-button" class="primary" @pointerdown=${preload} @focus=${preload}>${t('prejoin.join')}</button>
  </form>`;
}
