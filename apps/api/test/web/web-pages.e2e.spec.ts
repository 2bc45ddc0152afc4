/**
 * The web app over plain HTTP, without a browser, on the real app and a real SQLite file: what
 * each page answers (status, redirect, headers), the session cookie's flags, development sign-in
 * and sign-out, CSRF refusals, scope, error pages that never repeat an NHS number, and the
 * overview's figures and downloads against the API's own answers for the same questions.
 *
 * The ledger holds the worked scenario (apps/api/test/testing/worked-scenario.ts), recorded on
 * a clock that moves on a second each time it is read, so every event has its own recorded time
 * and a knowledge time can fall between two of them. The date stays 2025-10-15 throughout.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '@ledger/commands';
import * as f from '../testing/ledger-fixtures';
import { LedgerTestApp } from '../testing/ledger-test-app';
import { recordWorkedScenario } from '../testing/worked-scenario';
import { csrfTokenOf, mainTextOf, textOf, WebVisitor } from '../testing/web-visitor';

const OVERVIEW = `/agreements/${f.AGREEMENT_ID}`;
const EARLIER_AGREEMENTS = 21;

/** Starts at 09:00 UTC on TODAY's date and moves on one second every time it is read. */
function tickingClock(start: string): Clock {
  let ms = Date.parse(start);
  return { now: () => new Date((ms += 1000)) };
}

describe('the web app over HTTP', () => {
  let ledger: LedgerTestApp;
  /** When the last event before the back-dated discharge was recorded. */
  let beforeDischargeAt: string;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start({ clock: tickingClock('2025-10-15T09:00:00.000Z') });
    const { beforeDischarge } = await recordWorkedScenario(ledger);
    const [event] = await ledger.store.readAll({
      afterPosition: beforeDischarge - 1,
      maxCount: 1,
    });
    beforeDischargeAt = event.recordedAt;
    // 21 agreements of 2024/25 that only 13R and RV5 are party to: 22 in all, over two pages.
    for (let n = 1; n <= EARLIER_AGREEMENTS; n += 1) {
      const body = {
        ...f.agreementBody(`earlier-${String(n).padStart(2, '0')}`),
        financialYear: '2024/25',
        partnerProviderCodes: [],
      };
      expect((await ledger.post(f.paths.agreements, f.commissioner, body)).statusCode).toBe(201);
    }
  });

  afterAll(() => ledger.dispose());

  describe('before signing in', () => {
    it.each(['/', '/agreements', OVERVIEW, `${OVERVIEW}/budget.csv`])(
      'redirects %s to the sign-in page, to come back after',
      async (path) => {
        const response = await new WebVisitor(ledger).get(path);
        expect(response.statusCode).toBe(303);
        expect(response.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(path)}`);
      },
    );

    it('serves the sign-in page in the NHS.UK layout, with a session cookie for its form', async () => {
      const response = await new WebVisitor(ledger).get('/sign-in');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain(
        '<title>Sign in – Out-of-area placements ledger – NHS</title>',
      );
      expect(response.body).toContain('class="nhsuk-skip-link"');
      expect(response.body).toContain('<main class="nhsuk-main-wrapper" id="maincontent">');
      expect(response.body).toContain('Out-of-area placements ledger</span>');
      // The organisations party to an agreement in the ledger, by ODS code.
      expect(textOf(response.body)).toContain('RV5 – lead provider');
      expect(response.headers['cache-control']).toBe('no-store');
      // The cookie holds only the form's CSRF secret so far, sealed; its flags:
      const [cookie] = response.cookies as { name: string }[];
      expect(cookie).toMatchObject({
        name: 'ledger_session',
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        maxAge: 8 * 60 * 60,
      });
      // Served over plain HTTP: not Secure (a browser would drop a Secure cookie here).
      expect(cookie).not.toHaveProperty('secure');
      expect(csrfTokenOf(response.body)).toMatch(/\S{20,}/);
    });

    it("runs only the page's own scripts: a CSP nonce for the layout's inline script", async () => {
      const response = await new WebVisitor(ledger).get('/sign-in');
      const policy = String(response.headers['content-security-policy']);
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce).toBeDefined();
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(response.body).toContain(`<script nonce="${nonce}">`);
      expect(response.body).toContain(`<script type="module" nonce="${nonce}">`);
    });

    it('serves nhsuk-frontend’s built stylesheet, script and images, and nothing else of it', async () => {
      const visitor = new WebVisitor(ledger);
      const css = await visitor.get('/assets/nhsuk-frontend-10.6.1.min.css');
      expect(css.statusCode).toBe(200);
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      const script = await visitor.get('/assets/nhsuk-frontend-10.6.1.min.js');
      expect(script.statusCode).toBe(200);
      expect((await visitor.get('/assets/images/favicon.svg')).statusCode).toBe(200);
      expect((await visitor.get('/assets/index.scss')).statusCode).toBe(404);
      expect((await visitor.get('/assets/../package.json')).statusCode).toBe(404);
    });
  });

  describe('development sign-in', () => {
    it('refuses a sign-in form without its CSRF token, signing nobody in', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.get('/sign-in');
      const response = await visitor.post('/sign-in', {
        subject: 'mallory',
        role: 'admin',
        organisationCode: '',
      });
      expect(response.statusCode).toBe(403);
      expect(mainTextOf(response.body)).toContain('Your form could not be sent');
      expect((await visitor.get('/agreements')).statusCode).toBe(303);
    });

    it('refuses a token from another session', async () => {
      const theirs = csrfTokenOf((await new WebVisitor(ledger).get('/sign-in')).body);
      const visitor = new WebVisitor(ledger);
      await visitor.get('/sign-in');
      const response = await visitor.post('/sign-in', {
        _csrf: theirs,
        subject: 'mallory',
        role: 'admin',
      });
      expect(response.statusCode).toBe(403);
    });

    it('names each missing field in the error summary and beside the field', async () => {
      const visitor = new WebVisitor(ledger);
      const page = await visitor.get('/sign-in');
      const response = await visitor.post('/sign-in', {
        _csrf: csrfTokenOf(page.body),
        subject: '',
        organisationCode: 'not an ODS code',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('<title>Error: Sign in – Out-of-area placements ledger');
      expect(response.body).toContain('class="nhsuk-error-summary"');
      expect(response.body).toContain('href="#subject"');
      expect(response.body).toContain('href="#role"');
      expect(response.body).toContain('href="#organisationCode"');
      expect(textOf(response.body)).toContain('Select a role');
      expect((await visitor.get('/agreements')).statusCode).toBe(303);
    });

    it('signs in with a new sealed session and goes back where it was asked for', async () => {
      const visitor = new WebVisitor(ledger);
      const response = await visitor.signIn(f.reviewer, OVERVIEW);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(OVERVIEW);
      expect(response.cookies).toEqual([
        expect.objectContaining({ name: 'ledger_session', httpOnly: true, sameSite: 'Lax' }),
      ]);
      const page = await visitor.get(OVERVIEW);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).toContain('harriet, Reviewer');
    });

    it('never sends anyone to another site after signing in', async () => {
      for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
        const response = await new WebVisitor(ledger).signIn(f.reviewer, returnTo);
        expect(response.headers.location).toBe('/agreements');
      }
    });

    it('does not open the API: a session cookie is not a bearer token', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.admin);
      const response = await ledger.app.inject({
        method: 'GET',
        url: '/v1/agreements',
        headers: { cookie: visitor.cookieHeader() },
      });
      expect(response.statusCode).toBe(401);
    });

    it('leaves the API answering a form with 415', async () => {
      const response = await ledger.app.inject({
        method: 'POST',
        url: '/v1/cases',
        headers: {
          authorization: `Bearer ${await ledger.token(f.leadCaseManager)}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ caseId: 'case-9' }).toString(),
      });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toMatchObject({ code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' });
    });
  });

  describe('signing out', () => {
    it('refuses a sign-out without its CSRF token, then signs out with it', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.commissioner);
      const list = await visitor.get('/agreements');
      const refused = await visitor.post('/sign-out', {});
      expect(refused.statusCode).toBe(403);
      expect((await visitor.get('/agreements')).statusCode).toBe(200);
      const response = await visitor.post('/sign-out', { _csrf: csrfTokenOf(list.body) });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/sign-out');
      // The cookie is cleared: the browser forgets the session.
      expect(response.cookies).toEqual([
        expect.objectContaining({ name: 'ledger_session', value: '', maxAge: 0 }),
      ]);
      const after = await visitor.get('/sign-out');
      expect(mainTextOf(after.body)).toContain('You have signed out');
      expect((await visitor.get('/agreements')).statusCode).toBe(303);
    });
  });

  describe('the agreements list', () => {
    it('lists the agreements the role and organisation may see, as GET /v1/agreements does', async () => {
      // RPG is a partner of the worked scenario's agreement only.
      const partner = new WebVisitor(ledger);
      await partner.signIn(f.partnerCaseManager);
      const partnerPage = await partner.get('/agreements');
      expect(partnerPage.statusCode).toBe(200);
      expect(partnerPage.body).toContain(`<a class="nhsuk-link" href="${OVERVIEW}">`);
      expect(partnerPage.body).not.toContain('earlier-01');
      const api = await ledger.get('/v1/agreements', f.partnerCaseManager);
      expect(api.json().agreements.map((a: { agreementId: string }) => a.agreementId)).toEqual([
        f.AGREEMENT_ID,
      ]);
      const outsider = new WebVisitor(ledger);
      await outsider.signIn(f.outsiderCaseManager);
      const page = await outsider.get('/agreements');
      expect(page.statusCode).toBe(200);
      expect(mainTextOf(page.body)).toContain('There are no agreements to show');
      expect((await ledger.get('/v1/agreements', f.outsiderCaseManager)).json().agreements).toEqual(
        [],
      );
    });

    it('pages through 22 agreements twenty at a time, forward and back', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.reviewer);
      const first = await visitor.get('/agreements');
      // By financial year, then id: the 21 of 2024/25 first.
      expect(first.body).toContain('earlier-20');
      expect(first.body).not.toContain('earlier-21');
      const next = /<a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="([^"]+)"/
        .exec(first.body)![1]
        .replace(/&amp;/g, '&');
      expect(next).toBe('/agreements?after=2024%2F25%3Aearlier-20');
      const second = await visitor.get(next);
      expect(second.statusCode).toBe(200);
      expect(second.body).toContain('<title>Agreements (page 2) – Out-of-area placements ledger');
      expect(second.body).toContain('earlier-21');
      expect(second.body).toContain(f.AGREEMENT_ID);
      expect(second.body).not.toContain('nhsuk-pagination__link--next');
      const back =
        /<a class="nhsuk-pagination__link nhsuk-pagination__link--prev" href="([^"]+)"/.exec(
          second.body,
        )![1];
      expect(back).toBe('/agreements');
    });

    it('filters by financial year with a GET form', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.reviewer);
      const page = await visitor.get('/agreements?financialYear=2025%2F26');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(f.AGREEMENT_ID);
      expect(page.body).not.toContain('earlier-01');
      expect(page.body).not.toContain('nhsuk-pagination');
      expect(page.body).toContain('value="2025/26"');
    });

    it('refuses a financial year that is not one, in the error summary', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.reviewer);
      const page = await visitor.get('/agreements?financialYear=2025');
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('href="#financialYear"');
      expect(textOf(page.body)).toContain('Enter a financial year written like 2025/26');
    });
  });

  describe("an agreement's overview", () => {
    it('shows the terms and budget against actual, as the budget report gives them', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.commissioner);
      const page = await visitor.get(`${OVERVIEW}?asOf=2025-09-30`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(
        `<title>${f.AGREEMENT_ID} – Out-of-area placements ledger – NHS</title>`,
      );
      const text = mainTextOf(page.body);
      expect(text).toContain('Commissioner 13R');
      expect(text).toContain('Lead provider RV5');
      expect(text).toContain('Partners RPG, RQY');
      // Medium secure, to 30 September (worked in worked-scenario.e2e.spec.ts):
      // budget 6 × £5,416,666.66 = £32,499,999.96; spend £81,317.50; variance
      // £32,499,999.96 − £81,317.50 = £32,418,682.46; outturn £81,317.50 + 182 × £450.00 =
      // £163,217.50.
      expect(text).toContain(
        'adult-medium-secure Full-year budget £65,000,000.00 Budget to date £32,499,999.96 ' +
          'Spend to date £81,317.50 Variance £32,418,682.46 Forecast outturn £163,217.50 ' +
          'Status Within budget',
      );
      // Low secure has no budget: case B's 10 July nights × £850.00 = £8,500.00, overspent.
      expect(text).toContain('Spend to date £8,500.00 Variance -£8,500.00');
      expect(page.body).toContain('<strong class="nhsuk-tag nhsuk-tag--red">Overspent</strong>');
      // September: £10,680.00 out of area + £6,750.00 in area = £17,430.00, closed.
      expect(text).toContain(
        'September 2025 (M06) Status Closed Budget £5,416,666.66 Spend £17,430.00',
      );
      // Every figure read off the page is the API's answer to the same question.
      const api = await ledger.get(
        `/v1/agreements/${f.AGREEMENT_ID}/reports/budget?asOf=2025-09-30`,
        f.commissioner,
      );
      const medium = api.json().lines[0];
      expect([medium.budgetToDate, medium.spendToDate.total, medium.forecast.outturn]).toEqual([
        '32499999.96',
        '81317.50',
        '163217.50',
      ]);
    });

    it('answers as the ledger stood before the back-dated discharge, with a banner saying so', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.reviewer);
      const query = `asOf=2025-09-30&knownAt=${encodeURIComponent(beforeDischargeAt)}`;
      const page = await visitor.get(`${OVERVIEW}?${query}`);
      expect(page.statusCode).toBe(200);
      const text = mainTextOf(page.body);
      expect(text).toContain('As the ledger stood at 15 October 2025 at 10:');
      expect(text).toContain(' BST These figures count only what had been recorded by then.');
      // Case B still in its bed then: July posted 22 × £850.00 = £18,700.00, August 31 ×
      // £850.00 = £26,350.00 and September 30 × £850.00 = £25,500.00 live: £70,550.00.
      expect(text).toContain('Spend to date £70,550.00 Variance -£70,550.00');
      const api = await ledger.get(
        `/v1/agreements/${f.AGREEMENT_ID}/reports/budget?${query}`,
        f.reviewer,
      );
      expect(api.json().lines[1].spendToDate.total).toBe('70550.00');
      expect(page.body).toContain('class="nhsuk-notification-banner"');
      // Without a knowledge time: no banner.
      expect((await visitor.get(OVERVIEW)).body).not.toContain('nhsuk-notification-banner');
    });

    it('names a date or a time it cannot read, and a time before the agreement existed', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.reviewer);
      const bad = await visitor.get(`${OVERVIEW}?asOf=2025-02-30&knownAt=yesterday`);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('href="#asOf"');
      expect(bad.body).toContain('href="#knownAt"');
      expect(mainTextOf(bad.body)).not.toContain('Budget against actual');
      const early = await visitor.get(`${OVERVIEW}?knownAt=2025-10-15T08:00:00Z`);
      expect(early.statusCode).toBe(400);
      expect(textOf(early.body)).toContain('The ledger held no record of this agreement');
    });

    it('downloads the budget report as the API gives it, as CSV and as XLSX', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.leadFinance);
      const csv = await visitor.get(`${OVERVIEW}/budget.csv?asOf=2025-09-30`);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(
        `attachment; filename="${f.AGREEMENT_ID}-budget-2025-09-30.csv"`,
      );
      const api = await ledger.get(
        `/v1/agreements/${f.AGREEMENT_ID}/reports/budget?asOf=2025-09-30&format=csv`,
        f.leadFinance,
      );
      expect(csv.body).toBe(api.body);
      const xlsx = await visitor.get(`${OVERVIEW}/budget.xlsx?asOf=2025-09-30`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    });

    it('shows 403 to an organisation outside the agreement, and 404 for an unknown one', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.outsiderCaseManager);
      const refused = await visitor.get(OVERVIEW);
      expect(refused.statusCode).toBe(403);
      expect(mainTextOf(refused.body)).toContain('You cannot see this page');
      expect((await visitor.get(`${OVERVIEW}/budget.csv`)).statusCode).toBe(403);
      const unknown = await visitor.get('/agreements/no-such-agreement');
      expect(unknown.statusCode).toBe(404);
      expect(mainTextOf(unknown.body)).toContain('Page not found');
    });
  });

  describe('error pages', () => {
    it('never repeats an NHS number from the address', async () => {
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.reviewer);
      for (const path of [
        `/agreements/${f.NHS_NUMBER}`,
        `/agreements?financialYear=${f.NHS_NUMBER}`,
        `/no-such-page/${f.NHS_NUMBER}`,
      ]) {
        const response = await visitor.get(path);
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(response.body).not.toContain(f.NHS_NUMBER);
      }
      const refused = await visitor.get(`/agreements/${f.NHS_NUMBER}`);
      expect(refused.statusCode).toBe(422);
      expect(mainTextOf(refused.body)).toContain('This web address cannot be used');
    });

    it('answers an unknown address with a page for a browser and a problem for the API', async () => {
      const page = await new WebVisitor(ledger).get('/no-such-page');
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('<title>Page not found – Out-of-area placements ledger – NHS');
      const problem = await ledger.app.inject({ method: 'GET', url: '/v1/no-such-thing' });
      expect(problem.statusCode).toBe(404);
      expect(problem.headers['content-type']).toContain('application/problem+json');
    });
  });
});

describe('the web app with development sign-in off', () => {
  let ledger: LedgerTestApp;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start({ devTokens: false });
  });

  afterAll(() => ledger.dispose());

  it('says no sign-in is set up, and has no development sign-in form', async () => {
    const visitor = new WebVisitor(ledger);
    expect((await visitor.get('/agreements')).headers.location).toBe(
      '/sign-in?returnTo=%2Fagreements',
    );
    const page = await visitor.get('/sign-in?returnTo=%2Fagreements');
    expect(page.statusCode).toBe(503);
    expect(mainTextOf(page.body)).toContain('You cannot sign in yet');
    expect(page.body).not.toContain('name="role"');
    const form = await visitor.post('/sign-in', { subject: 'mallory', role: 'admin' });
    expect(form.statusCode).toBe(404);
    expect((await visitor.get('/agreements')).statusCode).toBe(303);
  });
});

describe('the web app over TLS', () => {
  let ledger: LedgerTestApp;
  let cert: string;

  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1, made for this test by openssl.
    const dir = mkdtempSync(join(tmpdir(), 'ledger-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    rmSync(dir, { recursive: true, force: true });
    ledger = await LedgerTestApp.start({ listen: true, tls: { key, cert } });
  });

  afterAll(() => ledger.dispose());

  it('marks the session cookie Secure when the page came over TLS', async () => {
    const setCookie = await new Promise<string[]>((resolve, reject) => {
      const request = httpsRequest(
        `${ledger.baseUrl}/sign-in`,
        { ca: cert, headers: { accept: 'text/html' } },
        (response) => {
          response.resume();
          resolve(response.headers['set-cookie'] ?? []);
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(ledger.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0].split('; ')).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Secure', 'Path=/', 'Max-Age=28800']),
    );
  });
});

describe('the web app when its stores fail', () => {
  it('says sorry with a page, 500 or 503, and nothing of what failed', async () => {
    const ledger = await LedgerTestApp.start();
    try {
      await ledger.post(f.paths.agreements, f.commissioner, f.agreementBody());
      const visitor = new WebVisitor(ledger);
      await visitor.signIn(f.reviewer);
      // The read model's file closed under the list: an error nothing maps, so a 500.
      await ledger.readModel.close();
      const failed = await visitor.get('/agreements');
      expect(failed.statusCode).toBe(500);
      expect(mainTextOf(failed.body)).toBe(
        'Sorry, there is a problem with the service Try again later. The problem has been ' +
          'logged. Go to the list of agreements',
      );
      // The event store closed under the overview: unavailable, a 503 that says to retry.
      await ledger.store.close();
      const unavailable = await visitor.get(OVERVIEW);
      expect(unavailable.statusCode).toBe(503);
      expect(unavailable.headers['retry-after']).toBe('1');
      expect(mainTextOf(unavailable.body)).toContain('Sorry, the service is unavailable');
      expect(unavailable.body).not.toContain('SQLite');
    } finally {
      await ledger.app.close();
      rmSync(ledger.dataDir, { recursive: true, force: true });
    }
  });
});
