/**
 * Synthetic coffee-round participants from a seeded PRNG (same seed → same people), for bench/matching.ts and
 * the matcher's unit tests: roles 40 % alumni / 50 % students / 10 % staff, 15 industries, 2–5 of 40 interests
 * (skewed), English plus sometimes a second language, 12 zones from Los Angeles to Tokyo, 2–4 weekly windows of
 * 1–3 h between 08:00 and 21:00 local time, 1 % with a block list.
 */
import { prng, type MatchPerson } from '../../server/modules/coffee/matching.js';
import type { WeeklyWindow } from '../../server/modules/coffee/availability.js';

const ZONES = [
  ['America/Los_Angeles', 8], ['America/Chicago', 6], ['America/New_York', 14], ['America/Sao_Paulo', 5],
  ['Europe/London', 12], ['Europe/Berlin', 14], ['Europe/Paris', 10], ['Africa/Lagos', 5],
  ['Asia/Dubai', 4], ['Asia/Kolkata', 10], ['Asia/Singapore', 6], ['Asia/Tokyo', 6],
] as const;
const INDUSTRIES = ['software', 'finance', 'health', 'education', 'law', 'energy', 'media', 'retail', 'consulting', 'public sector', 'biotech', 'manufacturing', 'research', 'nonprofit', 'design'];
const INTERESTS = Array.from({ length: 40 }, (_, i) => `topic-${i}`);
const SECOND = ['de', 'fr', 'es', 'pt', 'hi', 'ja', 'ar'];

/** `n` synthetic people, ids `p0…p{n-1}`. */
export function syntheticPeople(n: number, seed = 42): MatchPerson[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const skewed = <T>(xs: readonly T[]) => xs[Math.floor(r() * r() * xs.length)]!;
  const totalZ = ZONES.reduce((s, z) => s + z[1], 0);
  const zone = () => {
    let x = r() * totalZ;
    for (const [z, w] of ZONES) if ((x -= w) < 0) return z;
    return ZONES[0][0];
  };
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const people: MatchPerson[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    const role = x < 0.4 ? 'alumnus' : x < 0.9 ? 'student' : 'staff';
    const interests = new Set<string>();
    const ni = 2 + Math.floor(r() * 4);
    while (interests.size < ni) interests.add(skewed(INTERESTS));
    const availability: WeeklyWindow[] = [];
    const nw = 2 + Math.floor(r() * 3);
    for (let w = 0; w < nw; w++) {
      const start = 8 + Math.floor(r() * 11);
      availability.push({ weekday: 1 + Math.floor(r() * 7), start: hh(start), end: hh(Math.min(21, start + 1 + Math.floor(r() * 3))) });
    }
    people.push({
      id: `p${i}`,
      role,
      industry: skewed(INDUSTRIES),
      interests: [...interests],
      languages: r() < 0.3 ? ['en', pick(SECOND)] : ['en'],
      timezone: zone(),
      availability,
      blocked: r() < 0.01 ? [`p${Math.floor(r() * n)}`] : [],
    });
  }
  return people;
}
