import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { VrErrorEvent } from '../../widget/index.js';
import { $, VideoRoom } from './helpers.js';

async function joinAndWaitError(el: VideoRoom): Promise<VrErrorEvent> {
  const error = oneEvent(el, 'vr-error') as Promise<VrErrorEvent>;
  ($(el, '[part~=join-button]') as HTMLButtonElement).click();
  const ev = await error;
  await el.updateComplete;
  return ev;
}

const message = (el: VideoRoom) => $(el, '[part~=message]')?.textContent?.trim();

describe('<video-room> join errors', () => {
  it('says the server cannot be reached when nothing listens at server-url', async () => {
    const el = await fixture<VideoRoom>(html`<video-room server-url="http://127.0.0.1:9" ticket="t1" lang="en"></video-room>`);
    const ev = await joinAndWaitError(el);
    expect(ev.code).to.equal('network');
    expect(el.state).to.equal('error');
    expect(message(el)).to.equal('Could not reach the meeting server. Check your connection and try again.');
    expect(ev.message).to.equal(message(el));
    // Retrying goes back to the pre-join screen.
    ($(el, '[part~=retry-button]') as HTMLButtonElement).click();
    await waitUntil(() => el.state === 'prejoin' && $(el, '[part~=join-button]'), 'back to pre-join');
  });

  it('translates a known server error code (expired ticket) and offers no useless retry', async () => {
    // No server-url: the default is the origin the script came from, where the stand-in route lives.
    const el = await fixture<VideoRoom>(html`<video-room ticket="expired" lang="en"></video-room>`);
    const ev = await joinAndWaitError(el);
    expect(ev.code).to.equal('ticket_expired');
    expect(message(el)).to.equal('This invitation link has expired. Ask for a new one.');
    expect($(el, '[part~=retry-button]')).to.equal(null);
    expect($(el, '[role=alert]')).to.not.equal(null);
  });

  it('translates server errors in the element language', async () => {
    const el = await fixture<VideoRoom>(html`<video-room ticket="expired" lang="fr"></video-room>`);
    await waitUntil(() => $(el, '[part~=join-button]')?.textContent?.trim() === 'Rejoindre');
    await joinAndWaitError(el);
    expect(message(el)).to.equal('Ce lien d’invitation a expiré. Demandez-en un nouveau.');
  });

  it('shows the server message for an unknown error code', async () => {
    const el = await fixture<VideoRoom>(html`<video-room server-url=${location.origin} ticket="boom"></video-room>`);
    const ev = await joinAndWaitError(el);
    expect(ev.code).to.equal('quota_exceeded');
    expect(message(el)).to.equal('Too many rooms on this server right now');
  });

  it('shows a readable message when the server answers without JSON', async () => {
    const el = await fixture<VideoRoom>(html`<video-room ticket="html" lang="en"></video-room>`);
    const ev = await joinAndWaitError(el);
    expect(ev.code).to.equal('server');
    expect(message(el)).to.equal('The meeting server had a problem (502). Try again in a moment.');
  });

  it('sends the code, name and password for a code join', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="nope" name="Ada" password="pw" lang="en"></video-room>`);
    const ev = await joinAndWaitError(el);
    expect(ev.code).to.equal('not_found');
    expect(message(el)).to.equal('No meeting matches this join code.');
  });

  it('asks for the meeting password after a wrong one, and joins with the password typed', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="locked" name="Ada" lang="en"></video-room>`);
    expect($(el, '[part~=password-input]'), 'no password field before the server asked').to.equal(null);
    const ev = await joinAndWaitError(el);
    expect(ev.code).to.equal('wrong_password');
    expect(message(el)).to.equal('The meeting password is wrong.');
    ($(el, '[part~=retry-button]') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '[part~=password-input]'), 'the password field shows');
    const input = $(el, '[part~=password-input]') as HTMLInputElement;
    expect(input.type).to.equal('password');
    expect(el.shadowRoot!.querySelector(`label[for="${input.id}"]`)?.textContent?.trim()).to.equal('Meeting password');
    input.value = 'open-sesame';
    input.dispatchEvent(new Event('input'));
    // The stand-in lets the right password in (then LiveKit is out of reach).
    expect((await joinAndWaitError(el)).code).to.equal('connect_failed');
  });

  it('explains a room without ticket nor code', async () => {
    const el = await fixture<VideoRoom>(html`<video-room lang="en"></video-room>`);
    const ev = await joinAndWaitError(el);
    expect(ev.code).to.equal('no_credentials');
    expect(message(el)).to.contain('incomplete');
  });
});
