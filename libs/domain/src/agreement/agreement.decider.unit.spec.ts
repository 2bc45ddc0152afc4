import type { AgreementCommand } from './agreement.commands';
import { agreementDecider } from './agreement.decider';
import type { AgreementEvent, PhasedAmount } from './agreement.events';
import {
  adjust,
  allocate,
  CAMHS,
  caseSaving,
  closePeriod,
  createSlp,
  given,
  LOW_SECURE,
  MEDIUM_SECURE,
  MID_JUNE,
  periodClosed,
  placementCost,
  reinvest,
  restated,
  SLP,
  slpCreated,
  vire,
} from './testing/agreement.fixtures';

/**
 * Business rules of the delegation agreement (domain.md), one per test, in given/when/then
 * form: given the stored history, when a command arrives, then these events are recorded or
 * this stable error code is returned and nothing is recorded.
 */

/** The same amount in each listed month: the even-phasing parts before M12. */
function each(amount: string, periods: string[]): PhasedAmount[] {
  return periods.map((period) => ({ period, amount }));
}

const APRIL_TO_FEBRUARY = [
  '2025-04',
  '2025-05',
  '2025-06',
  '2025-07',
  '2025-08',
  '2025-09',
  '2025-10',
  '2025-11',
  '2025-12',
  '2026-01',
  '2026-02',
];
const OCTOBER_TO_FEBRUARY = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02'];

/** The state a history folds to, as the decider would see it. */
const stateOf = (...history: AgreementEvent[]) =>
  history.reduce(agreementDecider.evolve, agreementDecider.initialState());

/** An untyped value where the contract wants a string, as a bulk import file might send. */
const asText = (raw: unknown): string => raw as string;

describe('CreateAgreement', () => {
  it('creates the agreement with the default savings horizon of 365 nights', () => {
    given().when(createSlp()).then([slpCreated]);
  });

  it('keeps an explicit savings horizon, up to ten years', () => {
    given()
      .when(createSlp({ savingsHorizonDays: 3650 }))
      .then([{ ...slpCreated, data: { ...slpCreated.data, savingsHorizonDays: 3650 } }]);
  });

  it('refuses a second creation as a conflict', () => {
    given(slpCreated).when(createSlp()).thenThrows('AGREEMENT.ALREADY_EXISTS');
  });

  it('reports every invalid field together, in one error', () => {
    const error = given()
      .when(
        createSlp({
          agreementId: ' ',
          commissionerCode: 'x24',
          leadProviderCode: 'RV',
          partnerProviderCodes: ['RPG', 'RQY1234'],
          financialYear: '2025-26',
          serviceLines: ['Adult-Medium-Secure', CAMHS, CAMHS],
          savingsHorizonDays: 0,
        }),
      )
      .thenRejectsFields(
        'agreementId',
        'commissionerCode',
        'leadProviderCode',
        'partnerProviderCodes[1]',
        'financialYear',
        'serviceLines[0]',
        'serviceLines[2]',
        'savingsHorizonDays',
      );
    expect(error.kind).toBe('invalid');
    expect(error.fieldErrors.find((e) => e.field === 'serviceLines[2]')?.message).toBe(
      'repeats serviceLines[1] (camhs-tier4)',
    );
  });

  it('needs at least one service line', () => {
    given()
      .when(createSlp({ serviceLines: [] }))
      .thenRejectsFields('serviceLines');
  });

  it.each(['adult--low', '-adult', 'adult-', 'adult low', 'camhs_tier4'])(
    'refuses the service line %p: lowercase words joined by single hyphens only',
    (line) => {
      given()
        .when(createSlp({ serviceLines: [line] }))
        .thenRejectsFields('serviceLines[0]');
    },
  );

  it.each([3651, 1.5, -1])('refuses a savings horizon of %p nights', (days) => {
    given()
      .when(createSlp({ savingsHorizonDays: days }))
      .thenRejectsFields('savingsHorizonDays');
  });

  it('accepts an agreement with no partner providers', () => {
    given()
      .when(createSlp({ partnerProviderCodes: [] }))
      .then([{ ...slpCreated, data: { ...slpCreated.data, partnerProviderCodes: [] } }]);
  });
});

describe('commands on an agreement that does not exist', () => {
  it.each<[string, AgreementCommand]>([
    ['AllocateBudget', allocate()],
    ['AdjustBudget', adjust()],
    ['VireBudget', vire()],
    ['CommitReinvestment', reinvest()],
    ['ClosePeriod', closePeriod('2025-04')],
  ])('refuses %s with AGREEMENT.NOT_FOUND', (_name, command) => {
    given().when(command).thenThrows('AGREEMENT.NOT_FOUND');
  });

  it('refuses a command naming another agreement than the stream holds', () => {
    given(slpCreated)
      .when(allocate({ agreementId: 'nel-camhs-2025-26' }))
      .thenThrows('AGREEMENT.NOT_FOUND');
  });
});

describe('AllocateBudget', () => {
  it('phases £65,000,000.00 from April evenly over the twelve months', () => {
    // 65,000,000.00 / 12 = 5,416,666.666… → 5,416,666.66 for M01..M11.
    // 5,416,666.66 × 11 = 59,583,333.26; M12 = 65,000,000.00 − 59,583,333.26 = 5,416,666.74.
    given(slpCreated)
      .when(allocate())
      .then([
        {
          type: 'BudgetAllocated',
          data: {
            agreementId: SLP,
            allocationId: 'alloc-1',
            serviceLine: MEDIUM_SECURE,
            amount: '65000000.00',
            effectiveDate: '2025-04-01',
            profile: 'even',
            phasing: [
              ...each('5416666.66', APRIL_TO_FEBRUARY),
              { period: '2026-03', amount: '5416666.74' },
            ],
          },
        },
      ]);
  });

  it('phases from the effective month to M12 only, and stores 2 decimal places', () => {
    // October to March is 6 months. 1,000.5 / 6 = 166.75 exactly, so every month gets
    // 166.75 and M12 = 1,000.50 − 166.75 × 5 = 1,000.50 − 833.75 = 166.75.
    given(slpCreated)
      .when(allocate({ amount: '1000.5', effectiveDate: '2025-10-15' }))
      .then([
        {
          type: 'BudgetAllocated',
          data: {
            agreementId: SLP,
            allocationId: 'alloc-1',
            serviceLine: MEDIUM_SECURE,
            amount: '1000.50',
            effectiveDate: '2025-10-15',
            profile: 'even',
            phasing: [
              ...each('166.75', OCTOBER_TO_FEBRUARY),
              { period: '2026-03', amount: '166.75' },
            ],
          },
        },
      ]);
  });

  it('gives M12 the remainder when the months do not divide the amount', () => {
    // 1,000.00 / 6 = 166.666… → 166.66; 166.66 × 5 = 833.30; M12 = 1,000.00 − 833.30 = 166.70.
    const [event] = agreementDecider.decide(
      allocate({ amount: '1000.00', effectiveDate: '2025-10-01' }),
      agreementDecider.evolve(agreementDecider.initialState(), slpCreated),
      { today: '2025-06-15' },
    );
    expect(event.type === 'BudgetAllocated' && event.data.phasing).toEqual([
      ...each('166.66', OCTOBER_TO_FEBRUARY),
      { period: '2026-03', amount: '166.70' },
    ]);
  });

  it.each([
    ['a JSON number', 65000000],
    ['three decimal places', '100.005'],
    ['zero', '0.00'],
    ['a negative amount', '-100.00'],
    ['a malformed amount', '£100'],
  ])('refuses %s as the amount', (_why, amount) => {
    given(slpCreated)
      .when(allocate({ amount: asText(amount) }))
      .thenRejectsFields('amount');
  });

  it('refuses an unknown service line as an invalid field', () => {
    const error = given(slpCreated)
      .when(allocate({ serviceLine: 'adult-high-secure' }))
      .thenRejectsFields('serviceLine');
    expect(error.fieldErrors[0].message).toContain(
      'adult-medium-secure, adult-low-secure, camhs-tier4',
    );
  });

  it('refuses a date that does not exist', () => {
    given(slpCreated)
      .when(allocate({ effectiveDate: '2025-02-30' }))
      .thenRejectsFields('effectiveDate');
  });

  it('reports every invalid field together', () => {
    given(slpCreated)
      .when(
        allocate({ allocationId: '', amount: '1.234', serviceLine: 'x', effectiveDate: 'soon' }),
      )
      .thenRejectsFields('allocationId', 'amount', 'serviceLine', 'effectiveDate');
  });

  it.each(['2025-03-31', '2026-04-01'])(
    'refuses an effective date outside 2025/26 (%s)',
    (effectiveDate) => {
      const error = given(slpCreated)
        .when(allocate({ effectiveDate }))
        .thenThrows('BUDGET.OUTSIDE_FINANCIAL_YEAR');
      expect(error.details).toEqual({ effectiveDate, financialYear: '2025/26' });
    },
  );

  it('refuses an effective date in a closed period, and accepts the next day', () => {
    const history = [slpCreated, periodClosed('2025-04')];
    const error = given(...history)
      .when(allocate({ effectiveDate: '2025-04-30' }))
      .thenThrows('BUDGET.PERIOD_CLOSED');
    expect(error.details).toEqual({ effectiveDate: '2025-04-30', period: '2025-04' });
    // From 1 May there are 11 months: 65,000,000.00 / 11 = 5,909,090.909… → 5,909,090.90.
    // 5,909,090.90 × 10 = 59,090,909.00; M12 = 65,000,000.00 − 59,090,909.00 = 5,909,091.00.
    const [event] = agreementDecider.decide(
      allocate({ effectiveDate: '2025-05-01' }),
      history.reduce(agreementDecider.evolve, agreementDecider.initialState()),
      { today: '2025-06-15' },
    );
    expect(event.type === 'BudgetAllocated' && event.data.phasing.at(-1)).toEqual({
      period: '2026-03',
      amount: '5909091.00',
    });
  });

  describe('with an explicit profile', () => {
    it('records the profile in month order with 2 decimal places, zero months included', () => {
      // 400.00 + 0.00 + 600 = 1,000.00, the amount.
      given(slpCreated)
        .when(
          allocate({
            amount: '1000.00',
            effectiveDate: '2026-01-05',
            phasing: {
              kind: 'explicit',
              months: [
                { period: '2026-03', amount: '600' },
                { period: '2026-01', amount: '400.00' },
                { period: '2026-02', amount: '0.00' },
              ],
            },
          }),
        )
        .then([
          {
            type: 'BudgetAllocated',
            data: {
              agreementId: SLP,
              allocationId: 'alloc-1',
              serviceLine: MEDIUM_SECURE,
              amount: '1000.00',
              effectiveDate: '2026-01-05',
              profile: 'explicit',
              phasing: [
                { period: '2026-01', amount: '400.00' },
                { period: '2026-02', amount: '0.00' },
                { period: '2026-03', amount: '600.00' },
              ],
            },
          },
        ]);
    });

    it('refuses a profile that does not sum to the amount and names the difference', () => {
      // 400.00 + 500.00 = 900.00; 1,000.00 − 900.00 = 100.00 short.
      const error = given(slpCreated)
        .when(
          allocate({
            amount: '1000.00',
            effectiveDate: '2026-01-05',
            phasing: {
              kind: 'explicit',
              months: [
                { period: '2026-01', amount: '400.00' },
                { period: '2026-03', amount: '500.00' },
              ],
            },
          }),
        )
        .thenRejectsFields('phasing.months');
      expect(error.fieldErrors[0].message).toBe(
        'must sum exactly to the amount 1000.00, but sum to 900.00: 100.00 short',
      );
    });

    it('names an excess too', () => {
      // 999.99 + 0.02 = 1,000.01; 1,000.01 − 1,000.00 = 0.01 over.
      const error = given(slpCreated)
        .when(
          allocate({
            amount: '1000.00',
            effectiveDate: '2026-01-05',
            phasing: {
              kind: 'explicit',
              months: [
                { period: '2026-02', amount: '999.99' },
                { period: '2026-03', amount: '0.02' },
              ],
            },
          }),
        )
        .thenRejectsFields('phasing.months');
      expect(error.fieldErrors[0].message).toContain('0.01 over');
    });

    it('refuses months before the effective month, after M12, repeated, or not money', () => {
      given(slpCreated)
        .when(
          allocate({
            amount: '1000.00',
            effectiveDate: '2026-01-05',
            phasing: {
              kind: 'explicit',
              months: [
                { period: '2025-12', amount: '100.00' },
                { period: '2026-04', amount: '100.00' },
                { period: '2026-01', amount: '100.00' },
                { period: '2026-01', amount: '100.00' },
                { period: '2026-02', amount: '-100.00' },
                { period: '2026-3', amount: '100.00' },
              ],
            },
          }),
        )
        .thenRejectsFields(
          'phasing.months[0].period',
          'phasing.months[1].period',
          'phasing.months[3].period',
          'phasing.months[4].amount',
          'phasing.months[5].period',
        );
    });

    it('refuses an empty profile and an unknown profile kind', () => {
      given(slpCreated)
        .when(allocate({ phasing: { kind: 'explicit', months: [] } }))
        .thenRejectsFields('phasing.months');
      given(slpCreated)
        .when(allocate({ phasing: JSON.parse('{"kind":"weekly"}') }))
        .thenRejectsFields('phasing.kind');
    });
  });
});

describe('AdjustBudget', () => {
  it('phases −£250,000.00 from January over January to March', () => {
    // −250,000.00 / 3 = −83,333.333… → −83,333.33 (toward zero) in January and February.
    // −83,333.33 × 2 = −166,666.66; March = −250,000.00 + 166,666.66 = −83,333.34.
    given(slpCreated)
      .when(adjust())
      .then([
        {
          type: 'BudgetAdjusted',
          data: {
            agreementId: SLP,
            adjustmentId: 'adj-1',
            serviceLine: MEDIUM_SECURE,
            amount: '-250000.00',
            effectiveDate: '2026-01-10',
            reason: 'In-year return of unused medium secure budget',
            phasing: [
              { period: '2026-01', amount: '-83333.33' },
              { period: '2026-02', amount: '-83333.33' },
              { period: '2026-03', amount: '-83333.34' },
            ],
          },
        },
      ]);
  });

  it('accepts a positive adjustment', () => {
    // 90,000.00 / 3 = 30,000.00 exactly; March = 90,000.00 − 60,000.00 = 30,000.00.
    const [event] = agreementDecider.decide(
      adjust({ amount: '90000' }),
      agreementDecider.evolve(agreementDecider.initialState(), slpCreated),
      { today: '2026-01-10' },
    );
    expect(event.type === 'BudgetAdjusted' && event.data).toMatchObject({
      amount: '90000.00',
      phasing: each('30000.00', ['2026-01', '2026-02', '2026-03']),
    });
  });

  it('refuses a zero adjustment, a missing reason and an unknown line together', () => {
    given(slpCreated)
      .when(adjust({ amount: '-0.00', reason: '  ', serviceLine: 'unknown-line' }))
      .thenRejectsFields('amount', 'reason', 'serviceLine');
  });

  it('applies the budget-movement date rules', () => {
    given(slpCreated)
      .when(adjust({ effectiveDate: '2026-04-01' }))
      .thenThrows('BUDGET.OUTSIDE_FINANCIAL_YEAR');
    given(slpCreated, periodClosed('2025-04'))
      .when(adjust({ effectiveDate: '2025-04-15' }))
      .thenThrows('BUDGET.PERIOD_CLOSED');
  });
});

describe('VireBudget', () => {
  it('phases the virement evenly from its effective month', () => {
    // October to March is 6 months: 120,000.00 / 6 = 20,000.00 exactly; M12 = 20,000.00.
    given(slpCreated)
      .when(vire())
      .then([
        {
          type: 'BudgetVired',
          data: {
            agreementId: SLP,
            virementId: 'vir-1',
            fromServiceLine: MEDIUM_SECURE,
            toServiceLine: CAMHS,
            amount: '120000.00',
            effectiveDate: '2025-10-01',
            reason: 'CAMHS tier 4 pressure',
            phasing: [
              ...each('20000.00', OCTOBER_TO_FEBRUARY),
              { period: '2026-03', amount: '20000.00' },
            ],
          },
        },
      ]);
  });

  it('never checks the source line’s balance: an overspend is flagged later, not refused', () => {
    // Nothing was ever allocated to adult-low-secure, so this takes it to −5,000,000.00.
    const [event] = agreementDecider.decide(
      vire({ fromServiceLine: LOW_SECURE, amount: '5000000.00' }),
      agreementDecider.evolve(agreementDecider.initialState(), slpCreated),
      { today: '2025-06-15' },
    );
    expect(event.type).toBe('BudgetVired');
  });

  it('refuses a virement from a line to itself', () => {
    const error = given(slpCreated)
      .when(vire({ toServiceLine: MEDIUM_SECURE }))
      .thenRejectsFields('toServiceLine');
    expect(error.fieldErrors[0].message).toBe('must differ from fromServiceLine');
  });

  it('refuses unknown lines, a non-positive amount and a missing reason together', () => {
    given(slpCreated)
      .when(
        vire({
          fromServiceLine: 'nowhere',
          toServiceLine: 'elsewhere',
          amount: '-1.00',
          reason: '',
        }),
      )
      .thenRejectsFields('fromServiceLine', 'toServiceLine', 'amount', 'reason');
  });

  it('applies the budget-movement date rules', () => {
    given(slpCreated)
      .when(vire({ effectiveDate: '2025-03-31' }))
      .thenThrows('BUDGET.OUTSIDE_FINANCIAL_YEAR');
    given(slpCreated, periodClosed('2025-04'), periodClosed('2025-05'))
      .when(vire({ effectiveDate: '2025-05-31' }))
      .thenThrows('BUDGET.PERIOD_CLOSED');
  });
});

describe('ids of budget movements and commitments', () => {
  // Proves each id names one fact for good: sending a movement again under the same id would
  // double the money, so it is refused (409) and nothing is recorded.
  const recorded = (command: AgreementCommand) =>
    agreementDecider.decide(command, givenState(slpCreated), MID_JUNE)[0];
  const givenState = (...events: AgreementEvent[]) =>
    events.reduce(agreementDecider.evolve, agreementDecider.initialState());

  it.each([
    ['allocation', allocate()],
    ['adjustment', adjust()],
    ['virement', vire()],
  ] as const)('refuses a second %s with the same id', (_kind, command) => {
    given(slpCreated, recorded(command))
      .when(command)
      .thenThrows('BUDGET.MOVEMENT_ALREADY_RECORDED');
  });

  it('lets different kinds of movement share an id, and a new id through', () => {
    given(slpCreated, recorded(allocate({ allocationId: 'm-1' })))
      .when(adjust({ adjustmentId: 'm-1' }))
      .then([expect.objectContaining({ type: 'BudgetAdjusted' })]);
    given(slpCreated, recorded(allocate({ allocationId: 'm-1' })))
      .when(allocate({ allocationId: 'm-2' }))
      .then([expect.objectContaining({ type: 'BudgetAllocated' })]);
  });
});

describe('CommitReinvestment', () => {
  // April's close recognises 1,500.00 + (−200.00) = 1,300.00 of retained savings.
  const aprilSavings = periodClosed(
    '2025-04',
    [],
    [caseSaving({ amount: '1500.00' }), caseSaving({ caseId: 'case-2', amount: '-200.00' })],
  );

  it('refuses to commit savings that have not been recognised, saying what is available', () => {
    const error = given(slpCreated)
      .when(reinvest({ amount: '1000.00' }))
      .thenThrows('REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS');
    expect(error.message).toBe('Retained savings available: £0.00; requested £1,000.00');
    expect(error.details).toEqual({ available: '0.00', requested: '1000.00' });
    expect(error.kind).toBe('rejected');
  });

  it('commits up to exactly the retained savings and records the balance before', () => {
    given(slpCreated, aprilSavings)
      .when(reinvest({ amount: '1300.00' }))
      .then([
        {
          type: 'ReinvestmentCommitted',
          data: {
            agreementId: SLP,
            commitmentId: 'commit-1',
            schemeId: 'female-forensic-step-down',
            amount: '1300.00',
            effectiveDate: '2025-06-01',
            description: 'Female forensic step-down beds',
            retainedSavingsBefore: '1300.00',
          },
        },
      ]);
  });

  it('refuses one penny more than the retained savings', () => {
    // Available 1,300.00; requested 1,300.01 would leave −0.01.
    const error = given(slpCreated, aprilSavings)
      .when(reinvest({ amount: '1300.01' }))
      .thenThrows('REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS');
    expect(error.message).toBe('Retained savings available: £1,300.00; requested £1,300.01');
  });

  it('counts earlier commitments against the retained savings', () => {
    // 1,300.00 recognised − 1,000.00 committed = 300.00 available.
    const first = {
      type: 'ReinvestmentCommitted' as const,
      data: { ...reinvest().data, amount: '1000.00', retainedSavingsBefore: '1300.00' },
    };
    const error = given(slpCreated, aprilSavings, first)
      .when(reinvest({ commitmentId: 'commit-2', amount: '300.01' }))
      .thenThrows('REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS');
    expect(error.details).toEqual({ available: '300.00', requested: '300.01' });
  });

  it('reports a negative balance as available when cost pressures exceed savings', () => {
    // May recognises −500.00 only: retained savings are 0.00 − 500.00 = −500.00.
    const error = given(
      slpCreated,
      periodClosed('2025-04'),
      periodClosed('2025-05', [], [caseSaving({ period: '2025-05', amount: '-500.00' })]),
    )
      .when(reinvest({ amount: '0.01' }))
      .thenThrows('REINVESTMENT.INSUFFICIENT_RETAINED_SAVINGS');
    expect(error.message).toBe('Retained savings available: -£500.00; requested £0.01');
    expect(error.details.available).toBe('-500.00');
  });

  it('refuses a scheme id that is not kebab-case, and a zero amount', () => {
    given(slpCreated, aprilSavings)
      .when(reinvest({ schemeId: 'Female Step Down', amount: '0' }))
      .thenRejectsFields('schemeId', 'amount');
  });

  it('applies the budget-movement date rules before looking at the savings', () => {
    given(slpCreated, aprilSavings)
      .when(reinvest({ effectiveDate: '2025-04-30' }))
      .thenThrows('BUDGET.PERIOD_CLOSED');
    given(slpCreated, aprilSavings)
      .when(reinvest({ effectiveDate: '2026-04-01' }))
      .thenThrows('BUDGET.OUTSIDE_FINANCIAL_YEAR');
  });
});

describe('ClosePeriod', () => {
  const afterApril = { today: '2025-05-01' };

  it('closes the first period once it has ended, with amounts to 2 decimal places', () => {
    const cost = placementCost({ amount: '18000' });
    const saving = caseSaving({ amount: '-42.5' });
    given(slpCreated)
      .when(closePeriod('2025-04', [cost], [saving]), afterApril)
      .then([
        periodClosed(
          '2025-04',
          [{ ...cost, amount: '18000.00' }],
          [{ ...saving, amount: '-42.50' }],
        ),
      ]);
  });

  it('refuses to close a period on its last day', () => {
    // April's last day is 30 April; a close needs today > 2025-04-30.
    const error = given(slpCreated)
      .when(closePeriod('2025-04'), { today: '2025-04-30' })
      .thenThrows('PERIOD.NOT_ENDED');
    expect(error.details).toEqual({
      period: '2025-04',
      lastDay: '2025-04-30',
      today: '2025-04-30',
    });
  });

  it('knows February 2026 has 28 days', () => {
    const closedToJanuary = [
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
    ].map((period) => periodClosed(period));
    given(slpCreated, ...closedToJanuary)
      .when(closePeriod('2026-02'), { today: '2026-02-28' })
      .thenThrows('PERIOD.NOT_ENDED');
    given(slpCreated, ...closedToJanuary)
      .when(closePeriod('2026-02'), { today: '2026-03-01' })
      .then([periodClosed('2026-02')]);
  });

  it('closes periods in order and names the next one to close', () => {
    const error = given(slpCreated)
      .when(closePeriod('2025-05'), { today: '2025-07-01' })
      .thenThrows('PERIOD.CLOSE_OUT_OF_ORDER');
    expect(error.message).toContain('the next period to close is 2025-04');
    expect(error.details).toEqual({ period: '2025-05', nextPeriod: '2025-04' });
  });

  it('refuses to close a period twice', () => {
    given(slpCreated, periodClosed('2025-04'))
      .when(closePeriod('2025-04'), { today: '2025-07-01' })
      .thenThrows('PERIOD.ALREADY_CLOSED');
  });

  it.each(['2026-04', '2025-03', '2025-4', 'April'])(
    'refuses %p, which is not one of the agreement’s twelve periods',
    (period) => {
      given(slpCreated)
        .when(closePeriod(period), { today: '2027-01-01' })
        .thenRejectsFields('period');
    },
  );

  it('refuses figures that belong to another period', () => {
    given(slpCreated)
      .when(
        closePeriod(
          '2025-04',
          [placementCost({ period: '2025-05' })],
          [caseSaving({ period: '2025-03' })],
        ),
        afterApril,
      )
      .thenRejectsFields('accruedCosts[0].period', 'recognisedSavings[0].period');
  });

  it('refuses negative costs but accepts zero costs and negative savings', () => {
    given(slpCreated)
      .when(
        closePeriod(
          '2025-04',
          [
            placementCost({ amount: '-1.00' }),
            placementCost({ placementId: 'block-bed', amount: '0.00' }),
          ],
          [caseSaving({ amount: '-10.00' })],
        ),
        afterApril,
      )
      .thenRejectsFields('accruedCosts[0].amount');
  });

  it('checks every field of every figure together', () => {
    given(slpCreated)
      .when(
        closePeriod(
          '2025-04',
          [
            placementCost({
              caseId: '',
              placementId: '',
              serviceLine: 'unknown',
              setting: JSON.parse('"abroad"'),
              providerCode: 'nq1',
              bedDays: 32,
              amount: asText(18000),
            }),
          ],
          [caseSaving({ caseId: '', serviceLine: 'unknown', nights: -1, amount: '1.001' })],
        ),
        afterApril,
      )
      .thenRejectsFields(
        'accruedCosts[0].caseId',
        'accruedCosts[0].placementId',
        'accruedCosts[0].serviceLine',
        'accruedCosts[0].setting',
        'accruedCosts[0].providerCode',
        'accruedCosts[0].bedDays',
        'accruedCosts[0].amount',
        'recognisedSavings[0].caseId',
        'recognisedSavings[0].serviceLine',
        'recognisedSavings[0].nights',
        'recognisedSavings[0].amount',
      );
  });

  it('refuses the same placement or case twice in one close, which would post twice', () => {
    given(slpCreated)
      .when(
        closePeriod('2025-04', [placementCost(), placementCost()], [caseSaving(), caseSaving()]),
        afterApril,
      )
      .thenRejectsFields('accruedCosts[1].placementId', 'recognisedSavings[1].caseId');
  });

  it('refuses figure lists that are not lists', () => {
    given(slpCreated)
      .when(
        {
          type: 'ClosePeriod',
          data: {
            agreementId: SLP,
            period: '2025-04',
            accruedCosts: JSON.parse('null'),
            recognisedSavings: JSON.parse('[null]'),
            restatedPeriods: JSON.parse('null'),
          },
        },
        afterApril,
      )
      .thenRejectsFields(
        'accruedCosts',
        'recognisedSavings[0].caseId',
        'recognisedSavings[0].serviceLine',
        'recognisedSavings[0].period',
        'recognisedSavings[0].nights',
        'recognisedSavings[0].amount',
        'restatedPeriods',
      );
  });

  it('adds the recognised savings, negative ones included, to the retained savings', () => {
    // 1,500.00 + (−200.00) + 0.00 = 1,300.00 retained after April.
    const history: AgreementEvent[] = [
      slpCreated,
      periodClosed(
        '2025-04',
        [placementCost()],
        [
          caseSaving(),
          caseSaving({ caseId: 'case-2', amount: '-200.00' }),
          caseSaving({ caseId: 'case-3', amount: '0.00' }),
        ],
      ),
    ];
    const state = history.reduce(agreementDecider.evolve, agreementDecider.initialState());
    expect(state.exists && state.retainedSavings.toFixed(2)).toBe('1300.00');
    expect(state.exists && state.closedPeriods).toEqual(['2025-04']);
  });

  it('refuses any close once M12 has closed', () => {
    const allClosed = [
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ].map((period) => periodClosed(period));
    given(slpCreated, ...allClosed)
      .when(closePeriod('2026-03'), { today: '2026-05-01' })
      .thenThrows('PERIOD.ALREADY_CLOSED');
  });
});

describe('ClosePeriod: prior-period adjustments', () => {
  // Late facts reach a closed month through the next close: it restates the closed months'
  // figures from today's case histories, and posts the differences from what has been posted
  // for them so far. Each adjustment belongs to the earlier month and is posted in this close.

  // An out-of-area placement at £685.50 a night from 2025-06-01 (case-1, placement-1, NQ1).
  const oap = (period: string, bedDays: number, amount: string) =>
    placementCost({ period, bedDays, amount });
  const throughMay = [slpCreated, periodClosed('2025-04'), periodClosed('2025-05')];
  // June closed with 30 nights × 685.50 = 20,565.00.
  const juneClosed = periodClosed('2025-06', [oap('2025-06', 30, '20565.00')]);
  const afterJuly = { today: '2025-08-01' };
  const afterAugust = { today: '2025-09-01' };

  it('posts a back-dated discharge as a negative June adjustment in July', () => {
    // Discharge recorded in July, back-dated to 2025-06-21: June's nights are now 1–20 June,
    // 20 × 685.50 = 13,710.00. June adjustment: (20 − 30) × 685.50 = −6,855.00, −10 bed days,
    // belonging to June and posted in July. July's own cost is nothing: no night in July.
    given(...throughMay, juneClosed)
      .when(
        closePeriod('2025-07', [], [], [restated('2025-06', [oap('2025-06', 20, '13710.00')])]),
        afterJuly,
      )
      .then([
        periodClosed('2025-07', [], [], {
          costs: [oap('2025-06', -10, '-6855.00')],
          savings: [],
        }),
      ]);
  });

  it('posts a back-dated rate change into both closed months it reaches', () => {
    // June closed at 20,565.00 (30 × 685.50); July at 31 × 685.50 = 21,250.50. Then a rate of
    // £712.00 from 2025-06-16 is recorded. Restated June: 15 × 685.50 + 15 × 712.00 =
    // 10,282.50 + 10,680.00 = 20,962.50, so +397.50 (15 × 26.50). Restated July:
    // 31 × 712.00 = 22,072.00, so +821.50 (31 × 26.50). Bed days are unchanged (0).
    // August's own cost: 31 × 712.00 = 22,072.00.
    const julyClosed = periodClosed('2025-07', [oap('2025-07', 31, '21250.50')]);
    given(...throughMay, juneClosed, julyClosed)
      .when(
        closePeriod(
          '2025-08',
          [oap('2025-08', 31, '22072.00')],
          [],
          [
            restated('2025-07', [oap('2025-07', 31, '22072.00')]),
            restated('2025-06', [oap('2025-06', 30, '20962.50')]),
          ],
        ),
        afterAugust,
      )
      .then([
        periodClosed('2025-08', [oap('2025-08', 31, '22072.00')], [], {
          // In period order, whatever order the restatements came in.
          costs: [oap('2025-06', 0, '397.50'), oap('2025-07', 0, '821.50')],
          savings: [],
        }),
      ]);
  });

  describe('a saving changed by a back-dated in-area rate change', () => {
    // Repatriated on 2025-06-16 from £685.50 to an in-area bed at £450.00 (placement-2, RPG):
    // June's 15 nights saved 235.50 each, 15 × 235.50 = 3,532.50, posted at June's close.
    // Then the in-area rate becomes £475.00 from 2025-06-21. Restated June saving:
    // 5 × 235.50 + 10 × 210.50 = 1,177.50 + 2,105.00 = 3,282.50, so −250.00 (10 × −25.00).
    // July's own saving: 31 × 210.50 = 6,525.50.
    const inArea = (period: string, bedDays: number, amount: string) =>
      placementCost({
        placementId: 'placement-2',
        setting: 'in-area',
        providerCode: 'RPG',
        period,
        bedDays,
        amount,
      });
    const saving = (period: string, nights: number, amount: string) =>
      caseSaving({ period, nights, amount });
    const juneWithSaving = periodClosed(
      '2025-06',
      // OAP 15 × 685.50 = 10,282.50; in area 15 × 450.00 = 6,750.00.
      [oap('2025-06', 15, '10282.50'), inArea('2025-06', 15, '6750.00')],
      [saving('2025-06', 15, '3532.50')],
    );
    // Restated June in-area cost: 5 × 450.00 + 10 × 475.00 = 2,250.00 + 4,750.00 = 7,000.00.
    const julyClose = closePeriod(
      '2025-07',
      // July in area: 31 × 475.00 = 14,725.00.
      [inArea('2025-07', 31, '14725.00')],
      [saving('2025-07', 31, '6525.50')],
      [
        restated(
          '2025-06',
          [oap('2025-06', 15, '10282.50'), inArea('2025-06', 15, '7000.00')],
          [saving('2025-06', 15, '3282.50')],
        ),
      ],
    );

    it('posts the saving difference, and the in-area cost difference, in July', () => {
      given(...throughMay, juneWithSaving)
        .when(julyClose, afterJuly)
        .then([
          periodClosed(
            '2025-07',
            [inArea('2025-07', 31, '14725.00')],
            [saving('2025-07', 31, '6525.50')],
            { costs: [inArea('2025-06', 0, '250.00')], savings: [saving('2025-06', 0, '-250.00')] },
          ),
        ]);
    });

    it('counts the saving adjustment in the retained savings', () => {
      // 3,532.50 (June) + 6,525.50 (July) − 250.00 (June adjustment) = 9,808.00.
      const [julyClosed] = agreementDecider.decide(
        julyClose,
        stateOf(...throughMay, juneWithSaving),
        afterJuly,
      );
      const state = stateOf(...throughMay, juneWithSaving, julyClosed);
      expect(state.exists && state.retainedSavings.toFixed(2)).toBe('9808.00');
    });
  });

  it('compares with what has been posted so far: the close and every earlier adjustment', () => {
    // June posted 20,565.00 at its close and −6,855.00 in July: 13,710.00 for 20 nights.
    // Restated the same again in August: nothing to post. Then the discharge date is corrected
    // to 2025-06-19 (18 nights, 18 × 685.50 = 12,339.00): −1,371.00 and −2 bed days.
    const julyClosed = periodClosed('2025-07', [], [], {
      costs: [oap('2025-06', -10, '-6855.00')],
      savings: [],
    });
    given(...throughMay, juneClosed, julyClosed)
      .when(
        closePeriod('2025-08', [], [], [restated('2025-06', [oap('2025-06', 20, '13710.00')])]),
        afterAugust,
      )
      .then([periodClosed('2025-08')]);
    given(...throughMay, juneClosed, julyClosed)
      .when(
        closePeriod('2025-08', [], [], [restated('2025-06', [oap('2025-06', 18, '12339.00')])]),
        afterAugust,
      )
      .then([
        periodClosed('2025-08', [], [], {
          costs: [oap('2025-06', -2, '-1371.00')],
          savings: [],
        }),
      ]);
  });

  it('reverses in full a figure the restated period no longer has', () => {
    // The placement's end is back-dated to its start, 2025-06-01: 0 nights, so June's figures
    // no longer list it. The 20,565.00 and 30 bed days posted for it come back out, and so
    // does a 1,500.00 saving posted for the case.
    const juneWithSaving = periodClosed(
      '2025-06',
      [oap('2025-06', 30, '20565.00')],
      [caseSaving({ period: '2025-06' })],
    );
    given(...throughMay, juneWithSaving)
      .when(closePeriod('2025-07', [], [], [restated('2025-06')]), afterJuly)
      .then([
        periodClosed('2025-07', [], [], {
          costs: [oap('2025-06', -30, '-20565.00')],
          savings: [caseSaving({ period: '2025-06', nights: -10, amount: '-1500.00' })],
        }),
      ]);
  });

  it('adjusts bed days alone when a block-funded bed at £0.00 changes', () => {
    // A block-funded bed charged 30 nights at 0.00 in June; back-dated discharge leaves 12.
    const block = (bedDays: number) =>
      placementCost({
        placementId: 'block-bed',
        setting: 'in-area',
        providerCode: 'RPG',
        period: '2025-06',
        bedDays,
        amount: '0.00',
      });
    given(...throughMay, periodClosed('2025-06', [block(30)]))
      .when(closePeriod('2025-07', [], [], [restated('2025-06', [block(12)])]), afterJuly)
      .then([periodClosed('2025-07', [], [], { costs: [block(-18)], savings: [] })]);
  });

  it('posts nothing for a period restated unchanged, or not restated at all', () => {
    given(...throughMay, juneClosed)
      .when(
        closePeriod('2025-07', [], [], [restated('2025-06', [oap('2025-06', 30, '20565')])]),
        afterJuly,
      )
      .then([periodClosed('2025-07')]);
    given(...throughMay, juneClosed)
      .when(closePeriod('2025-07'), afterJuly)
      .then([periodClosed('2025-07')]);
  });

  it('tells placements of different cases apart, though their ids are unique only within a case', () => {
    // case-2 also has a placement-1; June's 20,565.00 was case-1's. Restated June: case-1
    // unchanged, case-2's placement-1 with 2 nights × 685.50 = 1,371.00 newly found.
    const otherCase = placementCost({
      caseId: 'case-2',
      period: '2025-06',
      bedDays: 2,
      amount: '1371.00',
    });
    given(...throughMay, juneClosed)
      .when(
        closePeriod(
          '2025-07',
          [],
          [],
          [restated('2025-06', [oap('2025-06', 30, '20565.00'), otherCase])],
        ),
        afterJuly,
      )
      .then([periodClosed('2025-07', [], [], { costs: [otherCase], savings: [] })]);
  });

  it('keeps only what is still posted: a figure netted to nothing leaves the state', () => {
    const julyClosed = periodClosed('2025-07', [], [], {
      costs: [oap('2025-06', -30, '-20565.00')],
      savings: [],
    });
    const state = stateOf(...throughMay, juneClosed, julyClosed);
    expect(state.exists && state.postedFigures['2025-06']).toEqual({ costs: {}, savings: {} });
  });

  it('refuses a restated period that is not closed, or comes twice', () => {
    given(...throughMay, juneClosed)
      .when(
        closePeriod(
          '2025-07',
          [],
          [],
          [restated('2025-07'), restated('2025-06'), restated('2025-06'), restated('2025-08')],
        ),
        afterJuly,
      )
      .thenRejectsFields(
        'restatedPeriods[0].period',
        'restatedPeriods[2].period',
        'restatedPeriods[3].period',
      );
  });

  it('checks every restated figure as it checks the close’s own', () => {
    given(...throughMay, juneClosed)
      .when(
        closePeriod(
          '2025-07',
          [],
          [],
          [
            restated(
              '2025-06',
              [
                oap('2025-07', 30, '20565.00'),
                oap('2025-06', 30, '-1.00'),
                oap('2025-06', 1, '1.00'),
              ],
              [caseSaving({ period: '2025-06', serviceLine: 'unknown' })],
            ),
          ],
        ),
        afterJuly,
      )
      .thenRejectsFields(
        'restatedPeriods[0].accruedCosts[0].period',
        'restatedPeriods[0].accruedCosts[1].amount',
        'restatedPeriods[0].accruedCosts[1].placementId',
        'restatedPeriods[0].accruedCosts[2].placementId',
        'restatedPeriods[0].recognisedSavings[0].serviceLine',
      );
  });
});

describe('evolve', () => {
  // Proves evolve is total and pure: odd histories never throw, and nothing is mutated.

  it('ignores facts before creation and a second creation', () => {
    const { initialState, evolve } = agreementDecider;
    expect(evolve(initialState(), periodClosed('2025-04'))).toEqual({ exists: false });
    const created = evolve(initialState(), slpCreated);
    const again = evolve(created, {
      ...slpCreated,
      data: { ...slpCreated.data, financialYear: '2026/27' },
    });
    expect(again).toBe(created);
  });

  it('reads a close stored before prior-period adjustments existed as posting none', () => {
    // 1,500.00 recognised in April, no adjustments field at all.
    const stored: Record<string, unknown> = { ...periodClosed('2025-04', [], [caseSaving()]).data };
    delete stored.priorPeriodAdjustments;
    const state = stateOf(slpCreated, {
      type: 'PeriodClosed',
      data: stored,
    } as unknown as AgreementEvent);
    expect(state.exists && state.retainedSavings.toFixed(2)).toBe('1500.00');
  });

  it('does not mutate the state it is given or share arrays with the event', () => {
    const created = agreementDecider.evolve(agreementDecider.initialState(), slpCreated);
    const frozen = JSON.stringify(created);
    agreementDecider.evolve(created, periodClosed('2025-04', [], [caseSaving()]));
    expect(JSON.stringify(created)).toBe(frozen);
    expect(created.exists && created.terms.serviceLines).not.toBe(slpCreated.data.serviceLines);
  });

  it('keeps only the id of a budget movement, which the decisions need to refuse a repeat', () => {
    const created = agreementDecider.evolve(agreementDecider.initialState(), slpCreated);
    const [allocated] = agreementDecider.decide(allocate(), created, { today: '2025-06-15' });
    const after = agreementDecider.evolve(created, allocated);
    expect(after).toEqual({
      ...created,
      recordedIds: { key: 'allocation:alloc-1', earlier: null },
    });
    expect(created.exists && created.recordedIds).toBeNull();
  });
});
