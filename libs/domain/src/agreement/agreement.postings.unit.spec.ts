import { balancesOf, type Posting } from '../ledger/posting';
import { formatMoney, sumMoney } from '../money/money';
import type {
  AgreementEvent,
  BudgetAdjusted,
  BudgetAllocated,
  BudgetVired,
  ReinvestmentCommitted,
} from './agreement.events';
import { postingsForAgreementEvent } from './agreement.postings';
import {
  caseSaving,
  LOW_SECURE,
  MEDIUM_SECURE,
  CAMHS,
  periodClosed,
  placementCost,
  SLP,
  slpCreated,
} from './testing/agreement.fixtures';

/**
 * The postings table of domain.md, one business fact per test: given an event, then exactly
 * these postings (amounts positive, direction carried by the accounts, zero months skipped).
 */

/**
 * Postings as plain text rows, so expectations read like a journal. A posting made in another
 * period than the one it belongs to (a prior-period adjustment) says so.
 */
function journal(event: AgreementEvent): string[] {
  return postingsForAgreementEvent(event).map((p) => {
    const when = p.postedIn === p.period ? p.period : `${p.period} (posted in ${p.postedIn})`;
    return `${when} ${p.debitAccount} → ${p.creditAccount} ${formatMoney(p.amount)} [${p.source} ${p.reference}]`;
  });
}

function balances(postings: Posting[]): Record<string, string> {
  return Object.fromEntries(
    [...balancesOf(postings)].map(([account, balance]) => [account, formatMoney(balance)]),
  );
}

const allocation: BudgetAllocated = {
  type: 'BudgetAllocated',
  data: {
    agreementId: SLP,
    allocationId: 'alloc-1',
    serviceLine: CAMHS,
    amount: '1000.00',
    effectiveDate: '2026-01-05',
    profile: 'explicit',
    phasing: [
      { period: '2026-01', amount: '400.00' },
      { period: '2026-02', amount: '0.00' },
      { period: '2026-03', amount: '600.00' },
    ],
  },
};

describe('postingsForAgreementEvent', () => {
  it('posts nothing for the creation of an agreement', () => {
    expect(postingsForAgreementEvent(slpCreated)).toEqual([]);
  });

  it('posts an allocation from the commissioner to the line, month by month, skipping zero months', () => {
    expect(journal(allocation)).toEqual([
      '2026-01 commissioner → budget:camhs-tier4 400.00 [BudgetAllocated alloc-1]',
      '2026-03 commissioner → budget:camhs-tier4 600.00 [BudgetAllocated alloc-1]',
    ]);
    expect(postingsForAgreementEvent(allocation).every((p) => p.agreementId === SLP)).toBe(true);
  });

  it('posts the £65m allocation as twelve monthly postings summing to the amount', () => {
    // 11 × 5,416,666.66 = 59,583,333.26; + 5,416,666.74 = 65,000,000.00.
    const months = [
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
    const event: BudgetAllocated = {
      ...allocation,
      data: {
        ...allocation.data,
        serviceLine: MEDIUM_SECURE,
        amount: '65000000.00',
        effectiveDate: '2025-04-01',
        profile: 'even',
        phasing: [
          ...months.map((period) => ({ period, amount: '5416666.66' })),
          { period: '2026-03', amount: '5416666.74' },
        ],
      },
    };
    const postings = postingsForAgreementEvent(event);
    expect(postings).toHaveLength(12);
    expect(formatMoney(sumMoney(postings.map((p) => p.amount)))).toBe('65000000.00');
    expect(balances(postings)).toEqual({
      commissioner: '-65000000.00',
      'budget:adult-medium-secure': '65000000.00',
    });
  });

  it('posts a positive adjustment like an allocation', () => {
    const event: BudgetAdjusted = {
      type: 'BudgetAdjusted',
      data: {
        agreementId: SLP,
        adjustmentId: 'adj-1',
        serviceLine: LOW_SECURE,
        amount: '0.03',
        effectiveDate: '2026-03-01',
        reason: 'Rounding top-up',
        phasing: [{ period: '2026-03', amount: '0.03' }],
      },
    };
    expect(journal(event)).toEqual([
      '2026-03 commissioner → budget:adult-low-secure 0.03 [BudgetAdjusted adj-1]',
    ]);
  });

  it('posts a negative adjustment back from the line to the commissioner', () => {
    // −250,000.00 from January: −83,333.33, −83,333.33, −83,333.34, each posted the other way.
    const event: BudgetAdjusted = {
      type: 'BudgetAdjusted',
      data: {
        agreementId: SLP,
        adjustmentId: 'adj-2',
        serviceLine: MEDIUM_SECURE,
        amount: '-250000.00',
        effectiveDate: '2026-01-10',
        reason: 'Return',
        phasing: [
          { period: '2026-01', amount: '-83333.33' },
          { period: '2026-02', amount: '-83333.33' },
          { period: '2026-03', amount: '-83333.34' },
        ],
      },
    };
    expect(journal(event)).toEqual([
      '2026-01 budget:adult-medium-secure → commissioner 83333.33 [BudgetAdjusted adj-2]',
      '2026-02 budget:adult-medium-secure → commissioner 83333.33 [BudgetAdjusted adj-2]',
      '2026-03 budget:adult-medium-secure → commissioner 83333.34 [BudgetAdjusted adj-2]',
    ]);
  });

  it('posts a virement from the source line to the destination line per month', () => {
    // 100.00 from February: 2 months, 100.00 / 2 = 50.00 each.
    const event: BudgetVired = {
      type: 'BudgetVired',
      data: {
        agreementId: SLP,
        virementId: 'vir-1',
        fromServiceLine: MEDIUM_SECURE,
        toServiceLine: CAMHS,
        amount: '100.00',
        effectiveDate: '2026-02-01',
        reason: 'Pressure',
        phasing: [
          { period: '2026-02', amount: '50.00' },
          { period: '2026-03', amount: '50.00' },
        ],
      },
    };
    expect(journal(event)).toEqual([
      '2026-02 budget:adult-medium-secure → budget:camhs-tier4 50.00 [BudgetVired vir-1]',
      '2026-03 budget:adult-medium-secure → budget:camhs-tier4 50.00 [BudgetVired vir-1]',
    ]);
  });

  it('posts a period close: costs to spend, savings to retained, negative savings back', () => {
    const event = periodClosed(
      '2025-04',
      [
        placementCost({ amount: '18000.00' }),
        placementCost({
          placementId: 'placement-2',
          setting: 'in-area',
          providerCode: 'RPG',
          amount: '0.00',
        }),
        placementCost({
          caseId: 'case-2',
          placementId: 'placement-3',
          serviceLine: CAMHS,
          setting: 'in-area',
          providerCode: 'RV5',
          amount: '4500.50',
        }),
      ],
      [
        caseSaving({ amount: '1500.00' }),
        caseSaving({ caseId: 'case-2', serviceLine: CAMHS, amount: '-200.00' }),
      ],
    );
    expect(journal(event)).toEqual([
      '2025-04 budget:adult-medium-secure → spend:adult-medium-secure:out-of-area:NQ1 18000.00 [PlacementCost placement-1]',
      '2025-04 budget:camhs-tier4 → spend:camhs-tier4:in-area:RV5 4500.50 [PlacementCost placement-3]',
      '2025-04 budget:adult-medium-secure → savings:retained 1500.00 [RecognisedSaving case-1]',
      '2025-04 savings:retained → budget:camhs-tier4 200.00 [RecognisedSaving case-2]',
    ]);
    // savings:retained = 1,500.00 − 200.00 = 1,300.00.
    // budget:adult-medium-secure = −18,000.00 − 1,500.00 = −19,500.00 (an overspend, allowed).
    // budget:camhs-tier4 = −4,500.50 + 200.00 = −4,300.50.
    expect(balances(postingsForAgreementEvent(event))).toEqual({
      'budget:adult-medium-secure': '-19500.00',
      'spend:adult-medium-secure:out-of-area:NQ1': '18000.00',
      'budget:camhs-tier4': '-4300.50',
      'spend:camhs-tier4:in-area:RV5': '4500.50',
      'savings:retained': '1300.00',
    });
  });

  it('posts a reinvestment from retained savings to the scheme in its effective period', () => {
    const event: ReinvestmentCommitted = {
      type: 'ReinvestmentCommitted',
      data: {
        agreementId: SLP,
        commitmentId: 'commit-1',
        schemeId: 'female-forensic-step-down',
        amount: '520000.00',
        effectiveDate: '2025-09-30',
        description: 'Female forensic step-down',
        retainedSavingsBefore: '600000.00',
      },
    };
    expect(journal(event)).toEqual([
      '2025-09 savings:retained → reinvestment:female-forensic-step-down 520000.00 [ReinvestmentCommitted commit-1]',
    ]);
  });

  it('posts prior-period adjustments in the close, belonging to the periods they correct', () => {
    // July's close finds June changed by late facts: a back-dated discharge takes 10 nights ×
    // 685.50 = 6,855.00 off the OAP's June cost, a back-dated in-area rate rise adds 250.00 to
    // the step-down bed's June cost, and takes 250.00 off the case's June saving.
    // July's own figures: the step-down bed 31 × 475.00 = 14,725.00, saving 6,525.50.
    const event = periodClosed(
      '2025-07',
      [
        placementCost({
          placementId: 'placement-2',
          setting: 'in-area',
          providerCode: 'RPG',
          period: '2025-07',
          bedDays: 31,
          amount: '14725.00',
        }),
      ],
      [caseSaving({ period: '2025-07', nights: 31, amount: '6525.50' })],
      {
        costs: [
          placementCost({ period: '2025-06', bedDays: -10, amount: '-6855.00' }),
          placementCost({
            placementId: 'placement-2',
            setting: 'in-area',
            providerCode: 'RPG',
            period: '2025-06',
            bedDays: 0,
            amount: '250.00',
          }),
        ],
        savings: [caseSaving({ period: '2025-06', nights: 0, amount: '-250.00' })],
      },
    );
    expect(journal(event)).toEqual([
      '2025-07 budget:adult-medium-secure → spend:adult-medium-secure:in-area:RPG 14725.00 [PlacementCost placement-2]',
      '2025-07 budget:adult-medium-secure → savings:retained 6525.50 [RecognisedSaving case-1]',
      '2025-06 (posted in 2025-07) spend:adult-medium-secure:out-of-area:NQ1 → budget:adult-medium-secure 6855.00 [PlacementCostAdjustment placement-1]',
      '2025-06 (posted in 2025-07) budget:adult-medium-secure → spend:adult-medium-secure:in-area:RPG 250.00 [PlacementCostAdjustment placement-2]',
      '2025-06 (posted in 2025-07) savings:retained → budget:adult-medium-secure 250.00 [RecognisedSavingAdjustment case-1]',
    ]);
    // savings:retained = 6,525.50 − 250.00 = 6,275.50.
    // spend OAP = −6,855.00 (June's 20,565.00 was posted at June's close; this is the change).
    // spend in area = 14,725.00 + 250.00 = 14,975.00.
    // budget = −14,725.00 − 6,525.50 + 6,855.00 − 250.00 + 250.00 = −14,395.50.
    // Sum: 6,275.50 − 6,855.00 + 14,975.00 − 14,395.50 = 0.00.
    expect(balances(postingsForAgreementEvent(event))).toEqual({
      'budget:adult-medium-secure': '-14395.50',
      'spend:adult-medium-secure:in-area:RPG': '14975.00',
      'spend:adult-medium-secure:out-of-area:NQ1': '-6855.00',
      'savings:retained': '6275.50',
    });
  });

  it('posts every other fact in the period it belongs to', () => {
    const events: AgreementEvent[] = [
      allocation,
      periodClosed('2025-04', [placementCost()], [caseSaving()]),
    ];
    const postings = events.flatMap(postingsForAgreementEvent);
    expect(postings.length).toBeGreaterThan(0);
    expect(postings.every((p) => p.postedIn === p.period)).toBe(true);
  });

  it('posts an empty close as nothing', () => {
    expect(postingsForAgreementEvent(periodClosed('2025-04'))).toEqual([]);
  });
});
