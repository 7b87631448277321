/**
 * Debian's Chromium driven by playwright-core, with fake camera and microphone and loopback WebRTC.
 * Never downloads a browser: CHROMIUM_PATH or /usr/bin/chromium (path and flags: tests/support/chromium.ts, shared
 * with web-test-runner).
 */
import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import { beforeAll } from 'vitest';
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
