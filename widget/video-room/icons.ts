/**
 * Inline SVG icons (Material Symbols paths, 24×24), decorative: always `aria-hidden`, labels live on the buttons. A
 * whole `<svg>` element parses as SVG inside an `html` template (lit's `svg` tag is for fragments without one).
 */
import { html, type TemplateResult } from 'lit/html.js';

export const icon = (d: string): TemplateResult =>
  html`<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path fill="currentColor" d=${d}></path></svg>`;

export const micIcon = icon('M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9h-2Z');
export const micOffIcon = icon('M19 11h-2c0 .7-.1 1.3-.4 1.9l1.5 1.5c.6-1 .9-2.2.9-3.4Zm-4 .2V5a3 3 0 0 0-6 0v.2l6 6ZM4.3 3 3 4.3l6 6V11a3 3 0 0 0 4.2 2.8l1.6 1.6A5 5 0 0 1 7 11H5a7 7 0 0 0 6 6.9V21h2v-3.1c.9-.1 1.8-.4 2.6-.9l4.1 4.1 1.3-1.3L4.3 3Z');
export const camIcon = icon('M17 10.5V7a1 1 0 0 0-1-1H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3.5l4 4v-11l-4 4Z');
export const camOffIcon = icon('M21 6.5l-4 4V7a1 1 0 0 0-1-1H9.8L21 17.2V6.5ZM3.3 2 2 3.3 4.7 6H4a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h12c.2 0 .4-.1.5-.2l3.2 3.2 1.3-1.3L3.3 2Z');
