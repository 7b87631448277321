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

/** URLs this page has requested so far that match `re` (Resource Timing: script chunks, fetches). */
export function requested(re: RegExp): string[] {
  return performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => re.test(n));
}

/** Record the bodies of the page's `POST /api/v1/join` requests until `restore()`. */
export function recordJoinRequests(): { sent: string[]; restore(): void } {
  const sent: string[] = [];
  const fetch0 = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input).includes('/api/v1/join')) sent.push(String(init?.body));
    return fetch0(input, init);
  };
  return { sent, restore: () => void (window.fetch = fetch0) };
}
