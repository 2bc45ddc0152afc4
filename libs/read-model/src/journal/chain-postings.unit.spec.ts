/**
 * The read side of chains of agreements (domain.md, "Years: chains of agreements") on the
 * worked example's log (testing/chain-history.ts): the journal and the balances of each
 * agreement, each from its own postings, sum to 0.00; the carry-forward posts in A's M12 and
 * B's April; the prior-year adjustments are on B's accounts, posted in B's April and belonging
 * to A and its 2018-03.
 */
import { accountBalances, balancesProjection } from '../balances/balances.projection';
import { foldEvents } from '../projection/projection';
import { CHAIN_A, CHAIN_B, CHAIN_CASE, chainHistory } from '../testing/chain-history';
import { journalPostings, journalProjection } from './journal.projection';

const log = chainHistory();
const journal = foldEvents(journalProjection, log.events);
const ledger = foldEvents(balancesProjection, log.events);
const balancesOf = (agreementId: string, query = {}) => {
  const report = accountBalances(ledger, { agreementId, ...query });
  return {
    total: report.total,
    accounts: Object.fromEntries(report.balances.map((b) => [b.account, b.balance])),
  };
};

describe('a chain of agreements in the journal and the balances', () => {
  it("posts A's carry-forward as its M12 year-end entry, and A sums to zero", () => {
    const carried = journalPostings(journal, { agreementId: CHAIN_A }).filter(
      (p) => p.eventType === 'SavingsCarriedForward',
    );
    expect(carried).toEqual([
      expect.objectContaining({
        period: '2018-03',
        postedIn: '2018-03',
        debitAccount: 'savings:retained',
        creditAccount: 'carried-forward',
        amount: '45500.00',
        source: 'CarryForward',
        reference: CHAIN_B,
        belongsToAgreementId: null,
      }),
    ]);
    // A: 182 × 250.00 recognised, all carried; its budget paid 31 + 182 nights of care.
    expect(balancesOf(CHAIN_A)).toMatchObject({
      total: '0.00',
      accounts: { 'savings:retained': '0.00', 'carried-forward': '45500.00' },
    });
  });

  it("posts B's side, then A's March adjustments on B's own accounts, and B sums to zero", () => {
    const postings = journalPostings(journal, { agreementId: CHAIN_B });
    expect(
      postings.map((p) => [
        p.eventType,
        p.source,
        p.period,
        p.postedIn,
        p.debitAccount,
        p.creditAccount,
        p.amount,
        p.reference,
        p.belongsToAgreementId,
      ]),
    ).toEqual([
      [
        'SavingsBroughtForward',
        'BroughtForward',
        '2018-04',
        '2018-04',
        'brought-forward',
        'savings:retained',
        '45500.00',
        CHAIN_A,
        null,
      ],
      [
        'PeriodClosed',
        'PlacementCostPriorYearAdjustment',
        '2018-03',
        '2018-04',
        'spend:adult-medium-secure:in-area:RPG',
        'budget:adult-medium-secure',
        '4950.00',
        'home-1',
        CHAIN_A,
      ],
      [
        'PeriodClosed',
        'RecognisedSavingPriorYearAdjustment',
        '2018-03',
        '2018-04',
        'savings:retained',
        'budget:adult-medium-secure',
        '2750.00',
        CHAIN_CASE,
        CHAIN_A,
      ],
    ]);
    // 45,500.00 brought forward − 2,750.00 = 42,750.00 retained, available to reinvest.
    expect(balancesOf(CHAIN_B)).toEqual({
      total: '0.00',
      accounts: {
        'brought-forward': '-45500.00',
        'budget:adult-medium-secure': '7700.00',
        'savings:retained': '42750.00',
        'spend:adult-medium-secure:in-area:RPG': '-4950.00',
      },
    });
    // By the period a fact belongs to, the adjustments count from A's March; by the period
    // posted in, from B's April. Either way B sums to zero at every date.
    for (const basis of ['belongs-to', 'posted-in'] as const) {
      for (const asOf of ['2018-03-31', '2018-04-30']) {
        expect(balancesOf(CHAIN_B, { asOf, basis }).total).toBe('0.00');
      }
    }
    expect(balancesOf(CHAIN_B, { asOf: '2018-03-31', basis: 'posted-in' }).accounts).toEqual({
      'brought-forward': '0.00',
      'budget:adult-medium-secure': '0.00',
      'savings:retained': '0.00',
      'spend:adult-medium-secure:in-area:RPG': '0.00',
    });
  });

  it('journals postings by the period posted in or belonged to', () => {
    const inApril = journalPostings(journal, { agreementId: CHAIN_B, postedIn: '2018-04' });
    const ofMarch = journalPostings(journal, { agreementId: CHAIN_B, period: '2018-03' });
    expect(inApril).toHaveLength(3);
    expect(ofMarch.map((p) => p.belongsToAgreementId)).toEqual([CHAIN_A, CHAIN_A]);
  });
});
