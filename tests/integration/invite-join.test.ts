/**
 * Invitation join links: each attendee's invitation (received by a real SMTP server on loopback, parsed with ical.js)
 * carries a personal link to the hosted join page (GET /j/{token}); the page's ticket joins that meeting as that
 * attendee. Links of another meeting, tampered, expired or of a cancelled meeting answer 4xx pages. Organisations
 * with `joinUrlTemplate` send attendees to their own page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { signInviteToken } from '../../server/modules/invitations/links.js';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';
import { calendarParts, startSmtp, textBody, type TestSmtp } from '../support/smtp.js';
import { HOSTILE, expectOnlyAsText } from '../support/html-page.js';

let s: TestServer;
let smtp: TestSmtp;
let orgId: string;
beforeAll(async () => {
  smtp = await startSmtp();
  s = await startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'School <school@example.test>' } });
  orgId = (await s.deps.sql<{ id: string }[]>`SELECT id FROM organizations WHERE slug = 'school'`)[0]!.id;
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const jwtPayload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

async function schedule(title: string, key?: string) {
  const start = new Date(Date.now() + 2 * 24 * 3600_000);
  start.setUTCSeconds(0, 0);
  const r = await s.api('POST', '/api/v1/meetings', { title, scheduledStartAt: start.toISOString(), durationMinutes: 45, timezone: 'America/New_York' }, key);
  expect(r.status).toBe(201);
  return { ...r.body, start } as { id: string; roomName: string; start: Date };
}

/** Invite `email` and return the join link (`URL`) of the .ics that arrived for this meeting. */
async function invite(meetingId: string, email: string, name: string, key?: string, userId?: string): Promise<string> {
  expect((await s.api('POST', `/api/v1/meetings/${meetingId}/attendees`, { email, name, userId }, key)).status).toBe(201);
  const mail = await waitUntil(() => smtp.messages.find((x) => x.to.includes(email) && x.raw.includes(meetingId)), 5000, `the invitation to ${email}`);
  const ics = calendarParts(mail.raw)[0]!.body;
  const ev = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
  const url = String(ev.getFirstPropertyValue('url'));
  expect(String(ev.getFirstPropertyValue('description'))).toContain(url);
  return url;
}

async function openPage(url: string) {
  const res = await fetch(url);
  const html = await res.text();
  const ticket = /<video-room [^>]*ticket="([^"]+)"/.exec(html)?.[1];
  return { status: res.status, headers: res.headers, html, ticket };
}

describe('invitation join links', () => {
  it("the link in an attendee's invitation opens a page whose ticket joins that meeting as that attendee", async () => {
    const m = await schedule('Design review');
    const adaUrl = await invite(m.id, 'ada@example.edu', 'Ada Lovelace');
    const bobUrl = await invite(m.id, 'bob@example.edu', 'Bob Babbage');
    expect(adaUrl).toMatch(new RegExp(`^${s.baseUrl}/j/[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    expect(bobUrl).not.toBe(adaUrl);
    expect(adaUrl).not.toContain('ada'); // the email is not in the link

    const page = await openPage(adaUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.html).toContain(`<script type="module" src="${s.baseUrl}/widget/video-room.js"></script>`);
    expect(page.html).toContain(`server-url="${s.baseUrl}"`);
    expect(page.html).toContain('Design review');
    expect(page.ticket).toBeTruthy();

    const join = await s.api('POST', '/api/v1/join', { ticket: page.ticket }, null);
    expect(join.status).toBe(200);
    expect(join.body).toMatchObject({ name: 'Ada Lovelace', role: 'participant', meeting: { id: m.id, title: 'Design review' } });
    const lk = jwtPayload(join.body.participantToken);
    expect(lk.video).toMatchObject({ room: m.roomName, roomJoin: true });
    expect(lk.name).toBe('Ada Lovelace');

    const bob = await s.api('POST', '/api/v1/join', { ticket: (await openPage(bobUrl)).ticket }, null);
    expect(bob.body).toMatchObject({ name: 'Bob Babbage', meeting: { id: m.id } });
    expect(bob.body.identity).not.toBe(join.body.identity);
    // The same attendee opening the link again is the same LiveKit identity (attendance counts one person).
    const again = await s.api('POST', '/api/v1/join', { ticket: (await openPage(adaUrl)).ticket }, null);
    expect(again.body.identity).toBe(join.body.identity);
    // Ada's iCal feed carries the same personal link.
    const feedUrl = /Your calendar feed: (\S+)/.exec(textBody(smtp.messages.find((x) => x.to.includes('ada@example.edu'))!.raw) ?? '')?.[1];
    expect(feedUrl).toMatch(/\/api\/v1\/calendar\/[\w-]+\.ics$/);
    const fev = new ICAL.Component(ICAL.parse(await (await fetch(feedUrl!)).text())).getFirstSubcomponent('vevent')!;
    expect(String(fev.getFirstPropertyValue('url'))).toBe(adaUrl);
  });

  it('an attendee invited with your user id joins through the link as that user: one participant, from the email or your page', async () => {
    const m = await schedule('Mentoring');
    const url = await invite(m.id, 'cy@example.edu', 'Cy Young', undefined, 'u-1842');
    const viaLink = await s.api('POST', '/api/v1/join', { ticket: (await openPage(url)).ticket }, null);
    expect(viaLink.status).toBe(200);
    expect(viaLink.body).toMatchObject({ identity: 'u-1842', name: 'Cy Young' });
    expect(jwtPayload(viaLink.body.participantToken).sub).toBe('u-1842');
    // The integrator's own ticket for that user is the same LiveKit identity.
    const t = await s.api('POST', `/api/v1/meetings/${m.id}/join-tickets`, { user: { id: 'u-1842', name: 'Cy Young' }, role: 'participant' });
    expect((await s.api('POST', '/api/v1/join', { ticket: t.body.ticket }, null)).body.identity).toBe(viaLink.body.identity);
    // Renaming the attendee without a user id keeps it; the attendee list shows it.
    expect((await s.api('POST', `/api/v1/meetings/${m.id}/attendees`, { email: 'cy@example.edu', name: 'Cy' })).body.userId).toBe('u-1842');
    expect((await s.api('GET', `/api/v1/meetings/${m.id}/attendees`)).body.items).toMatchObject([{ email: 'cy@example.edu', name: 'Cy', userId: 'u-1842' }]);
    // A bad user id is a 400 naming the field.
    const bad = await s.api('POST', `/api/v1/meetings/${m.id}/attendees`, { email: 'dee@example.edu', name: 'Dee', userId: ' ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('userId');
  });

  it("expires the link at the meeting's end plus the organisation's grace minutes", async () => {
    const m = await schedule('Short one');
    const url = await invite(m.id, 'cy@example.edu', 'Cy');
    const token = url.split('/j/')[1]!;
    const claims = jwtPayload(token);
    expect(claims).toMatchObject({ aud: 'vr-invite', mid: m.id, role: 'participant' });
    expect(claims.exp * 1000).toBe(m.start.getTime() + 45 * 60_000 + 10 * 60_000);
    expect(JSON.stringify(claims)).not.toContain('cy@example.edu');
  });

  it('answers 4xx pages for a link of another meeting, a tampered, expired or cut-short link', async () => {
    const a = await schedule('Meeting A');
    const b = await schedule('Meeting B');
    const url = await invite(a.id, 'dee@example.edu', 'Dee');
    const [h, p, sig] = url.split('/j/')[1]!.split('.');

    // The payload rewritten to name meeting B: the signature no longer matches.
    const forged = Buffer.from(JSON.stringify({ ...jwtPayload(url.split('/j/')[1]!), mid: b.id })).toString('base64url');
    const tampered = await openPage(`${s.baseUrl}/j/${h}.${forged}.${sig}`);
    expect(tampered.status).toBe(404);
    expect(tampered.ticket).toBeUndefined();
    expect(tampered.html).toContain('This link is not valid');
    // A flipped signature character, a cut-short link.
    const flipped = sig!.slice(0, 10) + (sig![10] === 'A' ? 'B' : 'A') + sig!.slice(11);
    expect((await openPage(`${s.baseUrl}/j/${h}.${p}.${flipped}`)).status).toBe(404);
    expect((await openPage(url.slice(0, -5))).status).toBe(404);
    // Correctly signed, but for meeting B, where Dee is not an attendee.
    const otherMeeting = signInviteToken(s.deps, { meetingId: b.id, organizationId: orgId, email: 'dee@example.edu', expiresAt: new Date(Date.now() + 3600_000) });
    expect((await openPage(`${s.baseUrl}/j/${otherMeeting}`)).status).toBe(404);
    // Signed with another server's secret.
    const foreign = signInviteToken({ ticketSecret: 'x'.repeat(48) }, { meetingId: a.id, organizationId: orgId, email: 'dee@example.edu', expiresAt: new Date(Date.now() + 3600_000) });
    expect((await openPage(`${s.baseUrl}/j/${foreign}`)).status).toBe(404);
    // Expired.
    const expired = signInviteToken(s.deps, { meetingId: a.id, organizationId: orgId, email: 'dee@example.edu', expiresAt: new Date(Date.now() - 1000) });
    const old = await openPage(`${s.baseUrl}/j/${expired}`);
    expect(old.status).toBe(410);
    expect(old.html).toContain('This link has expired');
    expect(old.ticket).toBeUndefined();
    // The genuine link still works.
    expect((await openPage(url)).status).toBe(200);
  });

  it('the page can get a fresh ticket for the same attendee (a tab left open longer than an hour); not for a bad or cancelled link', async () => {
    const m = await schedule('Long tab');
    const url = await invite(m.id, 'fay@example.edu', 'Fay');
    const fresh = await fetch(`${url}/ticket`);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('cache-control')).toBe('no-store');
    const body = (await fresh.json()) as { ticket: string; expiresAt: string };
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    const viaFresh = await s.api('POST', '/api/v1/join', { ticket: body.ticket }, null);
    const viaPage = await s.api('POST', '/api/v1/join', { ticket: (await openPage(url)).ticket }, null);
    expect(viaFresh.body).toMatchObject({ identity: viaPage.body.identity, name: 'Fay', meeting: { id: m.id } });

    const [h, p, sig] = url.split('/j/')[1]!.split('.');
    const flipped = sig!.slice(0, 10) + (sig![10] === 'A' ? 'B' : 'A') + sig!.slice(11);
    const bad = await fetch(`${s.baseUrl}/j/${h}.${p}.${flipped}/ticket`);
    expect(bad.status).toBe(404);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_invite');
    expect((await s.api('POST', `/api/v1/meetings/${m.id}/cancel`)).status).toBe(200);
    const cancelled = await fetch(`${url}/ticket`);
    expect(cancelled.status).toBe(410);
    expect(((await cancelled.json()) as { error: { code: string } }).error.code).toBe('meeting_cancelled');
  });

  it('a cancelled meeting\'s link shows "This meeting was cancelled"', async () => {
    const m = await schedule('Cancelled class');
    const url = await invite(m.id, 'eve@example.edu', 'Eve');
    expect((await s.api('POST', `/api/v1/meetings/${m.id}/cancel`)).status).toBe(200);
    const page = await openPage(url);
    expect(page.status).toBe(410);
    expect(page.html).toContain('This meeting was cancelled');
    expect(page.html).toContain('Cancelled class');
    expect(page.ticket).toBeUndefined();
  });

  it.each(HOSTILE)('a meeting title and an attendee name like $value show as text on the join page and the notice page', async (h) => {
    const m = await schedule(`Class ${h.value}`);
    const url = await invite(m.id, `mallory${HOSTILE.indexOf(h)}@example.edu`, h.value);
    const join = await openPage(url);
    expect(join.status).toBe(200);
    const p = expectOnlyAsText(join.html, h, 2); // the widget script and the page's own
    expect(p.text(p.elements('title')[0]!)).toBe(`Class ${h.value} — join`);
    expect(p.text(p.elements('h1')[0]!)).toBe(`Class ${h.value}`);
    expect(p.text(p.elements('header')[0]!)).toContain(`joining as ${h.value}`);
    expect((await s.api('POST', '/api/v1/join', { ticket: join.ticket }, null)).body).toMatchObject({ name: h.value, meeting: { title: `Class ${h.value}` } });

    expect((await s.api('POST', `/api/v1/meetings/${m.id}/cancel`)).status).toBe(200);
    const notice = await openPage(url);
    expect(notice.status).toBe(410);
    const q = expectOnlyAsText(notice.html, h, 0);
    expect(q.text(q.elements('main')[0]!)).toContain(`Class ${h.value}`);
  });

  it("with joinUrlTemplate, invitations send attendees to the organisation's own page", async () => {
    const key = await s.newOrganization('portal');
    const bad = await s.api('PATCH', '/api/v1/scheduling/settings', { joinUrlTemplate: 'https://portal.example.edu/classes' }, key);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_error', field: 'joinUrlTemplate' });
    expect(bad.body.error.message).toMatch(/must contain \{meetingId\}/);
    const unknown = await s.api('PATCH', '/api/v1/scheduling/settings', { joinUrlTemplate: 'https://portal.example.edu/{course}/{meetingId}' }, key);
    expect(unknown.body.error.message).toMatch(/unknown placeholder \{course\}/);
    expect((await s.api('PATCH', '/api/v1/scheduling/settings', { joinUrlTemplate: 'ftp://portal.example.edu/{meetingId}' }, key)).status).toBe(400);

    const ok = await s.api('PATCH', '/api/v1/scheduling/settings', { joinUrlTemplate: 'https://portal.example.edu/classes/{meetingId}?from=invite' }, key);
    expect(ok.status).toBe(200);
    expect(ok.body.joinUrlTemplate).toBe('https://portal.example.edu/classes/{meetingId}?from=invite');
    const m = await schedule('Portal class', key);
    expect(await invite(m.id, 'fay@example.edu', 'Fay', key)).toBe(`https://portal.example.edu/classes/${m.id}?from=invite`);

    // null: back to the hosted page.
    expect((await s.api('PATCH', '/api/v1/scheduling/settings', { joinUrlTemplate: null }, key)).body.joinUrlTemplate).toBeNull();
    const m2 = await schedule('Portal class 2', key);
    expect(await invite(m2.id, 'fay@example.edu', 'Fay', key)).toMatch(new RegExp(`^${s.baseUrl}/j/`));
  });
});
