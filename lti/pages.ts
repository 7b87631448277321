/**
 * The small pages of the LTI flow, served from the tool's own origin. Inline scripts only (no cookies).
 * postMessage storage follows 1EdTech "LTI Client Side postMessages" (lti.put_data / lti.get_data).
 */
const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const shell = (title: string, body: string, lang = 'en') => `<!doctype html>
<html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>html,body{margin:0;height:100%;font:15px/1.5 system-ui,sans-serif;background:#111418;color:#f3f5f7}
main{padding:1.5rem}.bar{display:flex;gap:.75rem;align-items:center;padding:.4rem .75rem;background:#1f242b;font-size:.9rem}
.bar a{color:#9cc3ff}.room{display:flex;flex-direction:column;height:100%}video-room{flex:1;min-height:0}
#error{color:#fca5a5}</style></head><body>${body}</body></html>`;

/** Shared client code: web storage and LTI postMessage storage. */
const storageScript = `
function lsKey(id) { return 'vr-lti-state:' + id; }
function webPut(id) { let ok = false;
  try { sessionStorage.setItem(lsKey(id), '1'); ok = true; } catch (e) {}
  try { localStorage.setItem(lsKey(id), String(Date.now())); ok = true; } catch (e) {}
  return ok; }
function webTake(id) { let v = null;
  try { v = sessionStorage.getItem(lsKey(id)); sessionStorage.removeItem(lsKey(id)); } catch (e) {}
  try { v = v || localStorage.getItem(lsKey(id)); localStorage.removeItem(lsKey(id)); } catch (e) {}
  return v; }
function platformFrame(target) {
  try { if (target && target !== '_parent' && window.parent.frames[target]) return window.parent.frames[target]; } catch (e) {}
  return window.parent !== window ? window.parent : (window.opener || null);
}
function postStore(subject, payload, target, origin) {
  return new Promise((resolve) => {
    const frame = platformFrame(target);
    if (!frame) return resolve(null);
    const id = Math.random().toString(36).slice(2);
    const done = (v) => { window.removeEventListener('message', on); clearTimeout(t); resolve(v); };
    const on = (e) => { if (e.origin === origin && e.data && e.data.message_id === id && e.data.subject === subject + '.response') done(e.data.error ? null : e.data); };
    window.addEventListener('message', on);
    const t = setTimeout(() => done(null), 2000);
    frame.postMessage(Object.assign({ subject, message_id: id }, payload), origin);
  });
}`;

/** Answer to the OIDC login request: remember the state id, then go to the platform. */
export function loginPage(p: { authUrl: string; stateId: string; storageTarget: string | null; platformOrigin: string | null }) {
  return shell('Signing in…', `<main><p>Signing in…</p><p id="error" role="alert" hidden></p></main>
<script>${storageScript}
(async () => {
  const p = ${json(p)};
  let ok = webPut(p.stateId);
  if (p.storageTarget) {
    const r = await postStore('lti.put_data', { key: 'vr_state_' + p.stateId, value: '1' }, p.storageTarget, p.platformOrigin);
    ok = ok || !!r;
  }
  if (!ok) { const e = document.getElementById('error'); e.textContent = 'This browser blocks the storage the sign-in needs. Open the activity in a new window.'; e.hidden = false; return; }
  location.replace(p.authUrl);
})();
</script>`);
}

/** The platform posts the id_token here; check this browser started the login, then verify on the server. */
export function launchPage(p: { idToken: string; state: string; stateId: string; storageTarget: string | null; platformOrigin: string | null }) {
  return shell('Video room', `<div class="room"><div class="bar" id="bar" hidden><span id="title"></span>
<a id="newwin" href="/lti/room" target="_blank" rel="noopener">Open in a new window (for screen sharing)</a>
<a id="attendance" href="/lti/attendance" target="_blank" rel="noopener" hidden>Attendance</a></div>
<main id="status"><p>Opening the room…</p><p id="error" role="alert" hidden></p></main></div>
<script type="module" src="/widget/video-room.js"></script>
<script>${storageScript}
(async () => {
  const p = ${json(p)};
  const fail = (m) => { const e = document.getElementById('error'); e.textContent = m; e.hidden = false; };
  let held = webTake(p.stateId);
  if (!held && p.storageTarget) {
    const r = await postStore('lti.get_data', { key: 'vr_state_' + p.stateId }, p.storageTarget, p.platformOrigin);
    held = r && r.value;
  }
  if (!held) return fail('This launch did not start in this browser. Launch the activity again from your course.');
  const res = await fetch('/lti/launch/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: p.idToken, state: p.state }) });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) return fail((body.error && body.error.message) || 'The launch could not be verified.');
  if (body.kind === 'deep_linking') return deepLinkingForm(body);
  sessionStorage.setItem('vr-lti-session', body.session);
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

/** A room opened from the launch in its own window: the session travels in the URL fragment, never to servers. */
export function roomPage() {
  return shell('Video room', `<div class="room"><main id="status"><p id="error" role="alert" hidden></p></main></div>
<script type="module" src="/widget/video-room.js"></script>
<script>
(async () => {
  const fail = (m) => { const e = document.getElementById('error'); e.textContent = m; e.hidden = false; };
  const session = new URLSearchParams(location.hash.slice(1)).get('session') || sessionStorage.getItem('vr-lti-session');
  history.replaceState(null, '', location.pathname);
  if (!session) return fail('Open this room from your course.');
  sessionStorage.setItem('vr-lti-session', session);
  const res = await fetch('/lti/session/ticket', { method: 'POST', headers: { authorization: 'Bearer ' + session } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) return fail((body.error && body.error.message) || 'Your session has ended.');
  document.getElementById('status').remove();
  const room = document.createElement('video-room');
  room.setAttribute('ticket', body.ticket);
  room.setAttribute('server-url', location.origin);
  document.querySelector('.room').append(room);
})();
</script>`);
}

/** Instructor attendance: fetch the report page with the session (from the URL fragment), offer the CSV. */
export function attendanceShell() {
  return shell('Attendance', `<main id="status"><p>Loading attendance…</p><p id="error" role="alert" hidden></p></main>
<script>
(async () => {
  const fail = (m) => { const e = document.getElementById('error'); e.textContent = m; e.hidden = false; };
  const session = new URLSearchParams(location.hash.slice(1)).get('session') || sessionStorage.getItem('vr-lti-session');
  history.replaceState(null, '', location.pathname);
  if (!session) return fail('Open attendance from your course.');
  sessionStorage.setItem('vr-lti-session', session);
  const get = (accept) => fetch('/lti/session/attendance', { method: 'POST', headers: { authorization: 'Bearer ' + session, accept } });
  const res = await get('text/html');
  if (!res.ok) { const b = await res.json().catch(() => ({})); return fail((b.error && b.error.message) || 'Attendance is not available.'); }
  const html = await res.text();
  document.open(); document.write(html); document.close();
  const btn = document.createElement('button');
  btn.textContent = 'Download CSV';
  btn.addEventListener('click', async () => {
    const csv = await (await get('text/csv')).blob();
    const a = document.createElement('a'); a.href = URL.createObjectURL(csv); a.download = 'attendance.csv'; a.click();
  });
  document.body.prepend(btn);
})();
</script>`);
}

export function errorPage(message: string) {
  return shell('Launch failed', `<main><h1>Launch failed</h1><p id="error" role="alert">${esc(message)}</p></main>`);
}
