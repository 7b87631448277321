/**
 * Polls and quizzes of `<video-room>` (lazy, in the polls chunk: polls.ts): the server is the source of truth.
 *
 * - Everything goes through `{server}/api/v1/meetings/{id}/polls…` with `Authorization: Bearer {sessionToken}` (the
 *   room session of our join answer); the server decides who may create, launch, close and share (hosts and
 *   moderators) and refuses a second answer.
 * - The server announces `launched`, `closed` and `results` (and, to moderators, `answered`) as LiveKit data packets
 *   on the topic `vr.poll`; only packets from the server (no participant) are trusted, and they only say which poll
 *   changed: the poll and its results are then read over HTTP.
 * - A poll with a timer is shown closed when its `closesAt` passes (the server refuses answers from then).
 */
import { RoomEvent, type Room } from 'livekit-client';
import type { VrRole } from '../events/room.js';
import { VrPollAnsweredEvent, VrPollClosedEvent, VrPollLaunchedEvent, VrPollResultsEvent, type VrPoll, type VrPollAnswer, type VrPollResults } from '../events/classroom.js';
import enPolls from '../i18n/en-polls.js';
import { addDefaults, type TranslationKey } from '../i18n/index.js';
import { RoomActivity, serverPackets } from './room-api.js';

addDefaults(enPolls);

/** The LiveKit data topic of the server's poll announcements. */
export const POLL_TOPIC = 'vr.poll';

export type PollType = VrPoll['type'];
export const POLL_TYPES: PollType[] = ['single', 'multiple', 'yes_no', 'rating', 'text'];

/** A poll as the server answers it (GET /polls). */
export interface Poll extends VrPoll {
  meetingId: string;
  durationSeconds: number | null;
  correct: VrPollAnswer | null;
  answerCount: number;
  myAnswer: VrPollAnswer | null;
  launchedAt: string | null;
  closedAt: string | null;
}

/** Results as the server answers them; `answers` (who answered what) for moderators of named polls only. */
export interface PollResults extends VrPollResults {
  pollId: string;
  answers: { identity: string; name: string; answer: VrPollAnswer; correct: boolean | null }[];
}

/** What the polls need from the join answer. */
export interface PollsSession {
  meeting: { id: string };
  sessionToken: string;
  identity: string;
  role: VrRole;
}

/** What the polls tell the element. */
export interface PollsHost {
  /** Something visible changed: re-render; resolves once rendered. */
  changed(): Promise<void>;
  /** Dispatch a `vr-poll-*` event from the element and, with `say`, announce it politely (live region). */
  fire(e: Event, say?: string): void;
  /** Translate in the element's language. */
  t(key: TranslationKey, params?: Record<string, string | number>): string;
}

/** The moderator's new-poll form. */
export interface PollDraft {
  question: string;
  type: PollType;
  /** One option per line (single, multiple). */
  options: string;
  anonymous: boolean;
  /** Seconds, '' = no timer. */
  timer: string;
  /** Quiz: indexes of the correct options (single, multiple, yes_no). */
  correct: number[];
  /** Quiz: the correct text (text). */
  correctText: string;
}

const emptyDraft = (): PollDraft => ({ question: '', type: 'single', options: '', anonymous: false, timer: '', correct: [], correctText: '' });

/** The event shape of a poll (no moderator-only fields). */
export const toVrPoll = (p: Poll): VrPoll => ({
  id: p.id, question: p.question, type: p.type, options: p.options, anonymous: p.anonymous, quiz: p.quiz, status: p.status, closesAt: p.closesAt, resultsShared: p.resultsShared,
});
const toVrResults = (r: PollResults): VrPollResults => ({ total: r.total, counts: r.counts, average: r.average, texts: r.texts, correctCount: r.correctCount });

/** Polls state and actions for one room session; render it with `renderPollPanel`. */
export class PollsController extends RoomActivity<PollsSession, PollsHost> {
  protected readonly feature = 'polls';
  /** Polls of the meeting, oldest first (participants: launched ones only). */
  items: Poll[] = [];
  /** Results we may read, by poll id. */
  results = new Map<string, PollResults>();
  /** The panel is open. */
  open = false;
  /** The moderator's form. */
  draft: PollDraft = emptyDraft();
  /** Why the last create failed (`''`: it did not). */
  createError = '';
  /** Why the last answer to a poll failed, by poll id: `failed` | `already` | `closed`. */
  answerErrors = new Map<string, 'failed' | 'already' | 'closed'>();
  /** An action is on its way. */
  busy = false;
  /** The panel element (set by the panel, to move the focus into it when opened). */
  panel?: HTMLElement;
  private ticker?: ReturnType<typeof setInterval>;
  private onData = serverPackets((t) => t === POLL_TOPIC, (data) => void this.serverData(data));

  /** Open polls we have not answered yet (the Polls button's badge). */
  get pending(): number {
    return this.items.filter((p) => this.isOpen(p) && !p.myAnswer).length;
  }

  /** Open now: launched, not closed, timer not run out. */
  isOpen(p: Poll): boolean {
    return p.status === 'open' && !(p.closesAt && Date.parse(p.closesAt) <= Date.now());
  }

  /** Seconds left on an open poll's timer, else null. */
  secondsLeft(p: Poll): number | null {
    return p.status === 'open' && p.closesAt ? Math.max(0, Math.ceil((Date.parse(p.closesAt) - Date.now()) / 1000)) : null;
  }

  /** Start listening to the server's announcements and load the polls. */
  start(): void {
    this.listen(RoomEvent.DataReceived, this.onData);
    void this.load();
  }

  /** Stop (leaving the room). */
  override stop(): void {
    super.stop();
    clearInterval(this.ticker);
  }

  /** Open, close (or toggle) the panel; opening moves the focus into it. */
  toggle(open = !this.open): void {
    this.open = open;
    void this.host.changed().then(() => open && this.open && this.panel?.focus());
  }

  private async call<T>(path: string, method = 'GET', body?: unknown): Promise<{ ok: boolean; status: number; body: T | { error?: { code?: string } } | null }> {
    try {
      const res = await this.api.call(path, method, body);
      return { ok: res.ok, status: res.status, body: res.status === 204 ? null : await res.json().catch(() => null) };
    } catch {
      return { ok: false, status: 0, body: null };
    }
  }

  /** Load every poll (and the results we may read). */
  async load(): Promise<void> {
    const r = await this.call<{ items: Poll[] }>('');
    if (!r.ok || this.stopped) return;
    this.items = (r.body as { items: Poll[] }).items;
    // Joining while a poll waits for our answer: the panel opens (a visible prompt), without taking the focus.
    if (!this.moderator && this.pending) this.open = true;
    await Promise.all(this.items.filter((p) => this.mayReadResults(p)).map((p) => this.loadResults(p.id)));
    this.tick();
    await this.host.changed();
  }

  private mayReadResults(p: Poll): boolean {
    return p.status !== 'draft' && (this.moderator || p.resultsShared);
  }

  private put(p: Poll) {
    const i = this.items.findIndex((x) => x.id === p.id);
    this.items = i < 0 ? [...this.items, p] : this.items.map((x) => (x.id === p.id ? p : x));
    this.tick();
  }

  /** Keep a 1 s render tick while an open poll has a timer (countdown, and closing it locally on time). */
  private tick() {
    // Until a second after the last timer ran out (the server's `closed` then updates the poll).
    const timed = this.items.some((p) => p.status === 'open' && p.closesAt && Date.parse(p.closesAt) > Date.now() - 1000);
    if (timed && !this.ticker) this.ticker = setInterval(() => (void this.host.changed(), this.tick()), 1000);
    if (!timed && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  private async refresh(id: string): Promise<Poll | undefined> {
    const r = await this.call<Poll>(`/${encodeURIComponent(id)}`);
    if (!r.ok || this.stopped) return undefined;
    const p = r.body as Poll;
    this.put(p);
    if (this.mayReadResults(p)) await this.loadResults(id);
    return p;
  }

  /** Read the results of `id` (moderators live; others once shared). */
  async loadResults(id: string): Promise<PollResults | undefined> {
    const r = await this.call<PollResults>(`/${encodeURIComponent(id)}/results`);
    if (!r.ok || this.stopped) return undefined;
    const res = r.body as PollResults;
    this.results = new Map(this.results).set(id, res);
    return res;
  }

  /** Data packets sent by the server (no participant) on `vr.poll`. */
  private async serverData(data: { type?: unknown; pollId?: unknown }) {
    if (typeof data.pollId !== 'string') return;
    if (data.type === 'answered') {
      if (this.moderator && (await this.loadResults(data.pollId))) await this.host.changed();
      return;
    }
    const poll = await this.refresh(data.pollId);
    if (!poll) return;
    if (data.type === 'launched') {
      // A visible prompt: the panel opens (without taking the focus) for those who have to answer.
      if (!poll.myAnswer) this.open = true;
      this.host.fire(new VrPollLaunchedEvent({ poll: toVrPoll(poll) }), this.host.t('polls.launched', { question: poll.question }));
    } else if (data.type === 'closed') this.host.fire(new VrPollClosedEvent({ poll: toVrPoll(poll) }), this.host.t('polls.closedAnnounce', { question: poll.question }));
    else if (data.type === 'results') {
      const r = this.results.get(poll.id);
      if (r) this.host.fire(new VrPollResultsEvent({ poll: toVrPoll(poll), results: toVrResults(r) }), this.host.t('polls.resultsAnnounce', { question: poll.question }));
    }
    await this.host.changed();
  }

  /** The body of a new poll from the draft; undefined when the draft is not complete. */
  private draftBody(): Record<string, unknown> | undefined {
    const d = this.draft;
    const options = d.options.split('\n').map((o) => o.trim()).filter(Boolean);
    const body: Record<string, unknown> = { question: d.question.trim(), type: d.type, anonymous: d.anonymous };
    if (d.type === 'single' || d.type === 'multiple') body.options = options;
    const timer = Number.parseInt(d.timer, 10);
    if (d.timer.trim() && Number.isFinite(timer)) body.durationSeconds = timer;
    const correct = d.correct.filter((i) => d.type === 'yes_no' ? i < 2 : i < options.length);
    if (correct.length && (d.type === 'single' || d.type === 'yes_no')) body.correct = { choice: correct[0] };
    if (correct.length && d.type === 'multiple') body.correct = { choices: correct };
    if (d.correctText.trim() && d.type === 'text') body.correct = { text: d.correctText.trim() };
    return body;
  }

  /** Option labels the draft has now (for the correct-answer choice). */
  draftOptions(): string[] {
    const d = this.draft;
    if (d.type === 'yes_no') return ['yes', 'no'];
    return d.type === 'single' || d.type === 'multiple' ? d.options.split('\n').map((o) => o.trim()).filter(Boolean) : [];
  }

  /** Change the new-poll form (fields that change what it shows: type, options). */
  editDraft(patch: Partial<PollDraft>): void {
    this.draft = { ...this.draft, ...patch };
    void this.host.changed();
  }

  /** Moderators: save the draft as a poll (a draft on the server too). @returns whether it was saved */
  async create(): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.createError = '';
    try {
      const r = await this.call<Poll>('', 'POST', this.draftBody());
      if (!r.ok) {
        this.createError = 'failed';
        return false;
      }
      this.put(r.body as Poll);
      this.draft = emptyDraft();
      return true;
    } finally {
      this.busy = false;
      void this.host.changed();
    }
  }

  private async act(id: string, path: 'launch' | 'close' | 'share') {
    const r = await this.call<Poll>(`/${encodeURIComponent(id)}/${path}`, 'POST');
    if (r.ok) {
      const p = r.body as Poll;
      this.put(p);
      if (this.mayReadResults(p)) await this.loadResults(id);
    }
    await this.host.changed();
  }

  /** Moderators: launch a draft. */
  launch(id: string): Promise<void> {
    return this.act(id, 'launch');
  }

  /** Moderators: close an open poll. */
  close(id: string): Promise<void> {
    return this.act(id, 'close');
  }

  /** Moderators: show the results to everyone. */
  share(id: string): Promise<void> {
    return this.act(id, 'share');
  }

  /**
   * Moderators: download every poll of the meeting with its results as CSV (`polls-<meeting id>.csv`; anonymous
   * polls without identities). @returns whether it was downloaded
   */
  async exportCsv(): Promise<boolean> {
    const res = await this.api.call('/export.csv').catch(() => null);
    if (!res?.ok) return false;
    const url = URL.createObjectURL(await res.blob());
    const a = Object.assign(document.createElement('a'), { href: url, download: `polls-${this.session.meeting.id}.csv` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return true;
  }

  /** Moderators: delete a draft. */
  async remove(id: string): Promise<void> {
    const r = await this.call(`/${encodeURIComponent(id)}`, 'DELETE');
    if (r.ok || r.status === 404) this.items = this.items.filter((p) => p.id !== id);
    await this.host.changed();
  }

  /**
   * Answer poll `id` (once: the server refuses a different second answer).
   * @returns whether the server accepted it
   */
  async answer(id: string, answer: VrPollAnswer): Promise<boolean> {
    const errors = new Map(this.answerErrors);
    errors.delete(id);
    this.answerErrors = errors;
    const r = await this.call<Poll>(`/${encodeURIComponent(id)}/answers`, 'POST', answer);
    if (r.ok) {
      const p = r.body as Poll;
      this.put(p);
      this.host.fire(new VrPollAnsweredEvent({ poll: toVrPoll(p), answer: p.myAnswer ?? answer }));
    } else {
      const code = (r.body as { error?: { code?: string } } | null)?.error?.code;
      this.answerErrors = new Map(this.answerErrors).set(id, code === 'already_answered' ? 'already' : code === 'poll_closed' ? 'closed' : 'failed');
      if (code === 'already_answered' || code === 'poll_closed') await this.refresh(id);
    }
    await this.host.changed();
    return r.ok;
  }
}
