// axe-core scans of the room as a user gets it (tests/browser/room-fixture.ts: the element's own join against the
// stand-ins, only LiveKit replaced): the in-room view, the chat panel open, a host's waiting list; English and
// Arabic. The scan is tests/browser/axe.ts `expectNoAxeViolations` — new panels go in here.
import { expect } from '@open-wc/testing';
import { expectNoAxeViolations } from './axe.js';
import { openChat, roomElement } from './room-fixture.js';
import { $, codeRoom, previewPlaying } from './helpers.js';

describe('accessibility of the room (axe-core)', () => {
  beforeEach(async () => {
    await fetch('/__stand-in/reset', { method: 'POST' });
  });

  it('the pre-join screen, camera preview playing, has no violations', async () => {
    const el = await codeRoom();
    await previewPlaying(el);
    await expectNoAxeViolations(el);
  });

  it('the room with the chat panel open, as a participant, has no violations', async () => {
    const el = await roomElement();
    await expectNoAxeViolations(el);
    await openChat(el);
    await expectNoAxeViolations(el);
  });

  it('a host\'s room with the waiting list and the chat panel (moderation buttons) has no violations', async () => {
    const el = await roomElement({ host: true });
    expect($(el, '[part~=waiting-list]')).to.not.equal(null);
    await openChat(el);
    await expectNoAxeViolations(el);
  });

  it('the same room in Arabic has no violations', async () => {
    const el = await roomElement({ host: true, lang: 'ar' });
    await openChat(el);
    await expectNoAxeViolations(el);
  });
});

describe('the room in Arabic', () => {
  it('is laid out right to left, panels included', async () => {
    await fetch('/__stand-in/reset', { method: 'POST' });
    const el = await roomElement({ host: true, lang: 'ar' });
    const panel = await openChat(el);
    const base = $(el, '[part~=base]')!;
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(base.getAttribute('lang')).to.equal('ar');
    for (const part of ['controls', 'grid', 'waiting-list']) expect(getComputedStyle($(el, `[part~=${part}]`)!).direction, part).to.equal('rtl');
    expect(getComputedStyle(panel).direction).to.equal('rtl');
    // The controls read from the right: Leave (the last button) is left of the first.
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~=controls] button')];
    expect(buttons.at(-1)!.getBoundingClientRect().left).to.be.lessThan(buttons[0]!.getBoundingClientRect().left);
  });
});
