import { css } from '@lit/reactive-element/css-tag.js';
import sidePanel from './side-panel.styles.js';

/** Polls panel and Polls button badge (polls chunk, adopted on join). Logical properties keep RTL right. */
export default css`
  ${sidePanel}
  .polls { inset-inline-start: 12px; width: min(380px, calc(100% - 24px)); overflow-y: auto; }
  .polls-head { display: flex; align-items: center; gap: 8px; }
  .polls-head h3 { margin: 0; font-size: 1em; flex: 1; }
  .polls label { display: grid; gap: 4px; font-size: 0.9em; }
  .polls label.check, [part~='poll-option'] { display: flex; gap: 6px; align-items: center; }
  .polls input:not([type='checkbox'], [type='radio']), .polls select, .polls textarea {
    font: inherit; color: inherit; background: var(--_bg); border: 1px solid color-mix(in srgb, var(--_text) 25%, transparent);
    border-radius: calc(var(--_radius) / 2); padding: 6px 8px; min-width: 0;
  }
  .polls fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: 6px; }
  .polls legend { font-size: 0.9em; padding: 0; margin-block-end: 4px; }
  .create form { display: grid; gap: 8px; margin-block-start: 8px; }
  .create summary { cursor: pointer; font-weight: 600; }
  .poll-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
  .poll { display: grid; gap: 6px; padding: 8px; border-radius: calc(var(--_radius) / 2); background: color-mix(in srgb, var(--_text) 6%, transparent); }
  .poll[data-status='open'] { outline: 2px solid var(--_accent); outline-offset: -2px; }
  .poll-head { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; }
  .question { font-weight: 600; flex: 1 1 100%; overflow-wrap: anywhere; }
  .tag { font-size: 0.8em; padding: 0 6px; border-radius: 8px; background: color-mix(in srgb, var(--_text) 14%, transparent); }
  .timer, .total, .poll p { margin: 0; font-size: 0.9em; }
  .actions { display: flex; flex-wrap: wrap; gap: 6px; }
  .answer { display: grid; gap: 8px; }
  .mini { min-height: 24px; min-width: 24px; padding: 2px 8px; font-size: 0.85em; background: color-mix(in srgb, var(--_text) 12%, transparent); }
  .mini[aria-pressed='true'] { background: var(--_accent); color: #fff; }
  .primary { padding: 6px 12px; }
  .bars, .texts { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
  .bar { display: block; block-size: 6px; border-radius: 3px; background: color-mix(in srgb, var(--_text) 12%, transparent); overflow: hidden; }
  .bar > span { display: block; block-size: 100%; background: var(--_accent); }
  [part~='poll-result'][data-correct] .bar > span { background: #16a34a; }
  .texts li { overflow-wrap: anywhere; font-size: 0.9em; }
  .empty, .notice { color: var(--_muted); margin: 0; }
  [part~='control-polls'] { position: relative; }
  [part~='control-polls'][aria-pressed='false'] { background: var(--_surface); color: var(--_text); }
  [part~='control-polls'][aria-pressed='true'] { background: var(--_accent); color: #fff; }
  [part~='control-polls'] .badge {
    position: absolute; inset-block-start: -4px; inset-inline-end: -4px; min-width: 20px; height: 20px; padding: 0 5px;
    border-radius: 10px; background: var(--_danger); color: #fff; font-size: 12px; line-height: 20px; font-weight: 700;
  }
`;
