/**
 * Engagement analytics of one meeting session: a pure function from the attendance cycles and the per-source
 * counts to the summary and the per-person figures. No I/O. All instants are epoch milliseconds (UTC).
 *
 * Participants over time come from the attendance cycles (one identity's cycles never overlap: the attendance
 * module merges re-joins and second tabs), so the number of people in the room at an instant is the number of
 * cycles covering it. Cycles are half-open [joinedAt, leftAt): someone leaving and someone joining at the same
 * instant never count as two.
 */

/** One person's presence, from the attendance report. */
export interface PersonCycles {
  identity: string;
  name: string | null;
  role: string | null;
  /** [joinedAt, leftAt) in epoch ms; leftAt null: still connected (counted up to `now`) */
  cycles: { joinedAt: number; leftAt: number | null }[];
}

export interface ScreenShareInterval {
  identity: string;
  /** epoch ms; null: the publish was never reported */
  startedAt: number | null;
  /** epoch ms; null: still shared, or the unpublish was never reported */
  endedAt: number | null;
}

export interface AnalyticsInput {
  people: PersonCycles[];
  messages: Map<string, number>;
  hands: Map<string, number>;
  polls: { polls: number; answers: number; answeredBy: Map<string, number> };
  screenShares: ScreenShareInterval[];
  /** the report instant, epoch ms: open cycles and open shares end here */
  now: number;
}

export interface PersonAnalytics {
  identity: string;
  name: string | null;
  role: string | null;
  /** time in the room, whole seconds (sum of the cycles) */
  seconds: number;
  cycles: number;
  messages: number;
  handsRaised: number;
  pollsAnswered: number;
  /** time this person shared their screen, whole seconds (overlapping shares once) */
  screenShareSeconds: number;
}

export interface AnalyticsComputation {
  /** the span anyone was in the room: first join to last leave (or `now`); null: nobody joined */
  span: { start: number; end: number } | null;
  /** the most people in the room at once, and the first instant it happened */
  peakParticipants: number;
  peakAt: number | null;
  /** time-weighted mean of the people in the room over `span`, two decimals (0 without a span) */
  averageParticipants: number;
  /** time anyone was sharing a screen, whole seconds (simultaneous shares once) */
  screenShareSeconds: number;
  messages: number;
  handsRaised: number;
  polls: number;
  pollAnswers: number;
  people: PersonAnalytics[];
}

type Interval = [number, number];

/** Total length of the union of intervals, ms. */
export function unionMs(intervals: Interval[]): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cur: Interval | null = null;
  for (const [a, b] of sorted) {
    if (cur && a <= cur[1]) cur[1] = Math.max(cur[1], b);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [a, b];
    }
  }
  return cur ? total + cur[1] - cur[0] : total;
}

/**
 * Peak and time-weighted average of concurrent intervals. Ends sort before starts at the same instant (half-open).
 * @returns peak count, the first instant it was reached, and the average over [min start, max end] (two decimals)
 */
export function concurrency(intervals: Interval[]): { peak: number; peakAt: number | null; average: number; span: { start: number; end: number } | null } {
  const valid = intervals.filter(([a, b]) => b > a);
  if (!valid.length) return { peak: 0, peakAt: null, average: 0, span: null };
  const edges: [number, number][] = [];
  for (const [a, b] of valid) edges.push([a, 1], [b, -1]);
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let n = 0;
  let peak = 0;
  let peakAt: number | null = null;
  for (const [t, d] of edges) {
    n += d;
    if (n > peak) (peak = n), (peakAt = t);
  }
  const start = Math.min(...valid.map((i) => i[0]));
  const end = Math.max(...valid.map((i) => i[1]));
  const total = valid.reduce((s, [a, b]) => s + (b - a), 0);
  return { peak, peakAt, average: Math.round((total / (end - start)) * 100) / 100, span: { start, end } };
}

/**
 * Compute the analytics of one session.
 * - people: everyone in the attendance report (expected people who never joined with zeros), then anyone seen
 *   only through another source (a message, a share), in that order.
 * - A share whose publish was never reported starts with the sharer's cycle that holds its end; one whose
 *   unpublish was never reported ends with the sharer's cycle that holds its start (else at `now`).
 */
export function computeAnalytics(input: AnalyticsInput): AnalyticsComputation {
  const cyclesOf = new Map<string, Interval[]>();
  const people = new Map<string, PersonCycles>();
  for (const p of input.people) {
    people.set(p.identity, p);
    cyclesOf.set(p.identity, p.cycles.map((c) => [c.joinedAt, c.leftAt ?? Math.max(input.now, c.joinedAt)] as Interval));
  }
  const holding = (identity: string, t: number) => (cyclesOf.get(identity) ?? []).find(([a, b]) => a <= t && t <= b);

  const shares = new Map<string, Interval[]>();
  for (const s of input.screenShares) {
    const start = s.startedAt ?? (s.endedAt !== null ? holding(s.identity, s.endedAt)?.[0] : undefined);
    if (start === undefined || start === null) continue;
    const end = s.endedAt ?? holding(s.identity, start)?.[1] ?? Math.max(input.now, start);
    const list = shares.get(s.identity) ?? [];
    list.push([start, end]);
    shares.set(s.identity, list);
  }

  const identities = [...new Set([...people.keys(), ...input.messages.keys(), ...input.hands.keys(), ...input.polls.answeredBy.keys(), ...shares.keys()])];
  const rows: PersonAnalytics[] = identities.map((identity) => {
    const p = people.get(identity);
    const cycles = cyclesOf.get(identity) ?? [];
    return {
      identity,
      name: p?.name ?? null,
      role: p?.role ?? null,
      seconds: Math.floor(cycles.reduce((s, [a, b]) => s + Math.max(0, b - a), 0) / 1000),
      cycles: cycles.length,
      messages: input.messages.get(identity) ?? 0,
      handsRaised: input.hands.get(identity) ?? 0,
      pollsAnswered: input.polls.answeredBy.get(identity) ?? 0,
      screenShareSeconds: Math.floor(unionMs(shares.get(identity) ?? []) / 1000),
    };
  });

  const c = concurrency([...cyclesOf.values()].flat());
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    span: c.span,
    peakParticipants: c.peak,
    peakAt: c.peakAt,
    averageParticipants: c.average,
    screenShareSeconds: Math.floor(unionMs([...shares.values()].flat()) / 1000),
    messages: sum(input.messages),
    handsRaised: sum(input.hands),
    polls: input.polls.polls,
    pollAnswers: input.polls.answers,
    people: rows,
  };
}
