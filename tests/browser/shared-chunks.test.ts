// A portal page with both script-tag builds (dist/widget/video-room.js and dist/widget/coffee-chat.js, from
// `npm run build:widget`): joining a room with each element downloads livekit-client once, and no module (lit,
// `<video-room>`'s own code…) comes in two files. Which file holds which module is read from the build's source maps.
// The stand-in backend of web-test-runner.config.mjs answers the joins (ticket `ok-unreachable-livekit`: a LiveKit
// port nobody listens on, so each join ends in `vr-error` after livekit-client tried to connect).
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';

type Room = HTMLElement & { join(): Promise<void>; shadowRoot: ShadowRoot };

/** Add `<script type="module" src>` to the page and wait for it to run. */
function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = Object.assign(document.createElement('script'), { type: 'module', src });
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`${src} did not load: run \`npm run build:widget\``));
    document.head.append(s);
  });
}

/** Module sources (paths from the source map) of each script file this page requested, with its request count. */
async function requestedFiles(): Promise<Map<string, { requests: number; sources: string[] }>> {
  const files = new Map<string, { requests: number; sources: string[] }>();
  for (const e of performance.getEntriesByType('resource')) {
    const path = new URL(e.name).pathname;
    if (!/^\/dist\/widget\/.*\.js$/.test(path)) continue;
    const f = files.get(path);
    if (f) f.requests++;
    else files.set(path, { requests: 1, sources: (await (await fetch(`${path}.map`)).json()).sources });
  }
  return files;
}

beforeEach(async () => {
  await fetch('/__stand-in/reset', { method: 'POST' });
});

describe('script-tag builds on one page', () => {
  it('a page with <video-room> and <coffee-chat> downloads livekit-client once, and no module twice', async () => {
    await loadScript('/dist/widget/video-room.js');
    await loadScript('/dist/widget/coffee-chat.js');

    // Join with <video-room>: livekit-client loads, then cannot reach LiveKit.
    const room = await fixture<Room>(html`<video-room ticket="ok-unreachable-livekit" lang="en"></video-room>`);
    const failed = oneEvent(room, 'vr-error');
    room.shadowRoot.querySelector<HTMLElement>('[part~=join-button]')!.click();
    expect(((await failed) as unknown as { code: string }).code).to.equal('connect_failed');

    // Join a coffee chat: <coffee-chat> embeds its own <video-room>, which joins in turn.
    const coffee = await fixture<Room>(html`<coffee-chat ticket="cc-ada" lang="en" poll-interval="0"></coffee-chat>`);
    const $ = <T extends HTMLElement>(root: ParentNode | null | undefined, sel: string) => root?.querySelector<T>(sel) ?? null;
    const chat = '[data-request-id="r-now"]';
    await waitUntil(() => $(coffee.shadowRoot, `${chat} [part~=join-button]`), 'the chat to join is listed', { timeout: 5000 });
    $(coffee.shadowRoot, `${chat} [part~=join-button]`)!.click();
    await waitUntil(() => $(coffee.shadowRoot, 'video-room'), 'the chat’s room is embedded');
    const embedded = $<Room>(coffee.shadowRoot, 'video-room')!;
    await waitUntil(() => $(embedded.shadowRoot, '[part~=join-button]'), 'the chat’s pre-join screen shows');
    const failedToo = oneEvent(embedded, 'vr-error');
    $(embedded.shadowRoot, '[part~=join-button]')!.click();
    expect(((await failedToo) as unknown as { code: string }).code).to.equal('connect_failed');

    const files = await requestedFiles();
    const livekit = [...files].filter(([, f]) => f.sources.some((s) => s.includes('node_modules/livekit-client/')));
    expect(livekit.map(([path, f]) => [path, f.requests]), 'one file with livekit-client, requested once').to.have.length(1);
    expect(livekit[0]![1].requests).to.equal(1);
    const seen = new Map<string, string>();
    for (const [path, f] of files) {
      for (const s of f.sources) {
        expect(seen.get(s), `${s} is in ${seen.get(s)} and in ${path}`).to.equal(undefined);
        seen.set(s, path);
      }
    }
    expect([...seen.keys()].some((s) => s.includes('node_modules/lit-html/')), 'lit is among the files read').to.equal(true);
  });
});
