import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { VrErrorEvent } from '../../widget/index.js';
import { $, VideoRoom, previewPlaying, requested } from './helpers.js';

const livekitRequests = () => requested(/livekit-client|room-view|room-session/);

describe('<video-room> lazy loading', () => {
  it('does not load livekit-client before Join, and loads it on Join', async () => {
    const el = await fixture<VideoRoom>(html`<video-room ticket="ok-unreachable-livekit" lang="en"></video-room>`);
    const preview = (await previewPlaying(el)).srcObject as MediaStream;
    expect(livekitRequests()).to.deep.equal([]);
    expect('LivekitClient' in window).to.equal(false);

    const error = oneEvent(el, 'vr-error') as Promise<VrErrorEvent>;
    $(el, '[part~=join-button]')!.click();
    await waitUntil(() => el.state === 'connecting' || el.state === 'error', 'joining');
    const ev = await error;
    await el.updateComplete;
    // The join answer pointed at a LiveKit server that is not there.
    expect(ev.code).to.equal('connect_failed');
    expect($(el, '[part~=message]')?.textContent?.trim()).to.equal('Could not connect to the meeting. Try again in a moment.');
    expect(livekitRequests().some((n) => n.includes('livekit-client'))).to.equal(true);
    // The preview kept the camera and microphone while connecting; the failure released them.
    expect(preview.getTracks().map((tr) => tr.readyState)).to.deep.equal(['ended', 'ended']);
  });
});
