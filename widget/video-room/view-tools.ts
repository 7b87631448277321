/**
 * Lazy part of the room that the first tiles do not wait for (loaded while the room connects, in parallel with the
 * in-room chunk, and started once in the room, like the chat): the view toolbar (pages, speaker view, self view,
 * bandwidth choice, shortcut help), the low-bandwidth notice, the bandwidth controller (connection quality, the
 * user's choice), the opt-in keyboard shortcuts and their help dialog, with their English strings and styles.
 * What must hold from the first subscription stays in the in-room chunk: the layout (which tiles are visible,
 * layout.controller.ts) and the stored bandwidth choice (bandwidth-mode.ts, applied by room-session.ts).
 */
import { css } from '@lit/reactive-element/css-tag.js';
import enLayout from '../i18n/en-layout.js';
import { addDefaults } from '../i18n/index.js';

addDefaults(enLayout);

export { BandwidthController } from './bandwidth.controller.js';
export { renderBandwidthNotice, renderShortcutHelp, renderViewBar } from './layout-view.js';
export { Shortcuts, roomShortcuts } from './shortcuts.js';

/** Styles of the view toolbar, the low-bandwidth notice and the shortcut help, adopted with this chunk. */
export const viewToolStyles = css`
  .view-bar { display: flex; flex-wrap: wrap; gap: 8px; justify-content: center; align-items: center; padding: 4px 12px 0; }
  .pager { display: inline-flex; gap: 4px; align-items: center; }
  .small { width: 36px; height: 36px; padding: 0; display: inline-grid; place-items: center; border-radius: 50%; }
  .small svg { width: 20px; height: 20px; }
  [dir='rtl'] .pager svg { transform: scaleX(-1); }
  .small[aria-disabled='true'] { opacity: 0.5; cursor: default; }
  .small[aria-pressed='true'] { background: var(--_accent); color: #fff; }
  [part~='bandwidth-select'] { padding: 6px 8px; }
  .notice { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; justify-content: center; padding: 8px 12px; background: color-mix(in srgb, var(--_accent) 30%, var(--_surface)); }
  .notice button { padding: 6px 12px; background: var(--_accent); color: #fff; }
  .help { background: var(--_surface); color: var(--_text); border: 0; border-radius: var(--_radius); padding: 16px 20px; max-width: min(420px, calc(100% - 32px)); }
  .help::backdrop { background: rgb(0 0 0 / 0.5); }
  .help h2 { font-size: 1.1em; margin: 0 0 12px; }
  .help dl { margin: 0; display: grid; gap: 6px; }
  .help dl div { display: flex; gap: 12px; }
  .help dt { min-width: 6em; }
  .help dd { margin: 0; }
  .help kbd { font: inherit; font-weight: 600; padding: 1px 6px; border-radius: 4px; background: color-mix(in srgb, var(--_text) 15%, transparent); }
`;
