/**
 * Migration 1763960000000_meeting-sessions.sql on data written before meetings had sessions: every meeting gets its
 * session 1 (its room, its end), its attendance stays its own, and the links of the earlier approach (a new meeting
 * per session, lti_resource_link_meetings) still reach those meetings' learners and grades.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runner } from 'node-pg-migrate';
import { migrate, migrationsDir } from '../../server/db/db.js';
import { gradeSession } from '../../lti/grades.js';
import { ltiIdentity } from '../../lti/identity.js';
import { deliverWebhook, participantEvent } from '../support/livekit-webhooks.js';
import { startTestServer, type TestServer } from '../support/server.js';

const MIGRATION = '1763960000000_meeting-sessions';
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

/** Take the database back to just before the sessions migration (its Down Migration and any later ones). */
async function rollBackSessions() {
  const count = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql') && f.replace(/\.sql$/, '') >= MIGRATION).length;
  if (count === 0) return;
  await runner({ databaseUrl: s.databaseUrl, dir: migrationsDir, direction: 'down', count, migrationsTable: 'pgmigrations', log: () => {}, checkOrder: true });
}

describe('migration 1763960000000 (meeting sessions) on earlier data', () => {
  it('gives every meeting its session 1; earlier attendance, LTI learners and grades keep working, new webhooks land in it', async () => {
    await rollBackSessions();
    const sql = s.deps.sql;
    const [{ id: orgId }] = (await sql`SELECT id FROM organizations WHERE slug = 'school'`) as unknown as [{ id: string }];
    const issuer = 'https://lms.legacy.example';
    const ann = ltiIdentity(issuer, 'ann');
    const [m1, m2, link] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const room1 = `school-class-${m1}`;
    const room2 = `school-class-${m2}`;
    const t0 = Date.now() - 5 * 3_600_000;
    const at = (min: number) => new Date(t0 + min * 60_000);
    // The earlier approach: the link's first session was meeting m1 (ended), its next one a new meeting m2.
    await sql`INSERT INTO meetings (id, organization_id, room_name, title, type, status, started_at, ended_at)
      VALUES (${m1}, ${orgId}, ${room1}, 'Weekly class', 'class', 'ended', ${at(0)}, ${at(60)}),
             (${m2}, ${orgId}, ${room2}, 'Weekly class', 'class', 'scheduled', null, null)`;
    await sql`INSERT INTO lti_registrations (issuer, client_id, organization_id, name, jwks_url) VALUES (${issuer}, 'c1', ${orgId}, 'Legacy LMS', ${`${issuer}/jwks`})`;
    await sql`INSERT INTO lti_deployments (issuer, client_id, deployment_id) VALUES (${issuer}, 'c1', 'd1')`;
    await sql`INSERT INTO lti_resource_links (id, issuer, client_id, deployment_id, context_id, resource_link_id, meeting_id)
      VALUES (${link}, ${issuer}, 'c1', 'd1', 'ctx', 'weekly', ${m2})`;
    await sql`INSERT INTO lti_resource_link_meetings (resource_link_uuid, meeting_id) VALUES (${link}, ${m1}), (${link}, ${m2})`;
    await sql`INSERT INTO lti_launch_users (resource_link_uuid, sub, identity, name, role) VALUES (${link}, 'ann', ${ann}, 'Ann', 'participant')`;
    await sql`INSERT INTO attendance_events (event_id, meeting_id, kind, identity, participant_sid, name, occurred_at) VALUES
      ('EV_l1', ${m1}, 'room_started', null, null, null, ${at(0)}),
      ('EV_l2', ${m1}, 'participant_joined', ${ann}, 'PA_l', 'Ann', ${at(0)}),
      ('EV_l3', ${m1}, 'participant_left', ${ann}, 'PA_l', 'Ann', ${at(45)}),
      ('EV_l4', ${m1}, 'room_finished', null, null, null, ${at(60)})`;

    await migrate(s.databaseUrl);

    const s1 = (await s.api('GET', `/api/v1/meetings/${m1}/sessions`)).body.items;
    expect(s1).toEqual([expect.objectContaining({ number: 1, roomName: room1, startedAt: at(0).toISOString(), endedAt: at(60).toISOString() })]);
    const s2 = (await s.api('GET', `/api/v1/meetings/${m2}/sessions`)).body.items;
    expect(s2).toEqual([expect.objectContaining({ number: 1, roomName: room2, endedAt: null })]);

    // The ended meeting's attendance is its session 1's, with the learner the link knows.
    const r1 = (await s.api('GET', `/api/v1/meetings/${m1}/attendance`)).body;
    expect(r1.session.id).toBe(s1[0].id);
    expect(r1.people.find((p: { identity: string }) => p.identity === ann)).toMatchObject({ percent: 75, sub: 'ann' });
    // Its room's grades still reach the link (through lti_resource_link_meetings).
    expect((await gradeSession(s.deps, { roomName: room1, roomSid: 'RM_legacy' })).queued).toBe(1);
    const [score] = await sql<{ score_given: string }[]>`SELECT score_given FROM lti_score_outbox WHERE resource_link_uuid = ${link}`;
    expect(Number(score!.score_given)).toBe(75);

    // A webhook of the current meeting's room after the migration lands in its session 1.
    const joined = participantEvent('participant_joined', { name: room2, sid: 'RM_now' }, { identity: ann, name: 'Ann', sid: 'PA_now', joinedAtMs: Date.now() - 60_000 }, Date.now() - 60_000);
    expect((await deliverWebhook(s, joined)).status).toBe(200);
    const r2 = (await s.api('GET', `/api/v1/meetings/${m2}/attendance`)).body;
    expect(r2.session.id).toBe(s2[0].id);
    expect(r2.people.find((p: { identity: string }) => p.identity === ann).cycles).toHaveLength(1);
  });
});
