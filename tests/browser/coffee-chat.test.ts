// `<coffee-chat>` in Chromium, through its script-tag entry, against the stand-in coffee API of
// tests/browser/stand-ins/coffee.ts (ticket `cc-ada`: Ada in Europe/Paris, with a suggestion, requests both ways, a chat
// open to join and one opening tomorrow).
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { CcErrorEvent, CcJoinEvent, CcRequestAcceptedEvent, CcRequestDeclinedEvent, CcRequestSentEvent } from '../../widget/events.js';
import { CoffeeChat } from '../../widget/coffee-chat.js';

const $ = <T extends HTMLElement = HTMLElement>(el: CoffeeChat, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const $$ = <T extends HTMLElement = HTMLElement>(el: CoffeeChat, sel: string) => [...el.shadowRoot!.querySelectorAll<T>(sel)];
const item = (el: CoffeeChat, id: string) => $(el, `[part~=request-item][data-request-id="${id}"]`)!;

type Recorded = { method: string; path: string; authorization: string; body?: Record<string, unknown> };
const recorded = async (): Promise<Recorded[]> => (await fetch('/__stand-in/requests')).json();

/** A `<coffee-chat>` for Ada, once its lists are shown. */
async function ada(attrs: { lang?: string; poll?: number } = {}): Promise<CoffeeChat> {
  const el = await fixture<CoffeeChat>(html`<coffee-chat ticket="cc-ada" lang=${attrs.lang ?? 'en'} poll-interval=${attrs.poll ?? 0}></coffee-chat>`);
  await waitUntil(() => $(el, '[part~=inbox]'), 'the lists are shown', { timeout: 5000 });
  return el;
}

beforeEach(async () => {
  await fetch('/__stand-in/reset', { method: 'POST' });
});

describe('<coffee-chat>', () => {
  it('can be defined twice, and calls the API with the coffee ticket only', async () => {
    expect(() => {
      CoffeeChat.define();
      CoffeeChat.define();
    }).to.not.throw();
    expect(customElements.get('coffee-chat')).to.equal(CoffeeChat);
    await ada();
    const calls = await recorded();
    expect(calls.map((c) => c.path).sort()).to.deep.equal(['/api/v1/coffee/me', '/api/v1/coffee/me/requests', '/api/v1/coffee/me/suggestions']);
    expect(calls.every((c) => c.authorization === 'Bearer cc-ada')).to.equal(true);
  });

  it('shows suggestions with shared interests, and the inbox both ways with states', async () => {
    const el = await ada();
    const sug = $$(el, '[part~=suggestion]');
    expect(sug).to.have.length(1);
    expect(sug[0]!.dataset.userId).to.equal('sam');
    expect($(el, '[part~=suggestion-name]')!.textContent).to.equal('Sam Student');
    expect($(el, '[part~=shared-interests]')!.textContent).to.equal('Shared interests: robotics, jazz');
    const incoming = item(el, 'r-in');
    expect(incoming.dataset.direction).to.equal('incoming');
    expect(incoming.querySelector('[part~=request-title]')!.textContent).to.equal('Cleo would like to meet');
    expect(incoming.querySelector('[part~=request-status]')!.textContent).to.equal('Waiting for an answer');
    expect(item(el, 'r-out').querySelector('[part~=request-title]')!.textContent).to.equal('You asked Bob');
    expect(item(el, 'r-out').querySelector('[part~=withdraw-button]')).to.exist;
    expect(item(el, 'r-now').querySelector('[part~=request-status]')!.textContent).to.match(/^Booked for /);
  });

  it('requests a chat: a labelled form with up to 3 times in my zone; cc-request-sent; announced', async () => {
    const el = await ada();
    const button = $<HTMLButtonElement>(el, '[part~=request-button]')!;
    expect(button.tagName).to.equal('BUTTON');
    expect(button.getAttribute('aria-label')).to.equal('Request a chat with Sam Student');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    button.click();
    await el.updateComplete;
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const form = $<HTMLFormElement>(el, 'form[part~=request-form]')!;
    expect(button.getAttribute('aria-controls')).to.equal(form.id);
    expect(form.getAttribute('aria-label')).to.equal('Coffee chat with Sam Student');
    expect(form.querySelector('legend')!.textContent).to.equal('Pick up to 3 times (Europe/Paris)');
    // Focus moves into the form.
    expect(el.shadowRoot!.activeElement).to.equal(form.querySelector('input'));

    const boxes = [...form.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
    expect(boxes).to.have.length(4);
    // Each time is labelled, shown in Europe/Paris.
    const slots = boxes.map((b) => b.value);
    const paris = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
    expect(boxes[1]!.closest('label')!.textContent!.trim()).to.equal(paris.format(new Date(slots[1]!)));
    expect(boxes[0]!.checked).to.equal(true);
    boxes[1]!.click();
    boxes[2]!.click();
    await el.updateComplete;
    expect(boxes[3]!.disabled, 'a fourth time cannot be picked').to.equal(true);
    boxes[0]!.click();
    await el.updateComplete;
    expect(boxes[3]!.disabled).to.equal(false);
    form.querySelector('textarea')!.value = 'Hello Sam';

    setTimeout(() => form.querySelector<HTMLButtonElement>('[part~=send-button]')!.click());
    const ev = (await oneEvent(el, 'cc-request-sent')) as CcRequestSentEvent;
    expect(ev).to.be.instanceOf(CcRequestSentEvent);
    expect(ev.bubbles && ev.composed).to.equal(true);
    expect(ev.request.toUserId).to.equal('sam');
    expect(ev.request.slots).to.deep.equal([slots[1], slots[2]]);
    const sent = (await recorded()).find((c) => c.method === 'POST');
    expect(sent!.body).to.deep.equal({ toUserId: 'sam', slots: [slots[1], slots[2]], message: 'Hello Sam' });
    await waitUntil(() => !$(el, 'form'), 'the form closes');
    expect($(el, '[role=status]')!.textContent).to.equal('Request sent to Sam Student.');
    await waitUntil(() => $(el, `[part~=request-item][data-request-id="${ev.request.id}"]`), 'the new request is listed');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part~=request-button]'));
  });

  it('accepts the chosen time of an incoming request (cc-request-accepted), and declines another (cc-request-declined)', async () => {
    const el = await ada();
    const row = item(el, 'r-in');
    const radios = [...row.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(radios).to.have.length(2);
    expect(radios[0]!.checked).to.equal(true);
    radios[1]!.click();
    setTimeout(() => row.querySelector<HTMLButtonElement>('[part~=accept-button]')!.click());
    const ev = (await oneEvent(el, 'cc-request-accepted')) as CcRequestAcceptedEvent;
    expect(ev).to.be.instanceOf(CcRequestAcceptedEvent);
    expect(ev.request.acceptedSlot).to.equal(radios[1]!.value);
    expect((await recorded()).find((c) => c.path.endsWith('/accept'))!.body).to.deep.equal({ slot: radios[1]!.value });
    await waitUntil(() => item(el, 'r-in').dataset.status === 'accepted', 'shown as accepted');
    expect($(el, '[role=status]')!.textContent).to.match(/^Chat with Cleo booked for /);

    setTimeout(() => item(el, 'r-out').querySelector<HTMLButtonElement>('[part~=withdraw-button]')!.click());
    const d = (await oneEvent(el, 'cc-request-declined')) as CcRequestDeclinedEvent;
    expect(d.request.id).to.equal('r-out');
    await waitUntil(() => item(el, 'r-out').dataset.status === 'declined', 'shown as declined');
    expect(item(el, 'r-out').querySelector('[part~=request-status]')!.textContent).to.equal('Declined');
  });

  it('declines an incoming request with the decline button', async () => {
    const el = await ada();
    setTimeout(() => item(el, 'r-in').querySelector<HTMLButtonElement>('[part~=decline-button]')!.click());
    const d = (await oneEvent(el, 'cc-request-declined')) as CcRequestDeclinedEvent;
    expect(d.request.status).to.equal('declined');
    await waitUntil(() => $(el, '[role=status]')!.textContent === 'Request declined.', 'announced');
  });

  it('Join loads <video-room> only then, and embeds it with the join ticket (cc-join)', async () => {
    const el = await ada();
    expect(customElements.get('video-room'), 'not loaded before Join').to.equal(undefined);
    const later = item(el, 'r-later').querySelector<HTMLButtonElement>('[part~=join-button]')!;
    expect(later.disabled, 'tomorrow’s chat is not open yet').to.equal(true);
    expect(el.shadowRoot!.getElementById(later.getAttribute('aria-describedby')!)!.textContent).to.match(/^Join opens at /);

    const join = item(el, 'r-now').querySelector<HTMLButtonElement>('[part~=join-button]')!;
    expect(join.disabled).to.equal(false);
    expect(join.getAttribute('aria-label')).to.equal('Join the chat with Dan');
    setTimeout(() => join.click());
    const ev = (await oneEvent(el, 'cc-join')) as CcJoinEvent;
    expect(ev).to.be.instanceOf(CcJoinEvent);
    expect(ev.requestId).to.equal('r-now');
    expect(ev.meetingId).to.equal('m-now');
    await waitUntil(() => item(el, 'r-now').querySelector('video-room'), 'the room is embedded');
    const room = item(el, 'r-now').querySelector('video-room')!;
    expect(customElements.get('video-room')).to.not.equal(undefined);
    expect(room.getAttribute('ticket')).to.equal('ok-unreachable-livekit');
    expect(room.getAttribute('server-url')).to.equal(location.origin);
    expect(room.getAttribute('part')).to.equal('room');
    await waitUntil(() => room.shadowRoot?.querySelector('[part~=join-button]'), 'the room’s pre-join screen shows');
  });

  it('an expired ticket shows an alert and fires cc-error', async () => {
    const el = document.createElement('coffee-chat') as CoffeeChat;
    el.setAttribute('lang', 'en');
    el.setAttribute('ticket', 'cc-expired');
    const error = oneEvent(el, 'cc-error');
    document.body.append(el);
    const ev = (await error) as unknown as CcErrorEvent;
    expect(ev).to.be.instanceOf(CcErrorEvent);
    expect(ev.code).to.equal('ticket_expired');
    await el.updateComplete;
    expect($(el, '[part~=error]')!.getAttribute('role')).to.equal('alert');
    expect($(el, '[part~=error]')!.textContent!.trim()).to.equal('Your session has expired. Reload the page.');
    el.remove();
  });

  it('an unreachable server shows an alert with Try again; loading from a server that answers clears it', async () => {
    const el = document.createElement('coffee-chat') as CoffeeChat;
    for (const [k, v] of Object.entries({ lang: 'en', ticket: 'cc-ada', 'poll-interval': '0', 'server-url': 'http://127.0.0.1:9' })) el.setAttribute(k, v);
    const error = oneEvent(el, 'cc-error');
    document.body.append(el);
    expect(((await error) as unknown as CcErrorEvent).code).to.equal('network');
    await el.updateComplete;
    expect($(el, '[part~=error] p')!.textContent).to.equal('Could not reach the coffee-chat server. Check your connection and try again.');
    expect($(el, '[part~=error] button')!.textContent).to.equal('Try again');
    expect(!!$(el, '[part~=inbox]'), 'nothing loaded, nothing listed').to.equal(false);
    el.setAttribute('server-url', location.origin);
    await waitUntil(() => $(el, '[part~=inbox]'), 'the lists are shown', { timeout: 5000 });
    expect(!!$(el, '[part~=error]'), 'the alert is gone').to.equal(false);
    el.remove();
  });

  it('without a ticket, says so', async () => {
    const el = await fixture<CoffeeChat>(html`<coffee-chat lang="en"></coffee-chat>`);
    await el.updateComplete;
    expect($(el, '[part~=error]')!.textContent!.trim()).to.equal('This page has no coffee ticket: sign in to the portal again.');
  });

  it('speaks French, and Arabic right-to-left', async () => {
    const fr = await ada({ lang: 'fr' });
    expect($(fr, '#cc-suggestions')!.textContent).to.equal('Personnes à rencontrer');
    expect($(fr, '[part~=request-button]')!.textContent).to.equal('Proposer un café');
    const ar = await ada({ lang: 'ar' });
    expect($(ar, '[part~=base]')!.getAttribute('dir')).to.equal('rtl');
    expect($(ar, '#cc-inbox')!.textContent).to.equal('لقاءات القهوة');
    expect(item(ar, 'r-in').querySelector('[part~=accept-button]')!.textContent).to.equal('قبول');
  });

  it('refreshes the requests every poll-interval ms', async () => {
    const el = await ada({ poll: 200 });
    const before = (await recorded()).filter((c) => c.path.endsWith('/requests')).length;
    await waitUntil(async () => (await recorded()).filter((c) => c.path.endsWith('/requests')).length > before + 1, 'polled twice', { timeout: 3000 });
    el.remove();
  });
});
