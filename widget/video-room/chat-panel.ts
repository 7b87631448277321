/**
 * The chat panel of `<video-room>` (lazy, with the in-room chunk): a labelled region with the message log, the
 * recipient picker, the message box, and for hosts/moderators delete and chat on/off controls. Pure render helper
 * over a `ChatController`. Message text is rendered as text nodes only (never HTML); http(s) links become
 * `<a target="_blank" rel="noopener noreferrer">`.
 */
import { html, nothing } from 'lit/html.js';
import { ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import type { VrChatMessage } from '../events/classroom.js';
import type { TranslationKey } from '../i18n/index.js';
import type { ChatController } from './chat.controller.js';
import { escapeCloses } from './room-api.js';

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/**
 * Split `text` into text and links: each http(s) URL (trailing punctuation left out) becomes a link opening in a new
 * tab without access to this page (`rel="noopener noreferrer"`); everything else stays text.
 */
export function linkify(text: string): unknown[] {
  const out: unknown[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const url = m[0].replace(/[.,;:!?)\]}]+$/, '');
    let href: string | undefined;
    try {
      const u = new URL(url);
      if (u.protocol === 'http:' || u.protocol === 'https:') href = u.href;
    } catch {}
    out.push(text.slice(last, m.index));
    out.push(href ? html`<a part="chat-link" href=${href} target="_blank" rel="noopener noreferrer">${url}</a>` : url);
    last = m.index! + url.length;
  }
  out.push(text.slice(last));
  return out;
}

const time = (iso: string, lang: string) => {
  try {
    return new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  } catch {
    return '';
  }
};

function renderMessage(c: ChatController, m: VrChatMessage, t: T, lang: string) {
  const name = m.local ? t('chat.you') : m.from.name;
  const moderated = c.moderator && !m.local && !['host', 'moderator'].includes(c.roleOf(m.from.identity));
  const off = c.disabled.includes(m.from.identity);
  return html`<li part="chat-message" class="msg" data-message-id=${m.id} data-identity=${m.from.identity} ?data-private=${!!m.to} ?data-local=${m.local}>
    <div class="msg-head">
      <span part="chat-sender" class="sender">${name}</span>
      ${m.to
        ? html`<span part="chat-private" class="private">${m.local ? t('chat.privateTo', { name: c.nameOf(m.to) }) : t('chat.privateFrom')}</span>`
        : nothing}
      <time datetime=${m.sentAt}>${time(m.sentAt, lang)}</time>
      ${moderated
        ? html`<button type="button" part="chat-mute-sender" class="mini" ?data-off=${off}
            @click=${() => c.setParticipant(m.from.identity, off)}>${t(off ? 'chat.enableFor' : 'chat.disableFor', { name: m.from.name })}</button>`
        : nothing}
      ${c.moderator
        ? html`<button type="button" part="chat-delete" class="mini" aria-label=${t('chat.delete', { name: m.from.name })}
            title=${t('chat.delete', { name: m.from.name })} @click=${() => c.remove(m.id)}>✕</button>`
        : nothing}
    </div>
    <div part="chat-text" class="text">${linkify(m.text)}</div>
  </li>`;
}

/** The panel (`part="chat-panel"`, role=region labelled "Chat"); Escape closes it and returns to the Chat button. */
export function renderChatPanel(c: ChatController, t: T, lang: string) {
  const send = async (form: HTMLFormElement) => {
    const box = form.querySelector('textarea')!;
    if (await c.send(box.value)) box.value = '';
    box.focus();
  };
  const people = c.recipients();
  // Someone we were writing to privately left: back to everyone (never to a stranger with the same slot).
  if (c.recipient && !people.some((p) => p.identity === c.recipient)) c.recipient = '';
  const notice = !c.canSend ? (c.session.role === 'viewer' ? '' : c.enabled ? t('chat.offForYou') : t('chat.off')) : '';
  return html`<section part="chat-panel" class="side-panel chat" role="region" aria-label=${t('chat.title')}
    @keydown=${escapeCloses(() => c.toggle(false), 'control-chat')}>
    <header class="chat-head">
      <h3>${t('chat.title')}</h3>
      ${c.moderator
        ? html`<button type="button" part="chat-toggle-all" class="mini" aria-pressed=${String(c.enabled)} @click=${() => c.setEnabled(!c.enabled)}>${t('chat.allowAll')}</button>`
        : nothing}
      <button type="button" part="chat-close" class="mini" aria-label=${t('chat.close')} title=${t('chat.close')} @click=${() => c.toggle(false)}>✕</button>
    </header>
    <div part="chat-messages" class="chat-list" role="log" aria-label=${t('chat.messages')} tabindex="0"
      ${ref((el) => (c.list = el as HTMLElement | undefined))}
      @scroll=${(e: Event) => (e.currentTarget as HTMLElement).scrollTop < 40 && void c.loadOlder()}>
      <ol class="chat-items">
        ${c.hasMore ? html`<li class="older"><button type="button" part="chat-older" class="mini" @click=${() => c.loadOlder()}>${t('chat.older')}</button></li>` : nothing}
        ${c.items.length ? repeat(c.items, (m) => m.id, (m) => renderMessage(c, m, t, lang)) : html`<li class="empty">${t('chat.empty')}</li>`}
      </ol>
    </div>
    ${notice ? html`<p part="chat-notice" class="notice" role="status">${notice}</p>` : nothing}
    ${c.error === 'failed' ? html`<p part="chat-error" class="notice" role="alert">${t('chat.sendFailed')}</p>` : nothing}
    ${c.session.role === 'viewer'
      ? nothing
      : html`<form part="chat-form" class="chat-form" @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          void send(e.currentTarget as HTMLFormElement);
        }}>
          <label class="to">${t('chat.to')}
            <select part="chat-recipient" @change=${(e: Event) => (c.recipient = (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!c.recipient}>${t('chat.everyone')}</option>
              ${people.map((r) => html`<option value=${r.identity} ?selected=${c.recipient === r.identity}>${r.name}</option>`)}
            </select>
          </label>
          <div class="row">
            <textarea part="chat-input" rows="2" maxlength="2000" aria-label=${t('chat.input')} placeholder=${t('chat.input')} ?disabled=${!c.canSend}
              @keydown=${(e: KeyboardEvent) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                  e.preventDefault();
                  void send((e.target as HTMLElement).closest('form')!);
                }
              }}></textarea>
            <button type="submit" part="chat-send" class="primary" ?disabled=${!c.canSend || c.sending}>${t('chat.send')}</button>
          </div>
        </form>`}
  </section>`;
}
