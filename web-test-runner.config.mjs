// Browser tests of the widget in Debian Chromium (never a downloaded browser), with the flags the vitest e2e tests
// use too (tests/support/chromium.ts). The API the widget calls is answered by the stand-ins in
// tests/browser/stand-ins/ (join, waiting room, coffee; their answers are typed from the server's zod schemas and
// type-checked by `npm test`). Those modules are TypeScript: tsx loads them here.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { tsImport } from 'tsx/esm/api';

const { standIns } = await tsImport('./tests/browser/stand-ins/index.ts', import.meta.url);
const { CHROMIUM_ARGS, CHROMIUM_PATH } = await tsImport('./tests/support/chromium.ts', import.meta.url);

export default {
  files: ['tests/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 20_000 } },
  middleware: standIns,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] } })],
};
