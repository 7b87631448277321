import { expect, waitUntil } from '@open-wc/testing';
import { $, codeRoom, previewPlaying } from './helpers.js';

describe('<video-room> pre-join', () => {
  it('shows a camera preview that plays with the fake camera', async () => {
    const el = await codeRoom();
    const video = await previewPlaying(el);
    expect(video.videoWidth).to.be.greaterThan(0);
    expect(video.muted).to.equal(true);
    expect(el.getAttribute('state')).to.equal('prejoin');
  });

  it('says why there is no preview when the page may not use the camera and microphone (iframe without allow)', async () => {
    // The script-tag entry in a frame whose permissions policy blocks camera and microphone: getUserMedia is refused.
    const frame = Object.assign(document.createElement('iframe'), {
      allow: "camera 'none'; microphone 'none'",
      srcdoc: '<html lang="en"><script type="module" src="/widget/video-room.ts"></script><video-room code="abc-defg" name="Ada"></video-room></html>',
    });
    document.body.append(frame);
    try {
      const problem = () => frame.contentDocument?.querySelector('video-room')?.shadowRoot?.querySelector('[part~=media-error]');
      await waitUntil(problem, 'the camera/microphone problem is shown', { timeout: 10_000 });
      expect(problem()!.textContent!.trim()).to.equal(
        'Camera and microphone access is blocked. Allow it in your browser’s site settings, then try again.',
      );
      expect(problem()!.getAttribute('role')).to.equal('alert');
    } finally {
      frame.remove();
    }
  });

  it('lists the fake microphones and cameras in labelled selectors', async () => {
    const el = await codeRoom();
    await previewPlaying(el);
    await waitUntil(() => ($(el, 'select[part~=mic-select]') as HTMLSelectElement).options.length > 0, 'mics listed');
    const mics = $(el, 'select[part~=mic-select]') as HTMLSelectElement;
    const cams = $(el, 'select[part~=camera-select]') as HTMLSelectElement;
    const labels = (s: HTMLSelectElement) => [...s.options].map((o) => o.textContent!.trim());
    expect(labels(mics).join('|')).to.match(/fake/i);
    expect(labels(cams).join('|')).to.match(/fake/i);
    expect(cams.selectedOptions[0]?.value).to.not.equal('');
    // Each select has a visible label pointing at it.
    for (const s of [mics, cams]) {
      const label = el.shadowRoot!.querySelector(`label[for="${s.id}"]`);
      expect(label?.textContent?.trim()).to.not.equal('');
    }
  });

  it('stops the camera when the camera toggle is turned off, and starts it again when turned on', async () => {
    const el = await codeRoom();
    const video = await previewPlaying(el);
    const track = (video.srcObject as MediaStream).getVideoTracks()[0]!;
    const toggle = $(el, 'button[part~=toggle-camera]')!;
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    toggle.click();
    await waitUntil(() => !$(el, 'video[part~=preview]'), 'preview removed');
    expect(track.readyState).to.equal('ended');
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect($(el, '[part~=preview-off]')?.textContent).to.contain('Camera is off');
    toggle.click();
    await previewPlaying(el);
  });

  it('turning the microphone off stops the microphone track but keeps the camera', async () => {
    const el = await codeRoom();
    const video = await previewPlaying(el);
    const stream = video.srcObject as MediaStream;
    const mic = stream.getAudioTracks()[0]!;
    $(el, 'button[part~=toggle-mic]')!.click();
    await waitUntil(() => mic.readyState === 'ended', 'mic stopped');
    expect(stream.getVideoTracks()[0]!.readyState).to.equal('live');
    expect($(el, 'button[part~=toggle-mic]')!.getAttribute('aria-pressed')).to.equal('false');
  });

  it('lets a code join edit the name but shows a ticket name read-only', async () => {
    const el = await codeRoom();
    const input = $(el, 'input[part~=name-input]') as HTMLInputElement;
    expect(input.value).to.equal('Ada Lovelace');
    expect(input.readOnly).to.equal(false);

    const t = await codeRoom('ticket="tkt" ');
    expect(($(t, 'input[part~=name-input]') as HTMLInputElement).readOnly).to.equal(true);
  });

  it('asks for a name before a code join', async () => {
    const el = await codeRoom();
    const input = $(el, 'input[part~=name-input]') as HTMLInputElement;
    input.value = '  ';
    input.dispatchEvent(new Event('input'));
    $(el, '[part~=join-button]')!.click();
    await el.updateComplete;
    expect($(el, '[part~=form-error]')?.textContent).to.contain('enter your name');
    expect(el.state).to.equal('prejoin');
  });

  it('stops the preview tracks when the element is removed', async () => {
    const el = await codeRoom();
    const video = await previewPlaying(el);
    const tracks = (video.srcObject as MediaStream).getTracks();
    el.remove();
    expect(tracks.every((tr) => tr.readyState === 'ended')).to.equal(true);
  });
});
