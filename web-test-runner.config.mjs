// Browser tests of the widget in Debian Chromium (never a downloaded browser).
// `/api/v1/join` below is a stand-in for the meeting server's join route (the real server is tested in
// tests/integration and tests/e2e); it answers by ticket: `expired` → 401 ticket_expired, `boom` → 500 with an
// unknown code, `html` → 502 without JSON, `ok-unreachable-livekit` → 200 pointing at a closed LiveKit port.
// Waiting room (guest side): codes `waitcode`, `waitcode-admit`, `waitcode-expire` → 202 with a fresh wait token;
// polls with `{waitToken}` then answer by token kind: `deny-*` → 202, then 403 join_denied; `admit-*` → 503 without
// JSON (server trouble: the widget keeps asking), then 200 pointing at a closed LiveKit port; `expire-*` → 401
// wait_expired. Waiting room (host side): `/api/v1/waiting-room/m-wait` lists two guests to the bearer `mod-token`,
// and `…/{id}/admit|deny` removes them. `/__stand-in/requests` returns what the widget sent (wait polls and
// waiting-room calls, with their Authorization header); `POST /__stand-in/reset` starts over.
// Coffee chats (`<coffee-chat>`): `/api/v1/coffee/me*` answers the bearer `cc-ada` (Ada, zone Europe/Paris: one
// suggestion, an incoming and an outgoing pending request, an accepted chat open to join, one opening tomorrow),
// `cc-expired` → 401 ticket_expired, anything else → 401 invalid_ticket. Accept/decline/new requests change that
// state; every call is recorded (with its body) for `/__stand-in/requests`.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const readJson = (req) =>
  new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(body));
      } catch {
        resolve({});
      }
    });
  });

const replyTo = (ctx) => (status, json) => {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(json);
};

/** What the widget sent to the waiting-room stand-ins, in order. */
let recorded = [];
/** Waiting guests of meeting `m-wait` (host side). */
let waitingGuests = [];
let waitCounter = 0;
const pollsByToken = new Map();
/** The stand-in coffee state of `cc-ada`. */
let coffee;
const resetCoffee = () => {
  const now = Date.now();
  const at = (min) => new Date(Math.ceil(now / 300e3) * 300e3 + min * 60e3).toISOString();
  const base = { kind: 'direct_request', otherUserIds: [], roundId: null, criteria: null, message: '', durationMinutes: 30, expiresAt: at(72 * 60), acceptedBy: null, acceptedSlot: null, meetingId: null, declinedBy: null, feedback: {}, createdAt: at(-60), updatedAt: at(-60), joinOpensAt: null, endsAt: null };
  const person = (userId, displayName) => ({ userId, displayName, headline: '' });
  coffee = {
    me: { userId: 'ada', displayName: 'Ada', timezone: 'Europe/Paris' },
    suggestions: [
      { userId: 'sam', displayName: 'Sam Student', headline: 'Second-year CS', role: 'student', industry: null, score: 10, sharedInterests: ['robotics', 'jazz'], commonHalfHours: 40, slots: [at(60), at(240), at(480), at(720)] },
    ],
    requests: [
      { ...base, id: 'r-in', fromUserId: 'cleo', toUserId: 'ada', message: 'Coffee?', slots: [at(120), at(180)], status: 'pending', direction: 'incoming', people: [person('cleo', 'Cleo')] },
      { ...base, id: 'r-out', fromUserId: 'ada', toUserId: 'bob', slots: [at(300)], status: 'pending', direction: 'outgoing', people: [person('bob', 'Bob')] },
      { ...base, id: 'r-now', fromUserId: 'dan', toUserId: 'ada', slots: [at(5)], status: 'accepted', acceptedBy: 'ada', acceptedSlot: at(5), meetingId: 'm-now', joinOpensAt: at(-5), endsAt: at(35), direction: 'incoming', people: [person('dan', 'Dan')] },
      { ...base, id: 'r-later', fromUserId: 'ada', toUserId: 'eve', slots: [at(1440)], status: 'accepted', acceptedBy: 'eve', acceptedSlot: at(1440), meetingId: 'm-later', joinOpensAt: at(1430), endsAt: at(1470), direction: 'outgoing', people: [person('eve', 'Eve')] },
    ],
  };
};

const resetStandIns = () => {
  recorded = [];
  resetCoffee();
  waitingGuests = [
    { id: 'r1', name: 'Ada Lovelace', createdAt: '2030-01-01T10:00:00Z' },
    { id: 'r2', name: 'Bob', createdAt: '2030-01-01T10:00:05Z' },
  ];
};
resetStandIns();

const deadLivekitAnswer = (name, role = 'participant') => ({
  serverUrl: 'ws://127.0.0.1:9',
  participantToken: 'not-a-real-token',
  expiresAt: new Date(Date.now() + 3600e3).toISOString(),
  identity: 'u-1',
  name,
  role,
  meeting: { id: 'm1', title: 'Test', settings: { chat: true, screenShare: true, recordingAllowed: false, waitingRoom: false } },
});

/** Koa middleware: what the tests read back, and the host side of the waiting room. */
async function waitingRoomStandIn(ctx, next) {
  const reply = replyTo(ctx);
  if (ctx.path === '/__stand-in/requests') return reply(200, recorded);
  if (ctx.path === '/__stand-in/reset') {
    resetStandIns();
    return reply(200, {});
  }
  const m = /^\/api\/v1\/waiting-room\/([^/]+)(?:\/([^/]+)\/(admit|deny))?$/.exec(ctx.path);
  if (!m) return next();
  recorded.push({ method: ctx.method, path: ctx.path, authorization: ctx.get('authorization') });
  if (ctx.get('authorization') !== 'Bearer mod-token') return reply(401, { error: { code: 'unauthorized', message: 'Bad token' } });
  if (m[1] !== 'm-wait') return reply(404, { error: { code: 'not_found', message: 'No such meeting' } });
  if (!m[2] && ctx.method === 'GET') return reply(200, { items: waitingGuests });
  if (!m[2] || ctx.method !== 'POST') return reply(405, { error: { code: 'method_not_allowed', message: '' } });
  if (!waitingGuests.some((g) => g.id === m[2])) return reply(404, { error: { code: 'not_found', message: 'No such request' } });
  waitingGuests = waitingGuests.filter((g) => g.id !== m[2]);
  return reply(200, { ok: true });
}

/** Koa middleware: the user-scoped coffee API for `<coffee-chat>` (same origin as the test page). */
async function coffeeStandIn(ctx, next) {
  const m = /^\/api\/v1\/coffee\/me(?:\/(suggestions|requests)(?:\/([^/]+)\/(accept|decline|join-ticket))?)?$/.exec(ctx.path);
  if (!m) return next();
  const reply = replyTo(ctx);
  const body = ctx.method === 'POST' ? await readJson(ctx.req) : undefined;
  recorded.push({ method: ctx.method, path: ctx.path, authorization: ctx.get('authorization'), body });
  const auth = ctx.get('authorization');
  if (auth === 'Bearer cc-expired') return reply(401, { error: { code: 'ticket_expired', message: 'expired', field: 'ticket' } });
  if (auth !== 'Bearer cc-ada') return reply(401, { error: { code: 'invalid_ticket', message: 'not valid', field: 'ticket' } });
  const [, what, id, action] = m;
  if (!what) return reply(200, coffee.me);
  if (what === 'suggestions') return reply(200, { items: coffee.suggestions });
  if (ctx.method === 'GET') return reply(200, { items: coffee.requests });
  if (!id) {
    const s = coffee.suggestions.find((x) => x.userId === body.toUserId);
    if (!s) return reply(404, { error: { code: 'not_found', message: 'No coffee profile' } });
    const r = { ...coffee.requests[1], id: `r-new-${coffee.requests.length}`, toUserId: s.userId, slots: body.slots, message: body.message ?? '', people: [{ userId: s.userId, displayName: s.displayName, headline: '' }] };
    coffee.requests.unshift(r);
    return reply(201, r);
  }
  const r = coffee.requests.find((x) => x.id === id);
  if (!r) return reply(404, { error: { code: 'not_found', message: 'coffee request not found' } });
  if (action === 'accept') {
    if (!r.slots.includes(body.slot)) return reply(400, { error: { code: 'slot_not_proposed', message: 'slot: must be one of the proposed slots', field: 'slot' } });
    Object.assign(r, { status: 'accepted', acceptedBy: 'ada', acceptedSlot: body.slot, meetingId: `m-${id}`, joinOpensAt: new Date(Date.parse(body.slot) - 600e3).toISOString(), endsAt: new Date(Date.parse(body.slot) + 1800e3).toISOString() });
    return reply(200, r);
  }
  if (action === 'decline') {
    Object.assign(r, { status: 'declined', declinedBy: 'ada' });
    return reply(200, r);
  }
  if (r.status !== 'accepted') return reply(409, { error: { code: 'invalid_state', message: 'nothing booked' } });
  if (Date.now() < Date.parse(r.joinOpensAt)) return reply(409, { error: { code: 'too_early', message: 'not yet' } });
  return reply(201, { ticket: 'ok-unreachable-livekit', expiresAt: new Date(Date.now() + 300e3).toISOString() });
}

/** Koa middleware: stand-in join route (same origin as the test page). */
async function joinStandIn(ctx, next) {
  if (ctx.path !== '/api/v1/join') return next();
  const body = await readJson(ctx.req);
  const reply = replyTo(ctx);
  if (typeof body.waitToken === 'string') {
    const token = body.waitToken;
    const n = (pollsByToken.get(token) ?? 0) + 1;
    pollsByToken.set(token, n);
    recorded.push({ method: 'POST', path: ctx.path, waitToken: token, keys: Object.keys(body) });
    const waiting = { status: 'waiting', waitToken: token, expiresAt: new Date(Date.now() + 600e3).toISOString() };
    if (token.startsWith('deny-')) {
      return n === 1 ? reply(202, waiting) : reply(403, { error: { code: 'join_denied', message: 'The host denied the request' } });
    }
    if (token.startsWith('admit-')) {
      if (n === 1) {
        ctx.status = 503;
        ctx.body = 'Service unavailable';
        return;
      }
      return reply(200, deadLivekitAnswer('Waited Guest'));
    }
    if (token.startsWith('expire-')) return reply(401, { error: { code: 'wait_expired', message: 'Wait token expired' } });
    return reply(401, { error: { code: 'invalid_wait_token', message: 'Unknown wait token' } });
  }
  const code = body.ticket ?? body.code;
  if (/^waitcode(-admit|-expire)?$/.test(code ?? '')) {
    const kind = code === 'waitcode' ? 'deny' : code.slice('waitcode-'.length);
    return reply(202, { status: 'waiting', waitToken: `${kind}-${++waitCounter}`, expiresAt: new Date(Date.now() + 600e3).toISOString() });
  }
  switch (code) {
    case 'expired':
      return reply(401, { error: { code: 'ticket_expired', message: 'Ticket expired at 2020-01-01T00:00:00Z' } });
    case 'boom':
      return reply(500, { error: { code: 'quota_exceeded', message: 'Too many rooms on this server right now' } });
    case 'html':
      ctx.status = 502;
      ctx.body = '<html>Bad gateway</html>';
      return;
    case 'ok-unreachable-livekit':
      return reply(200, deadLivekitAnswer(body.name ?? 'Ticket Name'));
    default:
      return reply(404, { error: { code: 'not_found', message: 'No meeting with this code' } });
  }
}

export default {
  files: ['tests/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 20_000 } },
  middleware: [joinStandIn, waitingRoomStandIn, coffeeStandIn],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
          '--disable-dev-shm-usage',
          '--disable-features=WebRtcHideLocalIpsWithMdns',
        ],
      },
    }),
  ],
};
