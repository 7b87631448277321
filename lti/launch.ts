/**
 * LTI 1.3 launch without cookies (LTI Core 1.3 §5.1, 1EdTech Security Framework §5.1.1 OIDC third-party login).
 *
 * 1. Login (`/lti/login`): we answer with a small page that remembers a random state id in the tool's own
 *    (partitioned) web storage, or in the platform through LTI client-side postMessage storage when it offers
 *    `lti_storage_target`, then redirects to the platform's authorization endpoint. The `state` we send is a
 *    JWT signed by us (10 min) carrying that id, the issuer, client_id, the nonce and the storage mode.
 * 2. Launch (`/lti/launch`, form_post with id_token + state): a page checks that this browser holds the state
 *    id (login CSRF protection without a cookie), then posts both to `/lti/launch/verify`, which validates the
 *    id_token — RS256 only, signature against the platform JWKS (cached), iss, aud/azp, exp/iat, nonce equal to
 *    the state's and never seen before, known deployment, LTI version and message type — and only then writes:
 *    the meeting of the resource link (created on first launch), the service endpoints, the user.
 * The browser then holds a join ticket for <video-room> and a session bearer token (2 h), never a cookie.
 */
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { ISSUER, signHs256, verifyHs256 } from '../server/shared/signed-tokens.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { ltiIdentity } from './identity.js';
import { z } from 'zod';
import type { Deps } from '../server/deps.js';
import { publicUrl } from '../server/config.js';
import { AppError } from '../server/errors.js';
import { createJoinTicket } from '../server/modules/join/service.js';
import { getAttendanceReport } from '../server/modules/attendance/service.js';
import { createMeeting } from '../server/modules/meetings/service.js';
import { MeetingCreateSchema, type MeetingCreate } from '../server/modules/meetings/schemas.js';
import type { Transaction } from '../server/db/db.js';
import { findMeeting } from '../server/modules/meetings/store.js';
import type { Organization } from '../server/modules/organizations/store.js';
import type { Role } from '../server/livekit/tokens.js';
import { getLti } from './provider.js';
import { roomRoleFor } from './roles.js';
import { ROSTER_QUEUE, ROSTER_RETRY } from './queues.js';
import * as store from './store.js';
import { isToolTarget, readLaunchClaims, type LaunchClaims } from './claims.js';


const STATE_AUD = 'vr-lti-state';
const SESSION_AUD = 'vr-lti-session';
const STATE_TTL_S = 600;
const SESSION_TTL_S = 2 * 3600;
/** id_tokens older than this (by `iat`) are refused: the platform posts them right after issuing. */
const MAX_TOKEN_AGE_S = 300;

/** Printable ASCII (no control characters), 1…max characters: what LTI login parameters carry. */
const loginText = (max: number) => z.string().min(1).max(max).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII');

/**
 * OIDC third-party login initiation parameters (LTI Core §5.1.1.1; Security Framework §5.1.1.1).
 * `target_link_uri` must be on the tool's own origin (checked in startLogin, which knows that origin).
 */
export const LoginParamsSchema = z.object({
  iss: z.string().max(2048).url(),
  login_hint: loginText(2048),
  target_link_uri: z.string().max(2048).url(),
  client_id: loginText(255).optional(),
  lti_deployment_id: loginText(255).optional(),
  lti_message_hint: loginText(4096).optional(),
  lti_storage_target: loginText(255).optional(),
});
export type LoginParams = z.infer<typeof LoginParamsSchema>;

interface StateClaims {
  jti: string;
  /** the platform's issuer (`iss` itself is ours) */
  pi: string;
  cid: string;
  nonce: string;
  /** lti_storage_target when the platform offers postMessage storage */
  st?: string;
  /** the platform's origin, for postMessage */
  po?: string;
}

function sign(deps: Deps, aud: string, claims: object, ttlSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  return signHs256(deps.ticketSecret, { ...claims, aud, iss: ISSUER, iat: now, exp: now + ttlSeconds });
}
const verify = <T>(deps: Deps, aud: string, token: string): T => verifyHs256<T>(deps.ticketSecret, token, aud);

/**
 * OIDC login initiation (LTI Core §5.1.1.1; 1EdTech Security Framework §5.1.1.1).
 * @returns the platform authorization URL to redirect to, and what the login page must store
 * @throws AppError 400 `invalid_target` (field `target_link_uri`) when it is not on the tool's own origin;
 *   400 unknown platform (field `iss`), 400 ambiguous issuer without client_id
 */
export async function startLogin(deps: Deps, p: LoginParams) {
  if (!isToolTarget(p.target_link_uri, publicUrl(deps.config))) {
    throw new AppError(400, 'invalid_target', 'target_link_uri: only a URL on this tool\'s own origin can be launched', 'target_link_uri');
  }
  const regs = p.client_id ? [await store.findRegistration(deps.sql, p.iss, p.client_id)].filter(Boolean) : await store.findRegistrationsByIssuer(deps.sql, p.iss);
  if (regs.length === 0) throw new AppError(400, 'unknown_platform', 'This platform is not registered with the tool', 'iss');
  if (regs.length > 1) throw new AppError(400, 'client_id_required', 'Several registrations share this issuer: send client_id', 'client_id');
  const reg = regs[0]!;
  const lti = await getLti(deps);
  const platform = await lti.getPlatform(reg.issuer, reg.clientId);
  if (!platform || Array.isArray(platform)) throw new AppError(400, 'unknown_platform', 'This platform is not registered with the tool', 'iss');
  const authEndpoint = await platform.platformAuthEndpoint();
  const jti = randomBytes(16).toString('base64url');
  const nonce = randomBytes(24).toString('base64url');
  const claims: StateClaims = { jti, pi: reg.issuer, cid: reg.clientId, nonce, ...(p.lti_storage_target ? { st: p.lti_storage_target, po: new URL(authEndpoint).origin } : {}) };
  const state = sign(deps, STATE_AUD, claims, STATE_TTL_S);
  const q = new URLSearchParams({
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: reg.clientId,
    redirect_uri: `${publicUrl(deps.config)}/lti/launch`,
    login_hint: p.login_hint,
    state,
    nonce,
  });
  if (p.lti_message_hint) q.set('lti_message_hint', p.lti_message_hint);
  const authUrl = `${authEndpoint}${authEndpoint.includes('?') ? '&' : '?'}${q}`;
  return { authUrl, stateId: jti, storageTarget: claims.st ?? null, platformOrigin: claims.po ?? null };
}

/** State claims the launch page needs (readable: the state JWT is signed, not secret). */
export function peekState(deps: Deps, state: string): StateClaims {
  try {
    return verify<StateClaims>(deps, STATE_AUD, state);
  } catch {
    throw new AppError(401, 'invalid_state', 'The launch state is missing, expired or forged; launch again from the course', 'state');
  }
}

const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function jwksFor(url: string) {
  let j = jwksCache.get(url);
  if (!j) jwksCache.set(url, (j = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, headers: { 'user-agent': 'video-rooms-lti/1.0' } })));
  return j;
}

export type LaunchResult =
  | { kind: 'room'; ticket: string; session: string; role: Role; name: string; meeting: { id: string; title: string }; locale: string | null }
  /** An instructor creating a link (LTI Deep Linking 2.0): the page shows the "video session" form. */
  | { kind: 'deep_linking'; deepLinking: string; role: Role; name: string; context: { title: string | null }; locale: string | null };

const DL_AUD = 'vr-lti-deep-linking';
const DL_TTL_S = 3600;
interface DeepLinkingSession {
  pi: string;
  cid: string;
  dep: string;
  org: string;
  ret: string;
  data?: string;
  ctitle?: string;
}


const bad = (code: string, message: string, field = 'id_token') => new AppError(401, code, message, field);

/** Create a meeting of the registration's organisation inside the launch transaction. */
async function openMeeting(deps: Deps, tx: Transaction, organizationId: string, input: MeetingCreate) {
  const [o] = await tx<Organization[]>`SELECT id, name, slug FROM organizations WHERE id = ${organizationId}`;
  return createMeeting(deps, o!, input, tx);
}

/**
 * Validate a launch and open its room (LTI Core 1.3 §5.1.2, §5.3; Security Framework §5.1.3 id_token validation).
 * Nothing is written unless every check passes (claims: lti/claims.ts). The resource link's meeting is created on
 * its first launch; when that meeting was ended, the launch opens a new session (a new meeting of the link).
 * @throws AppError 401 invalid_state / invalid_token (signature, unknown kid, alg, iss, aud, exp, iat, nonce) /
 *   replayed_nonce; 403 unknown_deployment; 400 invalid_claim (field `id_token.<claim>`: sub, azp,
 *   target_link_uri, deployment_id, resource_link.id, roles, …) / wrong_message_type / missing_claim;
 *   409 meeting_cancelled
 */
export async function verifyLaunch(deps: Deps, input: { id_token: string; state: string }): Promise<LaunchResult> {
  const st = peekState(deps, input.state);
  let header;
  try {
    header = decodeProtectedHeader(input.id_token);
  } catch {
    throw bad('invalid_token', 'The id_token is not a JWT');
  }
  if (header.alg !== 'RS256') throw bad('invalid_token', `id_token algorithm ${String(header.alg)} is not allowed (RS256 only)`);
  const reg = await store.findRegistration(deps.sql, st.pi, st.cid);
  if (!reg) throw bad('invalid_token', 'The platform of this launch is no longer registered');
  let claims: JWTPayload & Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(input.id_token, jwksFor(reg.jwksUrl), {
      algorithms: ['RS256'],
      issuer: reg.issuer,
      audience: reg.clientId,
      maxTokenAge: MAX_TOKEN_AGE_S,
      clockTolerance: 5,
      requiredClaims: ['exp', 'iat', 'nonce'],
    }));
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    const why: Record<string, string> = {
      ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'its signature does not match the platform key',
      ERR_JWKS_NO_MATCHING_KEY: 'it is signed with a key (kid) the platform does not publish',
      ERR_JWT_EXPIRED: 'it has expired',
      ERR_JWT_CLAIM_VALIDATION_FAILED: `claim check failed (${(e as { claim?: string }).claim ?? 'claim'})`,
    };
    throw bad('invalid_token', `The id_token was refused: ${why[code] ?? (e as Error).message}`);
  }
  if (claims.nonce !== st.nonce) throw bad('invalid_token', 'The id_token nonce does not match this launch');
  const lc = readLaunchClaims(claims, reg.clientId, publicUrl(deps.config));
  const deploymentId = lc.deploymentId;
  const knownDeployment = await store.deploymentExists(deps.sql, reg.issuer, reg.clientId, deploymentId);
  if (!knownDeployment && !reg.acceptNewDeployments) {
    throw new AppError(403, 'unknown_deployment', 'This deployment of the tool is not registered', 'id_token.deployment_id');
  }
  // The nonce is remembered as long as the token could be accepted (exp, and at most MAX_TOKEN_AGE_S after iat).
  const nonceUntil = new Date((Math.min(Number(claims.exp), Number(claims.iat) + MAX_TOKEN_AGE_S) + 60) * 1000);
  const locale = lc.locale;
  if (lc.messageType === 'LtiDeepLinkingRequest') return startDeepLinking(deps, reg, knownDeployment, lc, String(claims.nonce), nonceUntil);
  const context = lc.context ?? { id: '', title: null, label: null };
  const link = lc.resourceLink!;
  const sub = lc.sub!;
  const role = roomRoleFor(lc.roles);
  const name = lc.name ?? lc.email ?? 'Guest';
  const ags = lc.ags;
  const nrps = lc.nrps;
  const org: Organization = { id: reg.organizationId, name: '', slug: '' };

  const identity = ltiIdentity(reg.issuer, sub);
  const { meetingId, title } = await deps.sql.begin(async (tx) => {
    if (!(await store.useNonce(tx, String(claims.nonce), nonceUntil))) {
      throw bad('replayed_nonce', 'This launch was already used; launch again from the course');
    }
    if (!knownDeployment) await store.addDeployment(tx, reg.issuer, reg.clientId, deploymentId);
    const key = { issuer: reg.issuer, clientId: reg.clientId, deploymentId, contextId: context.id, resourceLinkId: link.id };
    // Serialise the first launch of a link (two people opening it at once must land in one meeting).
    await tx`SELECT pg_advisory_xact_lock(hashtext(${JSON.stringify(key)}))`;
    let rl = await store.findResourceLink(tx, key);
    let title = link.title ?? context.title ?? 'Class session';
    // A link made through Deep Linking names its meeting in a custom parameter (only one of this organisation counts).
    const linked = lc.custom.vr_meeting_id;
    if (!rl && linked && /^[0-9a-f-]{36}$/i.test(linked)) {
      const m = await findMeeting(tx, reg.organizationId, linked);
      if (m) {
        rl = { id: randomUUID(), meetingId: m.id, ...key };
        await store.insertResourceLink(tx, { ...rl, contextTitle: context.title ?? null, resourceTitle: link.title ?? null });
      }
    }
    if (!rl) {
      const m = await openMeeting(deps, tx, reg.organizationId, {
        title,
        description: context.title ? `${context.title}${context.label ? ` (${context.label})` : ''}` : '',
        type: 'class',
        timezone: 'UTC',
        publicJoin: false,
      });
      rl = { id: randomUUID(), meetingId: m.id, ...key };
      await store.insertResourceLink(tx, { ...rl, contextTitle: context.title ?? null, resourceTitle: link.title ?? null });
    }
    const m = (await findMeeting(tx, org.id, rl.meetingId, { forUpdate: true }))!;
    if (m.status === 'cancelled') throw new AppError(409, 'meeting_cancelled', 'This class session was cancelled', 'resource_link');
    if (m.status === 'ended') {
      // A resource link is the class's permanent place: ending a session ended that session only. The next
      // launch opens a new session, a meeting of its own (own LiveKit room, attendance and grades).
      const next = await openMeeting(deps, tx, reg.organizationId, {
        title: m.title,
        description: m.description,
        type: m.type as MeetingCreate['type'],
        timezone: m.timezone,
        publicJoin: false,
        settings: m.settings,
        ...(m.maxParticipants ? { maxParticipants: m.maxParticipants } : {}),
        ...(m.hostUserId ? { host: { userId: m.hostUserId, name: m.hostName ?? m.hostUserId } } : {}),
      });
      await store.openSession(tx, rl.id, next.id);
      rl = { ...rl, meetingId: next.id };
    }
    title = m.title;
    await store.updateEndpoints(tx, rl.id, { lineitems: ags?.lineitems ?? null, lineitem: ags?.lineitem ?? null, scopes: ags?.scope ?? [], nrps: nrps?.contextMembershipsUrl ?? null });
    await store.upsertLaunchUser(tx, { resourceLinkUuid: rl.id, sub, identity, name, email: lc.email, role });
    // Instructors' launches refresh the course roster in the background (NRPS; lti/nrps.ts).
    if ((role === 'host' || role === 'moderator') && nrps) {
      await deps.jobs.boss.send(ROSTER_QUEUE, { resourceLinkUuid: rl.id }, { singletonKey: rl.id, ...ROSTER_RETRY, ...deps.jobs.inTx(tx) });
    }
    return { meetingId: rl.meetingId, title, rl };
  });

  const { ticket } = await createJoinTicket(deps, org, meetingId, { user: { id: identity, name }, role, ttlSeconds: 300 });
  const session = sign(deps, SESSION_AUD, { sub: identity, mid: meetingId, org: org.id, role, name }, SESSION_TTL_S);
  return { kind: 'room', ticket, session, role, name, meeting: { id: meetingId, title }, locale };
}

async function startDeepLinking(deps: Deps, reg: store.Registration, knownDeployment: boolean, lc: LaunchClaims, nonce: string, nonceUntil: Date): Promise<LaunchResult> {
  const settings = lc.deepLinking!;
  if (!settings.acceptTypes.includes('ltiResourceLink')) {
    throw new AppError(400, 'missing_claim', 'The deep linking settings do not accept an LTI resource link', 'id_token.deep_linking_settings');
  }
  const role = roomRoleFor(lc.roles);
  if (role !== 'host' && role !== 'moderator') throw new AppError(403, 'not_instructor', 'Only instructors can add a video session', 'id_token');
  await deps.sql.begin(async (tx) => {
    if (!(await store.useNonce(tx, nonce, nonceUntil))) {
      throw bad('replayed_nonce', 'This launch was already used; launch again from the course');
    }
    if (!knownDeployment) await store.addDeployment(tx, reg.issuer, reg.clientId, lc.deploymentId);
  });
  const ctitle = lc.context?.title ?? null;
  const session: DeepLinkingSession = {
    pi: reg.issuer, cid: reg.clientId, dep: lc.deploymentId, org: reg.organizationId, ret: settings.returnUrl,
    ...(settings.data ? { data: settings.data } : {}), ...(ctitle ? { ctitle } : {}),
  };
  const name = lc.name ?? 'Instructor';
  return { kind: 'deep_linking', deepLinking: sign(deps, DL_AUD, session, DL_TTL_S), role, name, context: { title: ctitle }, locale: lc.locale };
}

/** No control characters (NUL, C0, C1): they make no sense in a title, a zone name or a rule. */
const noControl = (t: z.ZodString) => t.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

/** The instructor's "video session" form (title, optional start, duration in minutes, IANA zone, RRULE). */
export const DeepLinkingInputSchema = z.object({
  title: noControl(z.string().trim().min(1).max(200)),
  startAt: z.iso.datetime({ offset: true }).optional(),
  durationMinutes: z.number().int().min(5).max(600).default(60),
  timezone: noControl(z.string().min(1).max(64)).default('UTC'),
  rrule: noControl(z.string().min(1).max(500)).optional(),
});

/**
 * Create the instructor's "video session" and the Deep Linking response (LTI Deep Linking 2.0 §4.2): one
 * `ltiResourceLink` with a `lineItem` (scoreMaximum 100) and `custom.vr_meeting_id`, signed by ltijs with the
 * tool's key for that platform. The page posts the JWT to `returnUrl` (form field `JWT`).
 * @throws AppError 401 bad/expired deep-linking session; 400 invalid input (field named)
 */
export async function completeDeepLinking(deps: Deps, bearer: string | undefined, input: z.infer<typeof DeepLinkingInputSchema>) {
  let dl: DeepLinkingSession;
  try {
    dl = verify<DeepLinkingSession>(deps, DL_AUD, bearer ?? '');
  } catch {
    throw new AppError(401, 'invalid_session', 'This page has expired; start again from the course');
  }
  const [org] = await deps.sql<Organization[]>`SELECT id, name, slug FROM organizations WHERE id = ${dl.org}`;
  if (!org) throw new AppError(401, 'invalid_session', 'This organisation no longer exists');
  const parsed = MeetingCreateSchema.safeParse({
    title: input.title,
    type: 'class',
    timezone: input.timezone,
    ...(input.startAt ? { scheduledStartAt: input.startAt, durationMinutes: input.durationMinutes } : {}),
    ...(input.rrule && input.startAt ? { recurrence: { rrule: input.rrule } } : {}),
  });
  if (!parsed.success) {
    const f = parsed.error.issues[0]!;
    throw new AppError(400, 'validation_error', `${f.path.join('.')}: ${f.message}`, f.path.join('.'));
  }
  const meeting = await createMeeting(deps, org, parsed.data);
  const base = publicUrl(deps.config);
  const item = {
    type: 'ltiResourceLink',
    title: meeting.title,
    text: meeting.scheduledStartAt ? `Live video session, ${meeting.scheduledStartAt}` : 'Live video session',
    url: `${base}/lti/launch`,
    custom: { vr_meeting_id: meeting.id },
    lineItem: { scoreMaximum: 100, label: `${meeting.title} — attendance`, resourceId: meeting.id, tag: 'vr-attendance' },
    window: { targetName: 'video-room' },
  };
  const lti = await getLti(deps);
  const jwt = await lti.DeepLinking.createDeepLinkingMessage(
    { iss: dl.pi, clientId: dl.cid, deploymentId: dl.dep, platformContext: { deepLinkingSettings: { deep_link_return_url: dl.ret, accept_types: ['ltiResourceLink'], accept_multiple: false, ...(dl.data ? { data: dl.data } : {}) } } },
    [item],
    { message: `Video session “${meeting.title}” added` },
  );
  return { returnUrl: dl.ret, jwt, meeting: { id: meeting.id, title: meeting.title } };
}

/**
 * The attendance report of the session's meeting, for its hosts and moderators (the instructor view).
 * @throws AppError 401 bad/expired session; 403 for learners
 */
export async function attendanceForSession(deps: Deps, bearer: string | undefined) {
  let s: { mid: string; org: string; role: Role };
  try {
    s = verify(deps, SESSION_AUD, bearer ?? '');
  } catch {
    throw new AppError(401, 'invalid_session', 'Your session has expired; launch again from the course');
  }
  if (s.role !== 'host' && s.role !== 'moderator') throw new AppError(403, 'not_instructor', 'Only instructors see attendance');
  return getAttendanceReport(deps, { id: s.org, name: '', slug: '' }, s.mid);
}

/**
 * A fresh join ticket for the holder of a launch session (Authorization: Bearer <session>), e.g. for
 * "open in a new window" (Moodle's iframe never allows screen capture).
 * @throws AppError 401 when the session is missing, forged or expired
 */
export async function ticketForSession(deps: Deps, bearer: string | undefined) {
  let s: { sub: string; mid: string; org: string; role: Role; name: string };
  try {
    s = verify(deps, SESSION_AUD, bearer ?? '');
  } catch {
    throw new AppError(401, 'invalid_session', 'Your session has expired; launch again from the course');
  }
  const org: Organization = { id: s.org, name: '', slug: '' };
  const m = await findMeeting(deps.sql, s.org, s.mid);
  const { ticket } = await createJoinTicket(deps, org, s.mid, { user: { id: s.sub, name: s.name }, role: s.role, ttlSeconds: 300 });
  return { ticket, role: s.role, meeting: { id: s.mid, title: m?.title ?? '' } };
}
