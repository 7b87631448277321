import { LitElement, type PropertyValues } from 'lit';
import { html, nothing } from 'lit/html.js';
import { repeat } from 'lit/directives/repeat.js';
import { CcErrorEvent, CcJoinEvent, CcRequestAcceptedEvent, CcRequestDeclinedEvent, CcRequestSentEvent, type CcRequest } from '../events.js';
import { loadCoffeeLanguage } from '../i18n/coffee.js';
import { documentLanguage, isRtl, t, type TranslationKey } from '../i18n/index.js';
import { callMe, CoffeeApiError, type CoffeeProfile, type CoffeeRequest, type CoffeeSuggestion } from './api.js';
import { themeTokens } from '../theme.styles.js';
import styles from './coffee-chat.styles.js';

/** Origin the script was loaded from: the default server. */
const scriptOrigin = (() => {
  try {
    return new URL(import.meta.url).origin;
  } catch {
    return location.origin;
  }
})();

/** Server error codes with a translated message. */
const KNOWN = [
  'network', 'no_ticket', 'unauthorized', 'invalid_ticket', 'ticket_expired', 'not_found', 'slot_unavailable', 'invalid_state',
  'too_early', 'chat_over', 'paused', 'blocked', 'not_invited',
];
/** At most this many proposed times per request (the server's limit). */
const MAX_SLOTS = 3;

/** The fields of a request that the `cc-*` events carry. */
const eventRequest = (r: CcRequest): CcRequest => ({
  id: r.id,
  status: r.status,
  fromUserId: r.fromUserId,
  toUserId: r.toUserId,
  slots: r.slots,
  acceptedSlot: r.acceptedSlot,
  meetingId: r.meetingId,
});

/**
 * `<coffee-chat>`: 1:1 video coffee chats for an alumni portal. Shows the people suggested to the user (with
 * shared interests and a Request button opening a form to propose up to 3 times, shown in the user's time zone),
 * the user's requests both ways (accept a proposed time, decline, withdraw), and for a booked chat a Join button
 * that, from 10 minutes before the start, turns into an embedded `<video-room>` (loaded only then).
 * Acts as one user through a coffee ticket minted by the portal's backend (`POST /api/v1/coffee/tickets`); calls
 * `{server-url}/api/v1/coffee/me/*`. Never holds an API key. Refreshes the requests every `poll-interval` ms.
 *
 * @summary Alumni coffee chats: suggestions, requests, and the chat itself.
 *
 * @attr server-url - Server origin. Default: the origin this script was loaded from.
 * @attr ticket - Coffee ticket for the signed-in user (from the portal's backend).
 * @attr lang - UI language (`en`, `fr`, `ar`, or any added with `addTranslation`). Default: the document's.
 * @attr poll-interval - How often the requests are refreshed, in ms. Default 10000; 0 = never.
 *
 * @event cc-request-sent - The user sent a request. `CcRequestSentEvent` {request}.
 * @event cc-request-accepted - The user accepted a time; the chat is booked. `CcRequestAcceptedEvent` {request}.
 * @event cc-request-declined - The user declined or withdrew a request. `CcRequestDeclinedEvent` {request}.
 * @event cc-join - The user pressed Join; the chat's `<video-room>` is shown. `CcJoinEvent` {requestId, meetingId}.
 * @event cc-error - A call to the server failed. `CcErrorEvent` {code, message}.
 *
 * @csspart base - Wrapper of everything (carries `dir` and `lang`).
 * @csspart error - Error message (role=alert).
 * @csspart suggestions - The "People to meet" section.
 * @csspart suggestion - One suggested person, with `data-user-id`.
 * @csspart suggestion-name - Their name.
 * @csspart suggestion-headline - Their headline.
 * @csspart shared-interests - The interests in common.
 * @csspart request-button - Opens the request form for this person.
 * @csspart request-form - The request form.
 * @csspart slot-option - A proposed time (label + checkbox) in the request form.
 * @csspart message-input - The optional message.
 * @csspart send-button - Sends the request.
 * @csspart cancel-button - Closes the request form.
 * @csspart inbox - The "Your coffee chats" section.
 * @csspart request-item - One request, with `data-request-id`, `data-status`, `data-direction` (`incoming` / `outgoing`).
 * @csspart request-title - Its heading.
 * @csspart request-status - Its state (with the booked time once accepted).
 * @csspart accept-slot - A proposed time (label + radio) of an incoming request.
 * @csspart accept-button - Accepts the chosen time.
 * @csspart decline-button - Declines an incoming request.
 * @csspart withdraw-button - Withdraws a request the user sent.
 * @csspart join-button - Joins a booked chat (disabled until 10 minutes before the start).
 * @csspart room - The embedded `<video-room>`.
 *
 * @cssproperty --vr-background - Background. Default #111418.
 * @cssproperty --vr-surface - Cards. Default #1f242b.
 * @cssproperty --vr-text - Text colour. Default #f3f5f7.
 * @cssproperty --vr-text-muted - Secondary text. Default #aab2bd.
 * @cssproperty --vr-accent - Primary buttons, focus ring. Default #3b82f6.
 * @cssproperty --vr-danger - Error messages. Default #dc2626.
 * @cssproperty --vr-focus-ring - Focus outline colour. Default: --vr-accent.
 * @cssproperty --vr-radius - Corner radius. Default 12px.
 * @cssproperty --vr-font - `font` shorthand. Default 15px/1.4 system-ui.
 */
export class CoffeeChat extends LitElement {
  static override styles = [themeTokens, styles];

  static override properties = {
    serverUrl: { attribute: 'server-url' },
    ticket: {},
    lang: { reflect: true },
    pollInterval: { attribute: 'poll-interval', type: Number },
  };

  /**
   * Register the element (default tag `coffee-chat`). Safe to call more than once, and when another copy of the
   * script already registered the tag.
   */
  static define(tag = 'coffee-chat'): void {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  /** Server origin; `undefined` = the origin the script was loaded from. */
  declare serverUrl?: string;
  /** Coffee ticket of the signed-in user. */
  declare ticket?: string;
  /** Refresh period of the requests (ms); 0 = never. */
  declare pollInterval: number;

  private _me?: CoffeeProfile;
  private _suggestions: CoffeeSuggestion[] = [];
  private _requests: CoffeeRequest[] = [];
  private _loaded = false;
  private _error?: { code: string; message: string };
  private _announce = '';
  /** User id of the suggestion whose request form is open. */
  private _openForm?: string;
  private _picked = new Set<string>();
  private _formError = '';
  /** Incoming request id → the proposed time picked to accept. */
  private _chosen = new Map<string, string>();
  /** Ids (request ids, or `form`) with a call in flight. */
  private _busy = new Set<string>();
  /** Request id → join ticket of the chat shown as a `<video-room>`. */
  private _rooms = new Map<string, string>();
  /** Selector of what to focus after the next render. */
  private _focus?: string;
  private _timer?: ReturnType<typeof setInterval>;
  private _langObserver?: MutationObserver;
  private _loadGen = 0;
  private _formats = new Map<string, Intl.DateTimeFormat>();

  constructor() {
    super();
    this.pollInterval = 10_000;
  }

  /** Server in use: `server-url`, else the script's origin. */
  get server(): string {
    return this.serverUrl || scriptOrigin;
  }

  /** Language in use: own or closest `lang` attribute, else the document's. */
  get language(): string {
    return this.closest('[lang]')?.getAttribute('lang') || documentLanguage();
  }

  /** The requests as last loaded (newest first). */
  get requests(): readonly CoffeeRequest[] {
    return this._requests;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._langObserver = new MutationObserver(() => this.requestUpdate());
    this._langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this._restartTimer();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._langObserver?.disconnect();
    clearInterval(this._timer);
    this._timer = undefined;
  }

  /** Wait for the translation table of the current language (lazy chunk) before rendering. */
  protected override async scheduleUpdate(): Promise<void> {
    await loadCoffeeLanguage(this.language);
    await super.scheduleUpdate();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('ticket') || changed.has('serverUrl')) this.refresh();
    if (changed.has('pollInterval')) this._restartTimer();
    if (this._focus) {
      this.renderRoot.querySelector<HTMLElement>(this._focus)?.focus();
      this._focus = undefined;
    }
  }

  protected override willUpdate(): void {
    // No ticket on first render: say so in that render.
    if (!this.hasUpdated && !this.ticket) this._fail(new CoffeeApiError('no_ticket', ''), false);
  }

  private _restartTimer() {
    clearInterval(this._timer);
    this._timer = undefined;
    if (!this.isConnected || !(this.pollInterval > 0)) return;
    this._timer = setInterval(() => {
      if (document.visibilityState === 'hidden' || !this.ticket || !this._loaded) return;
      this._loadRequests().catch(() => {});
      this.requestUpdate(); // join windows open with time
    }, this.pollInterval);
  }

  private _t = (key: TranslationKey, params?: Record<string, string | number>) => t(key, params, this.language);

  private _call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    if (!this.ticket) return Promise.reject(new CoffeeApiError('no_ticket', ''));
    return callMe<T>(this.server, this.ticket, method, path, body);
  }

  /** Show an error, announce it (role=alert) and fire `cc-error`. */
  private _fail(e: unknown, rerender = true) {
    const err = e instanceof CoffeeApiError ? e : new CoffeeApiError('network', String(e));
    const message = KNOWN.includes(err.code)
      ? this._t(`cc.error.${err.code}` as TranslationKey)
      : err.code === 'server' || !err.message
        ? this._t('cc.error.server', { status: err.status })
        : err.message;
    this._error = { code: err.code, message };
    if (rerender) this.requestUpdate();
    this.dispatchEvent(new CcErrorEvent({ code: err.code, message }));
  }

  /**
   * (Re)load the profile, the suggestions and the requests. Resolves when done; failures show as an error and fire
   * `cc-error`.
   */
  async refresh(): Promise<void> {
    if (!this.ticket) return;
    const gen = ++this._loadGen;
    try {
      const [me, sug] = await Promise.all([
        this._call<CoffeeProfile>('GET', ''),
        this._call<{ items: CoffeeSuggestion[] }>('GET', '/suggestions'),
        this._loadRequests(gen),
      ]);
      if (gen !== this._loadGen) return;
      this._me = me;
      this._suggestions = sug.items;
      this._loaded = true;
      this._error = undefined;
    } catch (e) {
      if (gen === this._loadGen) this._fail(e);
    }
    this.requestUpdate();
  }

  private async _loadRequests(gen = this._loadGen): Promise<void> {
    const r = await this._call<{ items: CoffeeRequest[] }>('GET', '/requests');
    if (gen !== this._loadGen) return;
    this._requests = r.items;
    this.requestUpdate();
  }

  /** Run an action for `id` (button disabled meanwhile), then reload the requests. */
  private async _act(id: string, run: () => Promise<void>) {
    if (this._busy.has(id)) return;
    this._busy.add(id);
    this.requestUpdate();
    try {
      await run();
      this._error = undefined;
      await this._loadRequests().catch(() => {});
    } catch (e) {
      this._fail(e);
    } finally {
      this._busy.delete(id);
      this.requestUpdate();
    }
  }

  // ---------------------------------------------------------------- time

  /** Time zone the times are shown in: the profile's, else the browser's. */
  private get _zone(): string {
    return this._me?.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  private _fmt(iso: string | null): string {
    if (!iso) return '';
    const key = `${this.language}\u0000${this._zone}`;
    let f = this._formats.get(key);
    if (!f) {
      const opts: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' };
      try {
        f = new Intl.DateTimeFormat(this.language, { ...opts, timeZone: this._zone });
      } catch {
        f = new Intl.DateTimeFormat(undefined, opts);
      }
      this._formats.set(key, f);
    }
    return f.format(new Date(iso));
  }

  // ---------------------------------------------------------------- actions

  private _toggleForm(s: CoffeeSuggestion) {
    if (this._openForm === s.userId) {
      this._openForm = undefined;
    } else {
      this._openForm = s.userId;
      this._picked = new Set(s.slots.slice(0, 1));
      this._formError = '';
      this._focus = '[part~=request-form] input, [part~=request-form] textarea';
    }
    this.requestUpdate();
  }

  private _closeForm() {
    const i = this._suggestions.findIndex((s) => s.userId === this._openForm);
    this._openForm = undefined;
    this._focus = `[part~=suggestion]:nth-child(${i + 1}) [part~=request-button]`;
    this.requestUpdate();
  }

  private _pick(slot: string, on: boolean) {
    if (on && this._picked.size < MAX_SLOTS) this._picked.add(slot);
    else this._picked.delete(slot);
    this._formError = '';
    this.requestUpdate();
  }

  private _send(e: SubmitEvent, s: CoffeeSuggestion) {
    e.preventDefault();
    const slots = s.slots.filter((x) => this._picked.has(x));
    if (!slots.length) {
      this._formError = this._t('cc.form.pickOne');
      this.requestUpdate();
      return;
    }
    const message = (e.currentTarget as HTMLFormElement).querySelector('textarea')?.value.trim() ?? '';
    return this._act('form', async () => {
      const request = await this._call<CoffeeRequest>('POST', '/requests', { toUserId: s.userId, slots, message });
      this._announce = this._t('cc.announce.sent', { name: s.displayName });
      this._closeForm();
      this.dispatchEvent(new CcRequestSentEvent({ request: eventRequest(request) }));
    });
  }

  private _accept(r: CoffeeRequest) {
    const slot = this._chosen.get(r.id) ?? r.slots[0]!;
    return this._act(r.id, async () => {
      const request = await this._call<CoffeeRequest>('POST', `/requests/${r.id}/accept`, { slot });
      this._announce = this._t('cc.announce.accepted', { name: names(r), time: this._fmt(request.acceptedSlot) });
      this._focus = `[data-request-id="${r.id}"] [part~=request-title]`;
      this.dispatchEvent(new CcRequestAcceptedEvent({ request: eventRequest(request) }));
    });
  }

  private _decline(r: CoffeeRequest) {
    return this._act(r.id, async () => {
      const request = await this._call<CoffeeRequest>('POST', `/requests/${r.id}/decline`);
      this._announce = this._t(r.direction === 'incoming' ? 'cc.announce.declined' : 'cc.announce.withdrawn');
      this._focus = `[data-request-id="${r.id}"] [part~=request-title]`;
      this.dispatchEvent(new CcRequestDeclinedEvent({ request: eventRequest(request) }));
    });
  }

  /** Join a booked chat: a join ticket from the server and the `<video-room>` chunk, in parallel. */
  private _join(r: CoffeeRequest) {
    return this._act(r.id, async () => {
      const room = this._loadVideoRoom();
      room.catch(() => {});
      const { ticket } = await this._call<{ ticket: string }>('POST', `/requests/${r.id}/join-ticket`);
      (await room.catch((e) => Promise.reject(new CoffeeApiError('network', String(e))))).VideoRoom.define();
      this._rooms.set(r.id, ticket);
      this._announce = this._t('cc.announce.joining', { name: names(r) });
      this._focus = `[data-request-id="${r.id}"] video-room`;
      this.requestUpdate();
      this.dispatchEvent(new CcJoinEvent({ requestId: r.id, meetingId: r.meetingId ?? '' }));
    });
  }

  /** The `<video-room>` module (a lazy chunk of the script-tag build: loaded on the first Join only). */
  private _loadVideoRoom() {
    return import('../video-room/video-room.js');
  }

  // ---------------------------------------------------------------- render

  protected override render() {
    const tr = this._t;
    const lang = this.language;
    return html`<div part="base" class="base" lang=${lang} dir=${isRtl(lang) ? 'rtl' : 'ltr'}>
      <div class="sr-only" role="status" aria-live="polite">${this._announce}</div>
      ${this._error
        ? html`<div part="error" class="message" role="alert">
            <p>${this._error.message}</p>
            ${['network', 'server'].includes(this._error.code) ? html`<button type="button" @click=${() => this.refresh()}>${tr('cc.retry')}</button>` : nothing}
          </div>`
        : nothing}
      ${this._loaded
        ? html`<div class="cols">${this._renderSuggestions()}${this._renderInbox()}</div>`
        : this._error
          ? nothing
          : html`<p class="muted">${tr('cc.loading')}</p>`}
    </div>`;
  }

  private _renderSuggestions() {
    const tr = this._t;
    return html`<section part="suggestions" aria-labelledby="cc-suggestions">
      <h2 id="cc-suggestions">${tr('cc.suggestions.title')}</h2>
      ${this._suggestions.length
        ? html`<ul>${repeat(this._suggestions, (s) => s.userId, (s) => this._renderSuggestion(s))}</ul>`
        : html`<p class="muted">${tr('cc.suggestions.empty')}</p>`}
    </section>`;
  }

  private _renderSuggestion(s: CoffeeSuggestion) {
    const tr = this._t;
    const open = this._openForm === s.userId;
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
        @click=${() => this._toggleForm(s)}
      >${tr('cc.request')}</button>
      ${open ? this._renderForm(s) : nothing}
    </li>`;
  }

  private _renderForm(s: CoffeeSuggestion) {
    const tr = this._t;
    const busy = this._busy.has('form');
    return html`<form id="cc-request-form" part="request-form" aria-label=${tr('cc.form.title', { name: s.displayName })} @submit=${(e: SubmitEvent) => this._send(e, s)}>
      <fieldset aria-describedby=${this._formError ? 'cc-form-error' : nothing}>
        <legend>${tr('cc.form.slots', { zone: this._zone })}</legend>
        ${s.slots.length
          ? s.slots.map((slot) => {
              const on = this._picked.has(slot);
              return html`<label part="slot-option"
                ><input
                  type="checkbox"
                  name="slot"
                  .value=${slot}
                  .checked=${on}
                  ?disabled=${!on && this._picked.size >= MAX_SLOTS}
                  @change=${(e: Event) => this._pick(slot, (e.target as HTMLInputElement).checked)}
                /><time datetime=${slot}>${this._fmt(slot)}</time></label
              >`;
            })
          : html`<p class="muted">${tr('cc.form.noSlots')}</p>`}
      </fieldset>
      <label class="stack">${tr('cc.form.message')}<textarea part="message-input" name="message" maxlength="1000"></textarea></label>
      ${this._formError ? html`<p id="cc-form-error" class="message" role="alert">${this._formError}</p>` : nothing}
      <div class="actions">
        <button type="submit" part="send-button" class="primary" ?disabled=${busy || !s.slots.length}>${tr('cc.form.send')}</button>
        <button type="button" part="cancel-button" @click=${() => this._closeForm()}>${tr('cc.form.cancel')}</button>
      </div>
    </form>`;
  }

  private _renderInbox() {
    const tr = this._t;
    const list = (items: CoffeeRequest[], labelledBy: string) =>
      items.length
        ? html`<ul aria-labelledby=${labelledBy}>${repeat(items, (r) => r.id, (r) => this._renderItem(r))}</ul>`
        : html`<p class="muted">${tr('cc.inbox.empty')}</p>`;
    return html`<section part="inbox" aria-labelledby="cc-inbox">
      <h2 id="cc-inbox">${tr('cc.inbox.title')}</h2>
      <h3 id="cc-incoming">${tr('cc.inbox.incoming')}</h3>
      ${list(this._requests.filter((r) => r.direction === 'incoming'), 'cc-incoming')}
      <h3 id="cc-outgoing">${tr('cc.inbox.outgoing')}</h3>
      ${list(this._requests.filter((r) => r.direction === 'outgoing'), 'cc-outgoing')}
    </section>`;
  }

  private _renderItem(r: CoffeeRequest) {
    const tr = this._t;
    const name = names(r);
    const title = r.status === 'accepted' ? tr('cc.item.with', { name }) : r.direction === 'incoming' ? tr('cc.item.from', { name }) : tr('cc.item.to', { name });
    const status = r.status === 'accepted' ? tr('cc.status.accepted', { time: this._fmt(r.acceptedSlot) }) : tr(`cc.status.${r.status}` as TranslationKey);
    return html`<li part="request-item" data-request-id=${r.id} data-status=${r.status} data-direction=${r.direction}>
      <h4 part="request-title" tabindex="-1">${title}</h4>
      <p part="request-status">${status}</p>
      ${r.message ? html`<p part="request-message" class="muted">${r.message}</p>` : nothing}
      ${this._renderActions(r)}
    </li>`;
  }

  private _renderActions(r: CoffeeRequest) {
    const tr = this._t;
    const busy = this._busy.has(r.id);
    if (r.status === 'pending' && r.direction === 'incoming') {
      const chosen = this._chosen.get(r.id) ?? r.slots[0];
      return html`<fieldset>
          <legend>${tr('cc.item.slots', { zone: this._zone })}</legend>
          ${r.slots.map(
            (slot) => html`<label part="accept-slot"
              ><input
                type="radio"
                name=${`slot-${r.id}`}
                .value=${slot}
                .checked=${slot === chosen}
                @change=${() => {
                  this._chosen.set(r.id, slot);
                  this.requestUpdate();
                }}
              /><time datetime=${slot}>${this._fmt(slot)}</time></label
            >`,
          )}
        </fieldset>
        <div class="actions">
          <button type="button" part="accept-button" class="primary" ?disabled=${busy} @click=${() => this._accept(r)}>${tr('cc.accept')}</button>
          <button type="button" part="decline-button" ?disabled=${busy} @click=${() => this._decline(r)}>${tr('cc.decline')}</button>
        </div>`;
    }
    if (r.status === 'pending') {
      return html`<p class="muted">${r.slots.map((s) => this._fmt(s)).join(' · ')}</p>
        <div class="actions">
          <button type="button" part="withdraw-button" ?disabled=${busy} @click=${() => this._decline(r)}>${tr('cc.withdraw')}</button>
        </div>`;
    }
    if (r.status !== 'accepted') return nothing;
    const ticket = this._rooms.get(r.id);
    if (ticket) {
      return html`<video-room part="room" preload="auto" ticket=${ticket} server-url=${this.server} lang=${this.language}></video-room>`;
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
          @click=${() => this._join(r)}
        >${tr('cc.join')}</button>
      </div>
      ${early ? html`<p id=${`cc-opens-${r.id}`} class="muted">${tr('cc.joinOpens', { time: this._fmt(r.joinOpensAt) })}</p>` : nothing}`;
  }
}

/** The other people of a request, by name. */
const names = (r: CoffeeRequest) => r.people.map((p) => p.displayName).join(', ');

declare global {
  interface HTMLElementTagNameMap {
    'coffee-chat': CoffeeChat;
  }
}
