import { foldEvents } from '../projection/projection';
import {
  MEDIUM_SECURE,
  POSITION,
  SLP,
  slpHistory,
  withAugustClosed,
  withBackDatedRateChange,
  withJulyClosedAndReinvestment,
} from '../testing/slp-history';
import { journalPostings, journalProjection } from './journal.projection';

const BUDGET = `budget:${MEDIUM_SECURE}`;

describe('journal of postings', () => {
  // Proves the journal holds every posting derived from agreement events, in log order, with
  // what explains it, and filters by the period posted in and the period belonged to.
  const base = foldEvents(journalProjection, slpHistory().events);

  it('lists every posting of the agreement in log order', () => {
    // 12 monthly allocation postings + April 1 + May 2 + June 2 placement costs = 17.
    const postings = journalPostings(base, { agreementId: SLP });
    expect(postings).toHaveLength(17);
    expect(postings.map((p) => p.position)).toEqual([...Array(12).fill(2), 5, 8, 8, 9, 9]);
    expect(postings[0]).toEqual({
      position: POSITION.allocated,
      index: 0,
      eventId: '00000000-0000-4000-8000-000000000002',
      eventType: 'BudgetAllocated',
      recordedAt: '2025-04-01T09:05:00.000Z',
      agreementId: SLP,
      period: '2025-04',
      postedIn: '2025-04',
      debitAccount: 'commissioner',
      creditAccount: BUDGET,
      amount: '5416666.66',
      source: 'BudgetAllocated',
      reference: 'alloc-2025-26-adult-secure',
      belongsToAgreementId: null,
    });
    // M12 takes the remainder of the even phasing: 65,000,000.00 − 11 × 5,416,666.66.
    expect(postings[11]).toMatchObject({ period: '2026-03', amount: '5416666.74' });
    expect(postings[12]).toMatchObject({
      debitAccount: BUDGET,
      creditAccount: `spend:${MEDIUM_SECURE}:out-of-area:NVC01`,
      amount: '14395.50',
      source: 'PlacementCost',
      reference: 'oap-a1',
      period: '2025-04',
      postedIn: '2025-04',
    });
  });

  it('filters by period: June has its allocation and its two placement costs', () => {
    const june = journalPostings(base, { agreementId: SLP, period: '2025-06' });
    expect(june.map((p) => p.amount)).toEqual(['5416666.66', '20565.00', '25500.00']);
    expect(journalPostings(base, { agreementId: SLP, postedIn: '2025-06' })).toEqual(june);
  });

  it('answers as known at an earlier position', () => {
    // Before April closed, only the allocation had been posted.
    expect(
      journalPostings(base, { agreementId: SLP, knownAt: POSITION.aprilClosed - 1 }),
    ).toHaveLength(12);
    expect(journalPostings(base, { agreementId: 'no-such-agreement' })).toEqual([]);
  });

  it('shows a prior-period adjustment by the period it belongs to and by the period posted in', () => {
    const log = withAugustClosed(
      withBackDatedRateChange(withJulyClosedAndReinvestment(slpHistory())),
    );
    const journal = foldEvents(journalProjection, log.events);
    // B's rate was £880.00 from 1 June, recorded after June closed: June's 30 nights × 30.00
    // = 900.00 belongs to June but was posted in August's close.
    const june = journalPostings(journal, { agreementId: SLP, period: '2025-06' });
    expect(june.map((p) => [p.amount, p.postedIn, p.source])).toEqual([
      ['5416666.66', '2025-06', 'BudgetAllocated'],
      ['20565.00', '2025-06', 'PlacementCost'],
      ['25500.00', '2025-06', 'PlacementCost'],
      ['900.00', '2025-08', 'PlacementCostAdjustment'],
    ]);
    // Posted in August: its allocation, the £3,000.00 commitment dated 5 August, its two costs
    // and its saving, and the two adjustments.
    const postedInAugust = journalPostings(journal, { agreementId: SLP, postedIn: '2025-08' });
    expect(postedInAugust.map((p) => [p.period, p.source, p.amount])).toEqual([
      ['2025-08', 'BudgetAllocated', '5416666.66'],
      ['2025-08', 'ReinvestmentCommitted', '3000.00'],
      ['2025-08', 'PlacementCost', '13950.00'],
      ['2025-08', 'PlacementCost', '27280.00'],
      ['2025-08', 'RecognisedSaving', '7812.00'],
      ['2025-06', 'PlacementCostAdjustment', '900.00'],
      ['2025-07', 'PlacementCostAdjustment', '930.00'],
    ]);
    expect(postedInAugust[5]).toMatchObject({
      position: POSITION.augustClosed,
      eventType: 'PeriodClosed',
      recordedAt: '2025-09-02T09:00:00.000Z',
      reference: 'oap-b1',
    });
  });
});
