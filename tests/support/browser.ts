/**
 * Debian's Chromium driven by playwright-core, with fake camera and microphone and loopback WebRTC.
 * Never downloads a browser: CHROMIUM_PATH or /usr/bin/chromium (path and flags: tests/support/chromium.ts, shared
 * with web-test-runner).
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
}
