// Guest side of the waiting room, against the stand-in join route of tests/browser/stand-ins/join.ts:
// `waitcode` (202, then polls: 202, then 403 join_denied), `waitcode-admit` (202, then polls: 503, then 200 with a
// LiveKit URL where nothing listens), `waitcode-expire` (202, then poll: 401 wait_expired).
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { VrErrorEvent, VrState, VrStateChangeEvent } from '../../widget/index.js';
import { $, VideoRoom, previewPlaying } from './helpers.js';

type Recorded = { method: string; path: string; waitToken?: string; keys?: string[]; authorization?: string };
const recorded = async (): Promise<Recorded[]> => (await fetch('/__stand-in/requests')).json();
const polls = async () => (await recorded()).filter((r) => r.path === '/api/v1/join' && r.waitToken);

const text = (el: VideoRoom, sel: string) => $(el, sel)?.textContent?.trim();

/** Record the states the element goes through. */
function states(el: VideoRoom): VrState[] {
  const seen: VrState[] = [];
  el.addEventListener('vr-state-change', (e: VrStateChangeEvent) => seen.push(e.state));
  return seen;
}

async function joinAndWait(el: VideoRoom) {
  await el.updateComplete;
  $(el, '[part~=join-button]')!.click();
  await waitUntil(() => el.state === 'waiting' && $(el, '[part~=waiting-message]'), 'the waiting screen', { timeout: 5000 });
}

describe('<video-room> waiting room (guest)', () => {
  beforeEach(async () => {
    await fetch('/__stand-in/reset', { method: 'POST' });
  });

  it('shows the waiting message, keeps asking, then says the host did not let us in', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="waitcode" name="Ada" lang="en"></video-room>`);
    const seen = states(el);
    const error = oneEvent(el, 'vr-error') as Promise<VrErrorEvent>;
    await joinAndWait(el);
    expect(el.getAttribute('state')).to.equal('waiting');
    expect(text(el, '[part~=waiting-message]')).to.equal('Waiting for the host to let you in…');
    expect($(el, '[part~=waiting-message] [role=status]')).to.not.equal(null);
    const cancel = $(el, '[part~=cancel-waiting-button]') as HTMLButtonElement;
    expect(cancel.tagName).to.equal('BUTTON');
    expect(cancel.textContent?.trim()).to.equal('Cancel');

    const ev = await error;
    await el.updateComplete;
    expect(ev.code).to.equal('join_denied');
    expect(el.getAttribute('state')).to.equal('error');
    expect(text(el, '[part~=message]')).to.equal('The host did not let you in.');
    expect(ev.message).to.equal('The host did not let you in.');
    expect($(el, '[role=alert]')).to.not.equal(null);
    // Final: trying again cannot help.
    expect($(el, '[part~=retry-button]')).to.equal(null);
    expect(seen).to.deep.equal(['connecting', 'waiting', 'error']);
    // Asked twice with the wait token only: 202 (keep waiting), then 403.
    const asked = await polls();
    expect(asked.length).to.equal(2);
    expect(asked.every((r) => r.waitToken === asked[0]!.waitToken && r.keys!.join() === 'waitToken')).to.equal(true);
  });

  it('Cancel goes back to the pre-join screen with the same choices, and stops asking', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="waitcode" name="Ada Lovelace" lang="en"></video-room>`);
    await previewPlaying(el);
    // Camera off before joining: still off after cancelling.
    $(el, 'button[part~=toggle-camera]')!.click();
    await waitUntil(() => !$(el, 'video[part~=preview]'), 'camera off');
    const seen = states(el);
    await joinAndWait(el);
    ($(el, '[part~=cancel-waiting-button]') as HTMLButtonElement).click();
    await waitUntil(() => el.state === 'prejoin' && $(el, '[part~=join-button]'), 'back to pre-join');
    expect(el.getAttribute('state')).to.equal('prejoin');
    expect(seen).to.deep.equal(['connecting', 'waiting', 'prejoin']);
    expect($(el, 'button[part~=toggle-camera]')!.getAttribute('aria-pressed')).to.equal('false');
    expect($(el, 'button[part~=toggle-mic]')!.getAttribute('aria-pressed')).to.equal('true');
    expect(($(el, 'input[part~=name-input]') as HTMLInputElement).value).to.equal('Ada Lovelace');

    // Waiting again until the denial (two asks, 2 s apart): the cancelled wait never asked once more.
    const error = oneEvent(el, 'vr-error') as Promise<VrErrorEvent>;
    await joinAndWait(el);
    expect((await error).code).to.equal('join_denied');
    const tokens = new Set((await polls()).map((r) => r.waitToken));
    expect(tokens.size).to.equal(1);
  });

  it('leave() and removing the element stop waiting too', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="waitcode" name="Ada" lang="en"></video-room>`);
    await joinAndWait(el);
    await el.leave();
    expect(el.state).to.equal('prejoin');
    await joinAndWait(el);
    el.remove();
    expect(el.state).to.equal('prejoin');
  });

  it('once let in, goes on to connect to the room (here a LiveKit server that is not there)', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="waitcode-admit" name="Ada" lang="en"></video-room>`);
    const seen = states(el);
    const error = oneEvent(el, 'vr-error') as Promise<VrErrorEvent>;
    await joinAndWait(el);
    const ev = await error;
    await el.updateComplete;
    // The first ask met a 503 (kept waiting), the second was let in, then connecting to LiveKit failed.
    expect(ev.code).to.equal('connect_failed');
    expect(seen).to.deep.equal(['connecting', 'waiting', 'connecting', 'error']);
    expect(text(el, '[part~=message]')).to.equal('Could not connect to the meeting. Try again in a moment.');
    expect((await polls()).length).to.equal(2);
  });

  it('speaks the element language, and explains an expired wait (final)', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="waitcode-expire" name="Ada" lang="fr"></video-room>`);
    await waitUntil(() => text(el, '[part~=join-button]') === 'Rejoindre', 'French');
    const error = oneEvent(el, 'vr-error') as Promise<VrErrorEvent>;
    await joinAndWait(el);
    expect(text(el, '[part~=waiting-message]')).to.equal('En attente de l’organisateur, qui doit vous faire entrer…');
    expect(text(el, '[part~=cancel-waiting-button]')).to.equal('Annuler');
    const ev = await error;
    await el.updateComplete;
    expect(ev.code).to.equal('wait_expired');
    expect(text(el, '[part~=message]')).to.equal('Personne ne vous a fait entrer à temps : votre demande a expiré.');
    expect($(el, '[part~=retry-button]')).to.equal(null);
  });

  it('shows the waiting screen right-to-left in Arabic', async () => {
    const el = await fixture<VideoRoom>(html`<video-room code="waitcode" name="Ada" lang="ar"></video-room>`);
    await waitUntil(() => text(el, '[part~=join-button]') === 'انضمام', 'Arabic');
    await joinAndWait(el);
    expect(text(el, '[part~=waiting-message]')).to.equal('في انتظار أن يسمح لك المضيف بالدخول…');
    expect($(el, '[part~=base]')!.getAttribute('dir')).to.equal('rtl');
    ($(el, '[part~=cancel-waiting-button]') as HTMLButtonElement).click();
    await waitUntil(() => el.state === 'prejoin', 'cancelled');
  });
});
