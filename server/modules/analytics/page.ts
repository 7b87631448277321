/**
 * The analytics as figures of the instructor's attendance page (attendance/page.ts `PageExtra`): a summary (peak
 * and average participants, screen-share minutes, messages, hands, polls) and per-person columns. Plain values
 * only: the page escapes them (hono/html).
 */
import type { PageExtra } from '../attendance/page.js';
import type { MeetingAnalytics } from './schemas.js';

/** `a` as the attendance page's extra statistics and columns. */
export function analyticsPageExtra(a: MeetingAnalytics): PageExtra {
  const s = a.summary;
  const byId = new Map(a.people.map((p) => [p.identity, p]));
  const col = (key: string, header: string, value: (p: MeetingAnalytics['people'][number]) => number) => ({
    key,
    header,
    cell: (identity: string) => {
      const p = byId.get(identity);
      return p ? value(p) : undefined;
    },
  });
  return {
    title: 'Engagement',
    stats: [
      { key: 'peak', label: 'Peak participants', value: s.peakParticipants },
      { key: 'average', label: 'Average participants', value: s.averageParticipants },
      { key: 'screen-share', label: 'Screen share (min)', value: s.screenShareMinutes },
      { key: 'messages', label: 'Chat messages', value: s.messages },
      { key: 'hands', label: 'Hands raised', value: s.handsRaised },
      { key: 'polls', label: 'Polls', value: s.polls },
    ],
    columns: [
      col('messages', 'Messages', (p) => p.messages),
      col('hands', 'Hands', (p) => p.handsRaised),
      col('polls', 'Polls answered', (p) => p.pollsAnswered),
      col('screen-share', 'Screen share (min)', (p) => p.screenShareMinutes),
    ],
  };
}
