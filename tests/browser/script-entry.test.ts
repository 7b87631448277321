// The script-tag entry on its own (no npm entry in this page): the English strings of the join screens are not in
// the first payload but come with the join chunk, and do not override an integrator's own English strings.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { addTranslation, type VideoRoom } from '../../widget/video-room.js';

const $ = (el: VideoRoom, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);

async function joinAndWaitError(el: VideoRoom) {
  const error = oneEvent(el, 'vr-error');
  $(el, '[part~=join-button]')!.click();
  await error;
  await el.updateComplete;
}

describe('script-tag entry', () => {
  it('shows join-screen strings that arrive with the join chunk, keeping the integrator’s', async () => {
    addTranslation('en', { 'error.retry': 'Once more' });
    const el = await fixture<VideoRoom>(html`<video-room server-url="http://127.0.0.1:9" ticket="t1" lang="en"></video-room>`);
    expect($(el, '[part~=join-button]')!.textContent!.trim()).to.equal('Join');
    await joinAndWaitError(el);
    expect($(el, '[part~=message]')!.textContent!.trim()).to.equal('Could not reach the meeting server. Check your connection and try again.');
    expect($(el, '[part~=retry-button]')!.textContent!.trim()).to.equal('Once more');

    const other = await fixture<VideoRoom>(html`<video-room ticket="expired" lang="en"></video-room>`);
    await joinAndWaitError(other);
    expect($(other, '[part~=message]')!.textContent!.trim()).to.equal('This invitation link has expired. Ask for a new one.');
  });
});
