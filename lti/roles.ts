/**
 * LIS roles (LTI 1.3 core §5.3.7, LIS vocabulary) → room roles. The most privileged match wins;
 * institution/system roles count only for Administrator.
 *  - Instructor, Administrator (context, institution or system) → host
 *  - TeachingAssistant (Instructor#TeachingAssistant or membership#TeachingAssistant), ContentDeveloper → moderator
 *  - Learner → participant
 *  - Mentor (incl. Canvas observers), anything else → viewer
 */
import type { Role } from '../server/livekit/tokens.js';

const rank: Record<Role, number> = { viewer: 0, participant: 1, moderator: 2, host: 3 };

function roleOf(uri: string): Role {
  // Short forms ("Instructor") are deprecated but still sent by some platforms.
  const r = uri.replace(/^https?:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\//, '');
  // Institution and system roles say who someone is elsewhere; only their Administrator role grants anything here.
  if (/^(institution|system)\/person#/.test(r)) return /#(Administrator|SysAdmin)$/.test(r) ? 'host' : 'viewer';
  // Whole role names only (after `#` or `/`): "NotAnAdministrator" or "TeachingAssistantApplicant" grant nothing.
  if (/(^|[#/])(TeachingAssistant|ContentDeveloper)$/i.test(r)) return 'moderator';
  if (/(^|[#/])(Instructor|Administrator|Faculty)$/i.test(r)) return 'host';
  if (/(^|[#/])(Learner|Student)$/i.test(r)) return 'participant';
  return 'viewer';
}

/** Map the `https://purl.imsglobal.org/spec/lti/claim/roles` array to one room role. */
export function roomRoleFor(roles: readonly string[]): Role {
  let best: Role = 'viewer';
  for (const uri of roles) {
    const r = roleOf(uri);
    if (rank[r] > rank[best]) best = r;
  }
  return best;
}
