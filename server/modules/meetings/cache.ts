/**
 * A per-instance read cache of meeting rows for the join hot path, kept correct across instances by
 * PostgreSQL LISTEN/NOTIFY: every write to a meeting (modules/meetings/store.ts) sends `NOTIFY meeting_changed, '<id>'`
 * in its transaction, so other instances drop the row when the change commits. It holds nothing another
 * instance needs: losing it only costs a query. Entries also expire after `ttlMs` and the whole cache is
 * dropped whenever the LISTEN connection (re)connects, in case a notification was missed meanwhile.
 */
import type { Sql } from '../../db/db.js';
import { findMeetingById, type MeetingRow } from './store.js';

export const MEETING_CHANNEL = 'meeting_changed';

export interface MeetingCache {
  /** The meeting row, from cache when fresh, else from PostgreSQL. */
  get(id: string): Promise<MeetingRow | undefined>;
  /** The meeting row when the cache holds a fresh copy, else undefined (then use `get`): a hit without a promise. */
  cached(id: string): MeetingRow | undefined;
  /** Start listening; resolves once LISTEN is active. */
  start(): Promise<void>;
}

export function createMeetingCache(sql: Sql, opts: { ttlMs?: number; maxEntries?: number } = {}): MeetingCache {
  const ttlMs = opts.ttlMs ?? 30_000;
  const maxEntries = opts.maxEntries ?? 10_000;
  const rows = new Map<string, { row: MeetingRow; at: number }>();
  // Bumped on every invalidation: a read that started before one must not be cached after it.
  let generation = 0;
  const invalidate = (id?: string) => {
    generation++;
    if (id) rows.delete(id);
    else rows.clear();
  };
  let listening = false;
  return {
    async start() {
      await sql.listen(MEETING_CHANNEL, (id) => invalidate(id), () => {
        listening = true;
        invalidate();
      });
    },
    cached(id) {
      const hit = rows.get(id);
      return hit && listening && Date.now() - hit.at < ttlMs ? hit.row : undefined;
    },
    async get(id) {
      const hit = this.cached(id);
      if (hit) return hit;
      const gen = generation;
      const row = await findMeetingById(sql, id);
      if (row && listening && gen === generation) {
        if (rows.size >= maxEntries) rows.clear();
        rows.set(id, { row, at: Date.now() });
      }
      return row;
    },
  };
}
