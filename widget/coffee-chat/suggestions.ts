/**
 * The "People to meet" section of `<coffee-chat>`: the suggested people, each with a Request button that opens a form
 * to propose up to `MAX_SLOTS` times (shown in the user's zone) and an optional message. Pure templates: the state
 * and the actions come in through a `SuggestionsView`. Parts: see the `<coffee-chat>` class docs.
 */
import { html, nothing } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { TranslationKey } from '../i18n/index.js';
import type { CoffeeSuggestion } from './api.js';

/** At most this many proposed times per request (the server's limit). */
export const MAX_SLOTS = 3;

/** Translate a `cc.*` key in the element's language. */
export type Translate = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** The open request form. */
export interface RequestForm {
  /** Whom it asks. */
  userId: string;
  /** The proposed times ticked. */
  picked: ReadonlySet<string>;
  /** A message about the form's input ('' = none). */
  error: string;
  /** The request is being sent. */
  busy: boolean;
}

/** What the section shows, and what its controls do. */
export interface SuggestionsView {
  t: Translate;
  /** An instant (ISO 8601) as the user reads it, in `zone`. */
  time(iso: string | null): string;
  /** IANA zone the times are shown in. */
  zone: string;
  suggestions: readonly CoffeeSuggestion[];
  form?: RequestForm;
  toggleForm(s: CoffeeSuggestion): void;
  closeForm(): void;
  pick(slot: string, on: boolean): void;
  send(e: SubmitEvent, s: CoffeeSuggestion): void;
}

/** The "People to meet" section (`part="suggestions"`). */
export function renderSuggestions(v: SuggestionsView) {
  return html`<section part="suggestions" aria-labelledby="cc-suggestions">
    <h2 id="cc-suggestions">${v.t('cc.suggestions.title')}</h2>
    ${v.suggestions.length
      ? html`<ul>${repeat(v.suggestions, (s) => s.userId, (s) => renderSuggestion(v, s))}</ul>`
      : html`<p class="muted">${v.t('cc.suggestions.empty')}</p>`}
  </section>`;
}

function renderSuggestion(v: SuggestionsView, s: CoffeeSuggestion) {
  const tr = v.t;
  const open = v.form?.userId === s.userId;
  return html`<li part="suggestion" data-user-id=${s.userId}>
    <h3 part="suggestion-name">${s.displayName}</h3>
    ${s.headline ? html`<p part="suggestion-headline">${s.headline}</p>` : nothing}
    <p class="muted">${tr(`cc.suggestion.role.${s.role}` as TranslationKey)}</p>
    ${s.sharedInterests.length ? html`<p part="shared-interests">${tr('cc.suggestion.shared', { list: s.sharedInterests.join(', ') })}</p>` : nothing}
    <button
      type="button"
      part="request-button"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${open ? 'cc-request-form' : nothing}
      aria-label=${tr('cc.requestWith', { name: s.displayName })}
      @click=${() => v.toggleForm(s)}
    >${tr('cc.request')}</button>
    ${open ? renderForm(v, v.form!, s) : nothing}
  </li>`;
}

function renderForm(v: SuggestionsView, form: RequestForm, s: CoffeeSuggestion) {
  const tr = v.t;
  return html`<form id="cc-request-form" part="request-form" aria-label=${tr('cc.form.title', { name: s.displayName })} @submit=${(e: SubmitEvent) => v.send(e, s)}>
    <fieldset aria-describedby=${form.error ? 'cc-form-error' : nothing}>
      <legend>${tr('cc.form.slots', { zone: v.zone })}</legend>
      ${s.slots.length
        ? s.slots.map((slot) => {
            const on = form.picked.has(slot);
            return html`<label part="slot-option"
              ><input
                type="checkbox"
                name="slot"
                .value=${slot}
                .checked=${on}
                ?disabled=${!on && form.picked.size >= MAX_SLOTS}
                @change=${(e: Event) => v.pick(slot, (e.target as HTMLInputElement).checked)}
              /><time datetime=${slot}>${v.time(slot)}</time></label
            >`;
          })
        : html`<p class="muted">${tr('cc.form.noSlots')}</p>`}
    </fieldset>
    <label class="stack">${tr('cc.form.message')}<textarea part="message-input" name="message" maxlength="1000"></textarea></label>
    ${form.error ? html`<p id="cc-form-error" class="message" role="alert">${form.error}</p>` : nothing}
    <div class="actions">
      <button type="submit" part="send-button" class="primary" ?disabled=${form.busy || !s.slots.length}>${tr('cc.form.send')}</button>
      <button type="button" part="cancel-button" @click=${() => v.closeForm()}>${tr('cc.form.cancel')}</button>
    </div>
  </form>`;
}
