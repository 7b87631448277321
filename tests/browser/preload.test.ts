// The join code and livekit-client load when the user starts to join (pointer down on, or focus of, the Join
// button), not before: pressing the button gives them a head start over the click.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { $, VideoRoom, previewPlaying, recordJoinRequests, requested } from './helpers.js';

describe('<video-room> loads the join code when the user starts to join', () => {
  it('starts loading the join chunk and livekit-client on pointerdown on Join, before the click', async () => {
    const el = await fixture<VideoRoom>(html`<video-room ticket="expired" lang="en"></video-room>`);
    await previewPlaying(el);
    const join = $(el, '[part~=join-button]')!;
    join.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, composed: true }));
    join.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    expect(requested(/join-flow|room-view|livekit-client/)).to.deep.equal([]);

    join.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await waitUntil(() => requested(/join-flow/).length > 0 && requested(/livekit-client/).length > 0, 'chunks requested', { timeout: 10_000 });
    // Still on the pre-join screen: nothing happened but the loading.
    expect(el.state).to.equal('prejoin');
  });

  it('sends the join request at once, and only once when Join is pressed twice', async () => {
    const el = await fixture<VideoRoom>(html`<video-room ticket="expired" lang="en"></video-room>`);
    const { sent, restore } = recordJoinRequests();
    try {
      const error = oneEvent(el, 'vr-error');
      el.join();
      // Sent before the join chunk is there (the state only changes once it is).
      expect(sent).to.deep.equal(['{"ticket":"expired"}']);
      el.join();
      await error;
      expect(sent.length).to.equal(1);
    } finally {
      restore();
    }
  });
});
