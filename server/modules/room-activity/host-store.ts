/**
 * Host-control tables (room_controls, room_participant_controls; migration 1764300000000_host-controls.sql), read
 * with the chat switches (chat_settings, chat_disabled_participants) that share their permission model.
 * Instants are Date in UTC.
 */
import type { Tx } from '../../db/db.js';

/** A permission a moderator can set: `null` = not set (the meeting's, or the default). */
export type Allow = boolean | null;

/** What moderators decided for a whole meeting (no row: nothing). */
export interface MeetingControlsRow {
  locked: boolean;
  spotlightIdentity: string | null;
  allowCamera: Allow;
  allowMicrophone: Allow;
  allowScreenShare: Allow;
}

/** What moderators decided for one identity in a meeting. */
export interface ParticipantControlsRow {
  identity: string;
  role: 'moderator' | 'participant' | 'viewer' | null;
  bannedAt: Date | null;
  allowCamera: Allow;
  allowMicrophone: Allow;
  allowScreenShare: Allow;
}

/** Everything a join or a permission update needs for one identity, in one round trip (primary-key lookups only). */
export interface AccessRow {
  meeting: MeetingControlsRow | null;
  participant: ParticipantControlsRow | null;
  /** chat_settings.enabled; null: the meeting's settings.chat */
  chatEnabled: boolean | null;
  /** In chat_disabled_participants. */
  chatDisabled: boolean;
}

const meetingCols = (sql: Tx) =>
  sql`locked, spotlight_identity AS "spotlightIdentity", allow_camera AS "allowCamera", allow_microphone AS "allowMicrophone", allow_screen_share AS "allowScreenShare"`;
const participantCols = (sql: Tx) =>
  sql`identity, role, banned_at AS "bannedAt", allow_camera AS "allowCamera", allow_microphone AS "allowMicrophone", allow_screen_share AS "allowScreenShare"`;

/** The access state of `identity` in `meetingId` (one statement). */
export async function findAccess(sql: Tx, meetingId: string, identity: string): Promise<AccessRow> {
  const [r] = await sql<Record<string, unknown>[]>`
    SELECT rc.locked, rc.spotlight_identity, rc.allow_camera AS m_camera, rc.allow_microphone AS m_microphone,
      rc.allow_screen_share AS m_screen, (rc.meeting_id IS NOT NULL) AS has_meeting,
      p.role, p.banned_at, p.allow_camera AS p_camera, p.allow_microphone AS p_microphone, p.allow_screen_share AS p_screen,
      (p.meeting_id IS NOT NULL) AS has_participant,
      cs.enabled AS chat_enabled, (cd.meeting_id IS NOT NULL) AS chat_disabled
    FROM (SELECT 1) one
    LEFT JOIN room_controls rc ON rc.meeting_id = ${meetingId}
    LEFT JOIN room_participant_controls p ON p.meeting_id = ${meetingId} AND p.identity = ${identity}
    LEFT JOIN chat_settings cs ON cs.meeting_id = ${meetingId}
    LEFT JOIN chat_disabled_participants cd ON cd.meeting_id = ${meetingId} AND cd.identity = ${identity}`;
  const row = r!;
  return {
    meeting: row.has_meeting
      ? {
          locked: row.locked as boolean,
          spotlightIdentity: row.spotlight_identity as string | null,
          allowCamera: row.m_camera as Allow,
          allowMicrophone: row.m_microphone as Allow,
          allowScreenShare: row.m_screen as Allow,
        }
      : null,
    participant: row.has_participant
      ? {
          identity,
          role: row.role as ParticipantControlsRow['role'],
          bannedAt: row.banned_at as Date | null,
          allowCamera: row.p_camera as Allow,
          allowMicrophone: row.p_microphone as Allow,
          allowScreenShare: row.p_screen as Allow,
        }
      : null,
    chatEnabled: row.chat_enabled as boolean | null,
    chatDisabled: row.chat_disabled as boolean,
  };
}

/** The role override and ban of one identity (the room session check: one primary-key lookup). */
export async function findRoleAndBan(sql: Tx, meetingId: string, identity: string): Promise<{ role: ParticipantControlsRow['role']; bannedAt: Date | null } | undefined> {
  const [row] = await sql<{ role: ParticipantControlsRow['role']; bannedAt: Date | null }[]>`
    SELECT role, banned_at AS "bannedAt" FROM room_participant_controls WHERE meeting_id = ${meetingId} AND identity = ${identity}`;
  return row;
}

export async function findMeetingControls(sql: Tx, meetingId: string): Promise<MeetingControlsRow | undefined> {
  const [row] = await sql<MeetingControlsRow[]>`SELECT ${meetingCols(sql)} FROM room_controls WHERE meeting_id = ${meetingId}`;
  return row;
}

/** Every identity moderators acted on in a meeting, by identity. */
export function listParticipantControls(sql: Tx, meetingId: string): Promise<ParticipantControlsRow[]> {
  return sql<ParticipantControlsRow[]>`SELECT ${participantCols(sql)} FROM room_participant_controls WHERE meeting_id = ${meetingId} ORDER BY identity`;
}

/**
 * The SET list of an upsert into `table` for a partial patch: each column takes the new value (EXCLUDED) when the
 * patch has its field (`has[column]`), else keeps the stored one.
 */
const setGiven = (sql: Tx, table: string, has: Record<string, boolean>) =>
  Object.entries(has).map(([column, given]) => sql`${sql(column)} = CASE WHEN ${given} THEN EXCLUDED.${sql(column)} ELSE ${sql(table)}.${sql(column)} END,`);
/** The publish permissions columns of both tables, for setGiven. */
const permissionsGiven = (patch: { allowCamera?: unknown; allowMicrophone?: unknown; allowScreenShare?: unknown }) => ({
  allow_camera: patch.allowCamera !== undefined,
  allow_microphone: patch.allowMicrophone !== undefined,
  allow_screen_share: patch.allowScreenShare !== undefined,
});

/** Set some meeting-level fields (others unchanged; a first change creates the row). */
export async function updateMeetingControls(
  sql: Tx,
  meetingId: string,
  patch: Partial<Pick<MeetingControlsRow, 'locked' | 'spotlightIdentity' | 'allowCamera' | 'allowMicrophone' | 'allowScreenShare'>>,
  by: string,
): Promise<MeetingControlsRow> {
  const has = (k: keyof typeof patch) => patch[k] !== undefined;
  const [row] = await sql<MeetingControlsRow[]>`
    INSERT INTO room_controls (meeting_id, locked, spotlight_identity, allow_camera, allow_microphone, allow_screen_share, updated_by)
    VALUES (${meetingId}, ${patch.locked ?? false}, ${patch.spotlightIdentity ?? null}, ${patch.allowCamera ?? null},
      ${patch.allowMicrophone ?? null}, ${patch.allowScreenShare ?? null}, ${by})
    ON CONFLICT (meeting_id) DO UPDATE SET
      ${setGiven(sql, 'room_controls', { locked: has('locked'), spotlight_identity: has('spotlightIdentity'), ...permissionsGiven(patch) })}
      updated_at = now(), updated_by = EXCLUDED.updated_by
    RETURNING ${meetingCols(sql)}`;
  return row!;
}

/** Set some fields of one identity (others unchanged; a first change creates the row). `banned`: set or clear the ban. */
export async function updateParticipantControls(
  sql: Tx,
  meetingId: string,
  identity: string,
  patch: Partial<Pick<ParticipantControlsRow, 'role' | 'allowCamera' | 'allowMicrophone' | 'allowScreenShare'>> & { banned?: boolean },
  by: string,
): Promise<ParticipantControlsRow> {
  const has = (k: keyof typeof patch) => patch[k] !== undefined;
  const [row] = await sql<ParticipantControlsRow[]>`
    INSERT INTO room_participant_controls (meeting_id, identity, role, banned_at, banned_by, allow_camera, allow_microphone, allow_screen_share, updated_by)
    VALUES (${meetingId}, ${identity}, ${patch.role ?? null}, ${patch.banned ? sql`now()` : null}, ${patch.banned ? by : null},
      ${patch.allowCamera ?? null}, ${patch.allowMicrophone ?? null}, ${patch.allowScreenShare ?? null}, ${by})
    ON CONFLICT (meeting_id, identity) DO UPDATE SET
      banned_at = CASE WHEN ${has('banned')} THEN (CASE WHEN ${!!patch.banned} THEN COALESCE(room_participant_controls.banned_at, now()) END) ELSE room_participant_controls.banned_at END,
      banned_by = CASE WHEN ${has('banned')} THEN (CASE WHEN ${!!patch.banned} THEN COALESCE(room_participant_controls.banned_by, EXCLUDED.banned_by) END) ELSE room_participant_controls.banned_by END,
      ${setGiven(sql, 'room_participant_controls', { role: has('role'), ...permissionsGiven(patch) })}
      updated_at = now(), updated_by = EXCLUDED.updated_by
    RETURNING ${participantCols(sql)}`;
  return row!;
}

/** Everything moderators decided for a meeting (for the per-instance join cache, host-access.ts): four key lookups. */
export async function findMeetingAccess(sql: Tx, meetingId: string): Promise<MeetingAccess> {
  const [meeting, participants, chat, chatOff] = await Promise.all([
    findMeetingControls(sql, meetingId),
    listParticipantControls(sql, meetingId),
    sql<{ enabled: boolean }[]>`SELECT enabled FROM chat_settings WHERE meeting_id = ${meetingId}`,
    sql<{ identity: string }[]>`SELECT identity FROM chat_disabled_participants WHERE meeting_id = ${meetingId}`,
  ]);
  return {
    meeting: meeting ?? null,
    participants: new Map(participants.map((p) => [p.identity, p])),
    chatEnabled: chat[0]?.enabled ?? null,
    chatDisabled: new Set(chatOff.map((r) => r.identity)),
  };
}

/** A meeting's whole access state; `accessOf` gives one identity's `AccessRow` from it. */
export interface MeetingAccess {
  meeting: MeetingControlsRow | null;
  participants: Map<string, ParticipantControlsRow>;
  chatEnabled: boolean | null;
  chatDisabled: Set<string>;
}

export const accessOf = (a: MeetingAccess, identity: string): AccessRow => ({
  meeting: a.meeting,
  participant: a.participants.get(identity) ?? null,
  chatEnabled: a.chatEnabled,
  chatDisabled: a.chatDisabled.has(identity),
});

/** PostgreSQL channel on which every write to the access tables is announced (trigger, payload: the meeting id). */
export const ACCESS_CHANNEL = 'room_access_changed';
