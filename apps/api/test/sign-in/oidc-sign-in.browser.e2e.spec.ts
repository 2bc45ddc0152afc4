/**
 * Sign-in with the organisation's account, in a real browser (Debian's chromium, playwright-core)
 * against a real OpenID provider (oidc-provider in a child process on loopback) and the real app
 * on another loopback port: the sign-in page's button, the provider's own login and consent
 * pages, back to the agreements signed in with the role and organisation the account's claims
 * carry; a person whose claims name no ledger role is refused, signed in as nobody; a callback
 * whose state does not match, or sent again, is refused; sign-out ends the provider's session
 * too. axe-core checks the sign-in page and the refusal page against WCAG 2.2 AA.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, launchChromium } from '../testing/browser';
import { LedgerTestApp } from '../testing/ledger-test-app';
import { startTestProvider, type TestProvider } from '../testing/oidc-test-provider';

jest.setTimeout(120_000);

describe('sign-in with the organisation’s account, in Chromium', () => {
  let provider: TestProvider;
  let ledger: LedgerTestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const url = (path: string) => `${ledger.baseUrl}${path}`;
  const mainText = async () =>
    ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
  const header = async () =>
    ((await page.locator('header').textContent()) ?? '').replace(/\s+/g, ' ');

  /** The provider's development login and consent pages, as a person fills them in. */
  async function signInAtProvider(login: string): Promise<void> {
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    // Consent: the ledger asks for the account's role and organisation (scope "ledger").
    await page.locator('button[type="submit"]').click();
  }

  beforeAll(async () => {
    provider = await startTestProvider();
    // Development tokens off: the organisation's account is the only way in, as in production.
    ledger = await LedgerTestApp.start({
      devTokens: false,
      oidc: (appUrl) => provider.settings(appUrl),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await ledger?.dispose();
    await provider?.stop();
  });

  beforeEach(async () => {
    await context?.close();
    context = await browser.newContext();
    page = await context.newPage();
  });

  it('offers the organisation’s account only, on a page that passes axe', async () => {
    await page.goto(url('/agreements'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const button = page.getByRole('button', { name: "Sign in with your organisation's account" });
    expect(await button.count()).toBe(1);
    expect(await page.locator('form[action="/sign-in"]').count()).toBe(0); // no development sign-in
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('signs in through the provider, as the role and organisation its claims carry', async () => {
    await page.goto(url('/sign-in'));
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
    expect(page.url().startsWith(provider.issuer)).toBe(true);
    await signInAtProvider('finance-alice');
    expect(new URL(page.url()).pathname).toBe('/agreements');
    expect(await header()).toContain('finance-alice');
    expect(await header()).toContain('Commissioner finance');
    expect(await header()).toContain('13R');
  });

  it('comes back to the page asked for before signing in', async () => {
    await page.goto(url('/agreements?year=2025%2F26'));
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
    await signInAtProvider('reviewer-rita');
    expect(page.url()).toBe(url('/agreements?year=2025%2F26'));
    expect(await header()).toContain('Reviewer');
  });

  it('refuses an account whose role is not one of the ledger’s, saying what to ask for', async () => {
    await page.goto(url('/sign-in'));
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
    await signInAtProvider('pharmacist-pat');
    expect(new URL(page.url()).pathname).toBe('/sign-in/callback');
    expect(await page.title()).toBe(
      'You cannot use this service yet – Out-of-area placements ledger – NHS',
    );
    const text = await mainText();
    expect(text).toContain('gives you a role this ledger does not know');
    expect(text).toContain('Ask your administrator to give you one of these roles');
    expect(text).toContain('“ledger_role” claim');
    expect(text).toContain('commissioner-finance');
    expect(text).toContain('You have not been signed in.');
    expect(await accessibilityViolations(page)).toEqual([]);
    // Nobody is signed in: the agreements still lead to the sign-in page.
    await page.goto(url('/agreements'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('refuses a callback whose state does not match the sign-in under way', async () => {
    await page.goto(url('/sign-in'));
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
    expect(page.url().startsWith(provider.issuer)).toBe(true);
    // An answer this browser's sign-in never asked for (another site's link, say).
    const query = new URLSearchParams({
      code: 'a-code',
      state: 'not-this-sign-ins-state',
      iss: provider.issuer,
    });
    const refused = await page.goto(url(`/sign-in/callback?${query.toString()}`));
    expect(refused?.status()).toBe(400);
    expect(await page.title()).toBe(
      'Your sign-in could not be finished – Out-of-area placements ledger – NHS',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(url('/agreements'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('refuses a callback sent again, in the same browser or another', async () => {
    await page.goto(url('/sign-in'));
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
    let callback = '';
    page.on('request', (request) => {
      if (request.url().startsWith(`${ledger.baseUrl}/sign-in/callback`)) callback = request.url();
    });
    await signInAtProvider('finance-alice');
    expect(new URL(page.url()).pathname).toBe('/agreements');
    expect(callback).toContain('code=');
    expect((await page.goto(callback))?.status()).toBe(400);
    const elsewhere = await (await browser.newContext()).newPage();
    expect((await elsewhere.goto(callback))?.status()).toBe(400);
    await elsewhere.goto(url('/agreements'));
    expect(new URL(elsewhere.url()).pathname).toBe('/sign-in');
    await elsewhere.context().close();
  });

  it('signs out here and at the provider', async () => {
    await page.goto(url('/sign-in'));
    await page.getByRole('button', { name: "Sign in with your organisation's account" }).click();
    await signInAtProvider('finance-alice');
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider asks whether to sign out of it too (oidc-provider's own page).
    expect(page.url().startsWith(`${provider.issuer}/session/end`)).toBe(true);
    await page.locator('button[autofocus], button[type="submit"]').first().click();
    expect(new URL(page.url()).pathname).toBe('/sign-out');
    expect(await mainText()).toContain('You have signed out');
    await page.goto(url('/agreements'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
