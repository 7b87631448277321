/**
 * What we take from a verified id_token, checked claim by claim (LTI Core 1.3 §5.3, §5.4; Security Framework
 * §5.1.3; Deep Linking 2.0 §4.4). The signature, iss, aud, exp and iat are jose's job (lti/launch.ts); this module
 * decides everything else before anything is written:
 *  - identifiers (`sub`, `deployment_id`, `resource_link.id`, `context.id`) must be non-empty strings of at most
 *    255 printable ASCII characters (Core §5.3.3, §5.3.5, §5.3.6 "MUST NOT exceed 255 ASCII characters"); anything
 *    else is refused, never coerced (two launches with an empty `sub` must not become one person);
 *  - `azp`, when present, must be our client_id, and is required when `aud` names several audiences (§5.1.3 items 4–5);
 *  - `target_link_uri` must be on the tool's own origin;
 *  - display text from the platform (names, titles, labels) is cleaned: control characters out, whitespace
 *    collapsed, cut to a length the database and the pages take (never a reason to refuse a class its room);
 *  - service endpoints (AGS, NRPS, deep_link_return_url) must be http(s) URLs.
 * Refusals are AppError 400 `invalid_claim` with `field` = `id_token.<claim>` (short claim names, e.g.
 * `id_token.resource_link.id`); version and message type keep their own codes (`missing_claim`, `wrong_message_type`).
 */
import { AppError } from '../server/errors.js';

export const C = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  dlSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
} as const;

export type MessageType = 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';

/** The claims of a launch, checked and cleaned. Strings are safe to store (no NUL, bounded length). */
export interface LaunchClaims {
  messageType: MessageType;
  /** absent only in a Deep Linking request (Core §5.3.6 requires it for resource link launches) */
  sub: string | null;
  deploymentId: string;
  roles: string[];
  name: string | null;
  email: string | null;
  locale: string | null;
  context: { id: string; title: string | null; label: string | null } | null;
  /** resource link launches only */
  resourceLink: { id: string; title: string | null } | null;
  custom: Record<string, string>;
  ags: { lineitems: string | null; lineitem: string | null; scope: string[] } | null;
  nrps: { contextMembershipsUrl: string } | null;
  /** deep linking requests only */
  deepLinking: { returnUrl: string; acceptTypes: string[]; data: string | null } | null;
}

const refuse = (field: string, message: string) => new AppError(400, 'invalid_claim', `The id_token was refused: ${message}`, `id_token.${field}`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Is `v` an LTI identifier: printable ASCII, 1–255 characters, not blank (Core §5.3.3, §5.3.5, §5.3.6)? */
export const isLtiIdentifier = (v: unknown): v is string => typeof v === 'string' && /^[\x20-\x7e]{1,255}$/.test(v) && v.trim() !== '';

/** An email address from the platform (at most 254 characters, one @, no spaces or control characters), else null. */
export const emailOrNull = (v: unknown): string | null =>
  typeof v === 'string' && v.length <= 254 && /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u.test(v) ? v : null;

function identifier(v: unknown, field: string): string {
  if (!isLtiIdentifier(v)) {
    throw refuse(field, `"${field}" must be a non-empty string of at most 255 printable ASCII characters`);
  }
  return v;
}

/**
 * Display text from the platform, made safe to store and show: non-strings → null; C0/C1 control characters
 * (NUL included) and other whitespace runs → one space; trimmed; cut to `max` code points; empty → null.
 */
export function displayText(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const s = v.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/gu, ' ').trim();
  if (!s) return null;
  const cps = [...s];
  return cps.length > max ? cps.slice(0, max).join('').trimEnd() : s;
}

/** Is `v` an http(s) URL of at most 2048 characters, without control characters? */
export function isHttpUrl(v: unknown): v is string {
  try {
    // eslint-disable-next-line no-control-regex
    return typeof v === 'string' && v.length <= 2048 && !/[\u0000-\u001f\u007f]/.test(v) && /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
}

function httpUrl(v: unknown, field: string, required: boolean): string | null {
  if (v === undefined || v === null) {
    if (required) throw refuse(field, `"${field}" is required`);
    return null;
  }
  if (!isHttpUrl(v)) throw refuse(field, `"${field}" must be an http(s) URL of at most 2048 characters`);
  return v;
}

function stringList(v: unknown, field: string, maxItems: number, maxLength: number): string[] {
  if (!Array.isArray(v) || v.length > maxItems || v.some((x) => typeof x !== 'string' || x.length > maxLength || /[^\x20-\x7e]/.test(x))) {
    throw refuse(field, `"${field}" must be an array of at most ${maxItems} strings (printable ASCII, at most ${maxLength} characters each)`);
  }
  return v as string[];
}

/**
 * Is `uri` on the tool's own origin (scheme, host and port of `toolBase`)? The only valid `target_link_uri`,
 * for the login parameter and the id_token claim alike.
 */
export function isToolTarget(uri: unknown, toolBase: string): boolean {
  if (typeof uri !== 'string' || uri.length > 2048) return false;
  try {
    return new URL(uri).origin === new URL(toolBase).origin;
  } catch {
    return false;
  }
}

/**
 * Check and clean the LTI claims of a verified id_token.
 * @param claims the verified payload (signature, iss, aud, exp, iat already checked)
 * @param clientId our client_id at this platform (for `azp`)
 * @param toolBase the tool's public base URL (for `target_link_uri`)
 * @throws AppError 400 `invalid_claim` (field `id_token.<claim>`), 400 `missing_claim` (LTI version),
 *   400 `wrong_message_type`
 */
export function readLaunchClaims(claims: Record<string, unknown>, clientId: string, toolBase: string): LaunchClaims {
  // Security Framework §5.1.3 (4, 5): several audiences need azp; azp, when present, names us.
  const aud = claims.aud;
  if (Array.isArray(aud) && aud.length > 1 && claims.azp === undefined) throw refuse('azp', '"azp" is required when "aud" names several audiences');
  if (claims.azp !== undefined && claims.azp !== clientId) throw refuse('azp', '"azp" names another client, not this tool');

  if (claims[C.version] !== '1.3.0') throw new AppError(400, 'missing_claim', 'LTI version 1.3.0 is required', 'id_token.version');
  const messageType = claims[C.messageType];
  if (messageType !== 'LtiResourceLinkRequest' && messageType !== 'LtiDeepLinkingRequest') {
    throw new AppError(400, 'wrong_message_type', `This endpoint takes resource-link and deep-linking launches, not ${String(messageType).slice(0, 60)}`, 'id_token.message_type');
  }
  const isLink = messageType === 'LtiResourceLinkRequest';
  const sub = isLink || claims.sub !== undefined ? identifier(claims.sub, 'sub') : null;
  const deploymentId = identifier(claims[C.deploymentId], 'deployment_id');

  const target = claims[C.targetLinkUri];
  if (isLink || target !== undefined) {
    if (!isToolTarget(target, toolBase)) throw refuse('target_link_uri', '"target_link_uri" must be a URL on this tool\'s origin');
  }

  if (claims[C.roles] === undefined) throw refuse('roles', '"roles" is required (an array, possibly empty)');
  const roles = stringList(claims[C.roles], 'roles', 100, 1024);

  const ctx = claims[C.context];
  let context: LaunchClaims['context'] = null;
  if (ctx !== undefined) {
    if (!isObject(ctx)) throw refuse('context', '"context" must be an object');
    context = { id: identifier(ctx.id, 'context.id'), title: displayText(ctx.title, 200), label: displayText(ctx.label, 100) };
  }

  let resourceLink: LaunchClaims['resourceLink'] = null;
  if (isLink) {
    const rl = claims[C.resourceLink];
    if (!isObject(rl)) throw new AppError(400, 'missing_claim', 'The resource_link claim is missing', 'id_token.resource_link');
    resourceLink = { id: identifier(rl.id, 'resource_link.id'), title: displayText(rl.title, 200) };
  }

  const customRaw = claims[C.custom];
  const custom: Record<string, string> = {};
  if (isObject(customRaw)) for (const [k, v] of Object.entries(customRaw)) if (typeof v === 'string') custom[k] = v;

  let ags: LaunchClaims['ags'] = null;
  const agsRaw = claims[C.ags];
  if (agsRaw !== undefined) {
    if (!isObject(agsRaw)) throw refuse('ags', 'the AGS endpoint claim must be an object');
    ags = {
      lineitems: httpUrl(agsRaw.lineitems, 'ags.lineitems', false),
      lineitem: httpUrl(agsRaw.lineitem, 'ags.lineitem', false),
      scope: agsRaw.scope === undefined ? [] : stringList(agsRaw.scope, 'ags.scope', 20, 255),
    };
  }
  let nrps: LaunchClaims['nrps'] = null;
  const nrpsRaw = claims[C.nrps];
  if (nrpsRaw !== undefined) {
    if (!isObject(nrpsRaw)) throw refuse('nrps', 'the NRPS claim must be an object');
    nrps = { contextMembershipsUrl: httpUrl(nrpsRaw.context_memberships_url, 'nrps.context_memberships_url', true)! };
  }

  let deepLinking: LaunchClaims['deepLinking'] = null;
  if (!isLink) {
    const s = claims[C.dlSettings];
    if (!isObject(s)) throw new AppError(400, 'missing_claim', 'The deep linking settings claim is missing', 'id_token.deep_linking_settings');
    const data = s.data === undefined ? null : typeof s.data === 'string' && s.data.length <= 4096 ? s.data : null;
    if (s.data !== undefined && data === null) throw refuse('deep_linking_settings.data', '"deep_linking_settings.data" must be a string of at most 4096 characters');
    deepLinking = {
      returnUrl: httpUrl(s.deep_link_return_url, 'deep_linking_settings.deep_link_return_url', true)!,
      acceptTypes: s.accept_types === undefined ? [] : stringList(s.accept_types, 'deep_linking_settings.accept_types', 20, 255),
      data,
    };
  }

  const presentation = claims[C.launchPresentation];
  const rawLocale = isObject(presentation) ? presentation.locale : undefined;
  const locale = typeof rawLocale === 'string' && /^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8}){0,5}$/.test(rawLocale) ? rawLocale : null;
  const email = emailOrNull(claims.email);
  const name = displayText(claims.name, 200) ?? displayText([claims.given_name, claims.family_name].filter((x) => typeof x === 'string').join(' '), 200);

  return { messageType, sub, deploymentId, roles, name, email, locale, context, resourceLink, custom, ags, nrps, deepLinking };
}
