/**
 * Debian's Chromium driven by playwright-core, with fake camera and microphone and loopback WebRTC.
 * Never downloads a browser: CHROMIUM_PATH or /usr/bin/chromium (path and flags: tests/support/chromium.ts, shared
 * with web-test-runner).
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { beforeAllStarted } from './fixtures.js';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
}

/** The file's Chromium (launchChromium), launched before its tests and closed after them; read it inside hooks and tests. */
export function useChromium(): Browser {
  return beforeAllStarted('Chromium', launchChromium, (b) => b.close());
}

/**
 * The pages of this file load the built widget `dist/widget/<name>.js`: when it is missing, the file fails at once
 * (in beforeAll, before anything starts), saying how to build it. Declare it before the other fixtures.
 */
export function needsWidgetBuild(name: 'video-room' | 'coffee-chat'): void {
  beforeAll(() => {
    if (!existsSync(new URL(`../../dist/widget/${name}.js`, import.meta.url))) {
      throw new Error(`dist/widget/${name}.js is missing: run \`npm run build:widget\` (npm test does)`);
    }
  });
}

/**
 * `const newContext = useBrowserContexts(browser)`: `await newContext(options?)` opens a browser context of `browser`
 * that is closed after the file's tests. Declare it after useChromium (its contexts close before the browser).
 */
export function useBrowserContexts(browser: Browser): (options?: BrowserContextOptions) => Promise<BrowserContext> {
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
  });
  return async (options) => {
    const c = await browser.newContext(options);
    contexts.push(c);
    return c;
  };
}

/**
 * On `page`, the integrator's page (an origin of the server `baseUrl`, `/demo/`) with the script-tag widget and
 * `<video-room ticket lang="en" attrs>` (`head` before it, `after` after it: styles, event recorders): the person
 * joins with the camera and microphone as `camera`/`mic` say (default both off) and the element reaches
 * `state="connected"` (20 s at most).
 */
export async function joinVideoRoom(
  page: Page, baseUrl: string, ticket: string, opts: { attrs?: string; head?: string; after?: string; camera?: boolean; mic?: boolean } = {},
): Promise<Page> {
  await page.goto(`${baseUrl}/demo/`);
  await page.setContent(`${opts.head ?? ''}<script type="module" src="${baseUrl}/widget/video-room.js"></script><video-room ticket="${ticket}" lang="en" ${opts.attrs ?? ''}></video-room>${opts.after ?? ''}`);
  await page.locator('video-room [part~="join-button"]').waitFor({ timeout: 15_000 });
  for (const [part, on] of [['toggle-camera', opts.camera ?? false], ['toggle-mic', opts.mic ?? false]] as const) {
    const b = page.locator(`video-room [part~="${part}"]`);
    if (((await b.getAttribute('aria-pressed')) === 'true') !== on) await b.click();
  }
  await page.locator('video-room [part~="join-button"]').click();
  await expect.poll(() => page.locator('video-room').getAttribute('state'), { timeout: 20_000 }).toBe('connected');
  return page;
}

/**
 * The demo as a newcomer starts it: on `page`, `{baseUrl}/demo/` creates a meeting titled `title` and shows its
 * "Join as host" and "Join as guest" links. @returns both links, absolute.
 */
export async function demoMeetingLinks(page: Page, baseUrl: string, title: string): Promise<{ hostHref: string; guestHref: string }> {
  await page.goto(`${baseUrl}/demo/`);
  await page.fill('#title', title);
  await page.click('button[type=submit]');
  await page.locator('#links').waitFor({ state: 'visible', timeout: 10_000 });
  const link = async (id: string) => new URL((await page.locator(id).getAttribute('href'))!, `${baseUrl}/demo/`).href;
  return { hostHref: await link('#host-link'), guestHref: await link('#guest-link') };
}
