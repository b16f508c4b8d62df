// A real browser for the web app's end-to-end test: Debian's Chromium (installed by
// test/services/chromium.sh, never a Playwright download) driven by playwright-core, headless; axe-core
// injected from node_modules into the page under test, reporting only serious and critical violations (the
// ones the acceptance forbids); and a screenshot per page under test-artifacts/screenshots/ (gitignored), kept
// as the test's artefacts.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-artifacts', 'screenshots');

/** Why the browser test cannot run here, or undefined when it can. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing: run \`bash test/services/chromium.sh start\` (as root) — \`npm test\` does`;
}

export async function launchBrowser(): Promise<Browser> {
  // Chromium's sandbox needs user namespaces a root process in a container does not get.
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: root ? ['--no-sandbox'] : [], timeout: 60_000 });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** axe-core's violations on the page as it is now, serious and critical only. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, not added as a <script>: the page's CSP (script-src 'self') stays as served.
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!present) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A readable summary for an assertion message. */
export const describeViolations = (violations: readonly AxeViolation[]): string =>
  violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target.join(' ')} ${v.nodes[0]?.html.slice(0, 160)})`).join('\n');

/** test-artifacts/screenshots/<name>.png, the whole page. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9æøå_-]+/gi, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
