/**
 * Run the `lti-ags-score` job handler (lti/ags.ts `sendScore`) for every pending score, oldest first, as a worker
 * would, for tests that do not start workers. A handler that throws counts as `retry` (pg-boss would retry it).
 */
import type { Deps } from '../../server/deps.js';
import { pendingScoreIds, sendScore } from '../../lti/ags.js';

export async function sendPendingScores(deps: Deps): Promise<{ sent: number; retry: number; dead: number }> {
  const out = { sent: 0, retry: 0, dead: 0 };
  for (const id of await pendingScoreIds(deps)) {
    try {
      const outcome = await sendScore(deps, id);
      if (outcome === 'sent') out.sent++;
      if (outcome === 'dead') out.dead++;
    } catch {
      out.retry++;
    }
  }
  return out;
}
