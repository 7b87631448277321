import { css } from '@lit/reactive-element/css-tag.js';

/** In-room styles (grid, tiles, controls, banner), loaded with the room session and adopted on join. */
export default css`
  .room { flex: 1; display: flex; flex-direction: column; min-height: inherit; }
  .grid {
    --_gap: var(--vr-tile-gap, 8px);
    flex: 1; display: grid; gap: var(--_gap); padding: var(--_gap); align-content: center;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, var(--vr-tile-min-width, 240px)), 1fr));
  }
  .tile { position: relative; aspect-ratio: 16 / 9; background: var(--_surface); border-radius: var(--_radius); overflow: hidden; outline: 3px solid transparent; outline-offset: -3px; transition: outline-color 0.15s; }
  .tile[data-source='screen_share'] { grid-column: 1 / -1; }
  .tile[data-source='screen_share'] video { object-fit: contain; background: #000; }
  .tile[data-speaking] { outline-color: var(--vr-speaking, var(--_accent)); }
  .label { position: absolute; inset-block-end: 8px; inset-inline-start: 8px; max-width: calc(100% - 16px); display: flex; gap: 4px; align-items: center; background: rgb(0 0 0 / 0.55); color: #fff; padding: 2px 8px; border-radius: 6px; }
  [part~='tile-name'] { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .muted { display: inline-grid; color: #fca5a5; }
  .muted svg { width: 18px; height: 18px; }
  .controls { display: flex; gap: 12px; justify-content: center; padding: 12px; background: var(--_surface); }
  [part~='control-leave'] { background: var(--_danger); color: #fff; }
  /* Screen share off is the normal state (not a warning like a muted mic); on is highlighted. */
  [part~='control-screen-share'][aria-pressed='false'] { background: var(--_surface); color: var(--_text); }
  [part~='control-screen-share'][aria-pressed='true'] { background: var(--_accent); color: #fff; }
  [part~='banner'] { background: #b45309; color: #fff; padding: 8px 12px; text-align: center; }
  .overlay { position: absolute; inset: 0; width: 100%; border-radius: 0; background: rgb(0 0 0 / 0.6); font-size: 1.2em; z-index: 1; }
  @media (prefers-reduced-motion: reduce) { .tile { transition: none; } }
  .tile video { width: 100%; height: 100%; object-fit: cover; display: block; }
  .tile[data-local][data-source='camera'] video { transform: scaleX(-1); }
  .avatar { position: absolute; inset: 0; display: grid; place-items: center; color: var(--_muted); font-size: 2em; font-weight: 600; }
  /* Layouts (layout.controller.ts): a page of tiles sized to fit, the main stage, the strip under it. */
  .grid.paged { justify-content: center; }
  .grid.strip { flex: 0 0 auto; }
  .main-stage { margin: var(--vr-tile-gap, 8px) auto 0; max-width: calc(100% - 2 * var(--vr-tile-gap, 8px)); }
  .main-stage .tile { width: 100%; }
  .main-stage .tile[data-source='camera'] video { object-fit: contain; background: #000; }
`;
