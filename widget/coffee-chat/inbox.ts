/**
 * The "Your coffee chats" section of `<coffee-chat>`: the user's requests both ways with their state, the controls
 * each state allows (pick a proposed time and accept, decline, withdraw, join), and the embedded `<video-room>` of a
 * joined chat. Pure templates: the state and the actions come in through an `InboxView`. Parts: see the
 * `<coffee-chat>` class docs.
 */
import { html, nothing } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import type { TranslationKey } from '../i18n/index.js';
import type { CoffeeRequest } from './api.js';
import type { Translate } from './suggestions.js';

/** What the section shows, and what its controls do. */
export interface InboxView {
  t: Translate;
  /** An instant (ISO 8601) as the user reads it, in `zone`. */
  time(iso: string | null): string;
  /** IANA zone the times are shown in. */
  zone: string;
  /** Newest first. */
  requests: readonly CoffeeRequest[];
  /** Server and language handed to an embedded `<video-room>`. */
  server: string;
  language: string;
  /** A call for this request is in flight (its buttons are disabled). */
  busy(id: string): boolean;
  /** The proposed time picked to accept (default: the first). */
  chosen(id: string): string | undefined;
  /** The join ticket of the chat shown as a `<video-room>`, once joined. */
  room(id: string): string | undefined;
  choose(id: string, slot: string): void;
  accept(r: CoffeeRequest): void;
  decline(r: CoffeeRequest): void;
  join(r: CoffeeRequest): void;
}

/** The other people of a request, by name. */
export const names = (r: CoffeeRequest): string => r.people.map((p) => p.displayName).join(', ');

/** The "Your coffee chats" section (`part="inbox"`). */
export function renderInbox(v: InboxView) {
  const list = (items: CoffeeRequest[], labelledBy: string) =>
    items.length
      ? html`<ul aria-labelledby=${labelledBy}>${repeat(items, (r) => r.id, (r) => renderItem(v, r))}</ul>`
      : html`<p class="muted">${v.t('cc.inbox.empty')}</p>`;
  return html`<section part="inbox" aria-labelledby="cc-inbox">
    <h2 id="cc-inbox">${v.t('cc.inbox.title')}</h2>
    <h3 id="cc-incoming">${v.t('cc.inbox.incoming')}</h3>
    ${list(v.requests.filter((r) => r.direction === 'incoming'), 'cc-incoming')}
    <h3 id="cc-outgoing">${v.t('cc.inbox.outgoing')}</h3>
    ${list(v.requests.filter((r) => r.direction === 'outgoing'), 'cc-outgoing')}
  </section>`;
}

function renderItem(v: InboxView, r: CoffeeRequest) {
  const tr = v.t;
  const name = names(r);
  const title = r.status === 'accepted' ? tr('cc.item.with', { name }) : r.direction === 'incoming' ? tr('cc.item.from', { name }) : tr('cc.item.to', { name });
  const status = r.status === 'accepted' ? tr('cc.status.accepted', { time: v.time(r.acceptedSlot) }) : tr(`cc.status.${r.status}` as TranslationKey);
  return html`<li part="request-item" data-request-id=${r.id} data-status=${r.status} data-direction=${r.direction}>
    <h4 part="request-title" tabindex="-1">${title}</h4>
    <p part="request-status">${status}</p>
    ${r.message ? html`<p part="request-message" class="muted">${r.message}</p>` : nothing}
    ${renderActions(v, r)}
  </li>`;
}

function renderActions(v: InboxView, r: CoffeeRequest) {
  const tr = v.t;
  const busy = v.busy(r.id);
  if (r.status === 'pending' && r.direction === 'incoming') {
    const chosen = v.chosen(r.id) ?? r.slots[0];
    return html`<fieldset>
        <legend>${tr('cc.item.slots', { zone: v.zone })}</legend>
        ${r.slots.map(
          (slot) => html`<label part="accept-slot"
            ><input
              type="radio"
              name=${`slot-${r.id}`}
              .value=${slot}
              .checked=${slot === chosen}
              @change=${() => v.choose(r.id, slot)}
            /><time datetime=${slot}>${v.time(slot)}</time></label
          >`,
        )}
      </fieldset>
      <div class="actions">
        <button type="button" part="accept-button" class="primary" ?disabled=${busy} @click=${() => v.accept(r)}>${tr('cc.accept')}</button>
        <button type="button" part="decline-button" ?disabled=${busy} @click=${() => v.decline(r)}>${tr('cc.decline')}</button>
      </div>`;
  }
  if (r.status === 'pending') {
    return html`<p class="muted">${r.slots.map((s) => v.time(s)).join(' · ')}</p>
      <div class="actions">
        <button type="button" part="withdraw-button" ?disabled=${busy} @click=${() => v.decline(r)}>${tr('cc.withdraw')}</button>
      </div>`;
  }
  if (r.status !== 'accepted') return nothing;
  const ticket = v.room(r.id);
  if (ticket) {
    return html`<video-room part="room" preload="auto" ticket=${ticket} server-url=${v.server} lang=${v.language}></video-room>`;
  }
  const now = Date.now();
  if (r.endsAt && now > Date.parse(r.endsAt)) return html`<p class="muted">${tr('cc.ended')}</p>`;
  const early = !!r.joinOpensAt && now < Date.parse(r.joinOpensAt);
  return html`<div class="actions">
      <button
        type="button"
        part="join-button"
        class="primary"
        ?disabled=${busy || early}
        aria-label=${tr('cc.joinWith', { name: names(r) })}
        aria-describedby=${early ? `cc-opens-${r.id}` : nothing}
        @click=${() => v.join(r)}
      >${tr('cc.join')}</button>
    </div>
    ${early ? html`<p id=${`cc-opens-${r.id}`} class="muted">${tr('cc.joinOpens', { time: v.time(r.joinOpensAt) })}</p>` : nothing}`;
}
