/**
 * LTI Deep Linking 2.0: an instructor adds a "video session" from the LMS's activity picker; the tool answers
 * with a signed LtiDeepLinkingResponse carrying one ltiResourceLink with a line item (score maximum 100) and a
 * custom parameter naming the meeting; launches of that link then open that meeting.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { LIS, type Emulator } from '../support/lms-emulator.js';
import { ltiLaunch, useLtiEnvironment } from '../support/lti-flow.js';
import { type TestServer } from '../support/server.js';

const env = useLtiEnvironment();
let s: TestServer;
let emu: Emulator;
beforeAll(() => {
  ({ s, emu } = env);
});

const dl = (body: unknown, bearer: string) =>
  fetch(`${s.baseUrl}/lti/deep-linking`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('LTI Deep Linking', () => {
  it('an instructor creates a weekly video session; the response is signed by the tool and names the meeting and a line item', async () => {
    const launch = await ltiLaunch(s, emu, { sub: 'prof', name: 'Prof', roles: [LIS.instructor], messageType: 'LtiDeepLinkingRequest' });
    expect(launch.status, JSON.stringify(launch.body)).toBe(200);
    expect(launch.body.kind).toBe('deep_linking');

    const r = await dl({ title: 'Thursday seminar', startAt: '2026-12-03T09:00:00Z', durationMinutes: 90, timezone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;COUNT=8' }, launch.body.deepLinking);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.returnUrl).toBe(`${emu.issuer}/deep-link-return`);
    // The platform checks the JWT against the tool's keyset, as Moodle and Canvas do.
    const { payload } = await jwtVerify(r.body.jwt, createRemoteJWKSet(new URL(`${s.baseUrl}/lti/keys`)), { audience: emu.issuer, issuer: emu.clientId, algorithms: ['RS256'] });
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/message_type']).toBe('LtiDeepLinkingResponse');
    expect(payload['https://purl.imsglobal.org/spec/lti/claim/deployment_id']).toBe(emu.deploymentId);
    expect(payload['https://purl.imsglobal.org/spec/lti-dl/claim/data']).toBe('opaque-platform-data-123');
    const [item] = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as any[];
    expect(item).toMatchObject({ type: 'ltiResourceLink', title: 'Thursday seminar', url: `${s.baseUrl}/lti/launch`, lineItem: { scoreMaximum: 100 }, custom: { vr_meeting_id: r.body.meeting.id } });

    const meeting = (await s.api('GET', `/api/v1/meetings/${r.body.meeting.id}`)).body;
    expect(meeting).toMatchObject({ title: 'Thursday seminar', type: 'class', timezone: 'Europe/Berlin', durationMinutes: 90 });
    expect(meeting.recurrence.rrule).toContain('FREQ=WEEKLY');

    // Launching the new link (the platform adds the custom parameter) opens that meeting for everyone.
    const student = await ltiLaunch(s, emu, { sub: 'stu', name: 'Stu', roles: [LIS.learner], resourceLinkId: 'dl-created-link', custom: { vr_meeting_id: r.body.meeting.id } });
    expect(student.body.meeting.id).toBe(r.body.meeting.id);
  });

  it('learners cannot add sessions; bad input names the field; the deep-linking session is required', async () => {
    const learner = await ltiLaunch(s, emu, { sub: 'stu2', name: 'Stu', roles: [LIS.learner], messageType: 'LtiDeepLinkingRequest' });
    expect(learner.status).toBe(403);
    expect(learner.body.error.code).toBe('not_instructor');
    const launch = await ltiLaunch(s, emu, { sub: 'prof2', name: 'Prof', roles: [LIS.instructor], messageType: 'LtiDeepLinkingRequest' });
    expect((await dl({ title: '' }, launch.body.deepLinking)).body.error.field).toBe('title');
    expect((await dl({ title: 'x' }, 'forged')).status).toBe(401);
  });

  it('a title with a NUL is a 400 naming the field, not a 500; a return URL that is not http(s) is refused at launch', async () => {
    const launch = await ltiLaunch(s, emu, { sub: 'prof4', name: 'Prof', roles: [LIS.instructor], messageType: 'LtiDeepLinkingRequest' });
    const before = (await s.deps.sql`SELECT count(*)::int AS n FROM meetings`)[0]!.n;
    for (const [body, field] of [[{ title: 'Sem\u0000inar' }, 'title'], [{ title: 'Seminar', rrule: 'FREQ=WEEKLY\u0000' }, 'rrule']] as const) {
      const r = await dl(body, launch.body.deepLinking);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.field).toBe(field);
    }
    expect((await s.deps.sql`SELECT count(*)::int AS n FROM meetings`)[0]!.n).toBe(before);
    const hostile = await ltiLaunch(s, emu, {
      sub: 'prof5', name: 'Prof', roles: [LIS.instructor], messageType: 'LtiDeepLinkingRequest',
      claims: { 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: 'javascript:alert(document.domain)', accept_types: ['ltiResourceLink'] } },
    });
    expect(hostile.status).toBe(400);
    expect(hostile.body.error.field).toBe('id_token.deep_linking_settings.deep_link_return_url');
  });

  it('a custom meeting id of another organisation is ignored: the link gets its own meeting', async () => {
    const otherKey = await s.newOrganization('other-school');
    const foreign = (await s.api('POST', '/api/v1/meetings', { title: 'Not yours' }, otherKey)).body;
    const l = await ltiLaunch(s, emu, { sub: 'p3', name: 'P', roles: [LIS.instructor], resourceLinkId: 'sneaky-link', custom: { vr_meeting_id: foreign.id } });
    expect(l.status).toBe(200);
    expect(l.body.meeting.id).not.toBe(foreign.id);
  });
});
