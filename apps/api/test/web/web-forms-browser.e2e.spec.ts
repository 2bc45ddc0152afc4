/**
 * The write forms in a real browser: Debian's chromium, driven by playwright-core, against the
 * real app on a loopback port holding the worked scenario (£930.00 of retained savings left,
 * April to September closed). Lead-provider finance fills and sends the reinvestment form with
 * the keyboard alone; axe-core checks each form page and its error state against WCAG 2.2 AA
 * (the reinvestment and allocation forms, and the overview with its close form refused), and
 * the browser console must stay free of errors.
 *
 * Without /usr/bin/chromium the suite fails, saying how to install it; it never skips.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as f from '../testing/ledger-fixtures';
import { accessibilityViolations, launchChromium } from '../testing/browser';
import type { Caller } from '../testing/ledger-test-app';
import { LedgerTestApp } from '../testing/ledger-test-app';
import { recordWorkedScenario } from '../testing/worked-scenario';

jest.setTimeout(120_000);

const OVERVIEW = `/agreements/${f.AGREEMENT_ID}`;

describe('the write forms in Chromium', () => {
  let browser: Browser;
  let ledger: LedgerTestApp;
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];

  const url = (path: string) => `${ledger.baseUrl}${path}`;

  /** A browser of its own, signed in as `caller` through the development sign-in form. */
  async function signedIn(caller: Caller): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    await page.goto(url('/sign-in'));
    await page.fill('#subject', caller.subject);
    await page.check(`input[name="role"][value="${caller.role}"]`);
    await page.selectOption('#organisationCode', caller.organisationCode ?? '');
    await Promise.all([
      page.waitForURL(url('/agreements')),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    return page;
  }

  /** No WCAG 2.2 AA violation, and no console error but Chromium's note of the status. */
  async function expectAccessible(page: Page, status = 200): Promise<void> {
    expect({ page: page.url(), violations: await accessibilityViolations(page) }).toEqual({
      page: page.url(),
      violations: [],
    });
    const statusNote = `the server responded with a status of ${status}`;
    expect(consoleErrors.filter((error) => !error.includes(statusNote))).toEqual([]);
    consoleErrors.length = 0;
  }

  const activeId = (page: Page) => page.evaluate<string>('document.activeElement.id');

  beforeAll(async () => {
    browser = await launchChromium();
    ledger = await LedgerTestApp.start({ listen: true });
    await recordWorkedScenario(ledger);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await ledger?.dispose();
  });

  it('shows the reinvestment form and its error state accessibly, the summary focused', async () => {
    const page = await signedIn(f.leadFinance);
    await page.goto(url(`${OVERVIEW}/reinvestments/new`));
    expect(await page.title()).toBe('Commit a reinvestment – Out-of-area placements ledger – NHS');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Commit reinvestment' }).click();
    expect(await page.title()).toBe(
      'Error: Commit a reinvestment – Out-of-area placements ledger – NHS',
    );
    const summary = page.locator('.nhsuk-error-summary');
    expect(await summary.innerText()).toContain('Enter the amount');
    expect(await summary.innerText()).toContain('Enter the effective date');
    // nhsuk-frontend's script moves the focus to the error summary.
    await page.waitForFunction(
      "document.activeElement && document.activeElement.classList.contains('nhsuk-error-summary')",
    );
    await expectAccessible(page, 400);
  });

  it('commits a reinvestment with the keyboard alone', async () => {
    const page = await signedIn(f.leadFinance);
    await page.goto(url(`${OVERVIEW}/reinvestments/new`));
    // The skip link first, then into the main content and through the form's fields.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent.trim()')).toBe(
      'Skip to main content',
    );
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('schemeId');
    await page.keyboard.type('crisis-house');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('amount');
    await page.keyboard.type('1,000.00');
    for (const [id, text] of [
      ['effectiveDate-day', '1'],
      ['effectiveDate-month', '11'],
      ['effectiveDate-year', '2025'],
      ['description', 'Crisis house beds'],
    ]) {
      await page.keyboard.press('Tab');
      expect(await activeId(page)).toBe(id);
      await page.keyboard.type(text);
    }
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    // £1,000.00 is more than the £930.00 available: refused, by the amount, entries kept.
    await page.waitForFunction(
      "document.activeElement && document.activeElement.classList.contains('nhsuk-error-summary')",
    );
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain(
      'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
    );
    expect(await page.inputValue('#description')).toBe('Crisis house beds');
    await expectAccessible(page, 422);
    // Back to the amount by its link in the error summary, and a smaller one.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await activeId(page)).toBe('amount');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('930.00');
    // Tab past the date's three boxes and the description to the button.
    for (let n = 0; n < 5; n += 1) await page.keyboard.press('Tab');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await page.waitForSelector('.nhsuk-notification-banner--success');
    const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    // £930.00 available before; £930.00 − £930.00 = £0.00 after.
    expect(main).toContain('£930.00 committed to crisis-house');
    expect(main).toContain('Retained savings available after £0.00');
    await expectAccessible(page);
  });

  it('shows the allocation form and its error state accessibly', async () => {
    const page = await signedIn(f.commissioner);
    await page.goto(url(`${OVERVIEW}/allocations/new`));
    await expectAccessible(page);
    await page.fill('#amount', '12.3.4');
    await page.getByRole('button', { name: 'Allocate budget' }).click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain(
      'Select a service line of this agreement',
    );
    await expectAccessible(page, 400);
  });

  it('shows the overview’s close form and its refusal accessibly', async () => {
    const page = await signedIn(f.leadFinance);
    await page.goto(url(OVERVIEW));
    await expectAccessible(page);
    // October has not ended on the fixed date, 15 October 2025.
    await page.getByRole('button', { name: 'Close October 2025' }).click();
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('PERIOD.NOT_ENDED');
    await expectAccessible(page, 422);
  });
});
