import { LitElement } from 'lit';
import { html, nothing } from 'lit/html.js';
import { CcErrorEvent, CcJoinEvent, CcRequestAcceptedEvent, CcRequestDeclinedEvent, CcRequestSentEvent, type CcRequest } from '../events/coffee-chat.js';
import { loadCoffeeLanguage } from '../i18n/coffee.js';
import { documentLanguage, isRtl, t, type TranslationKey } from '../i18n/index.js';
import { themeTokens } from '../theme.styles.js';
import { callMe, CoffeeApiError, type CoffeeRequest, type CoffeeSuggestion } from './api.js';
import styles from './coffee-chat.styles.js';
import { CoffeeDataController } from './coffee-data.controller.js';
import { DocumentLangController } from './document-lang.controller.js';
import { names, renderInbox } from './inbox.js';
import { InstantFormat } from './instant-format.js';
import { MAX_SLOTS, renderSuggestions } from './suggestions.js';

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
 * The parts live in their own modules: the data (profile, suggestions, requests; an `@lit/task` Task, polled) in
 * `coffee-data.controller.ts`, the "People to meet" section and its request form in `suggestions.ts`, the "Your coffee
 * chats" section in `inbox.ts`. This class holds the UI state, runs the actions and fires the events.
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
 * @csspart request-message - The message that came with the request.
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
 * @cssproperty --vr-accent - Primary buttons, focus ring. Default #2563eb (white text on it: 5.2:1, WCAG AA).
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
    _error: { state: true },
    _announce: { state: true },
    _openForm: { state: true },
    _picked: { state: true },
    _formError: { state: true },
    _chosen: { state: true },
    _busy: { state: true },
    _rooms: { state: true },
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

  /** The error shown (role=alert), until the next load or action succeeds. */
  private _error?: { code: string; message: string };
  /** Last announcement (role=status). */
  private _announce = '';
  /** User id of the suggestion whose request form is open. */
  private _openForm?: string;
  private _picked: ReadonlySet<string> = new Set();
  private _formError = '';
  /** Incoming request id → the proposed time picked to accept. */
  private _chosen: ReadonlyMap<string, string> = new Map();
  /** Ids (request ids, or `form`) with a call in flight. */
  private _busy: ReadonlySet<string> = new Set();
  /** Request id → join ticket of the chat shown as a `<video-room>`. */
  private _rooms: ReadonlyMap<string, string> = new Map();
  /** Selector of what to focus after the next render. */
  private _focus?: string;

  private readonly _data = new CoffeeDataController(this, { loaded: () => (this._error = undefined), failed: (e) => this._fail(e) });
  private readonly _instants = new InstantFormat();

  constructor() {
    super();
    this.pollInterval = 10_000;
    new DocumentLangController(this);
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
    return this._data.value?.requests ?? [];
  }

  /**
   * (Re)load the profile, the suggestions and the requests. Resolves when done; failures show as an error and fire
   * `cc-error`.
   */
  async refresh(): Promise<void> {
    if (this.ticket) await this._data.refresh();
  }

  /** Wait for the translation table of the current language (lazy chunk) before rendering. */
  protected override async scheduleUpdate(): Promise<void> {
    await loadCoffeeLanguage(this.language);
    await super.scheduleUpdate();
  }

  protected override willUpdate(): void {
    // No ticket on first render: say so in that render.
    if (!this.hasUpdated && !this.ticket) this._fail(new CoffeeApiError('no_ticket', ''));
  }

  protected override updated(): void {
    if (this._focus) {
      this.renderRoot.querySelector<HTMLElement>(this._focus)?.focus();
      this._focus = undefined;
    }
  }

  private _t = (key: TranslationKey, params?: Record<string, string | number>) => t(key, params, this.language);

  private _call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    if (!this.ticket) return Promise.reject(new CoffeeApiError('no_ticket', ''));
    return callMe<T>(this.server, this.ticket, method, path, body);
  }

  /** Show an error, announce it (role=alert) and fire `cc-error`. */
  private _fail(e: unknown) {
    const err = e instanceof CoffeeApiError ? e : new CoffeeApiError('network', String(e));
    const message = KNOWN.includes(err.code)
      ? this._t(`cc.error.${err.code}` as TranslationKey)
      : err.code === 'server' || !err.message
        ? this._t('cc.error.server', { status: err.status })
        : err.message;
    this._error = { code: err.code, message };
    this.dispatchEvent(new CcErrorEvent({ code: err.code, message }));
  }

  /** Run an action for `id` (its buttons disabled meanwhile), then refresh the requests. */
  private async _act(id: string, run: () => Promise<void>) {
    if (this._busy.has(id)) return;
    this._busy = new Set(this._busy).add(id);
    try {
      await run();
      this._error = undefined;
      await this._data.refreshRequests();
    } catch (e) {
      this._fail(e);
    } finally {
      const busy = new Set(this._busy);
      busy.delete(id);
      this._busy = busy;
    }
  }

  /** Time zone the times are shown in: the profile's, else the browser's. */
  private get _zone(): string {
    return this._data.value?.me.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  private _time = (iso: string | null) => this._instants.format(iso, this.language, this._zone);

  // ---------------------------------------------------------------- actions

  private _toggleForm(s: CoffeeSuggestion) {
    if (this._openForm === s.userId) {
      this._openForm = undefined;
      return;
    }
    this._openForm = s.userId;
    this._picked = new Set(s.slots.slice(0, 1));
    this._formError = '';
    this._focus = '[part~=request-form] input, [part~=request-form] textarea';
  }

  private _closeForm() {
    const i = (this._data.value?.suggestions ?? []).findIndex((s) => s.userId === this._openForm);
    this._openForm = undefined;
    this._focus = `[part~=suggestion]:nth-child(${i + 1}) [part~=request-button]`;
  }

  private _pick(slot: string, on: boolean) {
    const picked = new Set(this._picked);
    if (on && picked.size < MAX_SLOTS) picked.add(slot);
    else picked.delete(slot);
    this._picked = picked;
    this._formError = '';
  }

  private _send(e: SubmitEvent, s: CoffeeSuggestion) {
    e.preventDefault();
    const slots = s.slots.filter((x) => this._picked.has(x));
    if (!slots.length) {
      this._formError = this._t('cc.form.pickOne');
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
      this._announce = this._t('cc.announce.accepted', { name: names(r), time: this._time(request.acceptedSlot) });
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
      this._rooms = new Map(this._rooms).set(r.id, ticket);
      this._announce = this._t('cc.announce.joining', { name: names(r) });
      this._focus = `[data-request-id="${r.id}"] video-room`;
      this.dispatchEvent(new CcJoinEvent({ requestId: r.id, meetingId: r.meetingId ?? '' }));
    });
  }

  /**
   * The `<video-room>` script-tag entry (loaded on the first Join only; it registers the element). Imported as the
   * entry, not the element module, so that the build's shared chunk holding the element needs no namespace object.
   */
  private _loadVideoRoom() {
    return import('../video-room.js');
  }

  // ---------------------------------------------------------------- render

  protected override render() {
    const tr = this._t;
    const lang = this.language;
    const data = this._data.value;
    return html`<div part="base" class="base" lang=${lang} dir=${isRtl(lang) ? 'rtl' : 'ltr'}>
      <div class="sr-only" role="status" aria-live="polite">${this._announce}</div>
      ${this._error
        ? html`<div part="error" class="message" role="alert">
            <p>${this._error.message}</p>
            ${['network', 'server'].includes(this._error.code) ? html`<button type="button" @click=${() => this.refresh()}>${tr('cc.retry')}</button>` : nothing}
          </div>`
        : nothing}
      ${data
        ? html`<div class="cols">
            ${renderSuggestions({
              t: tr,
              time: this._time,
              zone: this._zone,
              suggestions: data.suggestions,
              form: this._openForm ? { userId: this._openForm, picked: this._picked, error: this._formError, busy: this._busy.has('form') } : undefined,
              toggleForm: (s) => this._toggleForm(s),
              closeForm: () => this._closeForm(),
              pick: (slot, on) => this._pick(slot, on),
              send: (e, s) => this._send(e, s),
            })}
            ${renderInbox({
              t: tr,
              time: this._time,
              zone: this._zone,
              requests: data.requests,
              server: this.server,
              language: lang,
              busy: (id) => this._busy.has(id),
              chosen: (id) => this._chosen.get(id),
              room: (id) => this._rooms.get(id),
              choose: (id, slot) => (this._chosen = new Map(this._chosen).set(id, slot)),
              accept: (r) => this._accept(r),
              decline: (r) => this._decline(r),
              join: (r) => this._join(r),
            })}
          </div>`
        : this._error
          ? nothing
          : html`<p class="muted">${tr('cc.loading')}</p>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'coffee-chat': CoffeeChat;
  }
}
