/** The analytics computation (server/modules/analytics/compute.ts) on hand-made cycles and shares; instants in minutes. */
import { describe, expect, it } from 'vitest';
import { computeAnalytics, concurrency, unionMs } from '../../server/modules/analytics/compute.js';

const M = 60_000;
const none = { messages: new Map(), hands: new Map(), polls: { polls: 0, answers: 0, answeredBy: new Map() }, screenShares: [] };
const person = (identity: string, ...cycles: [number, number | null][]) => ({ identity, name: identity, role: 'participant', cycles: cycles.map(([a, b]) => ({ joinedAt: a * M, leftAt: b === null ? null : b * M })) });

describe('analytics computation', () => {
  it('someone leaving as another joins is never two people at once (half-open cycles)', () => {
    expect(concurrency([[0, 10 * M], [10 * M, 20 * M]])).toEqual({ peak: 1, peakAt: 0, average: 1, span: { start: 0, end: 20 * M } });
  });

  it('the average is weighted by time over first join to last leave; gaps with nobody count as zero', () => {
    // 0–10 alone, nobody 10–20, 20–30 two people: (10 + 20) / 30 = 1
    expect(concurrency([[0, 10 * M], [20 * M, 30 * M], [20 * M, 30 * M]])).toMatchObject({ peak: 2, peakAt: 20 * M, average: 1 });
    expect(concurrency([])).toEqual({ peak: 0, peakAt: null, average: 0, span: null });
  });

  it('overlapping shares count once', () => {
    expect(unionMs([[0, 10], [5, 15], [20, 25], [30, 30]])).toBe(20);
  });

  it('an open cycle and an open share count up to now; a share whose publish was lost starts with the sharer\'s cycle', () => {
    const r = computeAnalytics({
      ...none,
      people: [person('ada', [0, null]), person('bob', [10, 40])],
      screenShares: [
        { identity: 'ada', startedAt: 5 * M, endedAt: null },
        // publish never reported: from Bob's join (10) to the unpublish (25)
        { identity: 'bob', startedAt: null, endedAt: 25 * M },
      ],
      now: 60 * M,
    });
    expect(r.people.map((p) => [p.identity, p.seconds, p.screenShareSeconds])).toEqual([['ada', 3600, 55 * 60], ['bob', 1800, 15 * 60]]);
    expect(r.screenShareSeconds).toBe(55 * 60);
    expect(r.span).toEqual({ start: 0, end: 60 * M });
  });

  it('a share whose unpublish was lost ends with the sharer\'s cycle; people seen only in a source are listed after the others', () => {
    const r = computeAnalytics({
      ...none,
      people: [person('ada', [0, 30])],
      messages: new Map([['ada', 2], ['cat', 1]]),
      hands: new Map([['dan', 3]]),
      polls: { polls: 2, answers: 4, answeredBy: new Map([['ada', 2], ['eve', 1]]) },
      screenShares: [{ identity: 'ada', startedAt: 20 * M, endedAt: null }],
      now: 90 * M,
    });
    expect(r.people.map((p) => p.identity)).toEqual(['ada', 'cat', 'dan', 'eve']);
    expect(r.people[0]).toMatchObject({ screenShareSeconds: 600, messages: 2, pollsAnswered: 2 });
    expect(r).toMatchObject({ messages: 3, handsRaised: 3, polls: 2, pollAnswers: 4 });
  });
});
