/**
 * Screen-share time from the real LiveKit server's own webhooks: a participant (@livekit/rtc-node) publishes a
 * screen-share track and a camera track, unpublishes the share, and leaves; the signed `track_published` /
 * `track_unpublished` deliveries reach this file's server through the relay (startTestServer({webhooks: true})) and
 * the analytics count the share, not the camera.
 */
import { describe, expect, it } from 'vitest';
import { LocalVideoTrack, Room, TrackPublishOptions, TrackSource, VideoSource } from '@livekit/rtc-node';
import { joinWithRtc, useRtcRooms } from '../support/rtc.js';
import { useTestServer, waitUntil } from '../support/server.js';

const s = useTestServer({ webhooks: true });
const rooms = useRtcRooms();

const connect = async (meetingId: string, userId: string, name: string) => (await joinWithRtc(s, rooms, meetingId, userId, name)).room;

const publish = (room: Room, name: string, source: TrackSource) =>
  room.localParticipant!.publishTrack(LocalVideoTrack.createVideoTrack(name, new VideoSource(16, 16)), Object.assign(new TrackPublishOptions(), { source }));
const shares = async (meetingId: string) =>
  s.deps.sql<{ identity: string; startedAt: Date | null; endedAt: Date | null }[]>`
    SELECT identity, started_at AS "startedAt", ended_at AS "endedAt" FROM screen_shares WHERE meeting_id = ${meetingId}`;

describe('screen-share time from the real LiveKit server\'s webhooks', () => {
  it('a published and unpublished screen share is one interval of its sharer; a camera is not a share', async () => {
    const m = (await s.api('POST', '/api/v1/meetings', { title: 'Demo day', type: 'class' })).body;
    const ada = await connect(m.id, 'ada', 'Ada Lovelace');
    await publish(ada, 'camera', TrackSource.SOURCE_CAMERA);
    const screen = await publish(ada, 'screen', TrackSource.SOURCE_SCREENSHARE);
    await waitUntil(async () => (await shares(m.id)).length === 1, 15_000, 'track_published webhook of the screen share');
    await ada.localParticipant!.unpublishTrack(screen.sid!);
    const [row] = await waitUntil(async () => {
      const r = await shares(m.id);
      return r[0]?.endedAt && r;
    }, 15_000, 'track_unpublished webhook of the screen share');
    expect(row).toMatchObject({ identity: 'ada' });
    expect(row!.startedAt!.getTime()).toBeLessThanOrEqual(row!.endedAt!.getTime());

    await ada.disconnect();
    const a = await waitUntil(async () => {
      const r = (await s.api('GET', `/api/v1/meetings/${m.id}/analytics`)).body;
      return r.people?.[0]?.cycles === 1 && r.summary.peakParticipants === 1 && r;
    }, 15_000, 'the analytics with ada\'s cycle');
    expect(a.people.map((p: { identity: string }) => p.identity)).toEqual(['ada']);
    // LiveKit stamps webhooks in whole seconds and the share lasted well under a minute.
    const expected = Math.round((row!.endedAt!.getTime() - row!.startedAt!.getTime()) / 1000);
    expect(a.people[0].screenShareSeconds).toBe(expected);
    expect(a.summary.screenShareSeconds).toBe(expected);
    expect((await shares(m.id))).toHaveLength(1); // the camera track left no row
  });
});
