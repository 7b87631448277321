/**
 * Polls and quizzes (issue 11, server/modules/room-activity/poll-*.ts): moderators prepare, launch, close and share;
 * everyone in the room answers once; results and exports respect anonymity. Real PostgreSQL, the job queue, and
 * LiveKit (through @livekit/rtc-node) for what the server announces to the room.
 */
import { describe, expect, it } from 'vitest';
import { RoomEvent } from '@livekit/rtc-node';
import { connectRoom, joinAs as join, useRtcRooms, type RoomRole } from '../support/rtc.js';
import { startSecondInstanceDeps, useTestServer, waitUntil } from '../support/server.js';
import { startWorkers } from '../../server/main.js';

const s = useTestServer();
const rooms = useRtcRooms();

type Role = RoomRole;
/** Join `meetingId` as `id` (named `ID`) with `role`: the join answer (sessionToken, serverUrl, participantToken…). */
const joinAs = (meetingId: string, id: string, role: Role = 'participant') => join(s, meetingId, id, role);
const meeting = async () => (await s.api('POST', '/api/v1/meetings', { title: 'Poll class' })).body as { id: string; roomName: string; title: string };
const polls = (m: { id: string }, path = '') => `/api/v1/meetings/${m.id}/polls${path}`;
const planets = { question: 'Which planet is largest?', type: 'single', options: ['Mars', 'Jupiter', 'Venus'] };

/** Connect to the meeting's room as `who` and collect what the server announces on `vr.poll`. */
async function listen(who: { serverUrl: string; participantToken: string }) {
  const room = await connectRoom(rooms, who);
  const heard: { type: string; pollId: string; total?: number }[] = [];
  room.on(RoomEvent.DataReceived, (payload, participant, _k, topic) => {
    if (topic === 'vr.poll' && !participant) heard.push(JSON.parse(new TextDecoder().decode(payload)));
  });
  return { room, heard };
}

describe('poll lifecycle', () => {
  it('a moderator creates, launches, sees live results, closes and shares; participants answer and see results once shared; the room hears each step', async () => {
    const m = await meeting();
    const [mod, ada, bob] = [await joinAs(m.id, 'mo', 'moderator'), await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    const adaEar = await listen(ada);
    const modEar = await listen(mod);

    const created = await s.api('POST', polls(m), planets, mod.sessionToken);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', type: 'single', options: ['Mars', 'Jupiter', 'Venus'], anonymous: false, quiz: false, launchedAt: null });
    const id = created.body.id as string;
    // Participants do not see drafts.
    expect((await s.api('GET', polls(m), undefined, ada.sessionToken)).body.items).toEqual([]);
    expect((await s.api('GET', polls(m, `/${id}`), undefined, ada.sessionToken)).status).toBe(404);
    expect((await s.api('POST', polls(m, `/${id}/answers`), { choice: 1 }, ada.sessionToken)).status).toBe(404);

    const launched = await s.api('POST', polls(m, `/${id}/launch`), undefined, mod.sessionToken);
    expect(launched.status).toBe(200);
    expect(launched.body).toMatchObject({ status: 'open', closesAt: null });
    await waitUntil(() => adaEar.heard.some((h) => h.type === 'launched' && h.pollId === id), 10_000, 'launched on vr.poll');
    expect((await s.api('POST', polls(m, `/${id}/launch`), undefined, mod.sessionToken)).body.error.code).toBe('poll_not_draft');

    const a = await s.api('POST', polls(m, `/${id}/answers`), { choice: 1 }, ada.sessionToken);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ myAnswer: { choice: 1 }, answerCount: 0 }); // counts are hidden until shared
    expect((await s.api('POST', polls(m, `/${id}/answers`), { choice: 0 }, bob.sessionToken)).status).toBe(201);
    // The moderator hears each answer (participants do not) and reads live results with names.
    await waitUntil(() => modEar.heard.some((h) => h.type === 'answered' && h.total === 2), 10_000, 'answered on vr.poll for the moderator');
    expect(adaEar.heard.some((h) => h.type === 'answered')).toBe(false);
    const live = await s.api('GET', polls(m, `/${id}/results`), undefined, mod.sessionToken);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'open', total: 2, counts: [1, 1, 0] });
    expect(live.body.answers.map((x: any) => [x.identity, x.name, x.answer])).toEqual([['ada', 'ADA', { choice: 1 }], ['bob', 'BOB', { choice: 0 }]]);
    // Participants: 403 until shared.
    const hidden = await s.api('GET', polls(m, `/${id}/results`), undefined, ada.sessionToken);
    expect([hidden.status, hidden.body.error.code]).toEqual([403, 'results_not_shared']);

    const closed = await s.api('POST', polls(m, `/${id}/close`), undefined, mod.sessionToken);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    await waitUntil(() => adaEar.heard.some((h) => h.type === 'closed' && h.pollId === id), 10_000, 'closed on vr.poll');
    expect((await s.api('POST', polls(m, `/${id}/close`), undefined, mod.sessionToken)).status).toBe(200); // idempotent
    const late = await s.api('POST', polls(m, `/${id}/answers`), { choice: 2 }, (await joinAs(m.id, 'cat')).sessionToken);
    expect([late.status, late.body.error.code]).toEqual([409, 'poll_closed']);

    const shared = await s.api('POST', polls(m, `/${id}/share`), undefined, mod.sessionToken);
    expect(shared.body).toMatchObject({ resultsShared: true, answerCount: 2 });
    await waitUntil(() => adaEar.heard.some((h) => h.type === 'results' && h.pollId === id), 10_000, 'results on vr.poll');
    const seen = await s.api('GET', polls(m, `/${id}/results`), undefined, ada.sessionToken);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ total: 2, counts: [1, 1, 0], answers: [] }); // counts only: never who answered what
    const list = await s.api('GET', polls(m), undefined, ada.sessionToken);
    expect(list.body.items).toMatchObject([{ id, status: 'closed', myAnswer: { choice: 1 }, answerCount: 2, resultsShared: true }]);
  });

  it('one answer per person: a different second answer is refused 409 and not counted; the same answer again is a harmless retry', async () => {
    const m = await meeting();
    const mod = await joinAs(m.id, 'mo', 'host');
    const ada = await joinAs(m.id, 'ada');
    const id = (await s.api('POST', polls(m), { question: 'Pick any', type: 'multiple', options: ['a', 'b', 'c'] })).body.id;
    await s.api('POST', polls(m, `/${id}/launch`));
    expect((await s.api('POST', polls(m, `/${id}/answers`), { choices: [2, 0] }, ada.sessionToken)).status).toBe(201);
    const again = await s.api('POST', polls(m, `/${id}/answers`), { choices: [0, 2] }, ada.sessionToken);
    expect([again.status, again.body.myAnswer]).toEqual([200, { choices: [0, 2] }]);
    const other = await s.api('POST', polls(m, `/${id}/answers`), { choices: [1] }, ada.sessionToken);
    expect([other.status, other.body.error.code]).toEqual([409, 'already_answered']);
    // Racing the same person: exactly one answer counts.
    const race = await Promise.all([0, 1, 2].map((i) => s.api('POST', polls(m, `/${id}/answers`), { choices: [i] }, mod.sessionToken)));
    expect(race.filter((r) => r.status === 201)).toHaveLength(1);
    expect(race.filter((r) => r.status === 409)).toHaveLength(2);
    const r = await s.api('GET', polls(m, `/${id}/results`));
    expect(r.body).toMatchObject({ total: 2 });
    expect(r.body.counts.reduce((x: number, y: number) => x + y, 0)).toBe(3);
  });

  it('answers must fit the poll type (400 naming the field); an API key cannot answer', async () => {
    const m = await meeting();
    const ada = await joinAs(m.id, 'ada');
    const mk = async (body: object) => {
      const p = await s.api('POST', polls(m), body);
      expect(p.status, JSON.stringify(p.body)).toBe(201);
      await s.api('POST', polls(m, `/${p.body.id}/launch`));
      return p.body.id as string;
    };
    const single = await mk(planets);
    const rating = await mk({ question: 'How clear was it?', type: 'rating' });
    const yesNo = await mk({ question: 'Ready?', type: 'yes_no' });
    const text = await mk({ question: 'One word', type: 'text' });
    const bad = async (id: string, body: unknown, field: string) => {
      const r = await s.api('POST', polls(m, `/${id}/answers`), body, ada.sessionToken);
      expect([r.status, r.body.error?.field], JSON.stringify(body)).toEqual([400, field]);
    };
    await bad(single, { choice: 3 }, 'choice');
    await bad(single, { rating: 2 }, 'rating');
    await bad(single, {}, 'choice');
    await bad(rating, { rating: 6 }, 'rating');
    await bad(yesNo, { choice: 2 }, 'choice');
    await bad(text, { text: '  ' }, 'text');
    await bad(text, { text: 'x'.repeat(501) }, 'text');
    expect((await s.api('POST', polls(m, `/${single}/answers`), { choice: 0 })).status).toBe(403);
    expect((await s.api('POST', polls(m, `/${rating}/answers`), { rating: 4 }, ada.sessionToken)).status).toBe(201);
    expect((await s.api('POST', polls(m, `/${yesNo}/answers`), { choice: 0 }, ada.sessionToken)).status).toBe(201);
    expect((await s.api('POST', polls(m, `/${text}/answers`), { text: ' Orbit ' }, ada.sessionToken)).status).toBe(201);
    expect((await s.api('GET', polls(m, `/${rating}/results`))).body).toMatchObject({ counts: [0, 0, 0, 1, 0], average: 4 });
    expect((await s.api('GET', polls(m, `/${yesNo}/results`))).body).toMatchObject({ counts: [1, 0] });
    expect((await s.api('GET', polls(m, `/${text}/results`))).body).toMatchObject({ texts: ['Orbit'], counts: [] });
    // Creating: options must fit the type; a correct answer must fit the options.
    const c400 = async (body: object, field: string) => {
      const r = await s.api('POST', polls(m), body);
      expect([r.status, r.body.error?.field], JSON.stringify(body)).toEqual([400, field]);
    };
    await c400({ question: 'q', type: 'single', options: ['only one'] }, 'options');
    await c400({ question: 'q', type: 'yes_no', options: ['a', 'b'] }, 'options');
    await c400({ question: 'q', type: 'single', options: ['Same', 'same '] }, 'options');
    await c400({ ...planets, correct: { choice: 5 } }, 'correct.choice');
    await c400({ question: 'q', type: 'rating', correct: { rating: 5 } }, 'correct');
    await c400({ ...planets, durationSeconds: 2 }, 'durationSeconds');
    await c400({ ...planets, question: '' }, 'question');
  });
});

describe('authorisation', () => {
  it('a participant can neither create, launch, close, share, delete nor export, nor read unshared results: 403 and nothing changes', async () => {
    const m = await meeting();
    const [ada, vic] = [await joinAs(m.id, 'ada'), await joinAs(m.id, 'vic', 'viewer')];
    const draft = (await s.api('POST', polls(m), planets)).body.id;
    const open = (await s.api('POST', polls(m), { question: 'Open one', type: 'yes_no' })).body.id;
    await s.api('POST', polls(m, `/${open}/launch`));
    for (const who of [ada, vic]) {
      const tries = [
        s.api('POST', polls(m), planets, who.sessionToken),
        s.api('POST', polls(m, `/${draft}/launch`), undefined, who.sessionToken),
        s.api('DELETE', polls(m, `/${draft}`), undefined, who.sessionToken),
        s.api('POST', polls(m, `/${open}/close`), undefined, who.sessionToken),
        s.api('POST', polls(m, `/${open}/share`), undefined, who.sessionToken),
        s.api('GET', polls(m, '/export'), undefined, who.sessionToken),
        s.api('GET', polls(m, '/export.csv'), undefined, who.sessionToken),
      ];
      for (const r of await Promise.all(tries)) expect([r.status, r.body.error.code]).toEqual([403, 'forbidden']);
      const res = await s.api('GET', polls(m, `/${open}/results`), undefined, who.sessionToken);
      expect([res.status, res.body.error.code]).toEqual([403, 'results_not_shared']);
    }
    const all = (await s.api('GET', polls(m))).body.items;
    expect(all.map((p: any) => [p.id, p.status, p.resultsShared])).toEqual([[draft, 'draft', false], [open, 'open', false]]);
    // A session of another meeting, a bad token, no token.
    const other = await joinAs((await meeting()).id, 'ada');
    expect((await s.api('GET', polls(m), undefined, other.sessionToken)).body.error.code).toBe('wrong_meeting');
    expect((await s.api('GET', polls(m), undefined, ada.sessionToken + 'x')).status).toBe(401);
    expect((await s.api('GET', polls(m), undefined, null)).status).toBe(401);
    // Another organisation's key does not find the meeting.
    expect((await s.api('POST', polls(m), planets, await s.newOrganization('other-polls'))).status).toBe(404);
  });

  it("a quiz's correct answer stays hidden from participants until the poll is closed and its results shared", async () => {
    const m = await meeting();
    const ada = await joinAs(m.id, 'ada');
    const q = await s.api('POST', polls(m), { ...planets, correct: { choice: 1 } });
    expect(q.body).toMatchObject({ quiz: true, correct: { choice: 1 } });
    await s.api('POST', polls(m, `/${q.body.id}/launch`));
    expect((await s.api('GET', polls(m, `/${q.body.id}`), undefined, ada.sessionToken)).body).toMatchObject({ quiz: true, correct: null });
    await s.api('POST', polls(m, `/${q.body.id}/answers`), { choice: 1 }, ada.sessionToken);
    await s.api('POST', polls(m, `/${q.body.id}/share`));
    expect((await s.api('GET', polls(m, `/${q.body.id}/results`), undefined, ada.sessionToken)).body.correctCount).toBeNull();
    await s.api('POST', polls(m, `/${q.body.id}/close`));
    expect((await s.api('GET', polls(m, `/${q.body.id}`), undefined, ada.sessionToken)).body.correct).toEqual({ choice: 1 });
    expect((await s.api('GET', polls(m, `/${q.body.id}/results`), undefined, ada.sessionToken)).body.correctCount).toBe(1);
  });
});

describe('preparing and exporting', () => {
  it('the integrator prepares a poll with the API key before anyone joined; a moderator launches it in the room', async () => {
    const m = await meeting();
    const prepared = await s.api('POST', polls(m), { question: 'Did you read chapter 3?', type: 'yes_no', anonymous: true });
    expect(prepared.status).toBe(201);
    expect(prepared.body).toMatchObject({ status: 'draft', options: ['yes', 'no'], anonymous: true });
    expect((await s.deps.livekit.rooms.listRooms([m.roomName])).length).toBe(0); // nobody in the room yet
    // Still a draft: the integrator can change it (same rules as creating).
    const edited = await s.api('PUT', polls(m, `/${prepared.body.id}`), { question: 'Did you read chapter 3?', type: 'yes_no', anonymous: true, durationSeconds: 120 });
    expect([edited.status, edited.body.durationSeconds]).toEqual([200, 120]);
    expect((await s.api('PUT', polls(m, `/${prepared.body.id}`), { question: 'q', type: 'single', options: ['x'] })).body.error.field).toBe('options');
    const host = await joinAs(m.id, 'prof', 'host');
    const list = await s.api('GET', polls(m), undefined, host.sessionToken);
    expect(list.body.items.map((p: any) => p.question)).toEqual(['Did you read chapter 3?']);
    expect((await s.api('POST', polls(m, `/${prepared.body.id}/launch`), undefined, host.sessionToken)).body.status).toBe('open');
    // A launched poll no longer changes; a participant can never change one.
    const late = await s.api('PUT', polls(m, `/${prepared.body.id}`), { question: 'Changed', type: 'yes_no' }, host.sessionToken);
    expect([late.status, late.body.error.code]).toEqual([409, 'poll_not_draft']);
    const ada = await joinAs(m.id, 'ada');
    expect((await s.api('PUT', polls(m, `/${prepared.body.id}`), { question: 'Changed', type: 'yes_no' }, ada.sessionToken)).status).toBe(403);
    expect((await s.api('GET', polls(m, `/${prepared.body.id}`))).body.question).toBe('Did you read chapter 3?');
    // Launched in the meeting's current session.
    const [row] = await s.deps.sql`SELECT p.session_id, ms.number FROM polls p JOIN meeting_sessions ms ON ms.id = p.session_id WHERE p.id = ${prepared.body.id}`;
    expect(row!.number).toBe(1);
  });

  it('exports JSON and CSV; an anonymous poll shows no identity anywhere (results, JSON, CSV, database row)', async () => {
    const m = await meeting();
    const [ada, bob] = [await joinAs(m.id, 'ada'), await joinAs(m.id, 'bob')];
    const named = (await s.api('POST', polls(m), { question: '=cmd|calc', type: 'text' })).body.id;
    const anon = (await s.api('POST', polls(m), { question: 'Secret ballot', type: 'single', options: ['Left', 'Right'], anonymous: true })).body.id;
    const unused = (await s.api('POST', polls(m), { question: 'Never launched', type: 'yes_no' })).body.id;
    for (const id of [named, anon]) await s.api('POST', polls(m, `/${id}/launch`));
    await s.api('POST', polls(m, `/${named}/answers`), { text: '@SUM(1)' }, ada.sessionToken);
    await s.api('POST', polls(m, `/${anon}/answers`), { choice: 0 }, ada.sessionToken);
    await s.api('POST', polls(m, `/${anon}/answers`), { choice: 1 }, bob.sessionToken);
    // Still one answer per person in an anonymous poll.
    expect((await s.api('POST', polls(m, `/${anon}/answers`), { choice: 1 }, ada.sessionToken)).status).toBe(409);

    const results = await s.api('GET', polls(m, `/${anon}/results`));
    expect(results.body).toMatchObject({ total: 2, counts: [1, 1], answers: [] });
    const j = await s.api('GET', polls(m, '/export'));
    expect(j.status).toBe(200);
    expect(j.body.meeting).toEqual({ id: m.id, title: 'Poll class' });
    expect(j.body.polls.map((p: any) => [p.poll.question, p.results.total])).toEqual([['=cmd|calc', 1], ['Secret ballot', 2], ['Never launched', 0]]);
    expect(j.body.polls[0].results.answers).toMatchObject([{ identity: 'ada', name: 'ADA', answer: { text: '@SUM(1)' } }]);
    expect(JSON.stringify(j.body.polls[1])).not.toMatch(/ada|bob|ADA|BOB/);

    const res = await fetch(`${s.baseUrl}${polls(m, '/export.csv')}`, { headers: { authorization: `Bearer ${s.apiKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('poll_id,question,type,anonymous,quiz,status,answered_at,identity,name,answer,correct');
    expect(csv).toContain(`${named},'=cmd|calc,text,false,false,open,`);
    expect(csv).toContain(",ada,ADA,'@SUM(1),");
    const anonRows = lines.filter((l) => l.startsWith(anon));
    expect(anonRows).toHaveLength(2);
    for (const l of anonRows) expect(l).toMatch(new RegExp(`^${anon},Secret ballot,single,true,false,open,[^,]+,,,(Left|Right),$`));
    expect(lines.filter((l) => l.startsWith(unused))).toEqual([`${unused},Never launched,yes_no,false,false,draft,,,,,`]);
    const rows = await s.deps.sql`SELECT identity, name FROM poll_answers WHERE poll_id = ${anon}`;
    expect(rows.map((r) => [r.identity, r.name])).toEqual([[null, null], [null, null]]);
  });
});

describe('timer', () => {
  it('answers are refused once the timer ran out, even before any job ran', async () => {
    const m = await meeting();
    const ada = await joinAs(m.id, 'ada');
    const id = (await s.api('POST', polls(m), { ...planets, durationSeconds: 60 })).body.id;
    const l = await s.api('POST', polls(m, `/${id}/launch`));
    expect(Date.parse(l.body.closesAt) - Date.parse(l.body.launchedAt)).toBe(60_000);
    // Time passes (no worker runs in this server): the timer's end is now.
    await s.deps.sql`UPDATE polls SET closes_at = now() - interval '1 second' WHERE id = ${id}`;
    const r = await s.api('POST', polls(m, `/${id}/answers`), { choice: 0 }, ada.sessionToken);
    expect([r.status, r.body.error.code]).toEqual([409, 'poll_closed']);
    expect((await s.api('GET', polls(m, `/${id}`), undefined, ada.sessionToken)).body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
  });

  it('the timer closes the poll through a queued job, run by another server instance, and the room hears it', async () => {
    const m = await meeting();
    const ada = await joinAs(m.id, 'ada');
    const ear = await listen(ada);
    // Another instance (as behind a load balancer, or after a restart) runs the job workers.
    const other = await startSecondInstanceDeps(s);
    const workers = await startWorkers(other, { only: ['polls'], pollingIntervalSeconds: 0.5, cron: false });
    try {
      const id = (await s.api('POST', polls(m), { ...planets, durationSeconds: 5 })).body.id;
      await s.api('POST', polls(m, `/${id}/launch`));
      expect((await s.api('POST', polls(m, `/${id}/answers`), { choice: 2 }, ada.sessionToken)).status).toBe(201);
      await waitUntil(() => ear.heard.some((h) => h.type === 'closed' && h.pollId === id), 20_000, 'closed on vr.poll after the timer');
      const [row] = await s.deps.sql`SELECT status, closed_by, closed_at <= closes_at AS on_time FROM polls WHERE id = ${id}`;
      expect(row).toEqual({ status: 'closed', closed_by: 'timer', on_time: true });
    } finally {
      await workers.stop();
      await other.sql.end();
    }
  });
});
