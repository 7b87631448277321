import { describe, expect, it } from 'vitest';
import { TrackSource } from 'livekit-server-sdk';
import { grantsFor, publishPermission } from '../../server/livekit/tokens.js';
import { currentRole, rightsOf } from '../../server/modules/room-activity/host-access.js';
import type { AccessRow } from '../../server/modules/room-activity/host-store.js';
import type { MeetingRow } from '../../server/modules/meetings/store.js';

const m = { settings: { screenShare: false, chat: true } } as unknown as MeetingRow;
const none: AccessRow = { meeting: null, participant: null, chatEnabled: null, chatDisabled: false };
const meetingWide = (x: Partial<NonNullable<AccessRow['meeting']>>): AccessRow => ({
  ...none, meeting: { locked: false, spotlightIdentity: null, allowCamera: null, allowMicrophone: null, allowScreenShare: null, ...x },
});

describe('host-control rights (least privilege)', () => {
  it('a participant allowed no source cannot publish at all (LiveKit reads an empty source list as "any")', () => {
    const p = publishPermission('participant', { camera: false, microphone: false, screenShare: false, data: true });
    expect(p).toEqual({ canPublish: false, canPublishData: true, canPublishSources: [] });
    expect(grantsFor('participant', 'r', { screenShare: true }, { camera: false, microphone: false, screenShare: false, data: false })).toMatchObject({ canPublish: false, canPublishData: false });
  });
  it('a viewer publishes nothing whatever the controls say', () => {
    expect(publishPermission('viewer', { camera: true, microphone: true, screenShare: true, data: true })).toEqual({ canPublish: false, canPublishData: false, canPublishSources: [] });
  });
  it('meeting-wide denials restrict participants, not moderators; a per-participant setting wins over the meeting', () => {
    const a = meetingWide({ allowMicrophone: false });
    expect(rightsOf(m, 'participant', a).microphone).toBe(false);
    expect(rightsOf(m, 'moderator', a).microphone).toBe(true);
    const allowed: AccessRow = { ...a, participant: { identity: 'x', role: null, bannedAt: null, allowCamera: null, allowMicrophone: true, allowScreenShare: null } };
    expect(rightsOf(m, 'participant', allowed).microphone).toBe(true);
    expect(rightsOf(m, 'participant', none).screenShare).toBe(false); // the meeting's settings.screenShare
    expect(publishPermission('participant', rightsOf(m, 'participant', none)).canPublishSources).toEqual([TrackSource.CAMERA, TrackSource.MICROPHONE]);
  });
  it('chat off (meeting or identity) takes canPublishData; a host is never restricted', () => {
    expect(rightsOf(m, 'participant', { ...none, chatEnabled: false }).data).toBe(false);
    expect(rightsOf(m, 'moderator', { ...none, chatEnabled: false }).data).toBe(true);
    expect(rightsOf(m, 'moderator', { ...none, chatDisabled: true }).data).toBe(false);
    expect(rightsOf(m, 'host', { ...meetingWide({ allowCamera: false }), chatDisabled: true })).toEqual({ camera: true, microphone: true, screenShare: true, data: true });
  });
  it('a role override applies to every ticket but a host\'s', () => {
    expect(currentRole('participant', 'moderator')).toBe('moderator');
    expect(currentRole('moderator', 'participant')).toBe('participant');
    expect(currentRole('host', 'participant')).toBe('host');
    expect(currentRole('viewer', null)).toBe('viewer');
  });
});
