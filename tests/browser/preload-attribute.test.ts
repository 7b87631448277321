// `preload` on <video-room>: `none` loads the join code and livekit-client only on Join; `auto` loads them while the
// pre-join screen is up (a page that exists to join one meeting), without joining. The default (`intent`) is
// tested in preload.test.ts. The two tests share this page's module cache, so `none` runs first.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { $, VideoRoom, previewPlaying, recordJoinRequests, requested } from './helpers.js';

describe('<video-room preload>', () => {
  it('preload="none": pressing or focusing Join loads nothing before the click', async () => {
    const el = await fixture<VideoRoom>(html`<video-room ticket="expired" preload="none" lang="en"></video-room>`);
    await previewPlaying(el);
    const join = $(el, '[part~=join-button]')!;
    join.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    join.focus();
    // Give a chunk request every chance to show up: the preview re-renders and the browser goes idle.
    await new Promise((r) => requestIdleCallback(r));
    await el.updateComplete;
    expect(requested(/join-flow|room-view|livekit-client/)).to.deep.equal([]);
    el.remove();
  });

  it('preload="auto": loads the join code and livekit-client on the pre-join screen, and does not join', async () => {
    const { sent, restore } = recordJoinRequests();
    try {
      const el = await fixture<VideoRoom>(html`<video-room ticket="expired" preload="auto" lang="en"></video-room>`);
      await waitUntil(() => requested(/join-flow/).length > 0 && requested(/livekit-client/).length > 0, 'chunks requested', { timeout: 10_000 });
      expect(el.state).to.equal('prejoin');
      expect(el.getAttribute('state')).to.equal('prejoin');
      expect(sent).to.deep.equal([]);
    } finally {
      restore();
    }
  });
});
