import { css } from '@lit/reactive-element/css-tag.js';
import sidePanel from './side-panel.styles.js';

/** Chat panel and Chat button badge (in-room chunk, part of room.styles.ts). Logical properties keep RTL right. */
export default css`
  ${sidePanel}
  .chat { inset-inline-end: 12px; width: min(360px, calc(100% - 24px)); }
  .chat-head { display: flex; align-items: center; gap: 8px; }
  .chat-head h3 { margin: 0; font-size: 1em; flex: 1; }
  .chat-list { flex: 1; min-height: 0; overflow-y: auto; }
  .chat-items { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
  .msg { display: grid; gap: 2px; padding: 6px 8px; border-radius: calc(var(--_radius) / 2); background: color-mix(in srgb, var(--_text) 6%, transparent); }
  .msg[data-private] { background: color-mix(in srgb, var(--_accent) 18%, transparent); }
  .msg-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px; font-size: 0.85em; color: var(--_muted); }
  .sender { font-weight: 600; color: var(--_text); }
  .private { font-style: italic; }
  .msg-head time { margin-inline-end: auto; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; }
  .text a { color: inherit; text-decoration: underline; }
  /* The waiting list (at the inline end, like the chat) moves to the other side while the chat is open: both stay usable. */
  .room:has(> .chat) > .waiting { inset-inline-end: auto; inset-inline-start: 12px; }
  .mini { min-height: 24px; min-width: 24px; padding: 2px 8px; font-size: 0.85em; color: var(--_text); background: color-mix(in srgb, var(--_text) 12%, transparent); }
  .mini[aria-pressed='true'] { background: var(--_accent); color: #fff; }
  .empty, .notice { color: var(--_muted); margin: 0; }
  .older { text-align: center; }
  .chat-form { display: grid; gap: 6px; }
  .chat-form .to { display: flex; gap: 6px; align-items: center; font-size: 0.9em; }
  .chat-form .to select { flex: 1; }
  .chat-form .row { display: flex; gap: 6px; align-items: stretch; }
  .chat-form textarea {
    flex: 1; min-width: 0; resize: none; font: inherit; color: inherit; background: var(--_bg);
    border: 1px solid color-mix(in srgb, var(--_text) 25%, transparent); border-radius: calc(var(--_radius) / 2); padding: 8px;
  }
  .chat-form .primary { padding: 8px 14px; }
  [part~='control-chat'] { position: relative; }
  [part~='control-chat'][aria-pressed='false'] { background: var(--_surface); color: var(--_text); }
  [part~='control-chat'][aria-pressed='true'] { background: var(--_accent); color: #fff; }
  .badge {
    position: absolute; inset-block-start: -4px; inset-inline-end: -4px; min-width: 20px; height: 20px; padding: 0 5px;
    border-radius: 10px; background: var(--_danger); color: #fff; font-size: 12px; line-height: 20px; font-weight: 700;
  }
`;
