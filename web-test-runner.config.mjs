// Browser tests of the widget in Debian Chromium (never a downloaded browser).
// `/api/v1/join` below is a stand-in for the meeting server's join route (the real server is tested in
// tests/integration and tests/e2e); it answers by ticket: `expired` → 401 ticket_expired, `boom` → 500 with an
// unknown code, `html` → 502 without JSON, `ok-unreachable-livekit` → 200 pointing at a closed LiveKit port.
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

/** Koa middleware: stand-in join route (same origin as the test page). */
async function joinStandIn(ctx, next) {
  if (ctx.path !== '/api/v1/join') return next();
  const body = await readJson(ctx.req);
  const reply = (status, json) => {
    ctx.status = status;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(json);
  };
  switch (body.ticket ?? body.code) {
    case 'expired':
      return reply(401, { error: { code: 'ticket_expired', message: 'Ticket expired at 2020-01-01T00:00:00Z' } });
    case 'boom':
      return reply(500, { error: { code: 'quota_exceeded', message: 'Too many rooms on this server right now' } });
    case 'html':
      ctx.status = 502;
      ctx.body = '<html>Bad gateway</html>';
      return;
    case 'ok-unreachable-livekit':
      return reply(200, {
        serverUrl: 'ws://127.0.0.1:9',
        participantToken: 'not-a-real-token',
        expiresAt: new Date(Date.now() + 3600e3).toISOString(),
        identity: 'u-1',
        name: body.name ?? 'Ticket Name',
        role: 'participant',
        meeting: { id: 'm1', title: 'Test', settings: { chat: true, screenShare: true, recordingAllowed: false, waitingRoom: false } },
      });
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
  middleware: [joinStandIn],
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
