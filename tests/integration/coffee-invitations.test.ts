/**
 * A booked coffee chat reaches both people's calendars: accepting a slot emails each person with an email on
 * their profile an .ics invitation (METHOD:REQUEST) over real SMTP, read back with ical.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { calendarParts, startSmtp, type TestSmtp } from '../support/smtp.js';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';

let s: TestServer;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Alumni office <alumni@example.test>' } });
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const allWeek = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
const profile = (userId: string, email: string | null) =>
  s.api('PUT', `/api/v1/coffee/profiles/${userId}`, { displayName: userId, email, role: 'alumnus', timezone: 'UTC', availability: allWeek, languages: ['en'] });

describe('coffee chat invitations', () => {
  it('accepting a slot sends both people the invitation; a person without email gets none; emails are not shown to others', async () => {
    expect((await profile('ada', 'ada@example.test')).status).toBe(200);
    expect((await profile('sam', 'sam@example.test')).status).toBe(200);
    expect((await profile('noe', null)).status).toBe(200);
    const slot = new Date(Math.ceil(Date.now() / 3600_000) * 3600_000 + 24 * 3600_000).toISOString();
    const req = await s.api('POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: 'ada', toUserId: 'sam', slots: [slot] });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    const acc = await s.api('POST', `/api/v1/coffee/requests/${req.body.id}/accept`, { userId: 'sam', slot });
    expect(acc.status, JSON.stringify(acc.body)).toBe(200);

    await waitUntil(() => smtp.messages.length >= 2, 10_000, 'two invitations');
    expect(smtp.messages.flatMap((m) => m.to).sort()).toEqual(['ada@example.test', 'sam@example.test']);
    const cal = calendarParts(smtp.messages[0]!.raw).find((p) => /method=REQUEST/i.test(p.contentType))!;
    const vcal = new ICAL.Component(ICAL.parse(cal.body));
    expect(vcal.getFirstPropertyValue('method')).toBe('REQUEST');
    const ev = vcal.getFirstSubcomponent('vevent')!;
    expect(new Date(String(ev.getFirstPropertyValue('dtstart'))).toISOString()).toBe(slot);

    // Sam's email link joins the chat as Sam's portal identity: one participant, from the email or the portal.
    const samMail = smtp.messages.find((m) => m.to.includes('sam@example.test'))!;
    const samEvent = new ICAL.Component(ICAL.parse(calendarParts(samMail.raw)[0]!.body)).getFirstSubcomponent('vevent')!;
    const page = await (await fetch(String(samEvent.getFirstPropertyValue('url')))).text();
    const linkTicket = /<video-room [^>]*ticket="([^"]+)"/.exec(page)?.[1];
    const viaLink = await s.api('POST', '/api/v1/join', { ticket: linkTicket }, null);
    const portalTicket = await s.api('POST', `/api/v1/coffee/requests/${req.body.id}/join-tickets`, { userId: 'sam' });
    const viaPortal = await s.api('POST', '/api/v1/join', { ticket: portalTicket.body.ticket }, null);
    expect(viaLink.body.identity).toBe('sam');
    expect(viaPortal.body.identity).toBe('sam');

    // Someone else's suggestions never carry emails.
    expect((await profile('lee', 'lee@example.test')).status).toBe(200);
    const sug = await s.api('GET', '/api/v1/coffee/suggestions/lee');
    expect(JSON.stringify(sug.body)).not.toContain('@example.test');
    const noe = await s.api('POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: 'noe', toUserId: 'lee', slots: [slot] });
    await s.api('POST', `/api/v1/coffee/requests/${noe.body.id}/accept`, { userId: 'lee', slot });
    await waitUntil(() => smtp.messages.length >= 3, 10_000, "lee's invitation");
    expect(smtp.messages.slice(2).flatMap((m) => m.to)).toEqual(['lee@example.test']);
  });
});
