/**
 * Hostile input on the HTTP API: control characters, dates out of range, missing bodies, multi-step writes that
 * fail half-way, and an OpenAPI document that lists every status a route answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, waitUntil, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const meeting = { title: 'Physics 101', scheduledStartAt: '2027-03-01T09:00:00Z', durationMinutes: 60, timezone: 'Europe/Berlin' };
const profile = { displayName: 'Ada', role: 'alumnus', timezone: 'Europe/London', interests: ['robotics'], headline: 'Engineer' };
const platform = {
  name: 'Moodle',
  issuer: 'https://moodle.example.edu',
  clientId: 'client-1',
  authEndpoint: 'https://moodle.example.edu/mod/lti/auth.php',
  tokenEndpoint: 'https://moodle.example.edu/mod/lti/token.php',
  jwksUrl: 'https://moodle.example.edu/mod/lti/certs.php',
  deploymentIds: ['1'],
};

async function expect400(r: Promise<{ status: number; body: any }>, field: string) {
  const { status, body } = await r;
  expect({ status, field: body?.error?.field }, JSON.stringify(body)).toEqual({ status: 400, field });
  expect(body.error.code).toBe('validation_error');
}

describe('control characters', () => {
  it('a NUL in any JSON string field is a 400 naming the field, and nothing is stored', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', meeting)).body;
    await s.api('PUT', '/api/v1/coffee/profiles/bob', { ...profile, displayName: 'Bob' });
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/v1/meetings', { ...meeting, title: 'a\u0000b' }, 'title'],
      ['POST', '/api/v1/meetings', { ...meeting, description: 'x\u0000' }, 'description'],
      ['POST', '/api/v1/meetings', { ...meeting, host: { userId: 'u1', name: 'A\u0000' } }, 'host.name'],
      ['POST', '/api/v1/meetings', { ...meeting, password: 'pass\u0000word' }, 'password'],
      ['POST', '/api/v1/meetings', { ...meeting, timezone: 'UTC\u0000' }, 'timezone'],
      ['PATCH', `/api/v1/meetings/${m.id}`, { title: '\u0000' }, 'title'],
      ['POST', `/api/v1/meetings/${m.id}/attendees`, { email: 'ada@example.edu', name: 'Ada\u0000' }, 'name'],
      ['POST', `/api/v1/meetings/${m.id}/attendees`, { email: 'ada@example.edu', name: 'Ada', userId: 'u\u0000' }, 'userId'],
      ['POST', `/api/v1/meetings/${m.id}/join-tickets`, { user: { id: 'u\u0000', name: 'Ada' } }, 'user.id'],
      ['PUT', '/api/v1/coffee/profiles/ada', { ...profile, displayName: 'A\u0000' }, 'displayName'],
      ['PUT', '/api/v1/coffee/profiles/ada', { ...profile, interests: ['ok', 'x\u0000'] }, 'interests.1'],
      ['PUT', '/api/v1/coffee/profiles/ada', { ...profile, headline: 'h\u0000' }, 'headline'],
      ['PUT', '/api/v1/coffee/profiles/ada', { ...profile, blocked: ['b\u0000'] }, 'blocked.0'],
      ['POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: 'bob', toUserId: 'ada', message: 'hi\u0000', slots: ['2027-03-01T09:00:00Z'] }, 'message'],
      ['POST', '/api/v1/coffee/requests', { kind: 'open_invitation', fromUserId: 'bob', criteria: { industry: 'x\u0000' }, slots: ['2027-03-01T09:00:00Z'] }, 'criteria.industry'],
      ['POST', '/api/v1/coffee/tickets', { userId: 'a\u0000' }, 'userId'],
      ['POST', '/api/v1/lti/platforms', { ...platform, name: 'M\u0000' }, 'name'],
      ['POST', '/api/v1/lti/platforms', { ...platform, clientId: 'c\u0000' }, 'clientId'],
      ['POST', '/api/v1/lti/platforms', { ...platform, deploymentIds: ['1\u0000'] }, 'deploymentIds.0'],
      ['POST', '/api/v1/lti/platforms', { ...platform, jwksUrl: 'https://moodle.example.edu/\u0000' }, 'jwksUrl'],
      ['POST', '/api/v1/join', { code: 'abc\u0000', name: 'Ada' }, 'code'],
      // A key nobody reads still never reaches the database.
      ['POST', '/api/v1/meetings', { ...meeting, extra: { 'k\u0000': 1 } }, 'extra.k\u0000'],
    ];
    for (const [method, path, body, field] of cases) await expect400(s.api(method, path, body), field);
    expect((await s.api('GET', '/api/v1/meetings?limit=200')).body.items).toHaveLength(1);
    expect((await s.api('GET', `/api/v1/meetings/${m.id}`)).body.title).toBe('Physics 101');
    expect((await s.api('GET', `/api/v1/meetings/${m.id}/attendees`)).body.items).toEqual([]);
    expect((await s.api('GET', '/api/v1/coffee/profiles/ada')).status).toBe(404);
  });

  it('a control character in a path or query value is a 400 naming the parameter', async () => {
    await expect400(s.api('GET', '/api/v1/coffee/profiles/u%00x'), 'userId');
    await expect400(s.api('PUT', '/api/v1/coffee/profiles/u%0Ax', profile), 'userId');
    await expect400(s.api('GET', '/api/v1/coffee/suggestions/u%07x'), 'userId');
    await expect400(s.api('GET', '/api/v1/coffee/requests?userId=a%00b'), 'userId');
    await expect400(s.api('GET', '/api/v1/meetings?status=live%00'), 'status');
    await expect400(s.api('GET', '/api/v1/meetings/%00'), 'id');
  });

  it('line breaks are fine in free text but not in names', async () => {
    const ok = await s.api('POST', '/api/v1/meetings', { ...meeting, description: 'Bring:\n\t- a pen\r\n' });
    expect(ok.status).toBe(201);
    expect(ok.body.description).toBe('Bring:\n\t- a pen\r\n');
    await expect400(s.api('POST', '/api/v1/meetings', { ...meeting, title: 'two\nlines' }), 'title');
    await expect400(s.api('POST', '/api/v1/meetings', { ...meeting, description: 'bell\u0007' }), 'description');
    await expect400(s.api('PUT', '/api/v1/coffee/profiles/ada', { ...profile, displayName: 'A\u009b' }), 'displayName');
  });
});

describe('dates', () => {
  it('instants before 2000 or after 2100 are a 400 naming the field, and the schema states the range', async () => {
    await expect400(s.api('POST', '/api/v1/meetings', { ...meeting, scheduledStartAt: '1960-01-01T09:00:00Z' }), 'scheduledStartAt');
    await expect400(s.api('POST', '/api/v1/meetings', { ...meeting, scheduledStartAt: '9999-12-31T23:00:00Z', durationMinutes: 1440 }), 'scheduledStartAt');
    await expect400(s.api('POST', '/api/v1/coffee/rounds', { weekStart: '0760-04-25', optInClosesAt: '2027-01-01T00:00:00Z' }), 'weekStart');
    await expect400(s.api('POST', '/api/v1/coffee/rounds', { weekStart: '2027-01-04', optInClosesAt: '0023-12-09T19:20:00Z' }), 'optInClosesAt');
    await expect400(s.api('GET', '/api/v1/meetings?from=1999-12-31T23:59:59Z'), 'from');
    const m = (await s.api('POST', '/api/v1/meetings', meeting)).body;
    await expect400(s.api('PATCH', `/api/v1/meetings/${m.id}`, { scheduledEndAt: '2101-01-01T00:00:00Z' }), 'scheduledEndAt');
    expect((await s.api('GET', `/api/v1/meetings/${m.id}`)).body.scheduledEndAt).toBe('2027-03-01T10:00:00.000Z');
    // The edges themselves work all the way: invitations (join-link expiry, VTIMEZONE), occurrences, cancelling.
    for (const scheduledStartAt of ['2000-01-01T00:00:00Z', '2100-12-31T22:00:00Z']) {
      const edge = await s.api('POST', '/api/v1/meetings', { ...meeting, scheduledStartAt, recurrence: { rrule: 'FREQ=DAILY;COUNT=2' } });
      expect(edge.status, scheduledStartAt).toBe(201);
      expect((await s.api('POST', `/api/v1/meetings/${edge.body.id}/attendees`, { email: 'ada@example.edu', name: 'Ada' })).status).toBe(201);
      expect((await s.api('GET', `/api/v1/meetings/${edge.body.id}/occurrences?from=${scheduledStartAt}`)).status).toBe(200);
      expect((await s.api('POST', `/api/v1/meetings/${edge.body.id}/cancel`)).body.status).toBe('cancelled');
    }

    const doc = (await s.api('GET', '/api/v1/openapi.json', undefined, null)).body;
    const start = doc.components.schemas.MeetingCreate.properties.scheduledStartAt;
    expect(start).toMatchObject({ format: 'date-time', formatMinimum: '2000-01-01T00:00:00Z', formatMaximum: '2100-12-31T23:59:59Z' });
  });
});

describe('multi-step writes', () => {
  /** Make the last step of sending an invitation (storing it) fail, as a full disk or a lost connection would. */
  async function breakInvitations() {
    await s.deps.sql.unsafe(`
      CREATE OR REPLACE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$;
      CREATE TRIGGER test_refuse BEFORE INSERT ON invitations FOR EACH ROW EXECUTE FUNCTION test_refuse();`);
    return () => s.deps.sql.unsafe('DROP TRIGGER test_refuse ON invitations');
  }

  it('adding an attendee whose invitation cannot be stored keeps nothing', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', meeting)).body;
    const repair = await breakInvitations();
    try {
      const r = await s.api('POST', `/api/v1/meetings/${m.id}/attendees`, { email: 'grace@example.edu', name: 'Grace' });
      expect(r.status).toBe(500);
    } finally {
      await repair();
    }
    expect((await s.api('GET', `/api/v1/meetings/${m.id}/attendees`)).body.items).toEqual([]);
    // Her feed was not created either: the first successful invitation creates it (and shows its URL once).
    const ok = await s.api('POST', `/api/v1/meetings/${m.id}/attendees`, { email: 'grace@example.edu', name: 'Grace' });
    expect(ok.status).toBe(201);
    expect(ok.body.feedUrl).toMatch(/\/api\/v1\/calendar\/.+\.ics$/);
  });

  /**
   * A meeting change and its notice commit together (the `meeting-changed` job is queued in the change's
   * transaction, issue 10's outbox); the notice itself is stored and sent by the invitations worker after the
   * commit. When storing it fails, the change stands and the job is retried (pg-boss backoff) until it succeeds.
   */
  const noticeJobs = (meetingId: string) =>
    s.deps.sql<{ state: string }[]>`SELECT state FROM pgboss.job WHERE name = 'meeting-changed' AND data->>'meetingId' = ${meetingId}`;
  const noticesStored = (meetingId: string) =>
    s.deps.sql<{ kind: string; recurrence_id: Date | null }[]>`SELECT kind, recurrence_id FROM invitations WHERE meeting_id = ${meetingId} AND sequence > 0 ORDER BY sequence`;
  async function failThenRepair(meetingId: string, jobs: number, repair: () => Promise<unknown>) {
    try {
      await waitUntil(async () => {
        const js = await noticeJobs(meetingId);
        return js.length === jobs && js.every((j) => j.state === 'retry');
      }, 15_000, 'the notices to fail once and wait for their retry');
    } finally {
      await repair();
    }
    await s.deps.sql`UPDATE pgboss.job SET start_after = now() WHERE name = 'meeting-changed' AND data->>'meetingId' = ${meetingId} AND state = 'retry'`; // the backoff has passed
    await waitUntil(async () => (await noticesStored(meetingId)).length === jobs, 15_000, 'the retried notices to be stored');
  }

  it('changing or cancelling a meeting whose notice cannot be stored yet keeps the change; the notice follows once it can', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', meeting)).body;
    expect((await s.api('POST', `/api/v1/meetings/${m.id}/attendees`, { email: 'ada@example.edu', name: 'Ada' })).status).toBe(201);
    const repair = await breakInvitations();
    let repaired = false;
    try {
      expect((await s.api('PATCH', `/api/v1/meetings/${m.id}`, { title: 'Renamed' })).status).toBe(200);
      expect((await s.api('POST', `/api/v1/meetings/${m.id}/cancel`)).status).toBe(200);
      await failThenRepair(m.id, 2, () => ((repaired = true), repair()));
    } finally {
      if (!repaired) await repair();
    }
    expect((await noticesStored(m.id)).map((n) => n.kind)).toEqual(['request', 'cancel']);
    expect((await s.api('GET', `/api/v1/meetings/${m.id}`)).body).toMatchObject({ status: 'cancelled', title: 'Renamed' });
  });

  it('cancelling or moving one occurrence whose notice cannot be stored yet keeps the change; the notice follows once it can', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { ...meeting, recurrence: { rrule: 'FREQ=DAILY;COUNT=3' } })).body;
    expect((await s.api('POST', `/api/v1/meetings/${m.id}/attendees`, { email: 'ada@example.edu', name: 'Ada' })).status).toBe(201);
    const occurrences = `/api/v1/meetings/${m.id}/occurrences?from=2027-03-01T00:00:00Z`;
    const before = (await s.api('GET', occurrences)).body.items;
    const repair = await breakInvitations();
    let repaired = false;
    try {
      expect((await s.api('POST', `/api/v1/meetings/${m.id}/occurrences/${encodeURIComponent(before[1].key)}/cancel`)).status).toBe(200);
      expect((await s.api('POST', `/api/v1/meetings/${m.id}/occurrences/${encodeURIComponent(before[2].key)}/move`, { startAt: '2027-03-03T15:00:00Z' })).status).toBe(200);
      await failThenRepair(m.id, 2, () => ((repaired = true), repair()));
    } finally {
      if (!repaired) await repair();
    }
    const notices = await noticesStored(m.id);
    expect(notices.map((n) => [n.kind, n.recurrence_id?.toISOString()])).toEqual([['cancel', before[1].key], ['request', before[2].key]]);
    const after = (await s.api('GET', occurrences)).body.items;
    expect(after.map((o: any) => o.startAt)).toEqual([before[0].startAt, '2027-03-03T15:00:00.000Z']);
  });
});

describe('request bodies', () => {
  it('PATCH without a body is a 400 naming the body; an empty object changes nothing', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', meeting)).body;
    for (const path of ['/api/v1/attendance/settings', '/api/v1/scheduling/settings', `/api/v1/meetings/${m.id}`]) {
      await expect400(s.api('PATCH', path), 'body');
      await expect400(
        fetch(s.baseUrl + path, { method: 'PATCH', headers: { authorization: `Bearer ${s.apiKey}`, 'content-type': 'text/plain' }, body: '{}' }).then(async (r) => ({ status: r.status, body: await r.json() })),
        'body',
      );
      expect((await s.api('PATCH', path, {})).status).toBe(200);
    }
    await expect400(s.api('POST', '/api/v1/meetings', []), 'body');
    // 60 KiB of nested arrays: deeper than a recursive walk's call stack, still a plain 400.
    await expect400(s.api('POST', '/api/v1/meetings', '['.repeat(30_000) + ']'.repeat(30_000)), 'body');
    await expect400(s.api('PUT', '/api/v1/coffee/profiles/ada', { ...profile, interests: ['['.repeat(20_000) + '"\u0000"' + ']'.repeat(20_000)] }), 'interests.0');
  });
});

describe('the OpenAPI document', () => {
  it('lists 400 on every operation, 401 on every one that needs a credential and 413 on every one with a body', async () => {
    const doc = (await s.api('GET', '/api/v1/openapi.json', undefined, null)).body;
    const missing: string[] = [];
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const want = ['400', ...(op.security?.length ? ['401'] : []), ...(op.requestBody ? ['413'] : [])];
        for (const code of want) if (!op.responses[code]) missing.push(`${method.toUpperCase()} ${path} ${code}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('says a coffee request is answered with `meeting: null` until it is booked', async () => {
    await s.api('PUT', '/api/v1/coffee/profiles/ada', { ...profile, availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) });
    await s.api('PUT', '/api/v1/coffee/profiles/sam', { ...profile, displayName: 'Sam', role: 'student', availability: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })) });
    const slot = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 48 * 3_600_000).toISOString();
    const created = await s.api('POST', '/api/v1/coffee/requests', { kind: 'direct_request', fromUserId: 'ada', toUserId: 'sam', slots: [slot] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const got = await s.api('GET', `/api/v1/coffee/requests/${created.body.id}`);
    expect(got.body.meeting).toBeNull();
    const doc = (await s.api('GET', '/api/v1/openapi.json', undefined, null)).body;
    expect(doc.components.schemas.CoffeeRequest.properties.meeting).toEqual({ anyOf: [{ $ref: '#/components/schemas/Meeting' }, { type: 'null' }] });
  });
});
