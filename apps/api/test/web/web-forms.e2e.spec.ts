/**
 * The write forms over plain HTTP (no browser), on the real app and a real SQLite file: closing
 * a period (lead-provider finance, on the overview), allocating budget (commissioner finance)
 * and committing a reinvestment (lead-provider finance). Each is shown only to the roles
 * allowed, posts with its CSRF token, its revision as If-Match and its key as Idempotency-Key:
 * a double submit writes once (the log's head moves once), a stale page writes nothing and says
 * so, and field errors carry the API's own words, which the tests read from the API itself.
 */
import * as f from '../testing/ledger-fixtures';
import { LedgerTestApp } from '../testing/ledger-test-app';
import { closePeriodsThrough } from '../testing/period-close';
import { recordWorkedScenario } from '../testing/worked-scenario';
import { csrfTokenOf, mainTextOf, textOf, WebVisitor } from '../testing/web-visitor';

const OVERVIEW = `/agreements/${f.AGREEMENT_ID}`;
const CLOSE = `${OVERVIEW}/period-closes`;
const ALLOCATE = `${OVERVIEW}/allocations/new`;
const REINVEST = `${OVERVIEW}/reinvestments/new`;
const STALE =
  'This agreement changed since you opened this page: check the figures and submit again';

/** A hidden field's value on the page (the form's first with that name). */
function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`The page has no field ${name}`);
  return match[1];
}

/** The hidden fields every write form sends, as the page gave them. */
function formFieldsOf(html: string): Record<string, string> {
  return {
    _csrf: csrfTokenOf(html),
    revision: hidden(html, 'revision'),
    idempotencyKey: hidden(html, 'idempotencyKey'),
  };
}

/** The items of the page's error summary, as text. */
function errorSummaryOf(html: string): string[] {
  const summary = /class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(html);
  if (!summary) return [];
  return [...summary[0].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((item) => textOf(item[1]));
}

const dateFields = (day: string, month: string, year: string) => ({
  'effectiveDate[day]': day,
  'effectiveDate[month]': month,
  'effectiveDate[year]': year,
});

async function revisionOf(ledger: LedgerTestApp): Promise<number> {
  const response = await ledger.get(f.paths.agreement(), f.reviewer);
  return response.json<{ revision: number }>().revision;
}

describe('closing a period and allocating budget, by form', () => {
  let ledger: LedgerTestApp;
  let lead: WebVisitor;
  let commissioner: WebVisitor;
  let reviewer: WebVisitor;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    expect(
      (await ledger.post(f.paths.agreements, f.commissioner, f.agreementBody())).statusCode,
    ).toBe(201);
    const allocation = await ledger.post(f.paths.allocations(), f.commissioner, f.allocationBody());
    expect(allocation.statusCode).toBe(201);
    lead = new WebVisitor(ledger);
    await lead.signIn(f.leadFinance);
    commissioner = new WebVisitor(ledger);
    await commissioner.signIn(f.commissioner);
    reviewer = new WebVisitor(ledger);
    await reviewer.signIn(f.reviewer);
  });

  afterAll(() => ledger.dispose());

  describe('closing a period', () => {
    it('offers lead-provider finance the next period to close, with the agreement’s revision', async () => {
      const page = await lead.get(OVERVIEW);
      expect(page.statusCode).toBe(200);
      expect(mainTextOf(page.body)).toContain('Close April 2025');
      expect(page.body).toContain(`action="${CLOSE}"`);
      expect(hidden(page.body, 'revision')).toBe(String(await revisionOf(ledger)));
      expect(hidden(page.body, 'idempotencyKey')).toMatch(/^[0-9a-f-]{36}$/);
      // A past moment is for reading: no write is offered while one is shown.
      const past = await lead.get(`${OVERVIEW}?asOf=2025-06-30`);
      expect(past.statusCode).toBe(200);
      expect(mainTextOf(past.body)).not.toContain('Close April 2025');
      expect(past.body).not.toContain(`action="${CLOSE}"`);
      // Each rendering has a key of its own.
      const again = await lead.get(OVERVIEW);
      expect(hidden(again.body, 'idempotencyKey')).not.toBe(hidden(page.body, 'idempotencyKey'));
      // Lead-provider finance may commit reinvestments, not allocate budget.
      expect(page.body).toContain(`href="${REINVEST}"`);
      expect(page.body).not.toContain(`href="${ALLOCATE}"`);
    });

    it('closes April with a success banner, and a double submit closes it once', async () => {
      const page = await lead.get(OVERVIEW);
      const fields = { ...formFieldsOf(page.body), period: '2025-04' };
      const before = await ledger.head();
      const first = await lead.post(CLOSE, fields);
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain('nhsuk-notification-banner--success');
      expect(mainTextOf(first.body)).toContain('April 2025 closed');
      const afterFirst = await ledger.head();
      expect(afterFirst).toBeGreaterThan(before);
      // The same form again (a double click, a reload): the key replays the close.
      const second = await lead.post(CLOSE, fields);
      expect(second.statusCode).toBe(200);
      expect(mainTextOf(second.body)).toContain('April 2025 closed');
      expect(await ledger.head()).toBe(afterFirst);
      const summary = await ledger.get(f.paths.agreement(), f.reviewer);
      expect(summary.json<{ closedPeriods: string[] }>().closedPeriods).toEqual(['2025-04']);
      // The page now offers May.
      expect(mainTextOf(second.body)).toContain('Close May 2025');
    });

    it('says a stale page changed, and writes nothing', async () => {
      const page = await lead.get(OVERVIEW);
      // Someone else writes to the agreement after the page was built.
      const other = await ledger.post(
        f.paths.allocations(),
        f.commissioner,
        f.allocationBody({
          allocationId: 'alloc-stale',
          amount: '100.00',
          effectiveDate: '2025-11-01',
        }),
      );
      expect(other.statusCode).toBe(201);
      const before = await ledger.head();
      const response = await lead.post(CLOSE, { ...formFieldsOf(page.body), period: '2025-05' });
      expect(response.statusCode).toBe(412);
      expect(errorSummaryOf(response.body)).toEqual([STALE]);
      expect(response.body).toMatch(new RegExp(`<a href="${OVERVIEW}">\\s*${STALE}\\s*</a>`));
      expect(await ledger.head()).toBe(before);
      const summary = await ledger.get(f.paths.agreement(), f.reviewer);
      expect(summary.json<{ closedPeriods: string[] }>().closedPeriods).toEqual(['2025-04']);
    });

    it('shows the API’s refusal, its message and code, when the period has not ended', async () => {
      await closePeriodsThrough(ledger, '2025-09');
      const page = await lead.get(OVERVIEW);
      expect(mainTextOf(page.body)).toContain('Close October 2025');
      const before = await ledger.head();
      const response = await lead.post(CLOSE, { ...formFieldsOf(page.body), period: '2025-10' });
      // The API's own answer to the same close, with its words.
      const api = await ledger.post(f.paths.periodCloses(), f.leadFinance, { period: '2025-10' });
      expect(api.statusCode).toBe(422);
      const { detail, code } = api.json<{ detail: string; code: string }>();
      expect(code).toBe('PERIOD.NOT_ENDED');
      expect(response.statusCode).toBe(422);
      expect(errorSummaryOf(response.body)).toEqual([`${detail} (PERIOD.NOT_ENDED)`]);
      expect(response.body).toContain('href="#close-period"');
      expect(response.body).toContain('id="close-period"');
      expect(await ledger.head()).toBe(before);
    });

    it('offers no close to a reviewer, and refuses the post with the 403 page', async () => {
      const page = await reviewer.get(OVERVIEW);
      expect(mainTextOf(page.body)).not.toContain('Make a change');
      expect(page.body).not.toContain('name="idempotencyKey"');
      const before = await ledger.head();
      const response = await reviewer.post(CLOSE, {
        _csrf: csrfTokenOf(page.body),
        revision: String(await revisionOf(ledger)),
        idempotencyKey: 'reviewer-close-1',
        period: '2025-10',
      });
      expect(response.statusCode).toBe(403);
      expect(mainTextOf(response.body)).toContain('You cannot see this page');
      expect(await ledger.head()).toBe(before);
    });
  });

  describe('allocating budget', () => {
    it('offers commissioner finance the form, with the agreement’s service lines', async () => {
      const overview = await commissioner.get(OVERVIEW);
      expect(overview.body).toContain(`href="${ALLOCATE}"`);
      expect(overview.body).not.toContain('Close October 2025');
      const page = await commissioner.get(ALLOCATE);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('value="adult-medium-secure"');
      expect(page.body).toContain('value="adult-low-secure"');
      expect(hidden(page.body, 'revision')).toBe(String(await revisionOf(ledger)));
      expect(mainTextOf(page.body)).toContain('phased evenly');
    });

    it('lists each field’s error in the summary and by the field, in the API’s words, refilled', async () => {
      const page = await commissioner.get(ALLOCATE);
      const fields = formFieldsOf(page.body);
      const before = await ledger.head();
      const response = await commissioner.post(ALLOCATE, {
        ...fields,
        amount: '12.345,6',
        ...dateFields('31', '2', '2025'),
      });
      expect(response.statusCode).toBe(400);
      // 2025-02-31 is refused by the API's own rule for a date, in its words.
      const api = await ledger.post(
        f.paths.allocations(),
        f.commissioner,
        f.allocationBody({ allocationId: 'alloc-x', effectiveDate: '2025-02-31' }),
      );
      const dateProblem = api.json<{ errors: { field: string; message: string }[] }>().errors;
      expect(dateProblem).toEqual([{ field: 'effectiveDate', message: expect.any(String) }]);
      expect(errorSummaryOf(response.body)).toEqual([
        'Select a service line of this agreement',
        'Amount must be pounds and pence, such as 1,234.56 or 1234.56',
        `Effective date ${dateProblem[0].message}`,
      ]);
      expect(response.body).toMatch(/<title>Error: Allocate budget/);
      expect(response.body.match(/nhsuk-form-group--error/g)).toHaveLength(3);
      expect(response.body).toContain('href="#effectiveDate-day"');
      // What was entered is there again, with a new key for the form drawn again.
      expect(response.body).toContain('value="12.345,6"');
      expect(response.body).toContain('value="31"');
      expect(hidden(response.body, 'idempotencyKey')).not.toBe(fields.idempotencyKey);
      expect(hidden(response.body, 'revision')).toBe(fields.revision);
      expect(await ledger.head()).toBe(before);
    });

    it('names a zero amount in the API’s words', async () => {
      const page = await commissioner.get(ALLOCATE);
      const response = await commissioner.post(ALLOCATE, {
        ...formFieldsOf(page.body),
        serviceLine: 'adult-low-secure',
        amount: '0.00',
        ...dateFields('1', '11', '2025'),
      });
      const api = await ledger.post(
        f.paths.allocations(),
        f.commissioner,
        f.allocationBody({ allocationId: 'alloc-zero', amount: '0.00' }),
      );
      expect(api.statusCode).toBe(400);
      const [problem] = api.json<{ errors: { field: string; message: string }[] }>().errors;
      expect(problem.field).toBe('amount');
      expect(response.statusCode).toBe(400);
      expect(errorSummaryOf(response.body)).toEqual([`Amount ${problem.message}`]);
    });

    it('allocates "1,234.56" once, however often the form is sent', async () => {
      const page = await commissioner.get(ALLOCATE);
      const fields = {
        ...formFieldsOf(page.body),
        serviceLine: 'adult-low-secure',
        amount: '1,234.56',
        ...dateFields('1', '11', '2025'),
      };
      const before = await ledger.head();
      const first = await commissioner.post(ALLOCATE, fields);
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain('nhsuk-notification-banner--success');
      expect(mainTextOf(first.body)).toContain('£1,234.56 allocated to adult-low-secure');
      expect(await ledger.head()).toBe(before + 1);
      const second = await commissioner.post(ALLOCATE, fields);
      expect(second.statusCode).toBe(200);
      expect(mainTextOf(second.body)).toContain('£1,234.56 allocated to adult-low-secure');
      expect(await ledger.head()).toBe(before + 1);
      // One allocation of 1,234.56 on the low secure line, which had none.
      const summary = await ledger.get(f.paths.agreement(), f.reviewer);
      expect(
        summary.json<{ budgetByServiceLine: Record<string, string> }>().budgetByServiceLine,
      ).toMatchObject({ 'adult-low-secure': '1234.56' });
    });

    it('gives a role that may not allocate no form, and a 403 on the post', async () => {
      const page = await lead.get(ALLOCATE);
      expect(page.statusCode).toBe(403);
      expect(mainTextOf(page.body)).toContain('You cannot see this page');
      const overview = await lead.get(OVERVIEW);
      const before = await ledger.head();
      const response = await lead.post(ALLOCATE, {
        ...formFieldsOf(overview.body),
        serviceLine: 'adult-low-secure',
        amount: '10.00',
        ...dateFields('1', '11', '2025'),
      });
      expect(response.statusCode).toBe(403);
      expect(await ledger.head()).toBe(before);
    });

    it('refuses a form without its CSRF token, and writes nothing', async () => {
      const page = await commissioner.get(ALLOCATE);
      const { _csrf, ...withoutToken } = formFieldsOf(page.body);
      expect(_csrf).toBeTruthy();
      const before = await ledger.head();
      const response = await commissioner.post(ALLOCATE, {
        ...withoutToken,
        serviceLine: 'adult-low-secure',
        amount: '10.00',
        ...dateFields('1', '11', '2025'),
      });
      expect(response.statusCode).toBe(403);
      expect(mainTextOf(response.body)).toContain('Your form could not be sent');
      expect(await ledger.head()).toBe(before);
    });

    it('refuses an NHS number in a field without repeating it, and writes nothing', async () => {
      const page = await commissioner.get(ALLOCATE);
      const before = await ledger.head();
      const response = await commissioner.post(ALLOCATE, {
        ...formFieldsOf(page.body),
        serviceLine: 'adult-low-secure',
        amount: f.NHS_NUMBER,
        ...dateFields('1', '11', '2025'),
      });
      expect(response.statusCode).toBe(422);
      expect(mainTextOf(response.body)).toContain('This form cannot be sent');
      expect(response.body).not.toContain(f.NHS_NUMBER);
      expect(await ledger.head()).toBe(before);
    });
  });
});

describe('committing a reinvestment, by form', () => {
  let ledger: LedgerTestApp;
  let lead: WebVisitor;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    // The worked scenario leaves £930.00 of retained savings available (worked-scenario.e2e).
    await recordWorkedScenario(ledger);
    lead = new WebVisitor(ledger);
    await lead.signIn(f.leadFinance);
  });

  afterAll(() => ledger.dispose());

  const reinvestment = (fields: Record<string, string>, amount: string) => ({
    ...fields,
    schemeId: 'crisis-house',
    amount,
    ...dateFields('1', '11', '2025'),
    description: 'Crisis house beds',
  });

  it('shows the retained savings available on the form', async () => {
    const page = await lead.get(REINVEST);
    expect(page.statusCode).toBe(200);
    expect(mainTextOf(page.body)).toContain('Retained savings available now: £930.00');
    expect(page.body).toContain('name="effectiveDate[day]"');
  });

  it('commits £500.00 once, showing the retained savings before and after', async () => {
    const page = await lead.get(REINVEST);
    const fields = reinvestment(formFieldsOf(page.body), '500.00');
    const before = await ledger.head();
    const first = await lead.post(REINVEST, fields);
    expect(first.statusCode).toBe(200);
    const text = mainTextOf(first.body);
    expect(text).toContain('£500.00 committed to crisis-house');
    // £930.00 available before; £930.00 − £500.00 = £430.00 after.
    expect(text).toContain('Retained savings available before £930.00');
    expect(text).toContain('Retained savings available after £430.00');
    expect(await ledger.head()).toBe(before + 1);
    const second = await lead.post(REINVEST, fields);
    expect(mainTextOf(second.body)).toContain('Retained savings available after £430.00');
    expect(await ledger.head()).toBe(before + 1);
  });

  it('refuses more than is available, by the amount, in the API’s words and code', async () => {
    const page = await lead.get(REINVEST);
    const before = await ledger.head();
    const response = await lead.post(REINVEST, reinvestment(formFieldsOf(page.body), '1,000.00'));
    const api = await ledger.post(
      f.paths.reinvestments(),
      f.leadFinance,
      f.reinvestmentBody({ commitmentId: 'commit-api', amount: '1000.00' }),
    );
    expect(api.statusCode).toBe(422);
    const { detail } = api.json<{ detail: string }>();
    expect(detail).toContain('£430.00');
    expect(response.statusCode).toBe(422);
    expect(errorSummaryOf(response.body)).toEqual([
      `${detail} (REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS)`,
    ]);
    expect(response.body).toContain('href="#amount"');
    expect(response.body).toContain('value="1,000.00"');
    expect(await ledger.head()).toBe(before);
  });

  it('draws a stale form again on the agreement as it now stands, and writes nothing', async () => {
    const page = await lead.get(REINVEST);
    const fields = reinvestment(formFieldsOf(page.body), '20.00');
    // Another commitment is recorded after the page was built: £430.00 − £10.00 = £420.00.
    const other = await ledger.post(
      f.paths.reinvestments(),
      f.leadFinance,
      f.reinvestmentBody({ commitmentId: 'commit-other', amount: '10.00' }),
    );
    expect(other.statusCode).toBe(201);
    const before = await ledger.head();
    const response = await lead.post(REINVEST, fields);
    expect(response.statusCode).toBe(412);
    expect(errorSummaryOf(response.body)).toEqual([STALE]);
    expect(response.body).toMatch(new RegExp(`<a href="${OVERVIEW}">\\s*${STALE}\\s*</a>`));
    expect(mainTextOf(response.body)).toContain('Retained savings available now: £420.00');
    expect(response.body).toContain('value="20.00"');
    expect(hidden(response.body, 'revision')).toBe(String(await revisionOf(ledger)));
    expect(await ledger.head()).toBe(before);
  });

  it('gives a partner’s finance team (the right role, not the lead provider) no form, and a 403', async () => {
    // lead-provider-finance may commit reinvestments only for agreements its trust leads.
    const partner = new WebVisitor(ledger);
    await partner.signIn({
      subject: 'pat',
      role: 'lead-provider-finance',
      organisationCode: 'RPG',
    });
    const overview = await partner.get(OVERVIEW);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).not.toContain(`href="${REINVEST}"`);
    expect(mainTextOf(overview.body)).not.toContain('Make a change');
    expect((await partner.get(REINVEST)).statusCode).toBe(403);
    const before = await ledger.head();
    const response = await partner.post(
      REINVEST,
      reinvestment(
        {
          _csrf: csrfTokenOf(overview.body),
          revision: String(await revisionOf(ledger)),
          idempotencyKey: 'partner-1',
        },
        '1.00',
      ),
    );
    expect(response.statusCode).toBe(403);
    expect(mainTextOf(response.body)).toContain('You cannot see this page');
    expect(await ledger.head()).toBe(before);
  });

  it('gives a reviewer no link and no form, and a 403 on the post', async () => {
    const reviewer = new WebVisitor(ledger);
    await reviewer.signIn(f.reviewer);
    const overview = await reviewer.get(OVERVIEW);
    expect(overview.body).not.toContain(`href="${REINVEST}"`);
    expect((await reviewer.get(REINVEST)).statusCode).toBe(403);
    const before = await ledger.head();
    const response = await reviewer.post(REINVEST, {
      _csrf: csrfTokenOf(overview.body),
      ...reinvestment({ revision: '0', idempotencyKey: 'reviewer-1' }, '1.00'),
    });
    expect(response.statusCode).toBe(403);
    expect(await ledger.head()).toBe(before);
  });
});
