import { css } from '@lit/reactive-element/css-tag.js';

/** Host controls (host-controls chunk): tile menu, host bar, notices, spotlight mark. Logical properties keep RTL right. */
export default css`
  .host-menu-button {
    position: absolute; inset-block-start: 8px; inset-inline-end: 8px; z-index: 2; width: 32px; height: 32px; padding: 0;
    border-radius: 50%; background: rgb(0 0 0 / 0.55); color: #fff; font-size: 1.2em; line-height: 1;
  }
  .host-menu {
    position: absolute; inset-block-start: 44px; inset-inline-end: 8px; z-index: 3; max-height: calc(100% - 52px); overflow-y: auto;
    display: grid; gap: 2px; padding: 6px; min-width: 180px; background: var(--_surface); color: var(--_text);
    border-radius: calc(var(--_radius) / 2); box-shadow: 0 4px 16px rgb(0 0 0 / 0.4);
  }
  .host-menu button { text-align: start; padding: 4px 8px; font-size: 0.9em; background: transparent; color: inherit; border-radius: 4px; }
  .host-menu button[aria-checked='true']::before { content: '✓ '; }
  .host-menu button[aria-checked='false']::before { content: '✗ '; color: var(--_muted); }
  .person .host-menu-button { position: static; width: 28px; height: 28px; background: color-mix(in srgb, var(--_text) 12%, transparent); color: var(--_text); }
  .person .host-menu { position: static; flex-basis: 100%; max-height: none; box-shadow: none; background: color-mix(in srgb, var(--_text) 6%, var(--_surface)); }
  [part~='participants-lock'][aria-pressed='true'] { background: var(--_accent); color: #fff; }
  [part~='host-remove'], [part~='host-ban'] { color: #fca5a5; }
  .host-bar { display: flex; gap: 8px; justify-content: center; padding: 6px 12px; background: var(--_surface); }
  .host-bar button { padding: 6px 12px; }
  .host-bar { flex-wrap: wrap; align-items: center; }
  .host-bar [aria-pressed='true'] { background: var(--_accent); color: #fff; }
  .host-bar [aria-pressed='false'] { background: color-mix(in srgb, var(--_text) 12%, transparent); color: var(--_text); }
  .host-all { display: inline-flex; flex-wrap: wrap; gap: 6px; align-items: center; }
  .room { position: relative; }
  .host-notice { background: color-mix(in srgb, var(--_accent) 30%, var(--_surface)); color: var(--_text); padding: 6px 12px; text-align: center; }
  .ask-unmute {
    position: absolute; inset-block-start: 12px; inset-inline-start: 50%; transform: translateX(-50%); z-index: 4; display: flex;
    flex-wrap: wrap; gap: 8px; align-items: center; padding: 12px; background: var(--_surface); color: var(--_text);
    border-radius: var(--_radius); box-shadow: 0 4px 16px rgb(0 0 0 / 0.4);
  }
  .ask-unmute p { margin: 0; flex-basis: 100%; }
  .tile[data-spotlight] { outline-color: var(--vr-spotlight, #facc15); }
  [part~='tile-spotlight'] { font-size: 0.8em; padding: 0 6px; border-radius: 4px; background: #facc15; color: #111; }
`;
