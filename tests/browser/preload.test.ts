// The join code and livekit-client load when the user starts to join (pointer down on, or focus of, the Join
// button), not before: pressing the button gives them a head start over the click.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { $, VideoRoom, previewPlaying } from './helpers.js';

const loaded = (re: RegExp) =>
  performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => re.test(n));

describe('<video-room> loads the join code when the user starts to join', () => {
  it('starts loading the join chunk and livekit-client on pointerdown on Join, before the click', async () => {
    const el = await fixture<VideoRoom>(html`<video-room ticket="expired" lang="en"></video-room>`);
    await previewPlaying(el);
    const join = $(el, '[part~=join-button]')!;
    join.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true }));
    join.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    expect(loaded(/join-flow|room-view|livekit-client/)).to.deep.equal([]);

    join.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await waitUntil(() => loaded(/join-flow/).length > 0 && loaded(/livekit-client/).length > 0, 'chunks requested', { timeout: 10_000 });
    // Still on the pre-join screen: nothing happened but the loading.
    expect(el.state).to.equal('prejoin');
  });

  it('sends the join request at once, and only once when Join is pressed twice', async () => {
    const el = await fixture<VideoRoom>(html`<video-room ticket="expired" lang="en"></video-room>`);
    const sent: string[] = [];
    const fetch0 = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes('/api/v1/join')) sent.push(String(init?.body));
      return fetch0(input, init);
    };
    try {
      const error = oneEvent(el, 'vr-error');
      el.join();
      // Sent before the join chunk is there (the state only changes once it is).
      expect(sent).to.deep.equal(['{"ticket":"expired"}']);
      el.join();
      await error;
      expect(sent.length).to.equal(1);
    } finally {
      window.fetch = fetch0;
    }
  });
});
