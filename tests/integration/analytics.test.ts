/**
 * Engagement analytics (server/modules/analytics) of a scripted meeting: LiveKit webhook deliveries signed as LiveKit
 * signs them (join/leave, screen-share tracks), chat messages through the chat API, all through the real server and
 * PostgreSQL. The JSON figures, the CSV, refusals, webhook retries, and the instructor's LTI attendance page.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { parseCsv } from '../support/csv.js';
import { ltiIdentity } from '../../lti/identity.js';
import { LIS } from '../support/lms-emulator.js';
import { ltiLaunch, useLtiEnvironment } from '../support/lti-flow.js';
import { parsePage } from '../support/html-page.js';
import { deliverWebhook, participantEvent, roomEvent, trackEvent, type Person, type Room } from '../support/livekit-webhooks.js';

const env = useLtiEnvironment();

// Two hours ago on a whole minute; every event carries its own instant (LiveKit `createdAt`, UNIX s).
const T0 = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
const at = (min: number) => T0 + min * 60_000;
const deliver = (body: string) => deliverWebhook(env.s, body);
const person = (identity: string, name: string, joinedMin: number): Person => ({ identity, name, sid: `PA_${identity}_${joinedMin}`, joinedAtMs: at(joinedMin) });
const joined = (room: Room, p: Person) => participantEvent('participant_joined', room, p, p.joinedAtMs);
const left = (room: Room, p: Person, min: number) => participantEvent('participant_left', room, p, at(min));
const share = (e: 'track_published' | 'track_unpublished', room: Room, p: Person, sid: string, min: number, source: Parameters<typeof trackEvent>[3]['source'] = 'SCREEN_SHARE') =>
  trackEvent(e, room, p, { sid, source }, at(min));

async function meeting(title = 'Algebra') {
  const r = await env.s.api('POST', '/api/v1/meetings', { title });
  expect(r.status).toBe(201);
  return { id: r.body.id as string, room: { name: r.body.roomName as string, sid: `RM_${randomUUID().slice(0, 8)}` } };
}

/** A room session for `id` in meeting `meetingId` (a join answer's sessionToken), to chat with. */
async function roomSession(meetingId: string, id: string, name: string) {
  const t = await env.s.api('POST', `/api/v1/meetings/${meetingId}/join-tickets`, { user: { id, name }, role: 'participant' });
  expect(t.status).toBe(201);
  const j = await env.s.api('POST', '/api/v1/join', { ticket: t.body.ticket }, null);
  expect(j.status).toBe(200);
  return j.body.sessionToken as string;
}

const analytics = async (id: string, query = '') => {
  const r = await env.s.api('GET', `/api/v1/meetings/${id}/analytics${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const byIdentity = (a: { people: { identity: string }[] }) => Object.fromEntries(a.people.map((p) => [p.identity, p])) as Record<string, any>;

/**
 * The scripted class (minutes from T0): Ada 0–50, Bob 10–40 (name that a spreadsheet would run as a formula).
 * Ada shares her screen 5–20, Bob 15–25 (his unpublish arrives before his publish); Ada's camera and her screen's
 * audio are tracks too, but not screen shares. The room runs −1…60.
 */
async function scriptedClass() {
  const m = await meeting();
  const ada = person('ada', 'Ada Lovelace', 0);
  const bob = person('bob', '=HYPERLINK("http://evil")', 10);
  const adaShare = share('track_published', m.room, ada, 'TR_ada_screen', 5);
  const bobShareEnd = share('track_unpublished', m.room, bob, 'TR_bob_screen', 25);
  const deliveries = [
    roomEvent('room_started', m.room, at(-1), at(-1)),
    joined(m.room, ada),
    share('track_published', m.room, ada, 'TR_ada_cam', 0, 'CAMERA'),
    adaShare,
    share('track_published', m.room, ada, 'TR_ada_screen_audio', 5, 'SCREEN_SHARE_AUDIO'),
    joined(m.room, bob),
    bobShareEnd,
    share('track_published', m.room, bob, 'TR_bob_screen', 15),
    share('track_unpublished', m.room, ada, 'TR_ada_screen', 20),
    share('track_unpublished', m.room, ada, 'TR_ada_screen_audio', 20, 'SCREEN_SHARE_AUDIO'),
    left(m.room, bob, 40),
    left(m.room, ada, 50),
    roomEvent('room_finished', m.room, at(60), at(-1)),
  ];
  for (const d of deliveries) expect((await deliver(d)).body).toMatchObject({ ok: true, duplicate: false });

  // Chat: Ada 3 (one private to Bob), Bob 1 (deleted later by the integrator: it was sent), Cat 1 (never in the room).
  const post = async (token: string, text: string, recipientIdentity?: string) => {
    const r = await env.s.api('POST', `/api/v1/meetings/${m.id}/chat/messages`, { text, ...(recipientIdentity ? { recipientIdentity } : {}) }, token);
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const [adaT, bobT, catT] = [await roomSession(m.id, 'ada', 'Ada'), await roomSession(m.id, 'bob', 'Bob'), await roomSession(m.id, 'cat', 'Cat')];
  await post(adaT, 'Good morning');
  await post(adaT, 'Slide 2 is up');
  await post(adaT, 'psst', 'bob');
  const gone = await post(bobT, 'oops');
  expect((await env.s.api('DELETE', `/api/v1/meetings/${m.id}/chat/messages/${gone}`)).status).toBe(200);
  await post(catT, 'hello from the hallway');
  return { m, retries: [adaShare, bobShareEnd] };
}

describe('engagement analytics of a meeting', () => {
  it('a scripted class: peak and average participants, time in room, messages and screen-share time per person', async () => {
    const { m } = await scriptedClass();
    const a = await analytics(m.id);
    expect(a.meeting).toEqual({ id: m.id, title: 'Algebra' });
    expect(a.final).toBe(true);
    expect(a.summary).toEqual({
      people: 2,
      peakParticipants: 2,
      peakAt: new Date(at(10)).toISOString(),
      // (50 + 30 person-minutes) over the 50 minutes anyone was in the room
      averageParticipants: 1.6,
      activeFrom: new Date(at(0)).toISOString(),
      activeUntil: new Date(at(50)).toISOString(),
      activeMinutes: 50,
      messages: 5,
      handsRaised: 0,
      polls: 0,
      pollAnswers: 0,
      // 5–25: Ada's 5–20 and Bob's 15–25 overlap for 5 minutes, counted once
      screenShareSeconds: 20 * 60,
      screenShareMinutes: 20,
    });
    const p = byIdentity(a);
    expect(a.people.map((x: any) => x.identity)).toEqual(['ada', 'bob', 'cat']);
    expect(p.ada).toEqual({ identity: 'ada', name: 'Ada Lovelace', role: 'participant', seconds: 3000, minutes: 50, cycles: 1, messages: 3, handsRaised: 0, pollsAnswered: 0, screenShareSeconds: 900, screenShareMinutes: 15 });
    expect(p.bob).toMatchObject({ seconds: 1800, minutes: 30, cycles: 1, messages: 1, screenShareSeconds: 600, screenShareMinutes: 10 });
    // Seen only in chat: listed, with no time in the room.
    expect(p.cat).toEqual({ identity: 'cat', name: null, role: null, seconds: 0, minutes: 0, cycles: 0, messages: 1, handsRaised: 0, pollsAnswered: 0, screenShareSeconds: 0, screenShareMinutes: 0 });

    // ?session= names the same (only) session; the figures are the same.
    const sessions = await env.s.api('GET', `/api/v1/meetings/${m.id}/sessions`);
    expect(sessions.status).toBe(200);
    const again = await analytics(m.id, `?session=${sessions.body.items[0].id}`);
    expect({ ...again, generatedAt: null }).toEqual({ ...a, generatedAt: null });
  });

  it('a retried webhook does not count twice: the same deliveries again change no figure', async () => {
    const { m, retries } = await scriptedClass();
    const before = await analytics(m.id);
    for (const body of retries) expect((await deliver(body)).body).toEqual({ ok: true, duplicate: true });
    // Even a second delivery of the same edge under a new event id (a relay replaying it) leaves the interval as it was.
    const ada = person('ada', 'Ada Lovelace', 0);
    expect((await deliver(share('track_published', m.room, ada, 'TR_ada_screen', 5))).body).toEqual({ ok: true, duplicate: false });
    expect((await deliver(share('track_unpublished', m.room, ada, 'TR_ada_screen', 20))).body).toEqual({ ok: true, duplicate: false });
    const after = await analytics(m.id);
    expect(after.summary).toEqual(before.summary);
    expect(after.people).toEqual(before.people);
    const rows = await env.s.deps.sql`SELECT track_sid FROM screen_shares WHERE meeting_id = ${m.id} ORDER BY track_sid`;
    expect(rows.map((r) => r.track_sid)).toEqual(['TR_ada_screen', 'TR_bob_screen']);
  });

  it('someone still sharing counts up to now; a meeting nobody joined has zeros', async () => {
    const m = await meeting('Open lab');
    const empty = await analytics(m.id);
    expect(empty.summary).toMatchObject({ people: 0, peakParticipants: 0, peakAt: null, averageParticipants: 0, activeFrom: null, activeMinutes: 0, messages: 0, screenShareSeconds: 0 });
    expect(empty.people).toEqual([]);
    const dee = person('dee', 'Dee', 100);
    await deliver(joined(m.room, dee));
    await deliver(share('track_published', m.room, dee, 'TR_dee', 110));
    const a = await analytics(m.id);
    expect(a.final).toBe(false);
    // Dee joined at T0 + 100 min and shares since T0 + 110 min: both count up to the report's instant.
    const now = Date.parse(a.generatedAt);
    expect(a.summary).toMatchObject({ people: 1, peakParticipants: 1, averageParticipants: 1, activeUntil: a.generatedAt });
    expect(byIdentity(a).dee).toMatchObject({ seconds: Math.floor((now - at(100)) / 1000), screenShareSeconds: Math.floor((now - at(110)) / 1000) });
    expect(a.summary.screenShareSeconds).toBe(byIdentity(a).dee.screenShareSeconds);
  });

  it('CSV: a header and one row per person, CRLF, formula-like text made inert', async () => {
    const { m } = await scriptedClass();
    const res = await fetch(`${env.s.baseUrl}/api/v1/meetings/${m.id}/analytics.csv`, { headers: { authorization: `Bearer ${env.s.apiKey}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="analytics-${m.id}.csv"`);
    const text = await res.text();
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    const rows: string[][] = parseCsv(text);
    expect(rows[0]).toEqual(['identity', 'name', 'role', 'seconds', 'minutes', 'cycles', 'messages', 'hands_raised', 'polls_answered', 'screen_share_seconds', 'screen_share_minutes']);
    expect(rows.slice(1)).toEqual([
      ['ada', 'Ada Lovelace', 'participant', '3000', '50', '1', '3', '0', '0', '900', '15'],
      ['bob', `'=HYPERLINK("http://evil")`, 'participant', '1800', '30', '1', '1', '0', '0', '600', '10'],
      ['cat', '', '', '0', '0', '0', '1', '0', '0', '0', '0'],
    ]);
  });

  it('refusals: 401 without or with a wrong key, 404 for a meeting of another organisation or a session of another meeting, 400 for a malformed session', async () => {
    const { id } = await meeting();
    const other = await meeting('Other');
    for (const path of [`/api/v1/meetings/${id}/analytics`, `/api/v1/meetings/${id}/analytics.csv`]) {
      expect((await env.s.api('GET', path, undefined, null)).status).toBe(401);
      expect((await env.s.api('GET', path, undefined, 'vr_not_a_key')).status).toBe(401);
    }
    const otherKey = await env.s.newOrganization('elsewhere');
    for (const suffix of ['analytics', 'analytics.csv']) {
      expect((await env.s.api('GET', `/api/v1/meetings/${id}/${suffix}`, undefined, otherKey)).status).toBe(404);
      expect((await env.s.api('GET', `/api/v1/meetings/${randomUUID()}/${suffix}`)).status).toBe(404);
    }
    const otherSession = (await env.s.api('GET', `/api/v1/meetings/${other.id}/sessions`)).body.items[0].id;
    const r = await env.s.api('GET', `/api/v1/meetings/${id}/analytics?session=${otherSession}`);
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'not_found' });
    expect((await env.s.api('GET', `/api/v1/meetings/${id}/analytics?session=nope`)).status).toBe(400);
  });
});

/**
 * Hands and polls in meeting `meetingId`, through the API as people in the room do (room sessions of `people`,
 * the integrator's key for the moderator's part): Ada raises, lowers and raises again (2), raising while raised
 * does not count; Bob raises once and the moderator lowers every hand (1). A named poll answered by Ada and Bob, an
 * anonymous one answered by Ada and Cat.
 */
async function handsAndPolls(s: typeof env.s, meetingId: string, people: { ada: string; bob: string; cat: string }) {
  const hands = `/api/v1/meetings/${meetingId}/hands`;
  const ada = (await s.api('GET', `/api/v1/meetings/${meetingId}/controls`, undefined, people.ada)).body.you.identity as string;
  for (const [method, path, token] of [
    ['POST', hands, people.ada], ['POST', hands, people.ada], ['DELETE', `${hands}/${ada}`, people.ada], ['POST', hands, people.ada],
    ['POST', hands, people.bob], ['DELETE', hands, undefined],
  ] as const) expect((await s.api(method, path, undefined, token)).status).toBe(200);
  const poll = async (anonymous: boolean, answers: [token: string, choice: number][]) => {
    const p = await s.api('POST', `/api/v1/meetings/${meetingId}/polls`, { question: anonymous ? 'How hard?' : 'Which planet?', type: 'single', options: ['A', 'B'], anonymous });
    expect(p.status).toBe(201);
    expect((await s.api('POST', `/api/v1/meetings/${meetingId}/polls/${p.body.id}/launch`)).status).toBe(200);
    for (const [token, choice] of answers) expect((await s.api('POST', `/api/v1/meetings/${meetingId}/polls/${p.body.id}/answers`, { choice }, token)).status).toBe(201);
  };
  await poll(false, [[people.ada, 0], [people.bob, 1]]);
  await poll(true, [[people.ada, 1], [people.cat, 1]]);
}

describe('hands and polls in the analytics', () => {
  it('counts each raise once (lowering and raising again counts again) and every poll answer, per person only for named polls', async () => {
    const m = await meeting('Hands and polls');
    const people = { ada: await roomSession(m.id, 'ada', 'Ada'), bob: await roomSession(m.id, 'bob', 'Bob'), cat: await roomSession(m.id, 'cat', 'Cat') };
    await handsAndPolls(env.s, m.id, people);
    const a = await analytics(m.id);
    expect(a.summary).toMatchObject({ handsRaised: 3, polls: 2, pollAnswers: 4 });
    const p = byIdentity(a);
    expect(p.ada).toMatchObject({ handsRaised: 2, pollsAnswered: 1 });
    expect(p.bob).toMatchObject({ handsRaised: 1, pollsAnswered: 1 });
    // Cat answered the anonymous poll only: counted in pollAnswers, never as hers.
    expect(p.cat?.pollsAnswered ?? 0).toBe(0);
    const csv = await fetch(`${env.s.baseUrl}/api/v1/meetings/${m.id}/analytics.csv`, { headers: { authorization: `Bearer ${env.s.apiKey}` } });
    const rows: string[][] = parseCsv(await csv.text());
    expect(rows.filter((r) => r[0] === 'ada' || r[0] === 'bob').map((r) => [r[0], r[7], r[8]])).toEqual([['ada', '2', '1'], ['bob', '1', '1']]);
  });
});

describe('the instructor\'s LTI attendance page', () => {
  it('shows the engagement summary and per-person columns next to attendance', async () => {
    const { s, emu } = env;
    const t = await ltiLaunch(s, emu, { sub: 'prof-an', name: 'Prof An', roles: [LIS.instructor], contextId: 'course-analytics', resourceLinkId: 'link-analytics', resourceTitle: 'Seminar' });
    expect(t.status).toBe(200);
    const m = await s.api('GET', `/api/v1/meetings/${t.body.meeting.id}`);
    const room = { name: m.body.roomName as string, sid: 'RM_lti_an' };
    const prof = person(ltiIdentity(emu.issuer, 'prof-an'), 'Prof An', 0);
    const kim = person('kim', 'Kim', 0);
    for (const d of [
      joined(room, prof),
      joined(room, kim),
      share('track_published', room, prof, 'TR_prof', 5),
      share('track_unpublished', room, prof, 'TR_prof', 12),
      left(room, kim, 20),
      left(room, prof, 30),
    ]) expect((await deliver(d)).status).toBe(200);
    // Kim raises twice and answers the named poll; the instructor (his own room session) raises once and answers it too.
    const profJoin = await s.api('POST', '/api/v1/join', { ticket: t.body.ticket }, null);
    expect(profJoin.status).toBe(200);
    await handsAndPolls(s, t.body.meeting.id, { ada: await roomSession(t.body.meeting.id, 'kim', 'Kim'), bob: profJoin.body.sessionToken, cat: await roomSession(t.body.meeting.id, 'cat', 'Cat') });

    const res = await fetch(`${s.baseUrl}/lti/session/attendance`, { method: 'POST', headers: { authorization: `Bearer ${t.body.session}`, accept: 'text/html' } });
    expect(res.status).toBe(200);
    const page = parsePage(await res.text());
    expect(page.elements('h2').map(page.text)).toContain('Engagement');
    const stat = (key: string) => page.text(page.elements('dd').find((e) => page.attr(e, 'data-stat') === key)!);
    expect([stat('peak'), stat('average'), stat('screen-share'), stat('messages'), stat('hands'), stat('polls')]).toEqual(['2', '1.67', '7', '0', '3', '2']);
    expect(page.elements('th').map(page.text)).toEqual(expect.arrayContaining(['Messages', 'Hands', 'Polls answered', 'Screen share (min)']));
    const rowOf = (name: string) => page.elements('tr').find((tr) => page.text(tr).includes(name))!;
    const cell = (tr: ReturnType<typeof rowOf>, key: string) => page.text((tr.childNodes ?? []).find((c) => page.attr(c, 'data-column') === key)!);
    expect(cell(rowOf('Prof An'), 'screen-share')).toBe('7');
    expect(cell(rowOf('Kim'), 'screen-share')).toBe('0');
    expect([cell(rowOf('Kim'), 'hands'), cell(rowOf('Kim'), 'polls')]).toEqual(['2', '1']);
    expect([cell(rowOf('Prof An'), 'hands'), cell(rowOf('Prof An'), 'polls')]).toEqual(['1', '1']);

    // The page's "Download engagement CSV": the same figures; a learner's session is refused.
    const csv = await fetch(`${s.baseUrl}/lti/session/analytics`, { method: 'POST', headers: { authorization: `Bearer ${t.body.session}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(await csv.text());
    expect(rows.slice(1).map((r) => [r[1], r[4], r[9]])).toEqual([['Prof An', '30', '420'], ['Kim', '20', '0']]);
    const learner = await ltiLaunch(s, emu, { sub: 'kid-an', name: 'Kid', roles: [LIS.learner], contextId: 'course-analytics', resourceLinkId: 'link-analytics', resourceTitle: 'Seminar' });
    expect(learner.status).toBe(200);
    for (const path of ['/lti/session/analytics', '/lti/session/attendance']) {
      const refused = await fetch(`${s.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${learner.body.session}`, accept: 'text/html' } });
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.code).toBe('not_instructor');
    }
  });

  it('keeps the sessions of a meeting apart: each session\'s messages and shares count in it only', async () => {
    const { s, emu } = env;
    const spec = { sub: 'prof-weekly', name: 'Prof W', roles: [LIS.instructor], contextId: 'course-weekly', resourceLinkId: 'link-weekly', resourceTitle: 'Weekly' };
    const chatAs = async (ticket: string, text: string) => {
      const j = await s.api('POST', '/api/v1/join', { ticket }, null);
      expect(j.status).toBe(200);
      expect((await s.api('POST', `/api/v1/meetings/${j.body.meeting.id}/chat/messages`, { text }, j.body.sessionToken)).status).toBe(201);
    };
    const t1 = await ltiLaunch(s, emu, spec);
    const meetingId = t1.body.meeting.id as string;
    const firstRoom = { name: (await s.api('GET', `/api/v1/meetings/${meetingId}`)).body.roomName as string, sid: 'RM_week1' };
    await chatAs(t1.body.ticket, 'week one, first');
    await chatAs(t1.body.ticket, 'week one, second');
    expect((await s.api('POST', `/api/v1/meetings/${meetingId}/end`)).status).toBe(200);

    const t2 = await ltiLaunch(s, emu, spec); // next week: a new session of the same meeting
    const secondRoom = { name: (await s.api('GET', `/api/v1/meetings/${meetingId}`)).body.roomName as string, sid: 'RM_week2' };
    expect(secondRoom.name).not.toBe(firstRoom.name);
    await chatAs(t2.body.ticket, 'week two');
    const prof = person(ltiIdentity(emu.issuer, 'prof-weekly'), 'Prof W', 0);
    for (const d of [
      share('track_published', secondRoom, prof, 'TR_week2', 200),
      share('track_unpublished', secondRoom, prof, 'TR_week2', 203),
      // The first session's share is reported late, after the second opened: it stays in the first.
      share('track_published', firstRoom, prof, 'TR_week1', 10),
      share('track_unpublished', firstRoom, prof, 'TR_week1', 20),
    ]) expect((await deliver(d)).status).toBe(200);

    const sessions = (await s.api('GET', `/api/v1/meetings/${meetingId}/sessions`)).body.items as { id: string }[];
    expect(sessions).toHaveLength(2);
    const one = await analytics(meetingId, `?session=${sessions[0]!.id}`);
    const two = await analytics(meetingId, `?session=${sessions[1]!.id}`);
    expect(one.summary).toMatchObject({ messages: 2, screenShareMinutes: 10 });
    expect(two.summary).toMatchObject({ messages: 1, screenShareMinutes: 3 });
    expect((await analytics(meetingId)).session.id).toBe(sessions[1]!.id);
  });
});
