import { css } from '@lit/reactive-element/css-tag.js';

/** Styles of `<coffee-chat>`. Theme through the same `--vr-*` custom properties as `<video-room>`; logical properties keep RTL right. */
export default css`
  :host {
    display: block;
    background: var(--_bg);
    color: var(--_text);
    font: var(--vr-font, 15px/1.4 system-ui, sans-serif);
    border-radius: var(--_radius);
  }
  :host([hidden]) { display: none; }
  * { box-sizing: border-box; }
  .base { padding: 16px; display: grid; gap: 24px; }
  h2 { margin: 0 0 8px; font-size: 1.2em; }
  h3, h4 { margin: 0; font-size: 1em; }
  ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
  li { background: var(--_surface); border-radius: var(--_radius); padding: 12px; display: grid; gap: 8px; }
  p { margin: 0; }
  .muted { color: var(--_muted); }
  button, input, textarea { font: inherit; color: inherit; }
  button { cursor: pointer; border: 0; border-radius: var(--_radius); background: color-mix(in srgb, var(--_text) 12%, var(--_surface)); padding: 8px 14px; justify-self: start; }
  button:disabled { opacity: 0.5; cursor: default; }
  :focus-visible { outline: 3px solid var(--vr-focus-ring, var(--_accent)); outline-offset: 2px; }
  .primary { background: var(--_accent); color: #fff; font-weight: 600; }
  .danger { background: var(--_danger); color: #fff; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; }
  fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: 4px; }
  legend { padding: 0; margin-block-end: 4px; }
  label { display: flex; gap: 8px; align-items: center; }
  .stack { flex-direction: column; align-items: stretch; gap: 4px; }
  form { display: grid; gap: 10px; border-block-start: 1px solid color-mix(in srgb, var(--_text) 20%, transparent); padding-block-start: 10px; }
  textarea { background: var(--_bg); border: 1px solid color-mix(in srgb, var(--_text) 25%, transparent); border-radius: calc(var(--_radius) / 2); padding: 8px; min-height: 3em; }
  .message { background: color-mix(in srgb, var(--_danger) 30%, transparent); padding: 8px 12px; border-radius: var(--_radius); }
  .cols { display: grid; gap: 24px; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); }
  video-room { --vr-min-height: 320px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
