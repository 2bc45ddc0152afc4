/**
 * The agreement endpoints' own bad-input and business-rule answers (domain.md, "Bad input and
 * its answer"), through the real API on a real SQLite file. Each refusal proves nothing was
 * written; the generic contract (If-Match, idempotency, roles, NHS numbers) is proved in
 * write-endpoints.e2e.spec.ts.
 */
import * as f from './testing/ledger-fixtures';
import { expectRefusedWithoutWriting, fieldsOf } from './testing/ledger-expectations';
import { given } from './testing/ledger-givens';
import { LedgerTestApp } from './testing/ledger-test-app';
import { without } from './testing/write-endpoints';

let ledger: LedgerTestApp;

beforeEach(async () => {
  ledger = await LedgerTestApp.start();
});

afterEach(() => ledger.dispose());

describe('POST /v1/agreements', () => {
  it('refuses a duplicate agreement with 409', async () => {
    await given.agreement(ledger);
    await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.agreements, f.commissioner, f.agreementBody()),
      409,
      'AGREEMENT.ALREADY_EXISTS',
    );
  });

  it('refuses bad ODS codes, listing every failing field', async () => {
    const body = {
      ...f.agreementBody(),
      leadProviderCode: 'rv5',
      partnerProviderCodes: ['RPG', 'R'],
    };
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.agreements, f.commissioner, body),
      400,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(problem)).toEqual(['leadProviderCode', 'partnerProviderCodes[1]']);
  });

  it('refuses a malformed financial year and service line', async () => {
    const body = { ...f.agreementBody(), financialYear: '2025/27', serviceLines: ['Adult Secure'] };
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.agreements, f.commissioner, body),
      400,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(problem)).toEqual(['financialYear', 'serviceLines[0]']);
  });

  it('refuses a missing field and a savings horizon that is not a whole number of nights', async () => {
    const body = without({ ...f.agreementBody(), savingsHorizonDays: 0.5 }, 'commissionerCode');
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.agreements, f.commissioner, body),
      400,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(problem)).toEqual(
      expect.arrayContaining(['commissionerCode', 'savingsHorizonDays']),
    );
  });

  it('refuses a body that is not a JSON object, and malformed JSON', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.agreements, f.commissioner, ['not', 'an', 'object']),
      400,
      'VALIDATION.FAILED',
    );
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.call('POST', f.paths.agreements, {
          as: f.commissioner,
          body: '{"agreementId": ',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      'REQUEST.MALFORMED_JSON',
    );
  });
});

describe('POST /v1/agreements/:id/allocations', () => {
  beforeEach(() => given.agreement(ledger));

  it('phases £65,000,000.00 evenly: 11 × £5,416,666.66 and £5,416,666.74 in March', async () => {
    const response = await ledger.post(f.paths.allocations(), f.commissioner, f.allocationBody());
    expect(response.statusCode).toBe(201);
    const events = (await ledger.get(`${f.paths.agreement()}/events`, f.reviewer)).json().events;
    const phasing = events[1].data.phasing as { period: string; amount: string }[];
    expect(phasing.slice(0, 11).every((p) => p.amount === '5416666.66')).toBe(true);
    expect(phasing[11]).toEqual({ period: '2026-03', amount: '5416666.74' });
  });

  it('refuses an unknown service line, naming the agreement’s lines', async () => {
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.allocations(),
          f.commissioner,
          f.allocationBody({ serviceLine: 'camhs-tier4' }),
        ),
      422,
      'VALIDATION.FAILED',
    );
    expect(problem.errors).toEqual([
      {
        field: 'serviceLine',
        message: expect.stringContaining('adult-medium-secure, adult-low-secure'),
      },
    ]);
  });

  it('refuses an allocation outside the agreement’s financial year', async () => {
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.allocations(),
          f.commissioner,
          f.allocationBody({ effectiveDate: '2026-04-01' }),
        ),
      422,
      'BUDGET.OUTSIDE_FINANCIAL_YEAR',
    );
    expect(problem).toMatchObject({ effectiveDate: '2026-04-01', financialYear: '2025/26' });
  });

  it('refuses a negative or zero allocation', async () => {
    for (const amount of ['-1.00', '0.00']) {
      await expectRefusedWithoutWriting(
        ledger,
        () => ledger.post(f.paths.allocations(), f.commissioner, f.allocationBody({ amount })),
        400,
        'VALIDATION.FAILED',
      );
    }
  });

  it('names the failing month of an explicit profile by its dotted path', async () => {
    const months = [
      { period: '2025-04', amount: '100.00' },
      { period: '2025-05', amount: '100.00' },
      { period: '2025-06', amount: 100 },
    ];
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.allocations(),
          f.commissioner,
          f.allocationBody({ amount: '300.00', phasing: { kind: 'explicit', months } }),
        ),
      400,
      'VALIDATION.FAILED',
    );
    expect(fieldsOf(problem)).toEqual(['phasing.months[2].amount']);
  });

  it('refuses months with even phasing, and an explicit profile that does not sum to the amount', async () => {
    const months = [{ period: '2025-04', amount: '100.00' }];
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.allocations(),
          f.commissioner,
          f.allocationBody({ phasing: { kind: 'even', months } }),
        ),
      400,
      'VALIDATION.FAILED',
    );
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.allocations(),
          f.commissioner,
          f.allocationBody({ amount: '300.00', phasing: { kind: 'explicit', months } }),
        ),
      422,
      'VALIDATION.FAILED',
    );
  });

  it('answers 404 for an agreement never created', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(f.paths.allocations('no-such-agreement'), f.commissioner, f.allocationBody()),
      404,
      'AGREEMENT.NOT_FOUND',
    );
  });
});

describe('POST /v1/agreements/:id/adjustments', () => {
  beforeEach(() => given.allocation(ledger));

  it('records a negative adjustment phased from January', async () => {
    const response = await ledger.post(f.paths.adjustments(), f.commissioner, f.adjustmentBody());
    expect(response.statusCode).toBe(201);
    const summary = (await ledger.get(f.paths.agreement(), f.commissioner)).json();
    expect(summary.budgetByServiceLine['adult-medium-secure']).toBe('64750000.00');
  });

  it('refuses a zero adjustment, an unknown line and a date outside the year', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(f.paths.adjustments(), f.commissioner, f.adjustmentBody({ amount: '0.00' })),
      400,
      'VALIDATION.FAILED',
    );
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.adjustments(),
          f.commissioner,
          f.adjustmentBody({ serviceLine: 'camhs-tier4' }),
        ),
      422,
      'VALIDATION.FAILED',
    );
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.adjustments(),
          f.commissioner,
          f.adjustmentBody({ effectiveDate: '2025-03-31' }),
        ),
      422,
      'BUDGET.OUTSIDE_FINANCIAL_YEAR',
    );
  });

  it('refuses an empty reason', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.adjustments(), f.commissioner, f.adjustmentBody({ reason: '  ' })),
      400,
      'VALIDATION.FAILED',
    );
  });
});

describe('POST /v1/agreements/:id/virements', () => {
  beforeEach(() => given.allocation(ledger));

  it('moves budget between lines', async () => {
    expect(
      (await ledger.post(f.paths.virements(), f.leadFinance, f.virementBody())).statusCode,
    ).toBe(201);
    const summary = (await ledger.get(f.paths.agreement(), f.leadFinance)).json();
    expect(summary.budgetByServiceLine).toEqual({
      'adult-medium-secure': '64900000.00',
      'adult-low-secure': '100000.00',
    });
  });

  it('refuses an unknown line, a negative amount and a date outside the year', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.virements(),
          f.leadFinance,
          f.virementBody({ toServiceLine: 'camhs-tier4' }),
        ),
      422,
      'VALIDATION.FAILED',
    );
    await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.virements(), f.leadFinance, f.virementBody({ amount: '-5.00' })),
      400,
      'VALIDATION.FAILED',
    );
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.virements(),
          f.leadFinance,
          f.virementBody({ effectiveDate: '2026-04-01' }),
        ),
      422,
      'BUDGET.OUTSIDE_FINANCIAL_YEAR',
    );
  });

  it('refuses a commissioner: virements belong to the lead provider', async () => {
    await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.virements(), f.commissioner, f.virementBody()),
      403,
      'AUTH.FORBIDDEN_ROLE',
    );
  });
});

describe('POST /v1/agreements/:id/reinvestments', () => {
  it('refuses a commitment with no savings retained, saying £0.00 is available', async () => {
    await given.repatriation(ledger);
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () => ledger.post(f.paths.reinvestments(), f.leadFinance, f.reinvestmentBody()),
      422,
      'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
    );
    expect(problem.detail).toContain('£0.00');
    expect(problem).toMatchObject({ available: '0.00', requested: '520000.00' });
  });

  it('commits up to the retained savings and refuses a penny more', async () => {
    await given.retainedSavings(ledger);
    const summary = (await ledger.get(f.paths.agreement(), f.leadFinance)).json();
    expect(summary.retainedSavings).toBe('7065.00');
    const committed = await ledger.post(
      f.paths.reinvestments(),
      f.leadFinance,
      f.reinvestmentBody({ amount: '7000.00' }),
    );
    expect(committed.statusCode).toBe(201);
    const problem = await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.reinvestments(),
          f.leadFinance,
          f.reinvestmentBody({ commitmentId: 'c-2', amount: '65.01' }),
        ),
      422,
      'REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS',
    );
    expect(problem.detail).toContain('£65.00');
  });

  it('refuses a commitment dated in a closed period or outside the year', async () => {
    await given.retainedSavings(ledger);
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.reinvestments(),
          f.leadFinance,
          f.reinvestmentBody({ amount: '1.00', effectiveDate: '2025-09-30' }),
        ),
      422,
      'BUDGET.PERIOD_CLOSED',
    );
    await expectRefusedWithoutWriting(
      ledger,
      () =>
        ledger.post(
          f.paths.reinvestments(),
          f.leadFinance,
          f.reinvestmentBody({ amount: '1.00', effectiveDate: '2026-04-01' }),
        ),
      422,
      'BUDGET.OUTSIDE_FINANCIAL_YEAR',
    );
  });
});
