/**
 * The whole stack on loopback for a room benchmark (bench/chat.ts, hands.ts, polls.ts, large-room.ts): an embedded
 * PostgreSQL and a local LiveKit server with their files in .data/bench/run-<pid>/ (removed on stop), the app with the
 * demo (the widget's page origin), a dev organisation's API key, and Chromium.
 */
import { freePort, freePortTriple } from '../../scripts/lib/ports.js';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createDeps, listen } from '../../server/main.js';
import { ensureDevOrganization } from '../../server/modules/organizations/service.js';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres.js';
import { startLocalLiveKit } from '../../scripts/lib/livekit.js';
import { launchChromium } from '../../tests/support/browser.js';

export async function startRoomStack() {
  const runDir = fileURLToPath(new URL(`../../.data/bench/run-${process.pid}/`, import.meta.url));
  const pg = await startEmbeddedPostgres({ dataDir: runDir + 'postgres', port: await freePort() });
  const lk = await startLocalLiveKit({ port: await freePortTriple(), stateDir: runDir + 'livekit' });
  const deps = await createDeps(loadConfig({ LOG_LEVEL: 'error' }), pg.url, lk);
  const apiKey = `vr_dev_${randomBytes(12).toString('hex')}`;
  await ensureDevOrganization(deps.sql, apiKey);
  const { server, port } = await listen(createApp(deps, { demo: true }).fetch, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchChromium();
  /** A JSON request to the server (`key`: a bearer, default the API key; null: none): its status and JSON body (null if none). */
  const api = async (method: string, path: string, body?: unknown, key: string | null = apiKey) => {
    const headers = { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' };
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  return {
    deps, base, apiKey, browser, api,
    /** `api`'s JSON body alone. */
    json: async (method: string, path: string, body?: unknown, key: string | null = apiKey) => (await api(method, path, body, key)).body,
    /**
     * A new meeting titled `title`, with `ticket(id, role?)` (a join ticket for `id`, named `id`) and `session(id)`
     * (the room session of `id`'s join answer).
     */
    async meeting(title: string) {
      const meeting = (await api('POST', '/api/v1/meetings', { title })).body as { id: string; roomName: string };
      const ticket = async (id: string, role = 'participant') =>
        (await api('POST', `/api/v1/meetings/${meeting.id}/join-tickets`, { user: { id, name: id }, role })).body.ticket as string;
      const session = async (id: string) => (await api('POST', '/api/v1/join', { ticket: await ticket(id) }, null)).body.sessionToken as string;
      return { meeting, ticket, session };
    },
    /** Whatever happened: stop the browser, the server (keep-alive sockets too), LiveKit and PostgreSQL; remove their files. */
    async stop() {
      await browser.close().catch(() => {});
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await deps.sql.end();
      await lk.stop();
      await pg.stop();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/**
 * On `page`: the integrator's page (`base`/demo/) with `<video-room ticket lang="en" attrs>` (`head` before it), the
 * camera and microphone turned off, then Join clicked (not waited for; `join: false`: left to the caller, to time it).
 */
export async function openVideoRoom(page: Page, base: string, ticket: string, opts: { head?: string; attrs?: string; join?: boolean } = {}): Promise<Page> {
  await page.goto(`${base}/demo/`);
  await page.setContent(`${opts.head ?? ''}<script type="module" src="${base}/widget/video-room.js"></script><video-room ticket="${ticket}" lang="en" ${opts.attrs ?? ''}></video-room>`);
  for (const part of ['toggle-camera', 'toggle-mic']) {
    const b = page.locator(`video-room [part~="${part}"]`);
    if ((await b.getAttribute('aria-pressed', { timeout: 15_000 })) === 'true') await b.click();
  }
  if (opts.join !== false) await page.locator('video-room [part~="join-button"]').click();
  return page;
}
