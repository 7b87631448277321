/**
 * "People to meet" for one person, ranked by the matcher's pair score (availability over the coming week).
 */
import type { Deps } from '../../deps.js';
import * as store from './store.js';
import type { Organization } from '../organizations/store.js';
import { mondayUtc, overlapSlots, WEEK_MS } from './availability.js';
import { pairWeight, prepare } from './matching.js';
import { requireProfile, toMatchPerson } from './profiles.js';

/** A chat within this many days counts as "met recently". */
export const RECENT_DAYS = 90;
/** Nor anyone met in the organisation's last this-many rounds. */
export const RECENT_ROUNDS = 6;

/**
 * Ranked suggestions for `userId`: shared interests, same industry, alumnus↔student, common free time next
 * week (UTC, from both weekly availabilities in their zones). Never someone blocked (either way), paused, or
 * met recently (a chat accepted in the last 90 days, or a pair in the last 6 rounds); never someone with no
 * common time or language. Profiles without availability count as free all week (as everywhere). Ranks at most 5,000
 * candidates of the organisation (scored in memory).
 * @param q.limit how many (1–50)
 * @returns `{items: [{userId, displayName, headline, role, industry, score, sharedInterests, commonHalfHours}]}`
 * @throws AppError 404 when `userId` has no profile
 */
export async function suggestions(deps: Deps, org: Organization, userId: string, q: { limit: number }, now = new Date()) {
  const me = await requireProfile(deps, org, userId);
  const pool = await store.listSuggestionPool(deps.sql, org.id, me, new Date(now.getTime() - RECENT_DAYS * 86_400_000), RECENT_ROUNDS);
  const weekStartMs = mondayUtc(now.getTime() + WEEK_MS);
  const people = [me, ...pool].map((p) => ({ ...toMatchPerson(p), priority: false }));
  const P = prepare(people, { weekStartMs });
  const mine = new Set(me.interests);
  const items = pool
    .map((p, i) => ({ p, score: pairWeight(P, 0, i + 1), common: overlapSlots(P.masks[0]!, P.masks[i + 1]!) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || b.common - a.common || (a.p.userId < b.p.userId ? -1 : 1))
    .slice(0, q.limit)
    .map(({ p, score, common }) => ({
      userId: p.userId,
      displayName: p.displayName,
      headline: p.headline,
      role: p.role,
      industry: p.industry,
      score,
      sharedInterests: p.interests.filter((t) => mine.has(t)),
      commonHalfHours: common,
    }));
  return { items };
}
