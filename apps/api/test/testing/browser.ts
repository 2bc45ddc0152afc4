import { existsSync } from 'node:fs';
import { source as axeSource } from 'axe-core';
import type { AxeResults, Result } from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`); .ci/run installs it where it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags a headless chromium needs in a container, and no calls home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A real Chromium, driven by playwright-core. Where it is missing the browser tests fail, saying
 * how to install it: a web app whose pages were never opened in a browser is not tested.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Debian's chromium at ${CHROMIUM}, and it is not there. ` +
        'Install it with `apt-get install -y chromium` (.ci/run does so on CI). ' +
        'These tests never skip.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** WCAG 2.2 AA, as axe-core tags its rules: levels A and AA of WCAG 2.0, 2.1 and 2.2. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A violation as a test failure shows it: the rule, its impact, and the elements that fail it. */
export interface AxeViolation {
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page against WCAG 2.2 AA and answers its violations. axe is evaluated
 * into the page through the DevTools protocol rather than added as a script tag: the pages' own
 * Content-Security-Policy would rightly refuse an inline script without their nonce.
 */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Strings rather than functions: these run in the page, and the tests have no DOM types.
  if (!(await page.evaluate<boolean>("typeof axe !== 'undefined'"))) await page.evaluate(axeSource);
  const options = { runOnly: { type: 'tag', values: WCAG_22_AA }, resultTypes: ['violations'] };
  const results = await page.evaluate<AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
  return results.violations.map((violation: Result) => ({
    rule: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}
