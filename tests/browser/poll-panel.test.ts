// The polls panel with its controller, against the polls stand-in (tests/browser/stand-ins/polls.ts) and a stand-in
// room that delivers the server's `vr.poll` packets: a moderator creates and launches a quiz, a participant is
// prompted, answers with the keyboard, cannot answer twice, and sees results once shared; packets from participants
// are ignored; French and Arabic.
import { expect, waitUntil } from '@open-wc/testing';
import { render } from 'lit/html.js';
import { sendKeys } from '@web/test-runner-commands';
import { t } from '../../widget/index.js';
import { VrPollAnsweredEvent, VrPollClosedEvent, VrPollLaunchedEvent, VrPollResultsEvent, type VrPoll, type VrPollAnswer, type VrPollResults } from '../../widget/index.js';
import { PollsController, renderPollPanel } from '../../widget/video-room/polls.js';

type Handler = (payload: Uint8Array, participant?: unknown, kind?: unknown, topic?: string) => void;

/** What LiveKit's Room gives the controller: DataReceived listeners (the server's packets come with no participant). */
class StandInRoom {
  handlers = new Set<Handler>();
  on(_e: string, h: Handler) {
    this.handlers.add(h);
    return this;
  }
  off(_e: string, h: Handler) {
    this.handlers.delete(h);
    return this;
  }
  deliver(data: object, from?: { identity: string }) {
    for (const h of this.handlers) h(new TextEncoder().encode(JSON.stringify(data)), from, 0, 'vr.poll');
  }
}

interface Seen {
  launched: VrPoll[];
  answered: [VrPoll, VrPollAnswer][];
  closed: VrPoll[];
  results: [VrPoll, VrPollResults][];
}

/** A controller for `token` (role `role`) rendered into a fresh container, re-rendered on every change. */
function mount(token: string, role: 'moderator' | 'participant', lang = 'en') {
  const box = document.createElement('div');
  document.body.append(box);
  const room = new StandInRoom();
  const seen: Seen = { launched: [], answered: [], closed: [], results: [] };
  const tr = (k: Parameters<typeof t>[0], p?: Record<string, string | number>) => t(k, p, lang);
  const c: PollsController = new PollsController(
    location.origin,
    { meeting: { id: 'm-poll' }, sessionToken: token, identity: role === 'moderator' ? 'mo' : 'ada', role },
    room as never,
    {
      changed: async () => void render(c.open ? renderPollPanel(c, tr) : '', box),
      fire: (e) => {
        if (e instanceof VrPollLaunchedEvent) seen.launched.push(e.poll);
        if (e instanceof VrPollAnsweredEvent) seen.answered.push([e.poll, e.answer]);
        if (e instanceof VrPollClosedEvent) seen.closed.push(e.poll);
        if (e instanceof VrPollResultsEvent) seen.results.push([e.poll, e.results]);
      },
      t: tr,
    },
  );
  c.start();
  const q = <E extends HTMLElement = HTMLElement>(sel: string) => box.querySelector<E>(sel);
  return { box, room, seen, c, q, done: () => (c.stop(), box.remove()) };
}

const input = (el: HTMLInputElement | HTMLTextAreaElement | null, value: string) => {
  el!.value = value;
  el!.dispatchEvent(new Event('input', { bubbles: true }));
};

describe('poll panel', () => {
  beforeEach(async () => {
    await fetch('/__stand-in/reset', { method: 'POST' });
  });

  it('a moderator creates a quiz, launches it and sees live results; a participant is prompted, answers with the keyboard once, and sees results once shared', async () => {
    const mod = mount('poll-mod', 'moderator');
    mod.c.toggle(true);
    await waitUntil(() => mod.q('[part~="poll-panel"]'), 'the panel');
    const panel = mod.q('[part~="poll-panel"]')!;
    expect(panel.getAttribute('role')).to.equal('region');
    expect(panel.getAttribute('aria-label')).to.equal('Polls');
    expect(mod.q('[part~="poll-list"]')!.textContent).to.contain('No polls yet.');

    // The new-poll form: question, options (one per line), the correct option, save as a draft.
    (mod.q('[part~="poll-create"] summary') as HTMLElement).click();
    input(mod.q('[part~="poll-question-input"]'), 'Largest planet?');
    input(mod.q('[part~="poll-options-input"]'), 'Mars\nJupiter\nVenus');
    await waitUntil(() => mod.box.querySelectorAll('[part~="poll-correct"] input').length === 3, 'one correct-answer choice per option');
    (mod.box.querySelectorAll<HTMLInputElement>('[part~="poll-correct"] input')[1]!).click();
    (mod.q('[part~="poll-create-button"]') as HTMLButtonElement).click();
    await waitUntil(() => mod.q('[part~="poll"][data-status="draft"]'), 'the draft');
    const sent = (await (await fetch('/__stand-in/requests')).json()).find((r: { method: string; path: string }) => r.method === 'POST' && r.path === '/api/v1/meetings/m-poll/polls');
    expect(sent.body).to.deep.equal({ question: 'Largest planet?', type: 'single', anonymous: false, options: ['Mars', 'Jupiter', 'Venus'], correct: { choice: 1 } });
    expect(sent.authorization).to.equal('Bearer poll-mod');
    (mod.q('[part~="poll-launch"]') as HTMLButtonElement).click();
    await waitUntil(() => mod.q('[part~="poll"][data-status="open"] [part~="poll-results"]'), 'open, with live results');
    const pollId = mod.c.items[0]!.id;

    // The participant: nothing until the server announces the launch; then the panel opens by itself.
    const ada = mount('poll-ada', 'participant');
    await waitUntil(() => !ada.c.items.length && ada.c.results.size === 0, 'nothing for the participant yet');
    // A packet from a participant is not trusted.
    ada.room.deliver({ type: 'launched', pollId }, { identity: 'bob' });
    ada.room.deliver({ type: 'launched', pollId });
    await waitUntil(() => ada.q('[part~="poll-answer-form"]'), 'the prompt');
    expect(ada.c.open).to.equal(true);
    expect(ada.seen.launched.map((p) => p.question)).to.deep.equal(['Largest planet?']);
    expect(ada.c.items[0]!.correct).to.equal(null); // hidden from participants
    expect(ada.q('[part~="poll-results"]')).to.equal(null);
    expect(ada.c.pending).to.equal(1);

    // Keyboard only: focus the first option, arrow to Jupiter, Enter submits the form.
    ada.q<HTMLInputElement>('[part~="poll-option"] input')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => ada.q('[part~="poll-my-answer"]'), 'our answer');
    expect(ada.q('[part~="poll-my-answer"]')!.textContent).to.equal('Your answer: Jupiter');
    expect(ada.seen.answered.map(([p, a]) => [p.id, a])).to.deep.equal([[pollId, { choice: 1 }]]);
    expect(ada.q('[part~="poll-answer-form"]')).to.equal(null);
    expect(ada.c.pending).to.equal(0);
    // A second, different answer is refused by the server and said so.
    expect(await ada.c.answer(pollId, { choice: 0 })).to.equal(false);
    expect(ada.q('[part~="poll-error"]')!.textContent).to.equal('You answered this poll already.');

    // The moderator hears of the answer and sees it, named; closes and shares.
    mod.room.deliver({ type: 'answered', pollId, total: 1 });
    await waitUntil(() => mod.q('[part~="poll-result"][data-correct]')?.textContent?.includes('Jupiter: 1 (100 %)'), 'live count');
    expect(mod.q('[part~="poll-answers"]')!.textContent).to.contain('ADA: Jupiter');
    (mod.q('[part~="poll-close"]') as HTMLButtonElement).click();
    await waitUntil(() => mod.q('[part~="poll"][data-status="closed"]'), 'closed');
    (mod.q('[part~="poll-share"]') as HTMLButtonElement).click();
    await waitUntil(() => mod.q('[part~="poll-share"]')?.getAttribute('aria-pressed') === 'true', 'shared');

    // The moderator downloads the results as CSV, with the room session.
    (mod.q('[part~="poll-export"]') as HTMLButtonElement).click();
    await waitUntil(async () => (await (await fetch('/__stand-in/requests')).json()).some((r: { path: string; authorization: string }) =>
      r.path === '/api/v1/meetings/m-poll/polls/export.csv' && r.authorization === 'Bearer poll-mod'), 'the CSV export');

    // The participant hears of both, and sees the shared results: counts and the correct answer, no names.
    ada.room.deliver({ type: 'closed', pollId });
    ada.room.deliver({ type: 'results', pollId });
    await waitUntil(() => ada.seen.results.length === 1 && ada.q('[part~="poll-results"]'), 'results for the participant');
    expect(ada.seen.closed.map((p) => p.status)).to.deep.equal(['closed']);
    expect(ada.seen.results[0]![1]).to.deep.include({ total: 1, counts: [0, 1, 0], correctCount: 1 });
    expect(ada.q('[part~="poll-results"]')!.textContent).to.contain('1 answers');
    expect(ada.q('[part~="poll-answers"]')).to.equal(null);
    expect(ada.q('[part~="poll-result"][data-correct]')!.textContent).to.contain('Jupiter');
    expect(ada.q('[part~="poll-verdict"]')!.textContent).to.equal('Correct!');
    // No moderator actions for a participant.
    expect(ada.box.querySelectorAll('[part~="poll-create"], [part~="poll-launch"], [part~="poll-close"], [part~="poll-share"], [part~="poll-export"]').length).to.equal(0);
    mod.done();
    ada.done();
  });

  it('a poll with a timer counts down and closes on time, taking the answer form away', async () => {
    const api = (path: string, body?: object) =>
      fetch(`/api/v1/meetings/m-poll/polls${path}`, { method: 'POST', headers: { authorization: 'Bearer poll-mod', 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) }).then((r) => r.json());
    const p = await api('', { question: 'Quick one', type: 'rating', durationSeconds: 5 });
    await api(`/${p.id}/launch`);
    const ada = mount('poll-ada', 'participant');
    await waitUntil(() => ada.q('[part~="poll-timer"]'), 'the countdown');
    expect(ada.q('[part~="poll-timer"]')!.textContent).to.match(/^Closes in [45] s$/);
    expect(ada.box.querySelectorAll('[part~="poll-option"]').length).to.equal(5);
    await waitUntil(() => ada.q('[part~="poll"][data-status="closed"]'), 'closed when the timer ran out', { timeout: 8000 });
    expect(ada.q('[part~="poll-answer-form"]')).to.equal(null);
    expect(ada.q('[part~="poll-timer"]')).to.equal(null);
    ada.done();
  });

  it('Escape closes the panel; yes/no and text polls in French and Arabic', async () => {
    const { loadLanguage } = await import('../../widget/index.js');
    await loadLanguage('fr');
    await loadLanguage('ar');
    const api = (path: string, body?: object) =>
      fetch(`/api/v1/meetings/m-poll/polls${path}`, { method: 'POST', headers: { authorization: 'Bearer poll-mod', 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) }).then((r) => r.json());
    const yn = await api('', { question: 'Prêt ?', type: 'yes_no' });
    await api(`/${yn.id}/launch`);
    // Joining while a poll waits for our answer: the panel opens by itself.
    const fr = mount('poll-ada', 'participant', 'fr');
    await waitUntil(() => fr.q('[part~="poll-answer-form"]'), 'the French form');
    expect(fr.q('[part~="poll-panel"]')!.getAttribute('aria-label')).to.equal('Sondages');
    expect([...fr.box.querySelectorAll('[part~="poll-option"]')].map((l) => l.textContent!.trim())).to.deep.equal(['Oui', 'Non']);
    expect(fr.q('[part~="poll-submit"]')!.textContent).to.equal('Envoyer la réponse');
    fr.q('[part~="poll-panel"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await waitUntil(() => !fr.q('[part~="poll-panel"]'), 'closed by Escape');
    const ar = mount('poll-ada', 'participant', 'ar');
    ar.c.toggle(true);
    await waitUntil(() => ar.q('[part~="poll-submit"]'), 'the Arabic form');
    expect(ar.q('[part~="poll-submit"]')!.textContent).to.equal('إرسال الإجابة');
    fr.done();
    ar.done();
  });
});
