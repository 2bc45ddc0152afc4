/**
 * The audit pages in a real browser (Debian's chromium, driven by playwright-core) against the
 * real app on a loopback port, on a real SQLite file holding the worked scenario: a reviewer
 * opens an agreement's statements from its navigation, an account's statement, a line's event,
 * the event log from the header, filters it, opens an event and runs the hash-chain check; a
 * finance officer follows a statement line to its event. axe-core checks every page (and the
 * filter form's error state) against WCAG 2.2 AA, expecting no violation, and the console must
 * stay free of errors. Without /usr/bin/chromium the suite fails, saying how to install it.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as f from '../testing/ledger-fixtures';
import { accessibilityViolations, launchChromium } from '../testing/browser';
import { LedgerTestApp } from '../testing/ledger-test-app';
import { recordWorkedScenario } from '../testing/worked-scenario';

jest.setTimeout(120_000);

const OVERVIEW = `/agreements/${f.AGREEMENT_ID}`;
const NQ1 = 'spend:adult-low-secure:out-of-area:NQ1';

/** The page's main landmark as text (what a screen reader reads), its spaces collapsed. */
async function mainText(page: Page): Promise<string> {
  return ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
}

describe('the audit pages in Chromium', () => {
  let browser: Browser;
  let ledger: LedgerTestApp;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  const url = (path: string) => `${ledger.baseUrl}${path}`;

  /** No WCAG 2.2 AA violation as axe-core checks it, and no console error but the status's. */
  async function expectAccessible(on: Page = page, status = 200): Promise<void> {
    expect({ page: on.url(), violations: await accessibilityViolations(on) }).toEqual({
      page: on.url(),
      violations: [],
    });
    const statusNote = `the server responded with a status of ${status}`;
    expect(consoleErrors.filter((error) => !error.includes(statusNote))).toEqual([]);
    consoleErrors.length = 0;
  }

  async function signIn(on: Page, subject: string, role: string, organisation?: string) {
    await on.goto(url('/sign-in'));
    await on.fill('#subject', subject);
    await on.check(`input[name=role][value=${role}]`);
    if (organisation) await on.selectOption('#organisationCode', organisation);
    await Promise.all([
      on.waitForURL(url('/agreements')),
      on.getByRole('button', { name: 'Sign in' }).click(),
    ]);
  }

  beforeAll(async () => {
    browser = await launchChromium();
    ledger = await LedgerTestApp.start({ listen: true });
    await recordWorkedScenario(ledger);
    context = await browser.newContext();
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    await signIn(page, 'harriet', 'reviewer');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await ledger?.dispose();
  });

  it("opens the statements from the agreement's navigation, a statement and a line's event", async () => {
    await page.goto(url(OVERVIEW));
    await page
      .getByRole('navigation', { name: 'Agreement pages' })
      .getByRole('link', { name: 'Statements' })
      .click();
    await page.waitForURL(url(`${OVERVIEW}/accounts`));
    expect(await mainText(page)).toContain(`Account ${NQ1} Balance £8,500.00`);
    await expectAccessible();
    await page.getByRole('link', { name: NQ1 }).click();
    await page.waitForURL(url(`${OVERVIEW}/accounts/${encodeURIComponent(NQ1)}`));
    // £0.00 + £18,700.00 in − £10,200.00 out = £8,500.00.
    expect(await mainText(page)).toContain(
      'Opening balance £0.00 Money in on this page £18,700.00 ' +
        'Money out on this page £10,200.00 Closing balance £8,500.00',
    );
    await expectAccessible();
    // Paged one line at a time: the pagination, accessibly.
    await page.goto(url(`${OVERVIEW}/accounts/${encodeURIComponent(NQ1)}?limit=1`));
    await page.getByRole('link', { name: /Next/ }).click();
    await page.waitForURL((address) => address.searchParams.has('after'));
    expect(await mainText(page)).toContain('Closing balance £8,500.00');
    await expectAccessible();
    await page
      .getByRole('link', { name: /^Event \d+$/ })
      .first()
      .click();
    await page.waitForURL(/\/events\/\d+$/);
    expect(await page.locator('h1').innerText()).toBe('PeriodClosed');
    expect(await mainText(page)).toContain('Correlation id');
    await expectAccessible();
  });

  it('opens the event log from the header, filters it and opens an event, accessibly', async () => {
    await page.locator('header').getByRole('link', { name: 'Event log' }).click();
    await page.waitForURL(url('/events'));
    await expectAccessible();
    await page.fill('#type', 'PeriodClosed');
    await Promise.all([
      page.waitForURL((address) => address.searchParams.get('type') === 'PeriodClosed'),
      page.getByRole('button', { name: 'Filter events' }).click(),
    ]);
    const types = await page.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(types.length).toBeGreaterThan(0);
    expect(types.every((text) => text.includes('PeriodClosed'))).toBe(true);
    await expectAccessible();
    await page.locator('tbody tr a').first().click();
    await page.waitForURL(/\/events\/\d+$/);
    expect(await page.locator('h1').innerText()).toBe('PeriodClosed');
    await expectAccessible();
    // A time the page cannot read: the error summary and the field, accessibly.
    await page.goto(url('/events?from=yesterday'));
    expect(await page.title()).toBe('Error: Event log – Out-of-area placements ledger – NHS');
    expect(await page.locator('#from-error').innerText()).toContain('ISO 8601');
    await expectAccessible(page, 400);
  });

  it('runs the hash-chain check and shows that it holds, accessibly', async () => {
    await page.goto(url('/events'));
    await page.getByRole('link', { name: 'Check the hash chain of the whole log' }).click();
    await page.waitForURL(url('/events/verify'));
    expect(await page.locator('.nhsuk-panel').innerText()).toContain('The hash chain holds');
    const head = await ledger.store.headPosition();
    expect(await mainText(page)).toContain(`Events checked ${head}`);
    await expectAccessible();
  });

  it("follows a statement line to its event as a lead provider's finance officer", async () => {
    const finance = await browser.newContext();
    const theirs = await finance.newPage();
    await signIn(theirs, 'bob', 'lead-provider-finance', f.leadFinance.organisationCode!);
    expect(await theirs.locator('header').getByRole('link', { name: 'Event log' }).count()).toBe(0);
    await theirs.goto(url(`${OVERVIEW}/accounts/${encodeURIComponent(NQ1)}`));
    await theirs
      .getByRole('link', { name: /^Event \d+$/ })
      .first()
      .click();
    await theirs.waitForURL(/\/agreements\/[^/]+\/events\/\d+$/);
    expect(await mainText(theirs)).toContain('Who recorded it');
    expect(await accessibilityViolations(theirs)).toEqual([]);
    await finance.close();
  });

  it('shows a broken chain accessibly, naming the first broken position', async () => {
    // An insider edits the allocation (position 2) in the ledger's file itself.
    const raw = new Database(join(ledger.dataDir, 'ledger.sqlite'));
    raw
      .prepare(
        `UPDATE events SET data = json_set(data, '$.amount', '65000000.01') WHERE position = 2`,
      )
      .run();
    raw.close();
    await page.goto(url('/events/verify'));
    expect(await mainText(page)).toContain('First broken position 2');
    expect(await page.locator('.nhsuk-card--warning').innerText()).toContain(
      'The hash chain is broken',
    );
    await expectAccessible();
  });
});
