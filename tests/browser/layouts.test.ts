// Layouts, low-bandwidth notice and keyboard shortcuts of the room view (issue 12), rendered from plain tile data
// (no LiveKit here: tests/e2e/large-room.test.ts covers the real room and its subscriptions).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import { loadLanguage, t } from '../../widget/index.js';
import { renderRoom, type RoomViewProps } from '../../widget/video-room/room-view.js';
import { LayoutController, gridShape, pageSize, type Layout } from '../../widget/video-room/layout.controller.js';
import { renderShortcutHelp } from '../../widget/video-room/layout-view.js';
import * as tools from '../../widget/video-room/view-tools.js';
import { Shortcuts, isTyping, roomShortcuts } from '../../widget/video-room/shortcuts.js';
import type { RoomSession } from '../../widget/video-room/room-session.js';
import { fakeSession } from './fake-session.js';
import type { TileView } from '../../widget/video-room/session-types.js';
import type { BandwidthMode } from '../../widget/video-room/bandwidth.controller.js';

const tile = (identity: string, over: Partial<TileView> = {}): TileView => ({
  key: `camera:${identity}`,
  identity,
  name: identity,
  isLocal: false,
  source: 'camera',
  muted: false,
  speaking: false,
  hasVideo: false,
  ...over,
});
const people = (n: number) => [tile('me', { isLocal: true }), ...Array.from({ length: n }, (_, i) => tile(`p${String(i + 1).padStart(2, '0')}`))];

/** A room view that re-renders itself when the layout changes, as the element does. */
async function room(tiles: TileView[], size: { width: number; height: number }, over: Partial<RoomViewProps> = {}) {
  const el = await fixture<HTMLElement>(html`<div></div>`);
  let layoutAttr: Layout = 'grid';
  const s = fakeSession(tiles, { visible: new Set<string>() } as Partial<RoomSession>);
  const draw = () => render(renderRoom(s, props), el);
  const layout = new LayoutController({ changed: () => draw(), get layout() { return layoutAttr; }, setLayout: (l) => (layoutAttr = l) });
  Object.assign(layout, size);
  const props: RoomViewProps = { t: (k, p) => t(k, p, 'en'), reconnecting: false, canPublish: true, screenShareAllowed: true, act: () => {}, leave: () => {}, layout, tools, ...over };
  draw();
  const shown = () => [...el.querySelectorAll<HTMLElement>('[part~=grid] [part~=tile]')].map((x) => x.dataset.identity);
  return { el, s, layout, draw, shown, layoutAttr: () => layoutAttr };
}

describe('layouts', () => {
  it('pages a large room at most 25 tiles a page (fewer on a small element), tells the session which tiles are visible', async () => {
    expect(pageSize(1920, 1000)).to.equal(25);
    expect(pageSize(375, 560)).to.be.lessThan(25);
    expect(pageSize(375, 560)).to.be.greaterThan(0);
    expect(gridShape(25, 1600, 900)).to.deep.equal({ cols: 5, rows: 5 });

    const r = await room(people(49), { width: 1920, height: 1000 });
    expect(r.shown()).to.have.length(25);
    expect(r.shown()[0]).to.equal('me');
    expect([...r.s.visible]).to.deep.equal(r.shown().map((i) => `camera:${i}`));
    const indicator = r.el.querySelector('[part~=page-indicator]')!;
    expect(indicator.textContent).to.equal('Page 1 of 2');
    const prev = r.el.querySelector<HTMLButtonElement>('[part~=view-prev-page]')!;
    const next = r.el.querySelector<HTMLButtonElement>('[part~=view-next-page]')!;
    expect(prev.getAttribute('aria-disabled')).to.equal('true');
    prev.click();
    expect(r.el.querySelector('[part~=page-indicator]')!.textContent).to.equal('Page 1 of 2');
    expect(prev.getAttribute('aria-label')).to.equal('Previous page');
    expect(next.getAttribute('aria-label')).to.equal('Next page');
    expect(r.el.querySelector('[part~=view-bar]')!.getAttribute('role')).to.equal('toolbar');
    next.click();
    expect(r.el.querySelector('[part~=page-indicator]')!.textContent).to.equal('Page 2 of 2');
    expect(r.shown()).to.have.length(25);
    expect(r.shown()[0]).to.equal('p25');
    expect([...r.s.visible]).to.deep.equal(r.shown().map((i) => `camera:${i}`));
    expect(r.el.querySelector('[part~=view-next-page]')!.getAttribute('aria-disabled')).to.equal('true');
    expect(r.el.querySelector('[part~=view-prev-page]')!.hasAttribute('aria-disabled')).to.equal(false);

    // A small element: fewer tiles a page.
    const small = await room(people(49), { width: 375, height: 500 });
    expect(small.shown().length).to.equal(pageSize(375, 500));
    expect(small.shown().length).to.be.lessThan(25);
  });

  it('has no pager for a small room, hides the self view on request', async () => {
    const r = await room(people(3), { width: 1280, height: 600 });
    expect(r.el.querySelector('[part~=page-indicator]')).to.equal(null);
    expect(r.shown()).to.deep.equal(['me', 'p01', 'p02', 'p03']);
    const self = r.el.querySelector<HTMLButtonElement>('[part~=view-self]')!;
    expect(self.getAttribute('aria-pressed')).to.equal('true');
    expect(self.getAttribute('aria-label')).to.equal('Show my own video');
    self.click();
    expect(r.shown()).to.deep.equal(['p01', 'p02', 'p03']);
    expect(r.el.querySelector('[part~=view-self]')!.getAttribute('aria-pressed')).to.equal('false');
    // Tiles without video show initials.
    expect(r.el.querySelector('[data-identity=p01] .avatar')!.textContent).to.equal('P');
  });

  it('speaker view puts the active speaker on the main stage; a screen share takes it in any layout', async () => {
    const tiles = people(5);
    const r = await room(tiles, { width: 1280, height: 600 });
    expect(r.el.querySelector('[part~=main-stage]')).to.equal(null);
    const speakerButton = r.el.querySelector<HTMLButtonElement>('[part~=view-speaker]')!;
    expect(speakerButton.getAttribute('aria-pressed')).to.equal('false');
    speakerButton.click();
    expect(r.layoutAttr()).to.equal('speaker');
    expect(r.el.querySelector('[part~=view-speaker]')!.getAttribute('aria-pressed')).to.equal('true');
    expect(r.el.querySelector('[part~=main-stage] [part~=tile]')!.getAttribute('data-identity')).to.equal('p01');
    tiles[3] = { ...tiles[3]!, speaking: true };
    r.draw();
    const stage = r.el.querySelector('[part~=main-stage] [part~=tile]')!;
    expect(stage.getAttribute('data-identity')).to.equal('p03');
    expect(stage.hasAttribute('data-speaking')).to.equal(true);
    expect(r.shown()).to.not.include('p03');
    // Still on stage once they stop speaking (the last speaker stays).
    tiles[3] = { ...tiles[3]!, speaking: false };
    r.draw();
    expect(r.el.querySelector('[part~=main-stage] [part~=tile]')!.getAttribute('data-identity')).to.equal('p03');

    // Grid again; a screen share arrives: it takes the main stage.
    r.el.querySelector<HTMLButtonElement>('[part~=view-speaker]')!.click();
    expect(r.el.querySelector('[part~=main-stage]')).to.equal(null);
    tiles.unshift(tile('p02', { key: 'screen_share:p02', source: 'screen_share', hasVideo: true }));
    r.draw();
    expect(r.el.querySelector('[part~=main-stage] [part~=tile]')!.getAttribute('data-source')).to.equal('screen_share');
    expect(r.s.visible.has('screen_share:p02')).to.equal(true);
  });

  it('shows the low-bandwidth notice (role=status) with a way back, and the bandwidth choice', async () => {
    const chosen: BandwidthMode[] = [];
    const bandwidth = { mode: 'data-saver' as BandwidthMode, auto: true, choose: (m: BandwidthMode) => chosen.push(m) };
    const r = await room(people(2), { width: 1280, height: 600 }, { bandwidth });
    const notice = r.el.querySelector('[part~=bandwidth-notice]')!;
    expect(notice.getAttribute('role')).to.equal('status');
    expect(notice.hasAttribute('data-auto')).to.equal(true);
    expect(notice.textContent).to.contain('Your connection is poor');
    r.el.querySelector<HTMLButtonElement>('[part~=bandwidth-restore]')!.click();
    expect(chosen).to.deep.equal(['normal']);
    const select = r.el.querySelector<HTMLSelectElement>('[part~=bandwidth-select]')!;
    expect(select.getAttribute('aria-label')).to.equal('Video quality');
    expect(select.value).to.equal('data-saver');
    select.value = 'audio-only';
    select.dispatchEvent(new Event('change'));
    expect(chosen).to.deep.equal(['normal', 'audio-only']);
    bandwidth.mode = 'normal';
    r.draw();
    expect(r.el.querySelector('[part~=bandwidth-notice]')).to.equal(null);
  });

  it('is translated (French, Arabic)', async () => {
    await Promise.all([loadLanguage('fr'), loadLanguage('ar')]);
    for (const [lang, next, page] of [
      ['fr', 'Page suivante', 'Page 1 sur 2'],
      ['ar', 'الصفحة التالية', 'الصفحة 1 من 2'],
    ]) {
      const r = await room(people(49), { width: 1920, height: 1000 }, { t: (k, p) => t(k, p, lang) });
      expect(r.el.querySelector('[part~=view-next-page]')!.getAttribute('aria-label')).to.equal(next);
      expect(r.el.querySelector('[part~=page-indicator]')!.textContent).to.equal(page);
    }
  });
});

describe('keyboard shortcuts', () => {
  const press = (target: EventTarget, key: string, init: KeyboardEventInit = {}) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init }));

  it('run the actions present (M, V, C, Shift+L), open the help with ?, and list only what exists', async () => {
    const ran: string[] = [];
    let help = 0;
    const list = roomShortcuts({ mic: () => ran.push('mic'), camera: () => ran.push('camera'), chat: () => ran.push('chat'), leave: () => ran.push('leave') });
    expect(list.map((s) => s.label)).to.deep.equal(['M', 'V', 'C', 'Shift + L']);
    const sc = new Shortcuts(document, () => list, () => help++);
    sc.start();
    try {
      press(document.body, 'm');
      press(document.body, 'v');
      press(document.body, 'c');
      press(document.body, 'l'); // leave needs Shift
      press(document.body, 'L', { shiftKey: true });
      press(document.body, 'm', { ctrlKey: true }); // not ours
      press(document.body, 'm', { repeat: true });
      press(document.body, '?', { shiftKey: true });
      expect(ran).to.deep.equal(['mic', 'camera', 'chat', 'leave']);
      expect(help).to.equal(1);
    } finally {
      sc.stop();
    }
    press(document.body, 'm');
    expect(ran).to.have.length(4);
  });

  it('never fire while typing in a field, in the page or inside a shadow root', async () => {
    const ran: string[] = [];
    const host = await fixture<HTMLElement>(html`<div><input id="page-input" /><textarea></textarea><div contenteditable="true">x</div><div id="sh"></div></div>`);
    const shadow = host.querySelector('#sh')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<input part="chat-input">';
    const sc = new Shortcuts(document, () => roomShortcuts({ mic: () => ran.push('mic') }), () => ran.push('help'));
    sc.start();
    try {
      for (const target of [host.querySelector('#page-input')!, host.querySelector('textarea')!, host.querySelector('[contenteditable]')!, shadow.querySelector('input')!]) {
        press(target, 'm');
        press(target, '?', { shiftKey: true });
      }
      expect(ran).to.deep.equal([]);
      const e = new KeyboardEvent('keydown', { key: 'm', bubbles: true, composed: true });
      shadow.querySelector('input')!.dispatchEvent(e);
      press(host, 'm');
      expect(ran).to.deep.equal(['mic']);
    } finally {
      sc.stop();
    }
    const ev = new KeyboardEvent('keydown', { key: 'm' });
    Object.defineProperty(ev, 'composedPath', { value: () => [document.createElement('input')] });
    expect(isTyping(ev)).to.equal(true);
  });

  it('lists the shortcuts in a labelled modal dialog that Escape and Close dismiss', async () => {
    const el = await fixture<HTMLElement>(html`<div></div>`);
    let closed = 0;
    const list = roomShortcuts({ mic: () => {}, chat: () => {}, leave: () => {} });
    render(renderShortcutHelp((k, p) => t(k, p, 'en'), list, () => closed++), el);
    const dialog = el.querySelector<HTMLDialogElement>('[part~=shortcuts-dialog]')!;
    dialog.showModal();
    const title = el.querySelector(`#${dialog.getAttribute('aria-labelledby')}`)!;
    expect(title.textContent).to.equal('Keyboard shortcuts');
    expect([...dialog.querySelectorAll('kbd')].map((k) => k.textContent)).to.deep.equal(['M', 'C', 'Shift + L', '?']);
    expect(dialog.textContent).to.contain('Shortcuts do nothing while you type in a field.');
    expect(dialog.textContent).to.not.contain('camera');
    el.querySelector<HTMLButtonElement>('[part~=shortcuts-close]')!.click();
    await waitUntil(() => closed === 1, 'the dialog to close');
    expect(dialog.open).to.equal(false);
  });
});
