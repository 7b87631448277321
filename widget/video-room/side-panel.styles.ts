import { css } from '@lit/reactive-element/css-tag.js';

/**
 * What the room's side panels share (chat, participants, polls: `class="side-panel …"`): a card over the room, between
 * the top and the controls bar, on one inline side. Each panel's own styles include this and add its side and width.
 */
export default css`
  .room { position: relative; }
  .side-panel {
    position: absolute; inset-block: 12px 84px; z-index: 3;
    display: flex; flex-direction: column; gap: 8px; padding: 12px; background: var(--_surface); color: var(--_text);
    border-radius: var(--_radius); box-shadow: 0 4px 16px rgb(0 0 0 / 0.4);
  }
`;
