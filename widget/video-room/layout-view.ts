/**
 * Render helpers of the view toolbar (layout, pages, self-view, bandwidth, shortcut help), the low-bandwidth notice
 * and the keyboard-shortcut help dialog. Lazy, in the view-tools chunk (view-tools.ts).
 */
import { html, nothing } from 'lit/html.js';
import type { TranslationKey } from '../i18n/index.js';
import type { BandwidthMode } from './bandwidth.controller.js';
import { icon } from './icons.js';
import type { Arrangement, LayoutController } from './layout.controller.js';
import type { Shortcut } from './shortcuts.js';

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

const prevIcon = icon('M15.4 7.4 14 6l-6 6 6 6 1.4-1.4-4.6-4.6 4.6-4.6Z');
const nextIcon = icon('M8.6 16.6 10 18l6-6-6-6-1.4 1.4 4.6 4.6-4.6 4.6Z');
const speakerIcon = icon('M3 5v10h18V5H3Zm0 12v2h4v-2H3Zm6 0v2h6v-2H9Zm8 0v2h4v-2h-4Z');
const selfIcon = icon('M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm0 2c-2.7 0-8 1.3-8 4v2h16v-2c0-2.7-5.3-4-8-4Z');
const keyboardIcon = icon('M20 5H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2Zm-9 3h2v2h-2V8Zm0 3h2v2h-2v-2ZM8 8h2v2H8V8Zm0 3h2v2H8v-2Zm-1 2H5v-2h2v2Zm0-3H5V8h2v2Zm9 7H8v-2h8v2Zm0-4h-2v-2h2v2Zm0-3h-2V8h2v2Zm3 3h-2v-2h2v2Zm0-3h-2V8h2v2Z');

/** State and actions of the view toolbar. */
export interface ViewBarProps {
  t: T;
  layout: LayoutController;
  arrangement: Arrangement;
  /** Show the self-view toggle (we have a camera tile). */
  hasSelf: boolean;
  bandwidth?: { mode: BandwidthMode; choose(mode: BandwidthMode): void };
  /** Keyboard shortcuts are on: a button opens their help. */
  shortcuts?: { help(): void };
}

/**
 * The view toolbar (`part="view-bar"`, role=toolbar): previous/next page with "page n of m" (while more than one
 * page), speaker view (toggle), self view (toggle), bandwidth (`<select>`), shortcut help.
 */
export function renderViewBar(p: ViewBarProps) {
  const { t, layout: l, arrangement: a } = p;
  // A pager button at the end is aria-disabled, not disabled: it keeps the keyboard focus.
  const small = (name: string, label: string, pressed: boolean | undefined, ic: unknown, click: () => void, disabled = false) =>
    html`<button type="button" part="view-control view-${name}" class="small" aria-label=${label} title=${label}
      aria-pressed=${pressed === undefined ? nothing : String(pressed)} aria-disabled=${disabled ? 'true' : nothing}
      @click=${() => !disabled && click()}>${ic}</button>`;
  return html`<div part="view-bar" class="view-bar" role="toolbar" aria-label=${t('view.toolbar')}>
    ${a.pages > 1
      ? html`<div class="pager">
          ${small('prev-page', t('view.previousPage'), undefined, prevIcon, () => l.go(a.page - 1), a.page === 0)}
          <span part="page-indicator" aria-live="polite">${t('view.page', { page: a.page + 1, pages: a.pages })}</span>
          ${small('next-page', t('view.nextPage'), undefined, nextIcon, () => l.go(a.page + 1), a.page >= a.pages - 1)}
        </div>`
      : nothing}
    ${small('speaker', t('view.speaker'), l.layout === 'speaker', speakerIcon, () => l.setLayout(l.layout === 'speaker' ? 'grid' : 'speaker'))}
    ${p.hasSelf ? small('self', t('view.selfView'), l.selfView, selfIcon, () => l.toggleSelfView()) : nothing}
    ${p.bandwidth
      ? html`<select part="bandwidth-select" aria-label=${t('bandwidth.label')} title=${t('bandwidth.label')}
          @change=${(e: Event) => p.bandwidth!.choose((e.target as HTMLSelectElement).value as BandwidthMode)}>
          ${(['normal', 'data-saver', 'audio-only'] as const).map(
            (m) => html`<option value=${m} ?selected=${p.bandwidth!.mode === m}>${t(`bandwidth.${m}`)}</option>`,
          )}
        </select>`
      : nothing}
    ${p.shortcuts ? small('shortcuts', t('shortcuts.open'), undefined, keyboardIcon, p.shortcuts.help) : nothing}
  </div>`;
}

/**
 * The low-bandwidth notice (`part="bandwidth-notice"`, role=status) while data saver or audio only is on: why
 * (chosen, or the connection was poor) and a way back (`part="bandwidth-restore"`).
 */
export function renderBandwidthNotice(t: T, b: { mode: BandwidthMode; auto: boolean; choose(mode: BandwidthMode): void }) {
  if (b.mode === 'normal') return nothing;
  const text = t(b.auto ? `bandwidth.auto.${b.mode}` : `bandwidth.on.${b.mode}`);
  return html`<div part="bandwidth-notice" class="notice" role="status" data-mode=${b.mode} ?data-auto=${b.auto}>
    <span>${text}</span>
    <button type="button" part="bandwidth-restore" @click=${() => b.choose('normal')}>${t('bandwidth.restore')}</button>
  </div>`;
}

/**
 * The keyboard-shortcut help (`part="shortcuts-dialog"`, a modal `<dialog>` labelled by its heading; Escape or the
 * close button closes it). Open it with `showModal()`.
 */
export function renderShortcutHelp(t: T, shortcuts: Shortcut[], close: () => void) {
  return html`<dialog part="shortcuts-dialog" class="help" aria-labelledby="vr-shortcuts-title" @close=${close}>
    <h2 id="vr-shortcuts-title">${t('shortcuts.title')}</h2>
    <dl>
      ${shortcuts.map((s) => html`<div><dt><kbd>${s.label}</kbd></dt><dd>${t(s.description)}</dd></div>`)}
      <div><dt><kbd>?</kbd></dt><dd>${t('shortcuts.help')}</dd></div>
    </dl>
    <p>${t('shortcuts.typing')}</p>
    <button type="button" part="shortcuts-close" @click=${(e: Event) => (e.target as HTMLElement).closest('dialog')!.close()}>${t('shortcuts.close')}</button>
  </dialog>`;
}
