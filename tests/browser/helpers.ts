/** Shared helpers for the widget's browser tests. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { VideoRoom } from '../../widget/index.js';

VideoRoom.define();

export { VideoRoom };

/** Query inside the element's shadow root. */
export function $(el: VideoRoom, selector: string): HTMLElement | null {
  return el.shadowRoot!.querySelector(selector);
}

/** The preview `<video>` once it shows frames (fake camera). */
export async function previewPlaying(el: VideoRoom): Promise<HTMLVideoElement> {
  await waitUntil(() => ($(el, 'video[part~=preview]') as HTMLVideoElement | null)?.videoWidth, 'the camera preview plays', {
    timeout: 10_000,
  });
  return $(el, 'video[part~=preview]') as HTMLVideoElement;
}

/** A `<video-room>` with a code and a name (pre-join screen). */
export function codeRoom(attrs = ''): Promise<VideoRoom> {
  const host = document.createElement('div');
  host.innerHTML = `<video-room code="abc-defg" name="Ada Lovelace" ${attrs}></video-room>`;
  return fixture<VideoRoom>(html`${host.firstElementChild}`);
}
