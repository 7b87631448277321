import { css } from '@lit/reactive-element/css-tag.js';
import sidePanel from './side-panel.styles.js';

/**
 * Raised hands, reactions and the participants panel (classroom chunk, adopted when it loads). The panel sits at the
 * inline start (the chat's at the end: both can be open). Logical properties keep RTL right.
 */
export default css`
  ${sidePanel}
  .people { inset-inline-start: 12px; width: min(320px, calc(100% - 24px)); }
  .people-head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
  .people-head h3 { margin: 0; font-size: 1em; flex: 1; }
  .people-head .waiting { position: static; flex-basis: 100%; width: auto; max-height: 40vh; box-shadow: none; padding: 8px; background: color-mix(in srgb, var(--_text) 6%, var(--_surface)); }
  .people-list { flex: 1; min-height: 0; overflow-y: auto; list-style: none; margin: 0; padding: 0; display: grid; align-content: start; gap: 6px; }
  .person { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; padding: 6px 8px; border-radius: calc(var(--_radius) / 2); background: color-mix(in srgb, var(--_text) 6%, transparent); }
  .person[data-hand] { background: color-mix(in srgb, #f59e0b 20%, transparent); }
  .person[data-gone] { opacity: 0.75; }
  .who { flex: 1; min-width: 0; display: grid; }
  .who .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 600; }
  .who .role { font-size: 0.8em; color: var(--_muted); }
  .state { display: inline-grid; }
  .state svg { width: 18px; height: 18px; }
  .state[data-off] { color: #fca5a5; }
  .hand-mark, .tile-hand { white-space: nowrap; font-weight: 600; }
  .quality { display: inline-flex; align-items: flex-end; gap: 2px; height: 14px; }
  .quality i { width: 4px; background: color-mix(in srgb, var(--_text) 25%, transparent); border-radius: 1px; }
  .quality i:nth-child(1) { height: 5px; } .quality i:nth-child(2) { height: 9px; } .quality i:nth-child(3) { height: 14px; }
  .quality[data-quality='excellent'] i, .quality[data-quality='good'] i:nth-child(-n + 2) { background: #22c55e; }
  .quality[data-quality='poor'] i:nth-child(1) { background: #f59e0b; }
  .quality[data-quality='lost'] i:nth-child(1) { background: var(--_danger); }
  .people .mini { min-height: 24px; min-width: 24px; padding: 2px 8px; font-size: 0.85em; background: color-mix(in srgb, var(--_text) 12%, transparent); }
  .tile-hand { position: absolute; inset-block-start: 8px; inset-inline-start: 8px; background: #f59e0b; color: #111; border-radius: 6px; padding: 2px 8px; }
  .tile[data-hand] { outline-color: #f59e0b; }
  .tile-reaction {
    position: absolute; inset-block-end: 40px; inset-inline-end: 12px; font-size: 2.5em; line-height: 1; pointer-events: none;
    animation: vr-burst 2.5s ease-out forwards;
  }
  @keyframes vr-burst {
    0% { transform: translateY(20px) scale(0.5); opacity: 0; }
    15% { transform: translateY(0) scale(1.2); opacity: 1; }
    70% { opacity: 1; }
    100% { transform: translateY(-40px) scale(1); opacity: 0; }
  }
  @media (prefers-reduced-motion: reduce) { .tile-reaction { animation: none; } }
  [part~='control-hand'][aria-pressed='false'], [part~='control-participants'][aria-pressed='false'] { background: var(--_surface); color: var(--_text); }
  [part~='control-hand'][aria-pressed='true'] { background: #f59e0b; color: #111; }
  [part~='control-participants'][aria-pressed='true'] { background: var(--_accent); color: #fff; }
  [part~='control-reactions'] { background: var(--_surface); font-size: 1.4em; }
  [part~='control-reactions'][aria-expanded='true'] { background: var(--_accent); }
  [part~='control-participants'] { position: relative; }
  .count {
    position: absolute; inset-block-start: -4px; inset-inline-end: -6px; min-width: 20px; height: 20px; padding: 0 5px;
    border-radius: 10px; background: var(--_accent); color: #fff; font-size: 12px; line-height: 20px; font-weight: 700;
  }
  .hands-count { inset-block-start: auto; inset-block-end: -4px; background: #f59e0b; color: #111; }
  .reactions { position: relative; display: inline-grid; }
  .reactions-menu {
    position: absolute; inset-block-end: calc(100% + 8px); inset-inline-start: 50%; translate: -50% 0; z-index: 4; display: flex; gap: 4px;
    padding: 6px; background: var(--_surface); border-radius: var(--_radius); box-shadow: 0 4px 16px rgb(0 0 0 / 0.4);
  }
  :dir(rtl) .reactions-menu { translate: 50% 0; }
  .reactions-menu button { font-size: 1.5em; padding: 4px 8px; line-height: 1; background: transparent; }
  .reactions-menu button:hover { background: color-mix(in srgb, var(--_text) 12%, transparent); }
`;
