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

const SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const USER_AGENT = 'video-rooms-lti/1.0 (+LTI NRPS 2.0)';

interface Member {
  user_id: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  roles?: string[];
  status?: string;
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
  const members: Member[] = [];
  let url: string | null = rl.nrpsUrl;
  for (let page = 0; url && page < 100; page++) {
    const res: Response = await fetch(url, {
      headers: { authorization: `${token.token_type} ${token.access_token}`, accept: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json', 'user-agent': USER_AGENT },
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`NRPS ${url} answered ${res.status}`);
    members.push(...(((await res.json()) as { members?: Member[] }).members ?? []));
    url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
  }
  const active = members.filter((m) => (m.status ?? 'Active') === 'Active' && m.user_id);
  await deps.sql.begin(async (tx) => {
    await tx`DELETE FROM lti_members WHERE resource_link_uuid = ${resourceLinkUuid}`;
    for (const m of active) {
      const name = m.name ?? ([m.given_name, m.family_name].filter(Boolean).join(' ') || null);
      await tx`INSERT INTO lti_members (resource_link_uuid, sub, identity, name, email, role)
        VALUES (${resourceLinkUuid}, ${m.user_id}, ${ltiIdentity(rl.issuer, m.user_id)}, ${name}, ${m.email ?? null}, ${roomRoleFor(m.roles ?? [])})`;
    }
    await upsertExpectedAttendees(
      tx,
      rl.meetingId,
      active
        .filter((m) => ['participant', 'viewer'].includes(roomRoleFor(m.roles ?? [])))
        .map((m) => ({ identity: ltiIdentity(rl.issuer, m.user_id), name: m.name ?? null, source: 'nrps' })),
    );
  });
  return { members: active.length };
}
