/**
 * The polls panel of `<video-room>` (lazy, in the polls chunk): a labelled region listing the meeting's polls. Everyone
 * answers an open poll with native form controls (radio buttons, checkboxes, a text box: keyboard operable) and sees
 * results once shared; hosts and moderators also get the new-poll form, Launch / Close / Show results / Delete, and
 * live results. Pure render helper over a `PollsController`; all text is rendered as text nodes.
 */
import { html, nothing } from 'lit/html.js';
import { ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import type { VrPollAnswer } from '../events/classroom.js';
import type { TranslationKey } from '../i18n/index.js';
import { icon } from './icons.js';
import { escapeCloses } from './room-api.js';
import { POLL_TYPES, type Poll, type PollResults, type PollsController, type PollType } from './polls.controller.js';

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** Labels of a poll's options in the user's language (yes/no translated). */
const labels = (p: { type: PollType; options: string[] }, t: T) =>
  p.type === 'yes_no' ? [t('polls.yes'), t('polls.no')] : p.type === 'rating' ? ['1', '2', '3', '4', '5'] : p.options;

/** How an answer reads. */
function answerText(p: Poll, a: VrPollAnswer, t: T): string {
  const l = labels(p, t);
  if (a.choice !== undefined) return l[a.choice] ?? String(a.choice);
  if (a.choices) return a.choices.map((c) => l[c] ?? String(c)).join(', ');
  if (a.rating !== undefined) return String(a.rating);
  return a.text ?? '';
}

/** Whether `a` is the quiz's correct answer `c` (text: ignoring case and surrounding spaces, as the server). */
const isRight = (c: VrPollAnswer, a: VrPollAnswer) =>
  c.text !== undefined ? a.text?.trim().toLocaleLowerCase() === c.text.trim().toLocaleLowerCase() : JSON.stringify(c) === JSON.stringify(a);

/** The answer in form `f` for poll `p`, or undefined when nothing is chosen. */
function readAnswer(p: Poll, f: HTMLFormElement): VrPollAnswer | undefined {
  const data = new FormData(f);
  if (p.type === 'multiple') {
    const choices = data.getAll('choices').map(Number);
    return choices.length ? { choices } : undefined;
  }
  if (p.type === 'text') {
    const text = String(data.get('text') ?? '').trim();
    return text ? { text } : undefined;
  }
  const v = data.get('choice');
  if (v === null) return undefined;
  return p.type === 'rating' ? { rating: Number(v) } : { choice: Number(v) };
}

function renderAnswerForm(c: PollsController, p: Poll, t: T) {
  const name = p.type === 'multiple' ? 'choices' : 'choice';
  const kind = p.type === 'multiple' ? 'checkbox' : 'radio';
  const values = (l: string[]) => l.map((_, i) => (p.type === 'rating' ? i + 1 : i));
  return html`<form part="poll-answer-form" class="answer" @submit=${(e: SubmitEvent) => {
    e.preventDefault();
    const a = readAnswer(p, e.currentTarget as HTMLFormElement);
    if (a) void c.answer(p.id, a);
  }}>
    <fieldset>
      <legend class="sr-only">${p.question}</legend>
      ${p.type === 'text'
        ? html`<label>${t('polls.answerText')}<input part="poll-text-input" name="text" maxlength="500" required /></label>`
        : labels(p, t).map((l, i) => html`<label part="poll-option"><input type=${kind} name=${name} value=${values(labels(p, t))[i]!} />${l}</label>`)}
    </fieldset>
    <button type="submit" part="poll-submit" class="primary">${t('polls.submit')}</button>
  </form>`;
}

function renderResults(c: PollsController, p: Poll, r: PollResults, t: T) {
  const l = labels(p, t);
  const correct = new Set(p.correct?.choices ?? (p.correct?.choice !== undefined ? [p.correct.choice] : []));
  return html`<div part="poll-results" class="results" aria-label=${t('polls.results')} role="group">
    <p class="total">${t('polls.total', { count: r.total })}${r.correctCount !== null ? html` · ${t('polls.correctCount', { count: r.correctCount })}` : nothing}</p>
    ${r.counts.length
      ? html`<ul class="bars">
          ${r.counts.map((n, i) => {
            const percent = r.total ? Math.round((n / r.total) * 100) : 0;
            return html`<li part="poll-result" ?data-correct=${correct.has(i)}>
              <span class="bar-label">${t('polls.count', { option: l[i] ?? String(i + 1), count: n, percent })}${correct.has(i) && p.type !== 'rating'
                ? html` <span class="mark" aria-label=${t('polls.correctMark')}>✓</span>`
                : nothing}</span>
              <span class="bar" aria-hidden="true"><span style="inline-size: ${percent}%"></span></span>
            </li>`;
          })}
        </ul>`
      : nothing}
    ${r.average !== null ? html`<p>${t('polls.average', { average: r.average })}</p>` : nothing}
    ${r.texts.length ? html`<ul part="poll-texts" class="texts">${r.texts.map((x) => html`<li>${x}</li>`)}</ul>` : nothing}
    ${c.moderator && r.answers.length
      ? html`<details part="poll-answers"><summary>${t('polls.answers')}</summary><ul>
          ${r.answers.map((a) => html`<li>${a.name}: ${answerText(p, a.answer, t)}${a.correct ? ' ✓' : ''}</li>`)}
        </ul></details>`
      : nothing}
  </div>`;
}

function renderPoll(c: PollsController, p: Poll, t: T) {
  const open = c.isOpen(p);
  const status = open ? 'open' : p.status === 'draft' ? 'draft' : 'closed';
  const left = open ? c.secondsLeft(p) : null;
  const r = c.results.get(p.id);
  const err = c.answerErrors.get(p.id);
  return html`<li part="poll" class="poll" data-poll-id=${p.id} data-status=${status}>
    <div class="poll-head">
      <span part="poll-question" class="question">${p.question}</span>
      <span part="poll-status" class="tag">${t(`polls.status.${status}` as TranslationKey)}</span>
      ${p.quiz ? html`<span class="tag">${t('polls.quiz')}</span>` : nothing}
      ${p.anonymous ? html`<span class="tag">${t('polls.anonymousBadge')}</span>` : nothing}
    </div>
    ${left !== null ? html`<p part="poll-timer" class="timer">${t('polls.closesIn', { seconds: left })}</p>` : nothing}
    ${p.myAnswer
      ? html`<p part="poll-my-answer">${t('polls.yourAnswer', { answer: answerText(p, p.myAnswer, t) })}${p.correct
          ? html` <span part="poll-verdict" ?data-correct=${isRight(p.correct, p.myAnswer)}>${t(isRight(p.correct, p.myAnswer) ? 'polls.right' : 'polls.wrong')}</span>`
          : nothing}</p>`
      : nothing}
    ${open && !p.myAnswer ? renderAnswerForm(c, p, t) : nothing}
    ${err ? html`<p part="poll-error" class="notice" role="alert">${t(err === 'already' ? 'polls.alreadyAnswered' : err === 'closed' ? 'polls.closedNow' : 'polls.answerFailed')}</p>` : nothing}
    ${c.moderator
      ? html`<div class="actions">
          ${p.status === 'draft'
            ? html`<button type="button" part="poll-launch" class="primary" @click=${() => c.launch(p.id)}>${t('polls.launch')}</button>
                <button type="button" part="poll-delete" class="mini" @click=${() => c.remove(p.id)}>${t('polls.delete')}</button>`
            : nothing}
          ${open ? html`<button type="button" part="poll-close" class="mini" @click=${() => c.close(p.id)}>${t('polls.end')}</button>` : nothing}
          ${p.status !== 'draft'
            ? html`<button type="button" part="poll-share" class="mini" aria-pressed=${String(p.resultsShared)} ?disabled=${p.resultsShared}
                @click=${() => c.share(p.id)}>${t('polls.share')}</button>`
            : nothing}
        </div>`
      : nothing}
    ${r && p.status !== 'draft' ? renderResults(c, p, r, t) : nothing}
  </li>`;
}

function renderCreateForm(c: PollsController, t: T) {
  const d = c.draft;
  const set = (patch: Partial<typeof d>) => c.editDraft(patch);
  const options = c.draftOptions();
  return html`<details part="poll-create" class="create">
    <summary>${t('polls.new')}</summary>
    <form part="poll-form" @submit=${(e: SubmitEvent) => {
      e.preventDefault();
      void c.create();
    }}>
      <label>${t('polls.question')}<input part="poll-question-input" maxlength="500" required .value=${d.question}
        @input=${(e: Event) => (c.draft.question = (e.target as HTMLInputElement).value)} /></label>
      <label>${t('polls.type')}<select part="poll-type" @change=${(e: Event) => set({ type: (e.target as HTMLSelectElement).value as PollType, correct: [] })}>
        ${POLL_TYPES.map((x) => html`<option value=${x} ?selected=${d.type === x}>${t(`polls.type.${x}` as TranslationKey)}</option>`)}
      </select></label>
      ${d.type === 'single' || d.type === 'multiple'
        ? html`<label>${t('polls.options')}<textarea part="poll-options-input" rows="3" .value=${d.options}
            @input=${(e: Event) => set({ options: (e.target as HTMLTextAreaElement).value })}></textarea></label>`
        : nothing}
      <label class="check"><input type="checkbox" part="poll-anonymous" .checked=${d.anonymous} @change=${(e: Event) => (c.draft.anonymous = (e.target as HTMLInputElement).checked)} />${t('polls.anonymous')}</label>
      <label>${t('polls.timer')}<input part="poll-timer-input" type="number" min="5" max="86400" inputmode="numeric" .value=${d.timer}
        @input=${(e: Event) => (c.draft.timer = (e.target as HTMLInputElement).value)} /></label>
      ${d.type === 'rating'
        ? nothing
        : d.type === 'text'
          ? html`<label>${t('polls.correct')}<input part="poll-correct-text" .value=${d.correctText}
              @input=${(e: Event) => (c.draft.correctText = (e.target as HTMLInputElement).value)} /></label>`
          : html`<fieldset part="poll-correct"><legend>${t('polls.correct')}</legend>
              ${(d.type === 'yes_no' ? [t('polls.yes'), t('polls.no')] : options).map(
                (o, i) => html`<label class="check"><input type=${d.type === 'multiple' ? 'checkbox' : 'radio'} name="correct" .checked=${d.correct.includes(i)}
                  @change=${(e: Event) => {
                    const on = (e.target as HTMLInputElement).checked;
                    c.draft.correct = d.type === 'multiple' ? (on ? [...c.draft.correct, i] : c.draft.correct.filter((x) => x !== i)) : on ? [i] : [];
                  }} />${t('polls.correctOption', { option: o })}</label>`,
              )}
            </fieldset>`}
      ${c.createError ? html`<p part="poll-create-error" class="notice" role="alert">${t('polls.createFailed')}</p>` : nothing}
      <button type="submit" part="poll-create-button" class="primary" ?disabled=${c.busy}>${t('polls.create')}</button>
    </form>
  </details>`;
}

/** The panel (`part="poll-panel"`, role=region labelled "Polls"); Escape closes it and returns to the Polls button. */
export function renderPollPanel(c: PollsController, t: T) {
  return html`<section part="poll-panel" class="side-panel polls" role="region" aria-label=${t('polls.title')} tabindex="-1"
    ${ref((el) => (c.panel = el as HTMLElement | undefined))}
    @keydown=${escapeCloses(() => c.toggle(false), 'control-polls')}>
    <header class="polls-head">
      <h3>${t('polls.title')}</h3>
      <button type="button" part="poll-panel-close" class="mini" aria-label=${t('polls.close')} title=${t('polls.close')} @click=${() => c.toggle(false)}>✕</button>
    </header>
    ${c.moderator ? renderCreateForm(c, t) : nothing}
    ${c.moderator && c.items.some((p) => p.status !== 'draft')
      ? html`<button type="button" part="poll-export" class="mini" @click=${() => c.exportCsv()}>${t('polls.export')}</button>`
      : nothing}
    <ol part="poll-list" class="poll-list">
      ${c.items.length ? repeat(c.items, (p) => p.id, (p) => renderPoll(c, p, t)) : html`<li class="empty">${t('polls.empty')}</li>`}
    </ol>
  </section>`;
}

const pollIcon = icon('M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2ZM9 17H7v-7h2v7Zm4 0h-2V7h2v10Zm4 0h-2v-4h2v4Z');

/**
 * The Polls button of the controls bar (`part="control control-polls"`): a toggle (`aria-pressed` = panel open) with
 * the open polls waiting for our answer in its label and in a badge (`poll-badge`) while the panel is closed.
 */
export function renderPollsButton(c: PollsController, t: T) {
  const pending = !c.open && c.pending > 0 ? c.pending : 0;
  const label = pending ? t('polls.openPending', { count: pending }) : t('polls.open');
  return html`<button type="button" part="control control-polls" class="round" aria-label=${label} title=${label}
    aria-pressed=${String(c.open)} @click=${() => c.toggle()}>
    ${pollIcon}${pending ? html`<span part="poll-badge" class="badge" aria-hidden="true">${pending}</span>` : nothing}
  </button>`;
}
