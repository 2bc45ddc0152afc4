/**
 * The chain report's years and totals (pure), on domain.md's worked example of "Years: chains of
 * agreements" (testing/chain-history.ts), the example docs/year-end.md's "The chain report"
 * reads: A (2017/18) recognises 182 nights × £250.00 = £45,500.00 and carries it forward; the
 * discharge dated 2018-03-21, recorded after A's M12, comes back as B's prior-year adjustment of
 * −11 × £250.00 = −£2,750.00 of savings and −11 × £450.00 = −£4,950.00 of cost; B's April
 * nights are never charged. So B recognises −£2,750.00 and retains £42,750.00.
 */
import { accountBalances } from '../balances/balances.projection';
import { oapMetrics } from '../oap-metrics/oap-metrics';
import { foldEvents } from '../projection/projection';
import { readModelProjection } from '../read-model';
import { CHAIN_A, CHAIN_B, chainHistory } from '../testing/chain-history';
import { chainReport, chainYear, chainYearWindow } from './chain-report';

const state = foldEvents(readModelProjection, chainHistory().events);

function yearOf(agreementId: string, financialYear: string, asOf: string, recorded: boolean) {
  const window = chainYearWindow(financialYear, asOf);
  return chainYear({
    balances: accountBalances(state.ledger, { agreementId, asOf: window.asOf }),
    oapMetrics: oapMetrics(state, { agreementId, asOf: window.asOf })!,
    financialYear,
    asOf,
    carryForwardRecorded: recorded,
  });
}

describe('the chain report of the worked example', () => {
  const asOf = '2019-03-31';
  const a = yearOf(CHAIN_A, '2017/18', asOf, true);
  const b = yearOf(CHAIN_B, '2018/19', asOf, false);

  it("reads each year's money off its own accounts", () => {
    // A: 30 September nights × 700.00 + 182 × 450.00 = 21,000.00 + 81,900.00 = 102,900.00.
    expect(a).toMatchObject({
      asOf: '2018-03-31',
      complete: true,
      budgetDelegated: '0.00',
      spend: '102900.00',
      savingsRecognised: '45500.00',
      reinvestmentCommitted: '0.00',
      retainedSavings: '0.00',
      carriedForward: '45500.00',
      broughtForward: '0.00',
    });
    // B: only the prior-year adjustments, −4,950.00 and −2,750.00, and the 45,500.00 brought in.
    expect(b).toMatchObject({
      asOf: '2019-03-31',
      complete: true,
      spend: '-4950.00',
      savingsRecognised: '-2750.00',
      retainedSavings: '42750.00',
      carriedForward: null,
      broughtForward: '45500.00',
    });
  });

  it("sums the year's out-of-area months, and counts the stocks on its last night", () => {
    // The case from 2017-09-01 to its repatriation on 2017-10-01: 30 nights × 700.00.
    expect(a.oapMetrics).toEqual({
      countedOn: '2018-03-31',
      activeAtYearEnd: 0,
      started: 1,
      ended: 1,
      bedDays: 30,
      cost: '21000.00',
      meanDistanceKm: null,
      meanDistanceMiles: null,
      repatriations: 1,
    });
  });

  it('totals the years: over the chain, recognised = committed + retained + (carried − brought)', () => {
    const report = chainReport({
      agreementId: CHAIN_B,
      asOf,
      knownAt: 1,
      years: [a, b],
      yearsOmitted: 0,
    });
    expect(report.totals).toEqual({
      budgetDelegated: '0.00',
      // 102,900.00 − 4,950.00
      spend: '97950.00',
      // 45,500.00 − 2,750.00
      savingsRecognised: '42750.00',
      reinvestmentCommitted: '0.00',
      retainedSavings: '42750.00',
      // B's null carry-forward adds nothing.
      carriedForward: '45500.00',
      broughtForward: '45500.00',
      oapMetrics: { started: 1, ended: 1, bedDays: 30, cost: '21000.00', repatriations: 1 },
    });
  });

  it("shows the carry-forward from the year's M12 on, as its balances count it", () => {
    // asOf in A's February: the year-end entry is posted in M12, not counted yet. A's savings
    // to February: October to February, 151 nights × 250.00 = 37,750.00, all retained.
    const february = yearOf(CHAIN_A, '2017/18', '2018-02-15', true);
    expect(february).toMatchObject({
      asOf: '2018-02-15',
      complete: false,
      carriedForward: null,
      retainedSavings: '37750.00',
      savingsRecognised: '37750.00',
    });
    expect(february.oapMetrics.countedOn).toBe('2018-02-15');
    // In March the whole month counts, the year-end entry with it.
    const march = yearOf(CHAIN_A, '2017/18', '2018-03-15', true);
    expect(march).toMatchObject({
      complete: false,
      carriedForward: '45500.00',
      retainedSavings: '0.00',
      savingsRecognised: '45500.00',
    });
    // Not recorded: null, whatever asOf.
    expect(yearOf(CHAIN_A, '2017/18', asOf, false).carriedForward).toBeNull();
  });
});
