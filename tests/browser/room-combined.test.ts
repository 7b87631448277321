// The combined room as a host gets it (tests/browser/room-fixture.ts: the element's own join against the stand-ins,
// only LiveKit replaced): host actions in the participants panel (and the role change that brings or takes them),
// one side panel at a time (chat, participants, polls), the hand shortcut, and axe-core scans of every panel, menu,
// bar and dialog open — in English and in Arabic (right to left).
import { expect, waitUntil } from '@open-wc/testing';
import { expectNoAxeViolations } from './axe.js';
import { openChat, roomElement } from './room-fixture.js';
import { $, type VideoRoom } from './helpers.js';

const all = (el: VideoRoom, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const pressed = (el: VideoRoom, part: string) => $(el, `[part~=${part}]`)?.getAttribute('aria-pressed');
const liveRegion = (el: VideoRoom) => el.shadowRoot!.querySelector('[aria-live=polite][role=status]')!.textContent ?? '';
const key = (k: string, shiftKey = false) => document.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true, composed: true }));

/** Open the participants panel with its button; resolves once the three people are listed. */
async function openParticipants(el: VideoRoom): Promise<HTMLElement> {
  await waitUntil(() => $(el, '[part~=control-participants]'), 'the participants button', { timeout: 10_000 });
  $(el, '[part~=control-participants]')!.click();
  await waitUntil(() => all(el, '[part~=participant]').length === 3, 'three rows in the participants panel', { timeout: 10_000 });
  return $(el, '[part~=participants-panel]')!;
}

/** Whether a click at the centre of `b` reaches it (no panel covers it). */
const reachable = (el: VideoRoom, b: HTMLElement) => {
  const r = b.getBoundingClientRect();
  const hit = el.shadowRoot!.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !!hit && b.contains(hit);
};
const row = (el: VideoRoom, identity: string) => $(el, `[part~=participant][data-identity="${identity}"]`)!;

describe('the combined room', () => {
  beforeEach(async () => {
    await fetch('/__stand-in/reset', { method: 'POST' });
  });

  it('a host has each participant\'s host menu in the participants panel, Mute all and Lock in its header, and the tile menus too', async () => {
    const el = await roomElement({ host: true });
    await waitUntil(() => $(el, '[part~=host-bar]'), 'the host bar', { timeout: 10_000 });
    const panel = await openParticipants(el);
    await waitUntil(() => panel.querySelector('[part~=participants-mute-all]'), 'Mute all in the panel header', { timeout: 10_000 });
    expect(panel.querySelector('[part~=participants-lock]')!.getAttribute('aria-pressed')).to.equal('false');
    // The waiting list moves into the panel while it is open (nothing covers it), and back when it closes.
    expect(panel.querySelectorAll('[part~=waiting-list] [part~=admit-button]').length).to.equal(2);
    expect(all(el, '[part~=waiting-list]').length).to.equal(1);
    // Ada and Bob have a menu button in their row; we (the local row) have none.
    expect(row(el, 'ada').querySelector('[part~=host-menu-button]')).to.not.equal(null);
    expect(row(el, 'bob').querySelector('[part~=host-menu-button]')).to.not.equal(null);
    expect(row(el, 'u-1').querySelector('[part~=host-menu-button]')).to.equal(null);
    // Bob's raised hand (the stand-in queue) can be lowered from his row.
    await waitUntil(() => row(el, 'bob').querySelector('[part~=participant-lower-hand]'), 'Lower hand for Bob', { timeout: 10_000 });

    const button = row(el, 'ada').querySelector<HTMLElement>('[part~=host-menu-button]')!;
    button.click();
    await waitUntil(() => row(el, 'ada').querySelector('[part~=host-menu]'), 'Ada\'s host menu in her row');
    await waitUntil(() => el.shadowRoot!.activeElement === row(el, 'ada').querySelector('[part~=host-menu] button'), 'the focus on the first item');
    // Ada's microphone is on: Mute is offered. Her menu is open in the panel only, not in her tile too.
    expect(row(el, 'ada').querySelector('[part~=host-mute]')).to.not.equal(null);
    expect(all(el, '[part~=host-menu]').length).to.equal(1);
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    await expectNoAxeViolations(el);

    // Escape closes it and gives the focus back to its button.
    row(el, 'ada').querySelector('[part~=host-menu] button')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await waitUntil(() => all(el, '[part~=host-menu]').length === 0, 'the menu closed');
    expect($(el, '[part~=participants-panel]'), 'the panel stays open').to.not.equal(null);

    // The tile's menu button still works, and opens the menu in the tile.
    const tile = all(el, '[part~=tile]').find((x) => x.querySelector('[part~=host-menu-button]') && x.textContent!.includes('Bob'))!;
    tile.querySelector<HTMLElement>('[part~=host-menu-button]')!.click();
    await waitUntil(() => tile.querySelector('[part~=host-menu]'), 'Bob\'s host menu in his tile');
    expect(row(el, 'bob').querySelector('[part~=host-menu]')).to.equal(null);
  });

  it('a participant promoted to moderator gets the host actions in the panel at once, and loses them when demoted', async () => {
    const el = await roomElement();
    await openParticipants(el);
    expect(row(el, 'ada').querySelector('[part~=host-menu-button]')).to.equal(null);
    expect($(el, '[part~=participants-mute-all]')).to.equal(null);
    await waitUntil(() => row(el, 'bob').hasAttribute('data-hand'), 'Bob\'s raised hand listed', { timeout: 10_000 });
    expect(row(el, 'bob').querySelector('[part~=participant-lower-hand]')).to.equal(null);

    // LiveKit tells us our role attribute changed (the server promoted us).
    const room = el.room as unknown as { localParticipant: { attributes: Record<string, string> }; emit(e: string, ...a: unknown[]): void };
    const promote = (role: string) => {
      room.localParticipant.attributes = { role };
      room.emit('participantAttributesChanged', { role }, room.localParticipant);
    };
    promote('moderator');
    await waitUntil(() => row(el, 'ada').querySelector('[part~=host-menu-button]'), 'Ada\'s host menu button after the promotion');
    expect($(el, '[part~=participants-mute-all]')).to.not.equal(null);
    expect(row(el, 'bob').querySelector('[part~=participant-lower-hand]')).to.not.equal(null);
    expect(row(el, 'u-1').querySelector('[part~=participant-role]')!.textContent).to.equal('Moderator');
    expect(liveRegion(el)).to.contain('moderator');

    promote('participant');
    await waitUntil(() => !row(el, 'ada').querySelector('[part~=host-menu-button]'), 'no host menu button after the demotion');
    expect($(el, '[part~=participants-mute-all]')).to.equal(null);
    expect(row(el, 'bob').querySelector('[part~=participant-lower-hand]')).to.equal(null);
  });

  it('one side panel at a time: opening chat, participants or polls closes the one open', async () => {
    const el = await roomElement({ host: true });
    await openChat(el);
    // The waiting list stays usable next to the chat: its buttons are what a click at their centre reaches.
    for (const b of all(el, '[part~=admit-button], [part~=deny-button]')) expect(reachable(el, b), b.getAttribute('aria-label')!).to.equal(true);
    await openParticipants(el);
    expect($(el, '[part~=chat-panel]'), 'the chat closed').to.equal(null);
    expect(pressed(el, 'control-chat')).to.equal('false');
    expect(pressed(el, 'control-participants')).to.equal('true');

    await waitUntil(() => $(el, '[part~=control-polls]'), 'the polls button', { timeout: 10_000 });
    $(el, '[part~=control-polls]')!.click();
    await waitUntil(() => $(el, '[part~=poll-panel]'), 'the polls panel');
    expect($(el, '[part~=participants-panel]'), 'the participants panel closed').to.equal(null);
    for (const b of all(el, '[part~=admit-button], [part~=deny-button]')) expect(reachable(el, b), b.getAttribute('aria-label')!).to.equal(true);
    expect(pressed(el, 'control-participants')).to.equal('false');
    expect(pressed(el, 'control-polls')).to.equal('true');

    await openChat(el);
    expect($(el, '[part~=poll-panel]')).to.equal(null);
    // Closing the one open leaves none; reopening another works.
    $(el, '[part~=control-chat]')!.click();
    await waitUntil(() => !$(el, '[part~=chat-panel]'), 'the chat closed');
    await openParticipants(el);
    expect(all(el, '[part~=chat-panel], [part~=poll-panel]').length).to.equal(0);
  });

  it('H raises and lowers our hand (announced, listed in the shortcut help)', async () => {
    const el = await roomElement({ shortcuts: true });
    await waitUntil(() => $(el, '[part~=control-hand]'), 'the hand button', { timeout: 10_000 });
    key('h');
    await waitUntil(() => pressed(el, 'control-hand') === 'true', 'our hand raised', { timeout: 10_000 });
    expect(liveRegion(el)).to.equal('You raised your hand, number 2 in the queue');
    key('h');
    await waitUntil(() => pressed(el, 'control-hand') === 'false', 'our hand lowered', { timeout: 10_000 });
    expect(liveRegion(el)).to.equal('You lowered your hand');

    key('?');
    await waitUntil(() => ($(el, '[part~=shortcuts-dialog]') as HTMLDialogElement | null)?.open, 'the shortcut help');
    const help = $(el, '[part~=shortcuts-dialog]')!.textContent!.replace(/\s+/g, ' ');
    expect(help).to.contain('H').and.to.contain('Raise or lower your hand');
  });

  for (const lang of ['en', 'ar']) {
    it(`a host's room with every panel, menu, bar and dialog open has no axe violations (${lang})`, async () => {
      const el = await roomElement({ host: true, lang, shortcuts: true });
      if (lang === 'ar') expect(getComputedStyle($(el, '[part~=controls]')!).direction).to.equal('rtl');
      await waitUntil(() => $(el, '[part~=host-bar]') && $(el, '[part~=view-bar]'), 'the host bar and the view toolbar', { timeout: 10_000 });

      // The participants panel with a host menu open in a row (and one in a tile: the tile menu).
      await openParticipants(el);
      await waitUntil(() => row(el, 'ada').querySelector('[part~=host-menu-button]'), 'host menu buttons', { timeout: 10_000 });
      row(el, 'ada').querySelector<HTMLElement>('[part~=host-menu-button]')!.click();
      await waitUntil(() => row(el, 'ada').querySelector('[part~=host-menu]'), 'Ada\'s host menu');
      if (lang === 'ar') expect(getComputedStyle($(el, '[part~=participants-panel]')!).direction).to.equal('rtl');
      await expectNoAxeViolations(el);
      const tile = all(el, '[part~=tile]').find((x) => x.querySelector('[part~=host-menu-button]'))!;
      tile.querySelector<HTMLElement>('[part~=host-menu-button]')!.click();
      await waitUntil(() => tile.querySelector('[part~=host-menu]'), 'a tile\'s host menu');
      await expectNoAxeViolations(el);

      // The polls panel (a host: the form to create one).
      await waitUntil(() => $(el, '[part~=control-polls]'), 'the polls button', { timeout: 10_000 });
      $(el, '[part~=control-polls]')!.click();
      await waitUntil(() => $(el, '[part~=poll-panel]'), 'the polls panel');
      await expectNoAxeViolations(el);

      // The chat panel.
      await openChat(el);
      await expectNoAxeViolations(el);

      // The shortcut help dialog (modal: axe scans what is in it and around it).
      key('?');
      await waitUntil(() => ($(el, '[part~=shortcuts-dialog]') as HTMLDialogElement | null)?.open, 'the shortcut help');
      await expectNoAxeViolations(el);
    });
  }
});
