/**
 * Attendance end to end: two people join and leave a real LiveKit room with the official Node client
 * (@livekit/rtc-node); the test LiveKit server's own signed webhooks reach this file's server through the relay
 * (startTestServer({webhooks: true})), and the attendance report shows their cycles.
 */
import { describe, expect, it } from 'vitest';
import { Room } from '@livekit/rtc-node';
import { joinWithRtc, useRtcRooms } from '../support/rtc.js';
import { useTestServer, waitUntil } from '../support/server.js';

const s = useTestServer({ webhooks: true });
const rooms = useRtcRooms();

const connect = async (meetingId: string, userId: string, name: string) => (await joinWithRtc(s, rooms, meetingId, userId, name)).room;

const report = async (id: string) => (await s.api('GET', `/api/v1/meetings/${id}/attendance`)).body;
const person = (r: any, identity: string) => r.people?.find((p: any) => p.identity === identity);

describe('attendance from the real LiveKit server\'s webhooks', () => {
  it('two participants join and leave: each has a closed cycle, a re-join merges, ending the room closes the report', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Live class', type: 'class' })).body;
    const started = Date.now();
    const ada = await connect(m.id, 'ada', 'Ada Lovelace');
    const bob = await connect(m.id, 'bob', 'Bob Builder');

    const both = await waitUntil(async () => {
      const r = await report(m.id);
      return person(r, 'ada')?.cycles.length === 1 && person(r, 'bob')?.cycles.length === 1 && r;
    }, 15_000, 'participant_joined webhooks for ada and bob');
    expect(person(both, 'ada')).toMatchObject({ name: 'Ada Lovelace', role: 'participant', cycles: [{ leftAt: null }] });
    expect(Date.parse(person(both, 'ada').firstJoinedAt)).toBeGreaterThanOrEqual(started - 1000);
    expect(both.room.startedAt).not.toBeNull();

    await bob.disconnect();
    const bobLeft = await waitUntil(async () => {
      const r = await report(m.id);
      return person(r, 'bob')?.cycles[0]?.leftAt && r;
    }, 15_000, 'participant_left webhook for bob');
    expect(person(bobLeft, 'bob').cycles).toHaveLength(1);
    expect(person(bobLeft, 'ada').cycles[0].leftAt).toBeNull();

    // Ada drops and comes back at once: LiveKit sends left + joined (a new participant sid); one cycle remains.
    await ada.disconnect();
    await waitUntil(async () => person(await report(m.id), 'ada')?.cycles[0]?.leftAt, 15_000, 'participant_left webhook for ada');
    const ada2 = await connect(m.id, 'ada', 'Ada Lovelace');
    const rejoined = await waitUntil(async () => {
      const rows = await s.deps.sql`SELECT count(*)::int AS n FROM attendance_events WHERE meeting_id = ${m.id} AND identity = 'ada' AND kind = 'participant_joined'`;
      return rows[0]!.n === 2 && (await report(m.id));
    }, 15_000, 'the second participant_joined webhook for ada');
    expect(person(rejoined, 'ada').cycles).toHaveLength(1);
    expect(person(rejoined, 'ada').cycles[0].leftAt).toBeNull();

    // End for all: LiveKit deletes the room and reports room_finished (and ada's leave).
    expect((await s.api('POST', `/api/v1/meetings/${m.id}/end`)).status).toBe(200);
    const done = await waitUntil(async () => {
      const r = await report(m.id);
      return r.room.finishedAt && person(r, 'ada')?.cycles[0]?.leftAt && r;
    }, 15_000, 'room_finished webhook');
    await ada2.disconnect().catch(() => {});
    expect(done.final).toBe(true);
    expect(done.window.source).toBe('room');
    for (const id of ['ada', 'bob']) {
      const p = person(done, id);
      expect(p.cycles).toHaveLength(1);
      expect(Date.parse(p.cycles[0].leftAt)).toBeGreaterThanOrEqual(Date.parse(p.cycles[0].joinedAt));
    }
    expect(done.statistics.people).toBe(2);
    // The whole test lasts about a second and LiveKit stamps leaves in whole seconds, so shares are not asserted;
    // the computation of shares and statuses is covered by tests/unit/attendance.test.ts and attendance.test.ts.
    expect(done.statistics.present + done.statistics.late + done.statistics.partial + done.statistics.absent).toBe(2);
  });
});
