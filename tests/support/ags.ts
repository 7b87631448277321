/**
 * Run the `lti-ags-score` job handler (lti/ags.ts `sendScore`) for every pending score, oldest first, as a worker
 * would, for tests that do not start workers. A handler that throws counts as `retry` (pg-boss would retry it).
 */
import type { Deps } from '../../server/deps.js';
import { sendScore } from '../../lti/ags.js';

export async function sendPendingScores(deps: Deps): Promise<{ sent: number; retry: number; dead: number }> {
  const rows = await deps.sql<{ id: string }[]>`SELECT id FROM lti_score_outbox WHERE status = 'pending' ORDER BY score_timestamp`;
  const out = { sent: 0, retry: 0, dead: 0 };
  for (const r of rows) {
    try {
      const outcome = await sendScore(deps, r.id);
      if (outcome === 'sent') out.sent++;
      if (outcome === 'dead') out.dead++;
    } catch {
      out.retry++;
    }
  }
  return out;
}
