/**
 * The course roster through Names and Role Provisioning Services 2.0 (§2.2 membership container, §2.4 paging by
 * `Link: <…>; rel="next"`). Members become expected attendees of the meeting (absent unless they join) and are
 * graded after each session like those who launched. Access tokens come from ltijs (client_credentials).
 */
import type { Deps } from '../server/deps.js';
import { upsertExpectedAttendees } from '../server/modules/attendance/store.js';
import { getLti } from './provider.js';
import { ltiIdentity } from './identity.js';
import { roomRoleFor } from './roles.js';
import { displayText, emailOrNull, isLtiIdentifier } from './claims.js';

const SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const USER_AGENT = 'video-rooms-lti/1.0 (+LTI NRPS 2.0)';

interface Member {
  userId: string;
  name: string | null;
  email: string | null;
  roles: string[];
}

/**
 * One membership of the container (NRPS 2.0 §2.2), checked and cleaned: null when it is not an active member with
 * a usable `user_id` (the LTI `sub`: printable ASCII, 1–255 characters, LTI Core §5.3.6). Names and email are
 * display text (control characters out, cut to size); roles that are not strings are dropped.
 */
function readMember(m: unknown): Member | null {
  if (typeof m !== 'object' || m === null) return null;
  const r = m as Record<string, unknown>;
  if ((r.status ?? 'Active') !== 'Active') return null;
  if (!isLtiIdentifier(r.user_id)) return null;
  const given = [r.given_name, r.family_name].filter((x) => typeof x === 'string').join(' ');
  const roles = Array.isArray(r.roles) ? r.roles.filter((x): x is string => typeof x === 'string' && x.length <= 1024) : [];
  return { userId: r.user_id, name: displayText(r.name, 200) ?? displayText(given, 200), email: emailOrNull(r.email), roles };
}

/**
 * Fetch the roster of a resource link's context and store it (replacing the previous copy).
 * @returns the number of active members stored; 0 when the launch offered no NRPS endpoint
 * @throws Error when the platform answers an error (the job retries)
 */
export async function syncRoster(deps: Deps, resourceLinkUuid: string): Promise<{ members: number }> {
  const [rl] = await deps.sql<{ issuer: string; clientId: string; nrpsUrl: string | null; meetingId: string }[]>`
    SELECT issuer, client_id AS "clientId", nrps_url AS "nrpsUrl", meeting_id AS "meetingId" FROM lti_resource_links WHERE id = ${resourceLinkUuid}`;
  if (!rl?.nrpsUrl) return { members: 0 };
  const lti = await getLti(deps);
  const platform = await lti.getPlatform(rl.issuer, rl.clientId);
  if (!platform || Array.isArray(platform)) return { members: 0 };
  const token = await (platform as unknown as { platformAccessToken(s: string): Promise<{ token_type: string; access_token: string }> }).platformAccessToken(SCOPE);
  const members: unknown[] = [];
  let url: string | null = rl.nrpsUrl;
  for (let page = 0; url && page < 100; page++) {
    const res: Response = await fetch(url, {
      headers: { authorization: `${token.token_type} ${token.access_token}`, accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json', 'user-agent': USER_AGENT },
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`NRPS ${url} answered ${res.status}`);
    const container = (await res.json()) as { members?: unknown };
    if (Array.isArray(container?.members)) members.push(...container.members);
    url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
  }
  // One row per user_id (a platform may list someone twice): the first wins.
  const byUser = new Map<string, Member>();
  for (const m of members.map(readMember)) if (m && !byUser.has(m.userId)) byUser.set(m.userId, m);
  const active = [...byUser.values()];
  await deps.sql.begin(async (tx) => {
    await tx`DELETE FROM lti_members WHERE resource_link_uuid = ${resourceLinkUuid}`;
    for (const m of active) {
      await tx`INSERT INTO lti_members (resource_link_uuid, sub, identity, name, email, role)
        VALUES (${resourceLinkUuid}, ${m.userId}, ${ltiIdentity(rl.issuer, m.userId)}, ${m.name}, ${m.email}, ${roomRoleFor(m.roles)})`;
    }
    await upsertExpectedAttendees(
      tx,
      rl.meetingId,
      active
        .filter((m) => ['participant', 'viewer'].includes(roomRoleFor(m.roles)))
        .map((m) => ({ identity: ltiIdentity(rl.issuer, m.userId), name: m.name, source: 'nrps' })),
    );
  });
  return { members: active.length };
}
