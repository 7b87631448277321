import { css } from '@lit/reactive-element/css-tag.js';

/**
 * The theme tokens every element reads: the public `--vr-*` custom properties with their defaults, as private
 * `--_*` variables. Shared by `<video-room>` and `<coffee-chat>` so one theme styles both.
 */
export const themeTokens = css`
  :host {
    --_bg: var(--vr-background, #111418);
    --_surface: var(--vr-surface, #1f242b);
    --_text: var(--vr-text, #f3f5f7);
    --_muted: var(--vr-text-muted, #aab2bd);
    --_accent: var(--vr-accent, #2563eb);
    --_danger: var(--vr-danger, #dc2626);
    --_radius: var(--vr-radius, 12px);
  }
`;
