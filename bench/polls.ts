/**
 * Polls (issue 11), on loopback with real PostgreSQL, LiveKit and Chromium:
 * - poll-launch-to-prompt: a poll launched over the API (server stores it, announces `launched` on LiveKit) to its
 *   answer form shown in a participant's browser, median and p95 over BENCH_RUNS polls (default 10). Target ≤ 300 ms.
 * - poll-answer-ingest: answers per second the server stores, BENCH_PEOPLE (default 1000) different people answering
 *   one poll, 50 connections (autocannon, as bench/chat.ts); printed with a baseline measured in the same run (GET the poll with the same sessions:
 *   the same authorisation path without the insert), as a ratio. Target ≥ 300/s (a class of 1,000 answering within
 *   ~3 s), and a ratio near 1 (storing an answer costs about what reading the poll does).
 * - poll-results-read: GET results of that poll (all answers, named) with the API key, median of 20. Target ≤ 50 ms.
 *   npx tsx bench/polls.ts        (needs `npm run build:widget` first)
 */
import { openVideoRoom, startRoomStack } from './support/room-stack.js';
import autocannon from 'autocannon';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 1000);
const stack = await startRoomStack();
const { deps, base, browser } = stack;
try {

const api = stack.api;
const { meeting, ticket } = await stack.meeting('Polls bench');
const polls = `/api/v1/meetings/${meeting.id}/polls`;
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

// ---- launch → prompt, in a participant's browser
const page = await openVideoRoom(await (await browser.newContext()).newPage(), base, await ticket('ada'));
await page.locator('video-room [part~="control-polls"]').waitFor({ timeout: 20_000 });
await page.evaluate(`(() => {
  const el = document.querySelector('video-room');
  window.__shown = {};
  new MutationObserver(() => {
    for (const f of el.shadowRoot.querySelectorAll('[part~="poll"][data-status="open"]')) {
      if (f.querySelector('[part~="poll-answer-form"]')) window.__shown[f.dataset.pollId] ??= performance.timeOrigin + performance.now();
    }
  }).observe(el.shadowRoot, { subtree: true, childList: true, attributes: true });
})()`);
const latencies: number[] = [];
for (let i = 0; i < RUNS + 2; i++) {
  const id = (await api('POST', polls, { question: `Bench ${i}`, type: 'yes_no' })).body.id as string;
  const t0 = Date.now();
  await api('POST', `${polls}/${id}/launch`);
  await page.waitForFunction(`window.__shown[${JSON.stringify(id)}]`, undefined, { timeout: 10_000 });
  const t1 = (await page.evaluate(`window.__shown[${JSON.stringify(id)}]`)) as number;
  if (i >= 2) latencies.push(t1 - t0); // the first two warm up
  await api('POST', `${polls}/${id}/close`);
}
console.log(`poll-launch-to-prompt-median ${q(latencies, 0.5).toFixed(0)} ms (target 300) (${RUNS} polls: launch over the API → answer form shown in a participant's browser)`);
console.log(`poll-launch-to-prompt-p95 ${q(latencies, 0.95).toFixed(0)} ms (target 300)`);

// ---- answer ingest: PEOPLE different people, 50 in flight
const sessions: string[] = [];
for (let i = 0; i < PEOPLE; i += 25) {
  const batch = await Promise.all(Array.from({ length: Math.min(25, PEOPLE - i) }, async (_, k) =>
    (await api('POST', '/api/v1/join', { ticket: await ticket(`p${i + k}`) }, null)).body.sessionToken as string));
  sessions.push(...batch);
}
const poll = (await api('POST', polls, { question: 'Ingest', type: 'single', options: ['a', 'b', 'c', 'd'] })).body.id as string;
await api('POST', `${polls}/${poll}/launch`);
/** Every session once (autocannon, 50 connections): requests per second, and how many were not 2xx. */
async function run(method: 'GET' | 'POST', path: string, body?: (i: number) => string) {
  let i = 0;
  const r = await autocannon({
    url: `${base}${path}`,
    connections: 50,
    amount: sessions.length,
    requests: [{ method, setupRequest: (req) => {
      const k = i++ % sessions.length;
      return { ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${sessions[k]}` }, body: body?.(k) };
    } }],
  });
  return { perSecond: sessions.length / ((+r.finish - +r.start) / 1000), bad: r.non2xx, p99: r.latency.p99 };
}
await run('GET', `${polls}/${poll}`); // warm-up
const baseline = await run('GET', `${polls}/${poll}`);
const ingest = await run('POST', `${polls}/${poll}/answers`, (k) => JSON.stringify({ choice: k % 4 }));
const stored = Number((await deps.sql`SELECT count(*)::int AS n FROM poll_answers WHERE poll_id = ${poll}`)[0]!.n);
console.log(`poll-answer-ingest ${ingest.perSecond.toFixed(0)} answers/s (target 300) (${stored} stored of ${PEOPLE} people, ${ingest.bad} non-2xx, p99 ${ingest.p99} ms, 50 connections)`);
console.log(`poll-answer-ingest-vs-poll-read ${(ingest.perSecond / baseline.perSecond).toFixed(2)} ratio (baseline GET the poll ${baseline.perSecond.toFixed(0)} req/s, same sessions and authorisation without the insert)`);

// ---- results with every answer
const times: number[] = [];
for (let i = 0; i < 22; i++) {
  const t0 = performance.now();
  const r = await api('GET', `${polls}/${poll}/results`);
  if (r.body.total !== PEOPLE) throw new Error(`results total ${r.body.total}`);
  if (i >= 2) times.push(performance.now() - t0);
}
console.log(`poll-results-read-median ${q(times, 0.5).toFixed(1)} ms (target 50) (GET results with ${PEOPLE} named answers, API key)`);

} finally {
  await stack.stop();
}
