/**
 * The hosted join page of invitation links, mounted at /j:
 *
 *   GET /j/{token}   `token`: the signed personal invitation token from an attendee's invitation, reminder or feed
 *                    (modules/invitations/links.ts). No API key: the token is the credential.
 *     200 text/html  a page with `<video-room server-url=… ticket=…>` (the ticket, minted here, joins this meeting
 *                    as the attendee, role participant, for 1 h) and the widget script `/widget/video-room.js`
 *     404 text/html  the link is not valid (tampered, cut short, another server's, or not an attendee any more)
 *     410 text/html  the link expired, or the meeting was cancelled, or is over
 *
 *   GET /j/{token}/ticket   a fresh 1 h join ticket for the same attendee, for the page (a tab left open longer than
 *                    its ticket): 200 `{ticket, expiresAt}` (expiresAt ISO 8601 UTC); 404 / 410 `{error: {code, message}}`
 *                    as the page (`invalid_invite`, `invite_expired`, `meeting_cancelled`, `meeting_ended`)
 *
 * Every answer is `cache-control: no-store`, `referrer-policy: no-referrer` (the token is in the URL) and
 * `x-robots-tag: noindex`. Organisations that set `joinUrlTemplate` send their attendees to their own page instead.
 */
import { Hono, type Context } from 'hono';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { openInvite, type InvitePage } from './links.js';
import { errorBody } from '../../shared/http.js';
import { html, pageString, raw, type Html } from '../../shared/html.js';
/** A JWT: three base64url parts. */
const TOKEN = /^[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{20,200}$/;

const STYLE = raw(`
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
  header { padding: 0.75rem 1.25rem; border-bottom: 1px solid #8884; }
  h1 { font-size: 1.15rem; margin: 0; }
  header p { margin: 0.15rem 0 0; opacity: 0.75; }
  video-room { display: block; flex: 1; min-height: 0; }
  main.notice { max-width: 34rem; margin: 18vh auto 0; padding: 0 1.25rem; line-height: 1.5; }`);

function page(title: string, body: Html, head: Html | '' = ''): string {
  return pageString(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${STYLE}</style>
${head}</head>
<body>
${body}
</body>
</html>
`);
}

/**
 * The page's own script: the ticket (1 h) only matters until the user joins (LiveKit renews its token after). While
 * the pre-join screen is up, a ticket with less than 5 minutes left is replaced (checked every minute and when the
 * tab comes back); a Join that still meets an expired ticket gets a fresh one and joins again, once.
 */
const KEEP_TICKET_FRESH = raw(`const el = document.querySelector('video-room');
let expires = Date.parse(el.dataset.ticketExpiresAt);
const refresh = async () => {
  const r = await fetch(location.pathname.replace(/\\/$/, '') + '/ticket', { cache: 'no-store' }).catch(() => null);
  if (!r?.ok) return false;
  const t = await r.json();
  el.setAttribute('ticket', t.ticket);
  expires = Date.parse(t.expiresAt);
  return true;
};
const check = () => el.getAttribute('state') === 'prejoin' && expires - Date.now() < 300000 && refresh();
setInterval(check, 60000);
document.addEventListener('visibilitychange', check);
let retried = false;
el.addEventListener('vr-error', async (e) => {
  if (e.code !== 'ticket_expired' || retried) return;
  retried = true;
  if (await refresh()) el.join();
});`);

function joinPage(p: Extract<InvitePage, { kind: 'join' }>): string {
  const when = p.localStart ? html`<p>${p.localStart} (${p.meeting.timezone}) · joining as ${p.name}</p>` : html`<p>Joining as ${p.name}</p>`;
  return page(
    `${p.meeting.title} — join`,
    html`<header><h1>${p.meeting.title}</h1>${when}</header>
<video-room server-url="${p.serverUrl}" ticket="${p.ticket}" data-ticket-expires-at="${p.ticketExpiresAt}" preload="auto"></video-room>
<script type="module">${KEEP_TICKET_FRESH}</script>`,
    html`<script type="module" src="${p.serverUrl}/widget/video-room.js"></script>\n`,
  );
}

function noticePage(heading: string, text: string, title?: string): string {
  return page(heading, html`<main class="notice">${title ? html`<p>${title}</p>` : ''}<h1>${heading}</h1><p>${text}</p></main>`);
}

/** The /j router (mount with `app.route('/j', inviteJoinRoutes(deps))`). */
export function inviteJoinRoutes(deps: Deps) {
  const app = new Hono();
  const send = (c: Context, status: 200 | 404 | 410, html: string) =>
    c.html(html, status, { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' });

  app.get('/:token/ticket', async (c) => {
    const token = c.req.param('token');
    const headers = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    try {
      if (!TOKEN.test(token)) throw new AppError(404, 'invalid_invite', 'This invitation link is not valid');
      const p = await openInvite(deps, token);
      if (p.kind === 'join') return c.json({ ticket: p.ticket, expiresAt: p.ticketExpiresAt }, 200, headers);
      const code = p.kind === 'cancelled' ? 'meeting_cancelled' : 'meeting_ended';
      return c.json(errorBody(code, p.kind === 'cancelled' ? 'This meeting was cancelled' : 'This meeting has ended'), 410, headers);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return c.json(errorBody(e.code, e.message), e.status === 410 || e.code === 'meeting_cancelled' || e.code === 'meeting_ended' ? 410 : 404, headers);
    }
  });

  app.get('/:token', async (c) => {
    const token = c.req.param('token');
    const invalid = () => send(c, 404, noticePage('This link is not valid', 'Check that you opened the whole link from your invitation, or ask the organiser to send it again.'));
    if (!TOKEN.test(token)) return invalid();
    let p: InvitePage;
    try {
      p = await openInvite(deps, token);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.status === 410) return send(c, 410, noticePage('This link has expired', 'The meeting it was for is over. If you expected another session, ask the organiser for a new invitation.'));
      if (e.code === 'meeting_cancelled') return send(c, 410, noticePage('This meeting was cancelled', 'The organiser cancelled it. There is nothing to join.'));
      if (e.code === 'meeting_ended') return send(c, 410, noticePage('This meeting has ended', 'It can no longer be joined.'));
      return invalid();
    }
    if (p.kind === 'join') return send(c, 200, joinPage(p));
    if (p.kind === 'cancelled') return send(c, 410, noticePage('This meeting was cancelled', 'The organiser cancelled it. There is nothing to join.', p.meeting.title));
    return send(c, 410, noticePage('This meeting has ended', 'It can no longer be joined.', p.meeting.title));
  });
  return app;
}
