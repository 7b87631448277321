import { css } from '@lit/reactive-element/css-tag.js';

/** Styles of `<video-room>` (pre-join screen; the other screens' come with their lazy chunks). Theme through the `--vr-*` custom properties; logical properties keep RTL right. */
export default css`
  :host {
    display: block;
    position: relative;
    min-height: var(--vr-min-height, 360px);
    background: var(--_bg);
    color: var(--_text);
    font: var(--vr-font, 15px/1.4 system-ui, sans-serif);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  :host([hidden]) { display: none; }
  * { box-sizing: border-box; }
  .base { position: relative; height: 100%; min-height: inherit; display: flex; flex-direction: column; }
  h2 { margin: 0; font-size: 1.25em; }
  button, select, input { font: inherit; color: inherit; }
  button { cursor: pointer; border: 0; border-radius: var(--_radius); background: var(--_surface); padding: 10px 16px; }
  button:disabled { opacity: 0.5; cursor: default; }
  :focus-visible { outline: 3px solid var(--vr-focus-ring, var(--_accent)); outline-offset: 2px; }
  .primary { background: var(--_accent); color: #fff; font-weight: 600; padding: 12px 28px; }
  .round { width: 48px; height: 48px; padding: 0; border-radius: 50%; display: inline-grid; place-items: center; }
  .round[aria-pressed='false'] { background: var(--_danger); color: #fff; }
  .message { margin: 0; color: var(--_text); background: color-mix(in srgb, var(--_danger) 30%, transparent); padding: 8px 12px; border-radius: var(--_radius); }
  .prejoin { margin: auto; padding: 16px; width: min(100%, 560px); display: grid; gap: 12px; }
  .stage { position: relative; aspect-ratio: 16 / 9; background: #000; border-radius: var(--_radius); overflow: hidden; }
  .stage video { width: 100%; height: 100%; object-fit: cover; display: block; }
  [part~='preview'] { transform: scaleX(-1); }
  .placeholder { position: absolute; inset: 0; display: grid; place-items: center; color: var(--_muted); }
  .toggles { position: absolute; inset-block-end: 12px; inset-inline: 0; display: flex; gap: 12px; justify-content: center; }
  .fields { display: grid; grid-template-columns: max-content 1fr; gap: 8px 12px; align-items: center; }
  select, input { background: var(--_surface); border: 1px solid color-mix(in srgb, var(--_text) 25%, transparent); border-radius: calc(var(--_radius) / 2); padding: 8px; min-width: 0; }
  input[readonly] { border-color: transparent; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
