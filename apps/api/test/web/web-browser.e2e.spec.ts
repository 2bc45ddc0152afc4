/**
 * The web app in a real browser: Debian's chromium, driven by playwright-core, against the real
 * app listening on a loopback port, on a real SQLite file holding the worked scenario
 * (apps/api/test/testing/worked-scenario.ts). A finance reader's journey, by keyboard where a
 * person would use one: sign in, the agreements, an agreement's overview with its figures, the
 * same overview as the ledger stood before a back-dated discharge, a form whose CSRF token was
 * taken out, sign out. axe-core checks every page (and each error state) against WCAG 2.2 AA,
 * expecting no violation, and the browser console must stay free of errors (a script or style
 * the Content-Security-Policy refused would show there).
 *
 * Without /usr/bin/chromium the suite fails, saying how to install it; it never skips.
 */
import type { Clock } from '@ledger/commands';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as f from '../testing/ledger-fixtures';
import { accessibilityViolations, launchChromium } from '../testing/browser';
import { LedgerTestApp } from '../testing/ledger-test-app';
import { recordWorkedScenario } from '../testing/worked-scenario';

jest.setTimeout(120_000);

const OVERVIEW = `/agreements/${f.AGREEMENT_ID}`;

/** Starts at 09:00 UTC on TODAY's date and moves on one second every time it is read. */
function tickingClock(start: string): Clock {
  let ms = Date.parse(start);
  return { now: () => new Date((ms += 1000)) };
}

/** The page's main landmark as text (what a screen reader reads), its spaces collapsed. */
async function mainText(page: Page): Promise<string> {
  return ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
}

describe('the web app in Chromium', () => {
  let browser: Browser;
  let ledger: LedgerTestApp;
  let context: BrowserContext;
  let page: Page;
  let beforeDischargeAt: string;
  /** What the browser console said was an error, page by page. */
  const consoleErrors: string[] = [];

  const url = (path: string) => `${ledger.baseUrl}${path}`;

  /**
   * The page passes WCAG 2.2 AA as axe-core checks it, and the console logged no error but,
   * for an error page, Chromium's own note of the status the page was served with.
   */
  async function expectAccessible(status = 200): Promise<void> {
    expect({ page: page.url(), violations: await accessibilityViolations(page) }).toEqual({
      page: page.url(),
      violations: [],
    });
    const statusNote = `the server responded with a status of ${status}`;
    expect(consoleErrors.filter((error) => !error.includes(statusNote))).toEqual([]);
    consoleErrors.length = 0;
  }

  beforeAll(async () => {
    browser = await launchChromium();
    ledger = await LedgerTestApp.start({
      listen: true,
      clock: tickingClock('2025-10-15T09:00:00.000Z'),
    });
    const { beforeDischarge } = await recordWorkedScenario(ledger);
    const [event] = await ledger.store.readAll({ afterPosition: beforeDischarge - 1, maxCount: 1 });
    beforeDischargeAt = event.recordedAt;
    context = await browser.newContext();
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await ledger?.dispose();
  });

  it('sends a visitor who is not signed in to the sign-in page, which passes axe', async () => {
    await page.goto(url('/'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.title()).toBe('Sign in – Out-of-area placements ledger – NHS');
    await expectAccessible();
  });

  it('has a check that finds a violation when there is one', async () => {
    // A form field without a label, put into the page for a moment: axe must name it.
    await page.evaluate(
      "document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=\"unlabelled\">')",
    );
    const violations = await accessibilityViolations(page);
    expect(violations).toEqual([
      expect.objectContaining({ rule: 'label', targets: ['#unlabelled'] }),
    ]);
    await page.reload();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows what is missing when the sign-in form is sent empty, accessibly', async () => {
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.title()).toBe('Error: Sign in – Out-of-area placements ledger – NHS');
    expect(await page.locator('.nhsuk-error-summary').innerText()).toContain('Select a role');
    await expectAccessible(400);
  });

  it('signs in with the keyboard alone: a name, a role, an organisation', async () => {
    await page.goto(url('/sign-in'));
    // The skip link comes first, and takes the keyboard to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent.trim()')).toBe(
      'Skip to main content',
    );
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('subject');
    await page.keyboard.type('alice');
    // Into the roles: the first is Commissioner finance; Space chooses it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.evaluate('document.activeElement.value')).toBe('commissioner-finance');
    // The organisation select: typing its first character chooses 13R.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('organisationCode');
    await page.keyboard.type('1');
    expect(await page.evaluate('document.activeElement.value')).toBe('13R');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(url('/agreements')), page.keyboard.press('Enter')]);
    expect(await page.title()).toBe('Agreements – Out-of-area placements ledger – NHS');
    expect(await page.locator('header').innerText()).toContain('alice, Commissioner finance (13R)');
  });

  it('lists the agreements the commissioner may see, accessibly', async () => {
    const row = page.getByRole('row', { name: new RegExp(f.AGREEMENT_ID) });
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain('2025/26 13R RV5 RPG, RQY');
    await expectAccessible();
  });

  it("opens the agreement's overview with the worked scenario's figures", async () => {
    await page.getByRole('link', { name: f.AGREEMENT_ID }).click();
    await page.waitForURL(url(OVERVIEW));
    await page.fill('#asOf', '2025-09-30');
    await Promise.all([
      page.waitForURL(url(`${OVERVIEW}?asOf=2025-09-30&knownAt=`)),
      page.getByRole('button', { name: 'Show figures' }).click(),
    ]);
    const text = await mainText(page);
    // Medium secure to 30 September: budget 6 × £5,416,666.66 = £32,499,999.96; spend
    // £20,565.00 + £21,250.50 + £22,072.00 + £10,680.00 + £6,750.00 = £81,317.50; variance
    // £32,418,682.46; outturn £81,317.50 + 182 nights × £450.00 = £163,217.50.
    expect(text).toContain(
      'adult-medium-secure Full-year budget £65,000,000.00 Budget to date £32,499,999.96 ' +
        'Spend to date £81,317.50 Variance £32,418,682.46 Forecast outturn £163,217.50',
    );
    // Low secure: no budget, case B's 10 nights × £850.00 = £8,500.00, flagged overspent.
    expect(text).toContain('Spend to date £8,500.00 Variance -£8,500.00');
    expect(await page.locator('.nhsuk-tag--red').first().innerText()).toBe('Overspent');
    // The same question to the API gives the same figures.
    const api = await ledger.get(
      `/v1/agreements/${f.AGREEMENT_ID}/reports/budget?asOf=2025-09-30`,
      f.commissioner,
    );
    expect(api.json().totals).toMatchObject({
      budgetToDate: '32499999.96',
      spendToDate: '89817.50',
    });
    expect(text).toContain(
      'All service lines Full-year budget £65,000,000.00 Budget to date £32,499,999.96 Spend to date £89,817.50',
    );
    await expectAccessible();
  });

  it('travels back to before the back-dated discharge, with a banner saying when', async () => {
    await page.fill('#knownAt', beforeDischargeAt);
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.waitForURL((address) => address.searchParams.get('knownAt') === beforeDischargeAt);
    const banner = await page.locator('.nhsuk-notification-banner').innerText();
    expect(banner).toMatch(/As the ledger stood at 15 October 2025 at 10:\d\d:\d\d BST/);
    // Case B was still in its bed as known then: July 22 × £850.00 = £18,700.00 posted, August
    // 31 × £850.00 = £26,350.00 and September 30 × £850.00 = £25,500.00 live: £70,550.00.
    expect(await mainText(page)).toContain('Spend to date £70,550.00 Variance -£70,550.00');
    const api = await ledger.get(
      `/v1/agreements/${f.AGREEMENT_ID}/reports/budget?asOf=2025-09-30&knownAt=${encodeURIComponent(beforeDischargeAt)}`,
      f.commissioner,
    );
    expect(api.json().lines[1].spendToDate.total).toBe('70550.00');
    await expectAccessible();
  });

  /**
   * Presses Tab until the keyboard is on the link `name` of the agreement's secondary
   * navigation, then Enter, and waits for the page it opens.
   */
  async function followAgreementLink(name: string): Promise<void> {
    for (let presses = 0; presses < 40; presses += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate<string>(
        "document.activeElement.closest('nav[aria-label=\"Agreement pages\"]') ? document.activeElement.textContent.trim() : ''",
      );
      if (focused === name) {
        await Promise.all([
          page.waitForLoadState('load'),
          page.waitForURL(/./),
          page.keyboard.press('Enter'),
        ]);
        await page.waitForFunction(`document.querySelector('h1') && document.title.length > 0`);
        return;
      }
    }
    throw new Error(`No link "${name}" in the agreement's navigation within 40 presses of Tab`);
  }

  it("walks the agreement's pages by keyboard through its navigation, each passing axe", async () => {
    await page.goto(url(`${OVERVIEW}?asOf=2025-09-30`));
    await followAgreementLink('Savings');
    expect(new URL(page.url()).pathname).toBe(`${OVERVIEW}/savings`);
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2025-09-30');
    expect(await page.locator('[aria-current="page"]').last().innerText()).toBe('Savings');
    // Posted: September 15 nights × (£712.00 − £450.00) = £3,930.00.
    expect(await mainText(page)).toContain('Posted £3,930.00');
    await expectAccessible();
    await followAgreementLink('Out-of-area');
    // July: 31 + 10 nights, £21,250.50 + £8,500.00 = £29,750.50.
    expect(await mainText(page)).toContain(
      'July 2025 (M04) Active at month end 1 Started 1 Ended 1 Bed days 41 Cost £29,750.50',
    );
    const api = await ledger.get(
      `/v1/agreements/${f.AGREEMENT_ID}/reports/oap-metrics?asOf=2025-09-30`,
      f.commissioner,
    );
    expect(api.json().periods[3]).toMatchObject({ bedDays: 41, cost: '29750.50' });
    await expectAccessible();
    await followAgreementLink('Management accounts');
    expect(await page.title()).toBe(
      `Management accounts, September 2025 (M06) – ${f.AGREEMENT_ID} – Out-of-area placements ledger – NHS`,
    );
    await expectAccessible();
    await followAgreementLink('Chain');
    // The month-end accounts take no business date, so the chain is to today, 15 October:
    // budget delegated 7 × £5,416,666.66 = £37,916,666.62.
    expect(await mainText(page)).toContain('Budget delegated £37,916,666.62 Spend £89,817.50');
    await expectAccessible();
    // A month not closed: the API's words in an inset, accessibly.
    await page.goto(url(`${OVERVIEW}/management-accounts?period=2025-10`));
    expect(await page.locator('.nhsuk-inset-text').innerText()).toContain('is not closed now');
    await expectAccessible();
  });

  it('lists the cases from the header, filters them and opens one, accessibly', async () => {
    await page.locator('header').getByRole('link', { name: 'Cases' }).click();
    await page.waitForURL(url('/cases'));
    await expectAccessible();
    await page.selectOption('#status', 'discharged');
    await Promise.all([
      page.waitForURL((address) => address.searchParams.get('status') === 'discharged'),
      page.getByRole('button', { name: 'Filter cases' }).click(),
    ]);
    await page.getByRole('link', { name: 'case-0002' }).click();
    await page.waitForURL(url('/cases/case-0002'));
    // Case B: 10 to 19 July, 10 nights × £850.00 = £8,500.00.
    expect(await mainText(page)).toContain('£8,500.00');
    await expectAccessible();
  });

  it('shows a date it cannot read in the error summary and by the field, accessibly', async () => {
    await page.goto(url(`${OVERVIEW}?asOf=2025-02-30`));
    expect(await page.title()).toBe(
      `Error: ${f.AGREEMENT_ID} – Out-of-area placements ledger – NHS`,
    );
    expect(await page.locator('#asOf-error').innerText()).toContain('for example 2025-09-30');
    await expectAccessible(400);
  });

  it('refuses a form whose CSRF token was taken out, and stays signed in', async () => {
    await page.goto(url('/agreements'));
    await page.evaluate(
      "document.querySelectorAll('input[name=_csrf]').forEach((input) => input.remove())",
    );
    const answer = page.waitForResponse((response) => response.url() === url('/sign-out'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect((await answer).status()).toBe(403);
    await page.waitForLoadState();
    expect(await page.locator('h1').innerText()).toBe('Your form could not be sent');
    await expectAccessible(403);
    await page.goto(url('/agreements'));
    expect(new URL(page.url()).pathname).toBe('/agreements');
  });

  it('shows the error pages accessibly: not found, and another organisation’s agreement', async () => {
    const missing = await page.goto(url('/no-such-page'));
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    await expectAccessible(404);
    // A commissioner who names no organisation is party to no agreement.
    const outsider = await browser.newContext();
    const theirs = await outsider.newPage();
    await theirs.goto(url('/sign-in'));
    await theirs.fill('#subject', 'gina');
    await theirs.check('#role');
    await theirs.getByRole('button', { name: 'Sign in' }).click();
    await theirs.waitForURL(url('/agreements'));
    const refused = await theirs.goto(url(OVERVIEW));
    expect(refused?.status()).toBe(403);
    expect(await theirs.locator('h1').innerText()).toBe('You cannot see this page');
    expect(await accessibilityViolations(theirs)).toEqual([]);
    await outsider.close();
  });

  it('signs out from the header, and the pages ask to sign in again', async () => {
    // The sign-out page, opened while signed in, offers its own button.
    await page.goto(url('/sign-out'));
    expect(await page.locator('h1').innerText()).toBe('Sign out');
    await expectAccessible();
    await page.locator('header').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(url('/sign-out'));
    expect(await page.locator('h1').innerText()).toBe('You have signed out');
    await expectAccessible();
    await page.goto(url(OVERVIEW));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe(OVERVIEW);
  });

  it('works without JavaScript: sign in and read the overview', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const noScript = await plain.newPage();
    await noScript.goto(url(`/sign-in?returnTo=${encodeURIComponent(OVERVIEW)}`));
    await noScript.fill('#subject', 'harriet');
    await noScript.check('#role-4');
    await noScript.getByRole('button', { name: 'Sign in' }).click();
    await noScript.waitForURL(url(OVERVIEW));
    expect(await mainText(noScript)).toContain('Spend to date £8,500.00 Variance -£8,500.00');
    await plain.close();
  });

  it('says so accessibly where no sign-in is set up', async () => {
    const closed = await LedgerTestApp.start({ devTokens: false, listen: true });
    try {
      const answer = await page.goto(`${closed.baseUrl}/agreements`);
      expect(answer?.status()).toBe(503);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.locator('h1').innerText()).toBe('You cannot sign in yet');
      await expectAccessible(503);
    } finally {
      await closed.dispose();
    }
  });
});
