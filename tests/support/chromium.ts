/**
 * The one Chromium set-up of the test suites: Debian's Chromium (never a downloaded browser) and its flags, shared by
 * the vitest end-to-end tests (tests/support/browser.ts, playwright-core) and the element tests
 * (web-test-runner.config.mjs, @web/test-runner-chrome).
 */

/** The browser binary: `CHROMIUM_PATH`, else Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags: no sandbox (tests run as root), fake camera and microphone granted without a prompt, WebRTC between pages
 * over loopback without mDNS, and a closed network (no background requests, updates, sync or QUIC).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--disable-gpu',
];
