/**
 * Coffee-chat profiles: one per person (the integrator's user id) and organisation.
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { Profile, ProfileInput } from './schemas.js';
import * as store from './store.js';
import type { ProfileRow } from './store.js';
import type { Organization } from '../organizations/store.js';
import { mergeWindows, statedOrAnytime } from './availability.js';
import type { MatchPerson } from './matching.js';

/** The public shape of a profile. */
export function toProfile(r: ProfileRow): Profile {
  return {
    userId: r.userId,
    displayName: r.displayName,
    email: r.email,
    headline: r.headline,
    industry: r.industry,
    location: r.location,
    interests: r.interests,
    role: r.role,
    languages: r.languages,
    timezone: r.timezone,
    availability: r.availability,
    matchingOptIn: r.matchingOptIn,
    paused: r.paused,
    pausedReason: r.pausedReason,
    skipNextRound: r.skipNextRound,
    blocked: r.blocked,
    unansweredIntros: r.unansweredIntros,
    matchPriority: r.matchPriority,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The matcher's view of a profile (no availability stated = free all week, as for requests). */
export const toMatchPerson = (r: ProfileRow): MatchPerson => ({
  id: r.userId,
  role: r.role,
  industry: r.industry,
  interests: r.interests,
  languages: r.languages,
  timezone: r.timezone,
  availability: statedOrAnytime(r.availability),
  blocked: r.blocked,
  priority: r.matchPriority,
});

/** @throws AppError 404 `not_found` (field `userId` or the given one) when `userId` has no profile in `org` */
export async function requireProfile(deps: Deps, org: Organization, userId: string, field = 'userId'): Promise<ProfileRow> {
  const p = await store.findProfile(deps.sql, org.id, userId);
  if (!p) throw new AppError(404, 'not_found', `No coffee profile for user ${userId}`, field);
  return p;
}

/**
 * Create or replace the profile of `userId` (PUT semantics: fields left out take their defaults).
 * Un-pausing clears `pausedReason` and the unanswered-intro count.
 * Availability windows of a weekday that overlap, touch or repeat are merged (as calendar tools do: Mon 09–11
 * and 10–12 are stored as Mon 09–12); the profile that comes back shows what was stored. Repeated `blocked` ids
 * and interests are kept once.
 * @throws AppError 400 `invalid_block` naming `blocked.i` for oneself or for a user id that has no coffee
 *   profile in the organisation (ids already on the stored list are kept even when their profile is gone)
 */
export async function putProfile(deps: Deps, org: Organization, userId: string, input: ProfileInput): Promise<Profile> {
  const before = await store.findProfile(deps.sql, org.id, userId);
  const self = input.blocked.indexOf(userId);
  if (self >= 0) throw new AppError(400, 'invalid_block', `blocked.${self}: you cannot block yourself`, `blocked.${self}`);
  const added = input.blocked.filter((b) => !before?.blocked.includes(b));
  if (added.length) {
    const known = new Set((await store.findProfiles(deps.sql, org.id, added)).map((p) => p.userId));
    const i = input.blocked.findIndex((b) => added.includes(b) && !known.has(b));
    if (i >= 0) throw new AppError(400, 'invalid_block', `blocked.${i}: no coffee profile for user ${input.blocked[i]}`, `blocked.${i}`);
  }
  const row = await store.upsertProfile(deps.sql, {
    organizationId: org.id,
    userId,
    ...input,
    availability: mergeWindows(input.availability),
    interests: [...new Set(input.interests)],
    blocked: [...new Set(input.blocked)],
    pausedReason: input.paused ? (before?.paused && before.pausedReason ? before.pausedReason : 'self') : null,
  });
  return toProfile(row);
}

/** @throws AppError 404 */
export async function getProfile(deps: Deps, org: Organization, userId: string): Promise<Profile> {
  return toProfile(await requireProfile(deps, org, userId));
}
