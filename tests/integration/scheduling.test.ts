/**
 * Scheduling through the API: recurring meetings across DST, cancelling/moving one occurrence, invitations over
 * real SMTP (smtp-server on loopback) parsed back with ical.js, the per-attendee feed, and LiveKit being down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';
import { calendarParts, startSmtp, type TestSmtp } from '../support/smtp.js';

let s: TestServer;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'School <school@example.test>', PUBLIC_URL: 'https://rooms.example.test' } });
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const weekly = {
  title: 'Physics 101',
  type: 'class',
  scheduledStartAt: '2026-10-19T09:00:00+02:00',
  durationMinutes: 90,
  timezone: 'Europe/Berlin',
  recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10' },
};

function parse(ics: string) {
  const comp = new ICAL.Component(ICAL.parse(ics));
  return { comp, events: comp.getAllSubcomponents('vevent') };
}
const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));

describe('recurring meetings', () => {
  it('a weekly 09:00 Europe/Berlin class keeps 09:00 local across the October change', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', weekly)).body;
    expect(m.recurrence).toEqual({ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10', exdates: [] });
    expect(m.durationMinutes).toBe(90);
    const r = await s.api('GET', `/api/v1/meetings/${m.id}/occurrences?from=2026-10-01T00:00:00Z&to=2027-01-01T00:00:00Z`);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(10);
    expect(r.body.items.every((o: any) => o.localStart.endsWith('T09:00:00') && o.timezone === 'Europe/Berlin')).toBe(true);
    expect(r.body.items[1].startAt).toBe('2026-10-21T07:00:00.000Z');
    expect(r.body.items[2].startAt).toBe('2026-10-26T08:00:00.000Z');
    expect(['open', 'closed']).toContain(r.body.live);
  });

  it('cancels one occurrence and moves another; the API shows both', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', weekly)).body;
    const c = await s.api('POST', `/api/v1/meetings/${m.id}/occurrences/2026-10-21T07:00:00.000Z/cancel`);
    expect(c.status).toBe(200);
    const mv = await s.api('POST', `/api/v1/meetings/${m.id}/occurrences/2026-10-26T08:00:00.000Z/move`, { startAt: '2026-10-27T14:00:00+01:00' });
    expect(mv.status).toBe(200);
    expect(mv.body).toMatchObject({ moved: true, localStart: '2026-10-27T14:00:00', endAt: '2026-10-27T14:30:00.000Z' });
    const occ = (await s.api('GET', `/api/v1/meetings/${m.id}/occurrences?from=2026-10-01T00:00:00Z&to=2027-01-01T00:00:00Z`)).body.items;
    expect(occ).toHaveLength(9);
    expect(occ.map((o: any) => o.startAt)).not.toContain('2026-10-21T07:00:00.000Z');
    expect((await s.api('GET', `/api/v1/meetings/${m.id}`)).body.recurrence.exdates).toEqual(['2026-10-21T07:00:00.000Z']);
    expect((await s.api('POST', `/api/v1/meetings/${m.id}/occurrences/2026-10-22T07:00:00.000Z/cancel`)).status).toBe(404);
    const bad = await s.api('POST', '/api/v1/meetings', { ...weekly, recurrence: { rrule: 'FREQ=SOMETIMES' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toMatch(/recurrence/);
  });

  it('refuses occurrences outside the organisation window and on blocked weekdays', async () => {
    const key = await s.newOrganization('strict');
    const st = await s.api('PATCH', '/api/v1/scheduling/settings', { dailyWindow: { start: '08:00', end: '18:00' }, blockedWeekdays: ['SA', 'SU'] }, key);
    expect(st.body).toMatchObject({ openMinutesBefore: 10, graceMinutesAfter: 10, autoEnd: true, blockedWeekdays: ['SA', 'SU'] });
    expect((await s.api('POST', '/api/v1/meetings', weekly, key)).status).toBe(201);
    const early = await s.api('POST', '/api/v1/meetings', { ...weekly, scheduledStartAt: '2026-10-19T07:00:00+02:00' }, key);
    expect(early.status).toBe(400);
    expect(early.body.error.code).toBe('outside_schedule');
    const weekend = await s.api('POST', '/api/v1/meetings', { ...weekly, recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO,SA;COUNT=4' } }, key);
    expect(weekend.body.error.code).toBe('outside_schedule');
  });
});

describe('invitations', () => {
  it('emails an RFC 5545 REQUEST with the text/calendar alternative and the .ics; updates raise SEQUENCE; cancel sends CANCEL', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', weekly)).body;
    const add = await s.api('POST', `/api/v1/meetings/${m.id}/attendees`, { email: 'Ada@Example.edu', name: 'Ada Lovelace' });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ email: 'ada@example.edu', invitation: 'sent' });
    expect(add.body.feedUrl).toMatch(/^https:\/\/rooms\.example\.test\/api\/v1\/calendar\/[\w-]+\.ics$/);

    const first = await waitUntil(() => mailsTo('ada@example.edu').find((x) => x.raw.includes(m.id)), 5000, 'the invitation');
    expect(first.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const parts = calendarParts(first.raw);
    expect(parts.length).toBe(2); // alternative + attachment
    const { comp, events } = parse(parts[0]!.body);
    expect(comp.getFirstPropertyValue('method')).toBe('REQUEST');
    const ev = events[0]!;
    expect(ev.getFirstPropertyValue('uid')).toBe(`${m.id}@rooms.example.test`);
    expect(ev.getFirstPropertyValue('sequence')).toBe(0);
    const dtstart = ev.getFirstProperty('dtstart')!;
    expect(dtstart.getParameter('tzid')).toBe('Europe/Berlin');
    expect(String(dtstart.getFirstValue())).toBe('2026-10-19T09:00:00');
    const rrule = ev.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect({ freq: rrule.freq, count: rrule.count, byday: rrule.parts.BYDAY }).toEqual({ freq: 'WEEKLY', count: 10, byday: ['MO', 'WE'] });
    const att = ev.getFirstProperty('attendee')!;
    expect(String(att.getFirstValue()).toLowerCase()).toBe('mailto:ada@example.edu');
    expect(att.getParameter('rsvp')).toBe('TRUE');
    expect(String(ev.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:school@example.test');
    // The attendee's personal link to the hosted join page (tests/integration/invite-join.test.ts opens it).
    expect(String(ev.getFirstPropertyValue('url'))).toMatch(/^https:\/\/rooms\.example\.test\/j\/[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(comp.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');

    // A change: SEQUENCE 1, same UID
    await s.api('PATCH', `/api/v1/meetings/${m.id}`, { title: 'Physics 101 (room B)' });
    const second = await waitUntil(() => mailsTo('ada@example.edu').find((x) => x.raw.includes('room B')), 5000, 'the update');
    const upd = parse(calendarParts(second.raw)[0]!.body).events[0]!;
    expect(upd.getFirstPropertyValue('uid')).toBe(`${m.id}@rooms.example.test`);
    expect(upd.getFirstPropertyValue('sequence')).toBe(1);

    // Moving one occurrence: a VEVENT with RECURRENCE-ID
    await s.api('POST', `/api/v1/meetings/${m.id}/occurrences/2026-10-28T08:00:00.000Z/move`, { startAt: '2026-10-29T09:00:00Z' });
    const moved = await waitUntil(() => mailsTo('ada@example.edu').find((x) => /RECURRENCE-ID/.test(calendarParts(x.raw)[0]?.body ?? '')), 5000, 'the move');
    const mev = parse(calendarParts(moved.raw)[0]!.body).events[0]!;
    expect(mev.getFirstProperty('recurrence-id')!.getParameter('tzid')).toBe('Europe/Berlin');
    expect(String(mev.getFirstPropertyValue('recurrence-id'))).toBe('2026-10-28T09:00:00');
    expect(mev.getFirstPropertyValue('sequence')).toBe(2);

    // Cancel: METHOD:CANCEL, higher SEQUENCE
    await s.api('POST', `/api/v1/meetings/${m.id}/cancel`);
    const cancel = await waitUntil(() => mailsTo('ada@example.edu').find((x) => /method=CANCEL/i.test(x.raw)), 5000, 'the cancellation');
    const { comp: cc, events: ce } = parse(calendarParts(cancel.raw)[0]!.body);
    expect(cc.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(ce[0]!.getFirstPropertyValue('sequence')).toBe(3);
    expect(ce[0]!.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it("serves the attendee's feed by secret token, and 404 for a wrong one", async () => {
    const start = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Feed me', scheduledStartAt: start, durationMinutes: 30, timezone: 'America/New_York' })).body;
    const add = (await s.api('POST', `/api/v1/meetings/${m.id}/attendees`, { email: 'grace@example.edu', name: 'Grace' })).body;
    const path = new URL(add.feedUrl).pathname;
    const res = await fetch(s.baseUrl + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const { events } = parse(await res.text());
    expect(events.map((e) => e.getFirstPropertyValue('summary'))).toEqual(['Feed me']);
    expect(events[0]!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('America/New_York');
    // A second meeting for the same person: no new token, same feed lists both
    const m2 = (await s.api('POST', '/api/v1/meetings', { title: 'Feed me too', scheduledStartAt: start, durationMinutes: 30 })).body;
    expect((await s.api('POST', `/api/v1/meetings/${m2.id}/attendees`, { email: 'grace@example.edu', name: 'Grace' })).body.feedUrl).toBeNull();
    const again = parse(await (await fetch(s.baseUrl + path)).text()).events;
    expect(again).toHaveLength(2);
    expect((await fetch(`${s.baseUrl}/api/v1/calendar/${'x'.repeat(32)}.ics`)).status).toBe(404);
  });

  it('describes the scheduling routes in OpenAPI', async () => {
    const doc = (await s.api('GET', '/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/meetings/{id}/occurrences', '/meetings/{id}/occurrences/{key}/cancel', '/meetings/{id}/occurrences/{key}/move',
      '/meetings/{id}/attendees', '/scheduling/settings', '/calendar/{token}',
    ]));
    expect(doc.components.schemas.MeetingCreate.properties.recurrence).toBeDefined();
  });
});

describe('LiveKit unreachable', () => {
  it('meeting APIs still answer from the database with live: unknown', async () => {
    const down = await startTestServer({ env: { LOG_LEVEL: 'error' } });
    try {
      (down.deps.livekit as any).rooms = new (await import('livekit-server-sdk')).RoomServiceClient('http://127.0.0.1:9', 'k', 's');
      const m = (await down.api('POST', '/api/v1/meetings', weekly)).body;
      const r = await down.api('GET', `/api/v1/meetings/${m.id}/occurrences?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z`);
      expect(r.status).toBe(200);
      expect(r.body.live).toBe('unknown');
      expect(r.body.items).toHaveLength(4);
    } finally {
      await down.close();
    }
  });
});
