/** One participant tile (camera or screen share). Pure render helper. */
import { html, nothing } from 'lit/html.js';
import type { TranslationKey } from '../i18n/index.js';
import { micOffIcon } from './icons.js';
import type { TileView } from './session-types.js';

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');

/**
 * Render a tile: `part="tile"`, `data-identity`, `data-source` (`camera` | `screen_share`), `data-local`,
 * `data-muted` (microphone muted or absent), `data-speaking`, `data-hand` (raised hand: its place in the queue),
 * `data-spotlight` (host controls: pinned for everyone, with a `tile-spotlight` mark), and the `badges` the
 * classroom chunk adds (raised hand, reaction burst). `extra.menu`: the moderator's host menu button
 * (host-controls.ts). The `<video data-track>` is filled by the session.
 */
export function renderTile(v: TileView, t: T, extra?: { spotlight?: boolean; menu?: unknown }) {
  const screen = v.source === 'screen_share';
  return html`<div
    part="tile"
    class="tile"
    role="group"
    aria-label=${screen ? t('tile.screenShare', { name: v.name }) : v.name}
    data-identity=${v.identity}
    data-source=${v.source}
    ?data-local=${v.isLocal}
    ?data-muted=${v.muted}
    ?data-speaking=${v.speaking && !screen}
    ?data-spotlight=${!!extra?.spotlight}
    data-hand=${v.hand || nothing}
  >
    ${v.hasVideo
      ? html`<video data-track=${v.key} .muted=${true} autoplay playsinline muted></video>`
      : html`<div class="avatar" aria-hidden="true">${initials(v.name)}</div>`}
    <div class="label">
      ${v.muted && !screen
        ? html`<span part="tile-muted" class="muted" role="img" aria-label=${t('tile.muted')} title=${t('tile.muted')}>${micOffIcon}</span>`
        : nothing}
      <span part="tile-name">${v.name}</span>
      ${extra?.spotlight ? html`<span part="tile-spotlight">${t('host.spotlighted')}</span>` : nothing}
    </div>
    ${extra?.menu ?? nothing}
    ${v.badges ?? nothing}
  </div>`;
}
