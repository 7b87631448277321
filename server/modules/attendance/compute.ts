/**
 * Attendance computation: a pure function from the stored LiveKit events of one meeting to per-person join/leave
 * cycles, minutes, share of the meeting and a status. No I/O, so it can be tested on any event sequence.
 *
 * Ordering: events are sorted by the instant they happened (`at`), never by arrival, so a `participant_left`
 * delivered before its `participant_joined` gives the same result. Duplicates (same event id) count once.
 * All instants are epoch milliseconds (UTC).
 */

export type AttendanceEventKind = 'participant_joined' | 'participant_left' | 'room_started' | 'room_finished';

/** One stored event (a row of `attendance_events`). */
export interface AttendanceEvent {
  /** LiveKit WebhookEvent.id */
  id: string;
  kind: AttendanceEventKind;
  /** When it happened, epoch ms (UTC). */
  at: number;
  /** LiveKit identity (participant events). */
  identity?: string | null;
  /** LiveKit participant sid: one per connection; pairs a joined with its left. */
  sid?: string | null;
  name?: string | null;
  role?: string | null;
  /** `participant_left` only: the participant's joinedAt (epoch ms), when LiveKit gave it. */
  sessionJoinedAt?: number | null;
}

/** Someone expected at the meeting (LTI launch, NRPS roster…), who counts as absent until they join. */
export interface ExpectedPerson {
  identity: string;
  name: string | null;
  source: string;
  /** LTI `sub`, when known. */
  sub?: string | null;
  role?: string | null;
}

/** Per-organisation thresholds (see organization_attendance_settings). */
export interface AttendanceThresholds {
  /** present/late: share of the reference duration, in % (default 80) */
  presentPercent: number;
  /** partial: at least this % (default 30); below: absent */
  partialPercent: number;
  /** minutes after the start within which a first join counts as on time (default 15) */
  graceMinutes: number;
  /** a re-join within this many seconds of leaving continues the previous cycle (default 120) */
  rejoinMergeSeconds: number;
}

export const DEFAULT_THRESHOLDS: AttendanceThresholds = { presentPercent: 80, partialPercent: 30, graceMinutes: 15, rejoinMergeSeconds: 120 };

export type AttendanceStatus = 'present' | 'late' | 'partial' | 'absent';

export interface Cycle {
  /** epoch ms */
  joinedAt: number;
  /** epoch ms; for an open cycle, the instant it was counted up to (`now`) */
  leftAt: number;
  /** still connected (no leave, no room end yet) */
  open: boolean;
  seconds: number;
}

export interface PersonAttendance {
  identity: string;
  name: string | null;
  sub: string | null;
  role: string | null;
  /** where we knew them from before they joined (null: only seen joining) */
  expectedSource: string | null;
  cycles: Cycle[];
  firstJoinedAt: number | null;
  lastLeftAt: number | null;
  /** total connected time, whole seconds (cycles after merging) */
  seconds: number;
  /** seconds / reference duration, in %, capped at 100, one decimal */
  percent: number;
  status: AttendanceStatus;
}

export interface AttendanceComputation {
  /** The reference window: scheduled start/end, else the room's actual start/end. null: nothing to measure against. */
  window: { start: number; end: number; source: 'scheduled' | 'room' } | null;
  /** Room activity seen through webhooks (first room_started, last room_finished), epoch ms. */
  room: { startedAt: number | null; finishedAt: number | null };
  /** false while someone is still connected or the room has not finished */
  final: boolean;
  people: PersonAttendance[];
  statistics: { people: number; present: number; late: number; partial: number; absent: number; averagePercent: number };
}

export interface ComputeInput {
  events: AttendanceEvent[];
  expected?: ExpectedPerson[];
  /** The meeting's schedule, epoch ms (null: unscheduled). */
  scheduledStartAt?: number | null;
  scheduledEndAt?: number | null;
  /** meetings.started_at / ended_at, used when webhooks about the room are missing. */
  meetingStartedAt?: number | null;
  meetingEndedAt?: number | null;
  /** "now", epoch ms: open cycles are counted up to it. */
  now: number;
  thresholds?: AttendanceThresholds;
}

interface Session {
  identity: string;
  start: number;
  end: number | null;
}

/**
 * Compute attendance for one meeting.
 *
 * 1. Sessions: a `participant_joined` and a `participant_left` with the same participant sid are one connection.
 *    A left whose joined never arrived starts at its `sessionJoinedAt` (LiveKit sends left without joined when a
 *    connection failed, livekit/livekit#1130). Events without a sid are paired per identity in time order.
 * 2. A session with no leave closes at the first `room_finished` after it started, else at `meetingEndedAt`,
 *    else stays open (counted to `now`).
 * 3. Per identity, sessions sorted by start are merged when one starts within `rejoinMergeSeconds` of the
 *    previous one's end (or overlaps it: two tabs) → cycles. The merged gap counts as attended time.
 * 4. Reference window: scheduled start/end, else the room's first start and last finish (else the meeting's
 *    started/ended, else the first join and `now`). percent = seconds / window duration, capped at 100.
 * 5. Status: present (≥ presentPercent and first join ≤ start + grace), late (≥ presentPercent, joined after),
 *    partial (≥ partialPercent), absent (below, or never joined). Comparisons are exact (integer ms).
 */
export function computeAttendance(input: ComputeInput): AttendanceComputation {
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  const seen = new Set<string>();
  const events = input.events
    .filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)))
    .sort((a, b) => a.at - b.at || rank(a.kind) - rank(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const roomStarts = events.filter((e) => e.kind === 'room_started').map((e) => e.at);
  const roomFinishes = events.filter((e) => e.kind === 'room_finished').map((e) => e.at);

  // Latest known name/role per identity (by event time).
  const names = new Map<string, string>();
  const roles = new Map<string, string>();
  const sessions: Session[] = [];
  const bySid = new Map<string, Session>();
  const openBySidless = new Map<string, Session>();
  for (const e of events) {
    if (e.kind !== 'participant_joined' && e.kind !== 'participant_left') continue;
    const identity = e.identity;
    if (!identity) continue;
    if (e.name) names.set(identity, e.name);
    if (e.role) roles.set(identity, e.role);
    if (e.sid) {
      let s = bySid.get(e.sid);
      if (!s) {
        s = { identity, start: e.kind === 'participant_joined' ? e.at : (e.sessionJoinedAt ?? e.at), end: null };
        bySid.set(e.sid, s);
        sessions.push(s);
      }
      if (e.kind === 'participant_joined') s.start = Math.min(s.start, e.at);
      else {
        if (e.sessionJoinedAt != null) s.start = Math.min(s.start, e.sessionJoinedAt);
        s.end = Math.max(s.end ?? e.at, e.at);
      }
      continue;
    }
    const open = openBySidless.get(identity);
    if (e.kind === 'participant_joined') {
      if (!open) {
        const s: Session = { identity, start: e.at, end: null };
        sessions.push(s);
        openBySidless.set(identity, s);
      }
    } else if (open) {
      open.end = e.at;
      openBySidless.delete(identity);
    } else {
      sessions.push({ identity, start: e.sessionJoinedAt ?? e.at, end: e.at });
    }
  }

  // Close sessions without a leave at the room's end.
  let anyOpen = false;
  const closed = sessions.map((s) => {
    if (s.end !== null) return { identity: s.identity, start: s.start, end: Math.max(s.end, s.start), open: false };
    const finish = roomFinishes.find((f) => f >= s.start) ?? (input.meetingEndedAt != null && input.meetingEndedAt >= s.start ? input.meetingEndedAt : null);
    if (finish !== null) return { identity: s.identity, start: s.start, end: finish, open: false };
    anyOpen = true;
    return { identity: s.identity, start: s.start, end: Math.max(input.now, s.start), open: true };
  });

  // Merge per identity into cycles.
  const mergeMs = t.rejoinMergeSeconds * 1000;
  const cyclesOf = new Map<string, Cycle[]>();
  for (const s of closed.sort((a, b) => a.start - b.start || a.end - b.end)) {
    const list = cyclesOf.get(s.identity) ?? [];
    const last = list[list.length - 1];
    if (last && s.start - last.leftAt <= mergeMs) {
      if (s.end > last.leftAt) {
        last.leftAt = s.end;
        last.open = s.open;
      } else if (s.open) last.open = true;
    } else {
      list.push({ joinedAt: s.start, leftAt: s.end, open: s.open, seconds: 0 });
    }
    cyclesOf.set(s.identity, list);
  }
  for (const list of cyclesOf.values()) for (const c of list) c.seconds = Math.floor((c.leftAt - c.joinedAt) / 1000);

  const roomStartedAt = roomStarts[0] ?? null;
  const roomFinishedAt = roomFinishes.length ? roomFinishes[roomFinishes.length - 1]! : null;
  const firstJoin = closed.length ? Math.min(...closed.map((s) => s.start)) : null;
  const start = input.scheduledStartAt ?? roomStartedAt ?? input.meetingStartedAt ?? firstJoin;
  let end = input.scheduledEndAt ?? null;
  if (end === null && start !== null) {
    const lastFinish = roomFinishedAt !== null && roomFinishedAt > start && !anyOpen ? roomFinishedAt : null;
    end = lastFinish ?? (input.meetingEndedAt != null && !anyOpen ? input.meetingEndedAt : input.now);
  }
  const window =
    start !== null && end !== null && end > start
      ? { start, end, source: (input.scheduledStartAt != null && input.scheduledEndAt != null ? 'scheduled' : 'room') as 'scheduled' | 'room' }
      : null;

  // Everyone: expected people first (in their order), then whoever joined.
  const expected = new Map<string, ExpectedPerson>();
  for (const p of input.expected ?? []) {
    const prev = expected.get(p.identity);
    expected.set(p.identity, prev ? { ...p, ...prev, sub: prev.sub ?? p.sub, name: prev.name ?? p.name, role: prev.role ?? p.role } : p);
  }
  const identities = [...new Set([...expected.keys(), ...cyclesOf.keys()])];
  const durationMs = window ? window.end - window.start : 0;
  const people: PersonAttendance[] = identities.map((identity) => {
    const cycles = cyclesOf.get(identity) ?? [];
    const exp = expected.get(identity);
    const seconds = cycles.reduce((n, c) => n + c.seconds, 0);
    const firstJoinedAt = cycles[0]?.joinedAt ?? null;
    const lastLeftAt = cycles.length ? Math.max(...cycles.map((c) => c.leftAt)) : null;
    const percent = durationMs > 0 ? Math.min(100, Math.round((seconds * 1000 * 1000) / durationMs) / 10) : 0;
    return {
      identity,
      name: names.get(identity) ?? exp?.name ?? null,
      sub: exp?.sub ?? null,
      role: roles.get(identity) ?? exp?.role ?? null,
      expectedSource: exp?.source ?? null,
      cycles,
      firstJoinedAt,
      lastLeftAt,
      seconds,
      percent,
      status: statusOf(seconds, firstJoinedAt, window, t),
    };
  });

  const count = (s: AttendanceStatus) => people.filter((p) => p.status === s).length;
  const averagePercent = people.length ? Math.round((people.reduce((n, p) => n + p.percent, 0) / people.length) * 10) / 10 : 0;
  return {
    window,
    room: { startedAt: roomStartedAt, finishedAt: roomFinishedAt },
    final: !anyOpen && (roomFinishedAt !== null || input.meetingEndedAt != null),
    people,
    statistics: { people: people.length, present: count('present'), late: count('late'), partial: count('partial'), absent: count('absent'), averagePercent },
  };
}

/** Same instant: a room starts before people join, people join before they leave, and leave before the room ends. */
function rank(k: AttendanceEventKind) {
  return k === 'room_started' ? 0 : k === 'participant_joined' ? 1 : k === 'participant_left' ? 2 : 3;
}

/**
 * The status for `seconds` attended out of the window, exact in integers:
 * seconds·1000·100 ≥ percent·durationMs.
 */
export function statusOf(
  seconds: number,
  firstJoinedAt: number | null,
  window: { start: number; end: number } | null,
  t: AttendanceThresholds = DEFAULT_THRESHOLDS,
): AttendanceStatus {
  if (firstJoinedAt === null || !window) return 'absent';
  const attendedMs100 = seconds * 1000 * 100;
  const durationMs = window.end - window.start;
  if (attendedMs100 >= t.presentPercent * durationMs) {
    return firstJoinedAt <= window.start + t.graceMinutes * 60_000 ? 'present' : 'late';
  }
  if (attendedMs100 >= t.partialPercent * durationMs) return 'partial';
  return 'absent';
}
