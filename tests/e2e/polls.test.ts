/**
 * Polls end to end (issue 11): real LiveKit, real PostgreSQL, two Chromium contexts with the script-tag widget. The
 * moderator creates and launches a poll in the room, the participant is prompted and answers, the moderator sees the
 * result live and shares it, the participant sees it; the widget's events fire.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { joinVideoRoom, needsWidgetBuild, useBrowserContexts, useChromium } from '../support/browser.js';
import { joinTicket, useTestServer } from '../support/server.js';

needsWidgetBuild('video-room');
const s = useTestServer({ demo: true });
const browser = useChromium();
const newContext = useBrowserContexts(browser);
const ticket = (meetingId: string, id: string, name: string, role = 'participant') => joinTicket(s, meetingId, id, name, role);

/** A browser context with `<video-room ticket>`, joined with camera and microphone off; records `vr-poll-*` events. */
async function openRoom(t: string): Promise<Page> {
  const page = await joinVideoRoom(await (await newContext()).newPage(), s.baseUrl, t, {
    after: `
    <script>window.__polls = []; for (const n of ['vr-poll-launched', 'vr-poll-answered', 'vr-poll-closed', 'vr-poll-results'])
      document.querySelector('video-room').addEventListener(n, (e) => window.__polls.push([n, e.poll.question, e.answer ?? e.results ?? null]));</script>`,
  });
  await page.locator('video-room [part~="control-polls"]').waitFor({ timeout: 10_000 });
  return page;
}

const events = (p: Page) => p.evaluate('window.__polls') as Promise<[string, string, unknown][]>;
const part = (p: Page, name: string) => p.locator(`video-room [part~="${name}"]`);

describe('polls in the room', () => {
  it('the moderator launches a poll, the participant answers, the moderator sees it live and shares it, the participant sees the results', { timeout: 180_000 }, async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Polls e2e' })).body;
    const prof = await openRoom(await ticket(m.id, 'prof', 'Prof', 'host'));
    const ada = await openRoom(await ticket(m.id, 'ada', 'Ada'));

    // The moderator: Polls button → new poll → save → launch.
    await part(prof, 'control-polls').click();
    expect(await part(prof, 'control-polls').getAttribute('aria-pressed')).toBe('true');
    await part(prof, 'poll-create').locator('summary').click();
    await part(prof, 'poll-question-input').fill('Which planet is largest?');
    await part(prof, 'poll-options-input').fill('Mars\nJupiter\nVenus');
    await part(prof, 'poll-create-button').click();
    await part(prof, 'poll').first().waitFor();
    expect(await part(prof, 'poll').first().getAttribute('data-status')).toBe('draft');
    // The participant sees nothing of a draft.
    expect(await part(ada, 'poll-panel').count()).toBe(0);
    await part(prof, 'poll-launch').click();
    await expect.poll(() => part(prof, 'poll').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('open');

    // The participant is prompted (the panel opens by itself, from the server's announcement) and answers.
    await part(ada, 'poll-answer-form').waitFor({ timeout: 15_000 });
    expect(await part(ada, 'poll-question').textContent()).toBe('Which planet is largest?');
    await part(ada, 'poll-option').filter({ hasText: 'Jupiter' }).locator('input').check();
    await part(ada, 'poll-submit').click();
    await expect.poll(() => part(ada, 'poll-my-answer').textContent(), { timeout: 10_000 }).toBe('Your answer: Jupiter');
    expect(await part(ada, 'poll-results').count()).toBe(0); // not shared yet

    // The moderator sees it live, with the name; then shares.
    await expect.poll(() => part(prof, 'poll-result').nth(1).textContent(), { timeout: 15_000 }).toContain('Jupiter: 1 (100 %)');
    expect(await part(prof, 'poll-answers').textContent()).toContain('Ada: Jupiter');
    await part(prof, 'poll-share').click();
    await expect.poll(() => part(prof, 'poll-share').getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');

    // The participant sees the shared results (counts, no names).
    await expect.poll(() => part(ada, 'poll-result').nth(1).textContent(), { timeout: 15_000 }).toContain('Jupiter: 1 (100 %)');
    expect(await part(ada, 'poll-answers').count()).toBe(0);

    // Closing reaches the participant too.
    await part(prof, 'poll-close').click();
    await expect.poll(() => part(ada, 'poll').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('closed');

    const seen = await events(ada);
    expect(seen.map(([n]) => n)).toEqual(['vr-poll-launched', 'vr-poll-answered', 'vr-poll-results', 'vr-poll-closed']);
    expect(seen[1]).toEqual(['vr-poll-answered', 'Which planet is largest?', { choice: 1 }]);
    expect(seen[2]![2]).toMatchObject({ total: 1, counts: [0, 1, 0] });
    // The server has it stored once.
    const r = await s.api('GET', `/api/v1/meetings/${m.id}/polls/export`);
    expect(r.body.polls[0].results).toMatchObject({ total: 1, answers: [{ identity: 'ada', name: 'Ada', answer: { choice: 1 } }] });
  });
});
