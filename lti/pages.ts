/**
 * The small pages of the LTI flow, served from the tool's own origin. Inline scripts only (no cookies).
 * Platform storage follows 1EdTech "LTI Client Side postMessages" (lti.capabilities, lti.put_data / lti.get_data).
 */
import { html, pageString, raw, scriptJson, type Html } from '../server/shared/html.js';

const shell = (title: string, body: Html, lang = 'en') => pageString(html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>html,body{margin:0;height:100%;font:15px/1.5 system-ui,sans-serif;background:#111418;color:#f3f5f7}
main{padding:1.5rem}.bar{display:flex;gap:.75rem;align-items:center;padding:.4rem .75rem;background:#1f242b;font-size:.9rem}
.bar a{color:#9cc3ff}.room{display:flex;flex-direction:column;height:100%}video-room{flex:1;min-height:0}
#error{color:#fca5a5}</style></head><body>${body}</body></html>`);

/**
 * Shared client code: the tool's own web storage, and the platform's storage through 1EdTech "LTI Client Side
 * postMessages" (lti-cs-pm v0.1) and "LTI postMessage Storage" (lti-pm-s v0.1):
 *  1. `lti.capabilities` goes to the platform window (our parent frame, else our opener) with target origin `*`,
 *     together with the pre-release `org.imsglobal.lti.capabilities`; the first answer without `error` within
 *     1 s counts. No answer (e.g. Canvas mobile apps, which send `lti_storage_target` without supporting it),
 *     errors, or a list without both `lti.put_data` and `lti.get_data` → the platform storage is not used.
 *  2. `lti.put_data` / `lti.get_data` {key, value} go to the frame each capability names (`frame`, else the
 *     login's `lti_storage_target`; `_parent` or a missing frame → the platform window itself), with target
 *     origin = the origin of the platform's OIDC authorization endpoint; only answers from that origin count.
 * The state id is the value stored under key `vr_state_<id>`; the launch compares it to the value read back.
 */
const storageScript = raw(`
function lsKey(id) { return 'vr-lti-state:' + id; }
function webPut(id) { let ok = false;
  try { sessionStorage.setItem(lsKey(id), '1'); ok = true; } catch (e) {}
  try { localStorage.setItem(lsKey(id), String(Date.now())); ok = true; } catch (e) {}
  return ok; }
function webTake(id) { let v = null;
  try { v = sessionStorage.getItem(lsKey(id)); sessionStorage.removeItem(lsKey(id)); } catch (e) {}
  try { v = v || localStorage.getItem(lsKey(id)); localStorage.removeItem(lsKey(id)); } catch (e) {}
  return v; }
function platformWindow() {
  try { if (window.parent !== window) return window.parent; } catch (e) {}
  try { if (window.opener) return window.opener; } catch (e) {}
  return null;
}
/** One request → its response (or null after ms): {subject, message_id, ...payload} to frame at origin. */
function ask(frame, origin, subject, payload, ms) {
  return new Promise((resolve) => {
    const id = 'vr-' + Math.random().toString(36).slice(2) + Date.now().toString(36);
    const done = (v) => { window.removeEventListener('message', on); clearTimeout(t); resolve(v); };
    const on = (e) => {
      const d = e.data;
      if (!d || d.message_id !== id || d.subject !== subject + '.response') return;
      if (origin !== '*' && e.origin !== origin) return;
      done(d);
    };
    window.addEventListener('message', on);
    const t = setTimeout(() => done(null), ms);
    try { frame.postMessage(Object.assign({ subject, message_id: id }, payload), origin); } catch (e) { done(null); }
  });
}
/** The platform's storage when lti.capabilities confirms it, else null. */
async function platformStorage(p) {
  if (!p.storageTarget || !p.platformOrigin) return null;
  const w = platformWindow();
  if (!w) return null;
  const caps = await new Promise((resolve) => {
    let pending = 2;
    const one = (r) => { if (r && !r.error && Array.isArray(r.supported_messages)) resolve(r.supported_messages); else if (--pending === 0) resolve(null); };
    ask(w, '*', 'lti.capabilities', {}, 1000).then(one);
    ask(w, '*', 'org.imsglobal.lti.capabilities', {}, 1000).then(one);
  });
  if (!caps) return null;
  const find = (s) => caps.find((m) => m && (m.subject === s || m.subject === 'org.imsglobal.' + s));
  const put = find('lti.put_data'), get = find('lti.get_data');
  if (!put || !get) return null;
  const frameFor = (m) => {
    const name = m.frame || p.storageTarget;
    try { if (name && name !== '_parent' && w.frames[name]) return w.frames[name]; } catch (e) {}
    return w;
  };
  return {
    put: async (key, value) => { const r = await ask(frameFor(put), p.platformOrigin, put.subject, { key, value }, 2000); return !!r && !r.error; },
    get: async (key) => { const r = await ask(frameFor(get), p.platformOrigin, get.subject, { key }, 2000); return r && !r.error ? r.value : null; },
  };
}
function showError(title, message) {
  document.title = title;
  const status = document.getElementById('status') || document.querySelector('main');
  status.innerHTML = '<h1></h1><p id="error" role="alert"></p>';
  status.querySelector('h1').textContent = title;
  status.querySelector('#error').textContent = message;
}`);

/**
 * Answer to the OIDC login request (LTI Core 1.3 §5.1.1): remember the state id in this browser — in the platform's
 * storage when it offers one (`lti_storage_target`, confirmed by `lti.capabilities`), else in the tool's own
 * (partitioned) web storage — then go to the platform's authorization endpoint. When neither can hold it, the page
 * says so and stops.
 * @param p.authUrl the platform authorization URL (with our signed `state` and `nonce`)
 * @param p.stateId the random id inside the state JWT
 * @param p.storageTarget the login's `lti_storage_target`, or null
 * @param p.platformOrigin origin of the platform's authorization endpoint (postMessage target origin), or null
 */
export function loginPage(p: { authUrl: string; stateId: string; storageTarget: string | null; platformOrigin: string | null }) {
  return shell('Signing in…', html`<main id="status"><p>Signing in…</p></main>
<script>${storageScript}
(async () => {
  const p = ${scriptJson(p)};
  const platform = await platformStorage(p);
  let ok = !!platform && (await platform.put('vr_state_' + p.stateId, p.stateId));
  if (!ok) ok = webPut(p.stateId);
  if (!ok) return showError('Sign-in blocked', 'This browser blocks the storage the sign-in needs. Open the activity in a new window.');
  location.replace(p.authUrl);
})();
</script>`);
}

/**
 * The page the platform form-posts the id_token to (LTI Core 1.3 §5.1.2). It first checks that this browser started
 * the login — the state id is read back from the platform's storage (`lti.get_data`, when `lti.capabilities`
 * confirms it) or from the tool's own web storage — and only then posts `{id_token, state}` to
 * `/lti/launch/verify`. A launch whose state this browser does not hold stops here with an error page: nothing
 * reaches the server, nothing is stored.
 * @param p.idToken the posted id_token; p.state our signed state; p.stateId its id
 * @param p.storageTarget, p.platformOrigin as at login (from the state JWT)
 */
export function launchPage(p: { idToken: string; state: string; stateId: string; storageTarget: string | null; platformOrigin: string | null }) {
  return shell('Video room', html`<div class="room"><div class="bar" id="bar" hidden><span id="title"></span>
<a id="newwin" href="/lti/room" target="_blank" rel="noopener">Open in a new window (for screen sharing)</a>
<a id="attendance" href="/lti/attendance" target="_blank" rel="noopener" hidden>Attendance</a></div>
<main id="status"><p>Opening the room…</p><p id="error" role="alert" hidden></p></main></div>
<script type="module" src="/widget/video-room.js"></script>
<script>${storageScript}
(async () => {
  const p = ${scriptJson(p)};
  const fail = (m) => showError('Launch failed', m);
  const platform = await platformStorage(p);
  let held = !!platform && (await platform.get('vr_state_' + p.stateId)) === p.stateId;
  // The login writes the tool's own storage only when the platform's could not take the state.
  if (webTake(p.stateId)) held = true;
  if (!held) {
    return fail(platform
      ? 'Your course could not confirm that this launch started in this browser (its storage does not hold the sign-in). Launch the activity again from your course.'
      : 'This launch did not start in this browser. Launch the activity again from your course.');
  }
  const res = await fetch('/lti/launch/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: p.idToken, state: p.state }) });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) return fail((body.error && body.error.message) || 'The launch could not be verified.');
  if (body.kind === 'deep_linking') return deepLinkingForm(body);
  try { sessionStorage.setItem('vr-lti-session', body.session); } catch (e) {} // storage may be blocked: the links carry it
  document.getElementById('status').remove();
  document.getElementById('title').textContent = body.meeting.title;
  document.getElementById('newwin').href = '/lti/room#session=' + encodeURIComponent(body.session);
  if (body.role === 'host' || body.role === 'moderator') {
    const a = document.getElementById('attendance');
    a.href = '/lti/attendance#session=' + encodeURIComponent(body.session);
    a.hidden = false;
  }
  document.getElementById('bar').hidden = false;
  const room = document.createElement('video-room');
  room.setAttribute('ticket', body.ticket);
  room.setAttribute('server-url', location.origin);
  room.setAttribute('preload', 'auto');
  if (body.locale) room.setAttribute('lang', body.locale.split(/[-_]/)[0]);
  room.dataset.role = body.role;
  document.querySelector('.room').append(room);
})();
function deepLinkingForm(body) {
  const status = document.getElementById('status');
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  status.innerHTML = '<h1>Add a video session</h1><form id="dl"><p><label>Title <input name="title" required maxlength="200"></label></p>' +
    '<p><label>Starts <input name="start" type="datetime-local"></label> <small>(' + tz + ')</small></p>' +
    '<p><label>Duration (minutes) <input name="duration" type="number" min="5" max="600" value="60"></label></p>' +
    '<p><label><input name="weekly" type="checkbox"> Every week, <input name="count" type="number" min="2" max="52" value="10" aria-label="number of weeks"> times</label></p>' +
    '<p><button type="submit">Add to the course</button></p><p id="dlerror" role="alert"></p></form>';
  const f = document.getElementById('dl');
  const el = (n) => f.elements.namedItem(n); // not f.title: that is the form's own title attribute
  el('title').value = body.context && body.context.title ? body.context.title + ' — live session' : 'Live session';
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = { title: el('title').value, durationMinutes: Number(el('duration').value), timezone: tz };
    if (el('start').value) input.startAt = new Date(el('start').value).toISOString();
    if (el('weekly').checked && el('start').value) input.rrule = 'FREQ=WEEKLY;COUNT=' + Number(el('count').value);
    const r = await fetch('/lti/deep-linking', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + body.deepLinking }, body: JSON.stringify(input) });
    const out = await r.json().catch(() => ({}));
    if (!r.ok) { document.getElementById('dlerror').textContent = (out.error && out.error.message) || 'Could not add the session.'; return; }
    const back = document.createElement('form');
    back.method = 'post'; back.action = out.returnUrl;
    const field = document.createElement('input'); field.type = 'hidden'; field.name = 'JWT'; field.value = out.jwt;
    back.append(field); document.body.append(back); back.submit();
  });
}
</script>`);
}

/**
 * Client code of the pages opened from a launch in a new window (room, attendance): `fail(message)` shows an error;
 * `session` is the LTI session token from the URL fragment (never sent to a server in a URL), else from this tab's
 * storage, which keeps it for a reload (storage may be blocked). Returns early with `missing` when there is none.
 */
const sessionFromFragment = (missing: string) => html`  const fail = (m) => { const e = document.getElementById('error'); e.textContent = m; e.hidden = false; };
  let session = new URLSearchParams(location.hash.slice(1)).get('session');
  try { session = session || sessionStorage.getItem('vr-lti-session'); } catch (e) {} // blocked storage
  history.replaceState(null, '', location.pathname);
  if (!session) return fail(${scriptJson(missing)});
  try { sessionStorage.setItem('vr-lti-session', session); } catch (e) {}
`;

/** A room opened from the launch in its own window: the session travels in the URL fragment, never to servers. */
export function roomPage() {
  return shell('Video room', html`<div class="room"><main id="status"><p id="error" role="alert" hidden></p></main></div>
<script type="module" src="/widget/video-room.js"></script>
<script>
(async () => {
${sessionFromFragment('Open this room from your course.')}  const res = await fetch('/lti/session/ticket', { method: 'POST', headers: { authorization: 'Bearer ' + session } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) return fail((body.error && body.error.message) || 'Your session has ended.');
  document.getElementById('status').remove();
  const room = document.createElement('video-room');
  room.setAttribute('ticket', body.ticket);
  room.setAttribute('server-url', location.origin);
  room.setAttribute('preload', 'auto');
  document.querySelector('.room').append(room);
})();
</script>`);
}

/** Instructor attendance: fetch the report page with the session (from the URL fragment), offer the attendance and engagement CSVs. */
export function attendanceShell() {
  return shell('Attendance', html`<main id="status"><p>Loading attendance…</p><p id="error" role="alert" hidden></p></main>
<script>
(async () => {
${sessionFromFragment('Open attendance from your course.')}  const get = (accept) => fetch('/lti/session/attendance', { method: 'POST', headers: { authorization: 'Bearer ' + session, accept } });
  const res = await get('text/html');
  if (!res.ok) { const b = await res.json().catch(() => ({})); return fail((b.error && b.error.message) || 'Attendance is not available.'); }
  const html = await res.text();
  document.open(); document.write(html); document.close();
  const download = (label, file, fetchCsv) => {
    const btn = document.createElement('button');
    btn.textContent = label;
    btn.addEventListener('click', async () => {
      const csv = await (await fetchCsv()).blob();
      const a = document.createElement('a'); a.href = URL.createObjectURL(csv); a.download = file; a.click();
    });
    return btn;
  };
  document.body.prepend(
    download('Download CSV', 'attendance.csv', () => get('text/csv')),
    ' ',
    download('Download engagement CSV', 'engagement.csv', () => fetch('/lti/session/analytics', { method: 'POST', headers: { authorization: 'Bearer ' + session } })),
  );
})();
</script>`);
}

/** A page that says the LTI step failed and why (`message` is shown as text: HTML-escaped by hono/html). */
export function errorPage(message: string) {
  return shell('Launch failed', html`<main><h1>Launch failed</h1><p id="error" role="alert">${message}</p></main>`);
}
