import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { PropertyValues } from 'lit';
import { VrStateChangeEvent } from '../../widget/index.js';
import { $, VideoRoom, codeRoom } from './helpers.js';

describe('<video-room> element', () => {
  it('can be defined twice without throwing', () => {
    expect(() => {
      VideoRoom.define();
      VideoRoom.define();
    }).to.not.throw();
    expect(customElements.get('video-room')).to.equal(VideoRoom);
  });

  it('reflects state and participant-count as attributes', async () => {
    const el = await codeRoom();
    expect(el.getAttribute('state')).to.equal('prejoin');
    expect(el.getAttribute('participant-count')).to.equal('0');
  });

  it('reads its configuration from attributes', async () => {
    const el = await fixture<VideoRoom>(
      html`<video-room server-url="https://meet.example.org" code="c1" password="pw" name="Bob"></video-room>`,
    );
    expect(el.serverUrl).to.equal('https://meet.example.org');
    expect(el.code).to.equal('c1');
    expect(el.password).to.equal('pw');
    expect(el.name).to.equal('Bob');
    el.setAttribute('name', 'Robert');
    await el.updateComplete;
    expect(($(el, 'input[part~=name-input]') as HTMLInputElement).value).to.equal('Robert');
  });

  it('keeps properties a page set before the script defined the element (frameworks set properties early)', async () => {
    const el = document.createElement('video-room-late') as VideoRoom;
    el.code = 'early-code';
    el.name = 'Early Name';
    document.body.append(el);
    try {
      class LateRoom extends VideoRoom {}
      LateRoom.define('video-room-late');
      await el.updateComplete;
      expect(el).to.be.instanceOf(VideoRoom);
      expect(el.code).to.equal('early-code');
      expect(($(el, 'input[part~=name-input]') as HTMLInputElement).value).to.equal('Early Name');
      el.setAttribute('name', 'Later');
      await el.updateComplete;
      expect(el.name).to.equal('Later');
      expect(($(el, 'input[part~=name-input]') as HTMLInputElement).value).to.equal('Later');
    } finally {
      el.remove();
    }
  });

  it('keeps updating after one update failed (the element does not freeze)', async () => {
    let fail = true;
    class FlakyRoom extends VideoRoom {
      protected override render() {
        if (fail) {
          fail = false;
          throw new Error('render failed once');
        }
        return super.render();
      }
    }
    FlakyRoom.define('video-room-flaky');
    await expectRecoversAfterOneFailure('video-room-flaky');
  });

  it('keeps updating after willUpdate threw once (the element does not freeze)', async () => {
    let fail = true;
    class FlakyWillUpdateRoom extends VideoRoom {
      protected override willUpdate(changed: PropertyValues<this>) {
        if (fail) {
          fail = false;
          throw new Error('willUpdate failed once');
        }
        super.willUpdate(changed);
      }
    }
    FlakyWillUpdateRoom.define('video-room-flaky-will-update');
    await expectRecoversAfterOneFailure('video-room-flaky-will-update');
  });

  it('fires vr-state-change when the state changes, with a typed event', async () => {
    const el = await fixture<VideoRoom>(html`<video-room server-url="http://127.0.0.1:9"></video-room>`);
    setTimeout(() => $(el, '[part~=join-button]')!.click());
    const ev = (await oneEvent(el, 'vr-state-change')) as VrStateChangeEvent;
    expect(ev).to.be.instanceOf(VrStateChangeEvent);
    expect(ev.bubbles && ev.composed).to.equal(true);
    expect(ev.state).to.equal('error');
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('error');
  });

  it('is keyboard reachable: the Join button is a real, focusable button', async () => {
    const el = await codeRoom();
    const join = $(el, '[part~=join-button]') as HTMLButtonElement;
    expect(join.tagName).to.equal('BUTTON');
    join.focus();
    expect(el.shadowRoot!.activeElement).to.equal(join);
  });
});

/** An element of `tag` whose first update throws: updateComplete rejects once, then the next change renders. */
async function expectRecoversAfterOneFailure(tag: string) {
  const el = document.createElement(tag) as VideoRoom;
  el.setAttribute('code', 'c1');
  document.body.append(el);
  try {
    let failed = false;
    await el.updateComplete.catch(() => (failed = true));
    expect(failed).to.equal(true);
    el.setAttribute('name', 'Grace');
    await el.updateComplete;
    expect(($(el, 'input[part~=name-input]') as HTMLInputElement | null)?.value).to.equal('Grace');
  } finally {
    el.remove();
  }
}
