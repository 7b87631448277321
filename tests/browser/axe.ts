/**
 * Accessibility scans with axe-core (the engine behind Lighthouse and @axe-core/playwright) for the browser tests.
 *
 *   import { expectNoAxeViolations } from './axe.js';
 *   await expectNoAxeViolations(el);                                   // a <video-room>: its open shadow root too
 *   await expectNoAxeViolations(el, { disable: ['color-contrast'] });  // a rule left out, with a reason in the test
 *
 * Rules: WCAG 2.0/2.1/2.2 A and AA, and axe's best practices except the ones about a whole page (landmarks, an
 * `<h1>`, a `<main>`: the widget is a part of the integrator's page, which owns those).
 */
import type { AxeResults, Result, RunOptions } from 'axe-core';

type Axe = { run(context: unknown, options: RunOptions): Promise<AxeResults> };

/** Rules about a whole page, not a component placed in one. */
const PAGE_RULES = ['region', 'landmark-one-main', 'page-has-heading-one', 'landmark-complementary-is-top-level', 'landmark-no-duplicate-banner', 'landmark-no-duplicate-contentinfo', 'landmark-unique'];

let loaded: Promise<Axe> | undefined;
/** axe-core's browser build registers `window.axe` when imported (it is not an ES module). */
function loadAxe(): Promise<Axe> {
  return (loaded ??= import('axe-core/axe.min.js' as string).then(() => (window as unknown as { axe: Axe }).axe));
}

/** One violation as a readable line per element: rule, impact, what to fix, where (axe's selector path through shadow roots). */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  at ${JSON.stringify(n.target)}\n    ${n.failureSummary?.replaceAll('\n', '\n    ')}`).join('\n')}`)
    .join('\n');
}

/**
 * Run axe on `root` (an element, its open shadow root included; or a shadow root, scanned through its host) and fail
 * with every violation listed when there is any.
 * @param opts.disable rule ids to leave out (say why next to the call)
 * @returns axe's results (passes, incomplete…) for further checks
 */
export async function expectNoAxeViolations(root: Element | ShadowRoot, opts: { disable?: string[] } = {}): Promise<AxeResults> {
  const axe = await loadAxe();
  const context = root instanceof ShadowRoot ? root.host : root;
  const rules = Object.fromEntries([...PAGE_RULES, ...(opts.disable ?? [])].map((id) => [id, { enabled: false }]));
  const results = await axe.run(context, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    rules,
    resultTypes: ['violations'],
  });
  if (results.violations.length) throw new Error(`axe found ${results.violations.length} accessibility violation(s):\n${describeViolations(results.violations)}`);
  return results;
}
