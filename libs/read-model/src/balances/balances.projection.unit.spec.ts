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
import { accountBalances, balancesProjection } from './balances.projection';

const BUDGET = `budget:${MEDIUM_SECURE}`;
const NVC01 = `spend:${MEDIUM_SECURE}:out-of-area:NVC01`;
const NQ1 = `spend:${MEDIUM_SECURE}:out-of-area:NQ1`;
const RPG = `spend:${MEDIUM_SECURE}:in-area:RPG`;

describe('account balances', () => {
  // Proves balances by agreement and account, as of a business date (postings whose period is
  // the as-of date's period or earlier), sum to 0.00 and follow both period bases.
  const base = foldEvents(balancesProjection, slpHistory().events);

  it('holds every posting when no as-of date is given', () => {
    // Spend: NVC01 14,395.50 + 21,250.50 + 20,565.00 = 56,211.00; NQ1 10,200.00 + 25,500.00 =
    // 35,700.00; the budget keeps 65,000,000.00 − 91,911.00 = 64,908,089.00.
    expect(accountBalances(base, { agreementId: SLP })).toEqual({
      agreementId: SLP,
      asOf: null,
      basis: 'belongs-to',
      knownAt: POSITION.repatriated,
      balances: [
        { account: BUDGET, balance: '64908089.00' },
        { account: 'commissioner', balance: '-65000000.00' },
        { account: NQ1, balance: '35700.00' },
        { account: NVC01, balance: '56211.00' },
      ],
      total: '0.00',
    });
  });

  it('counts the as-of date’s whole month and the months before it', () => {
    // As of 20 July: April–July allocations, 4 × 5,416,666.66 = 21,666,666.64, less 91,911.00.
    const july = accountBalances(base, { agreementId: SLP, asOf: '2025-07-20' });
    expect(july.balances).toEqual([
      { account: BUDGET, balance: '21574755.64' },
      { account: 'commissioner', balance: '-21666666.64' },
      { account: NQ1, balance: '35700.00' },
      { account: NVC01, balance: '56211.00' },
    ]);
    expect(july.total).toBe('0.00');
    // As of 31 March 2025, before the year: every account exists but holds nothing yet.
    const before = accountBalances(base, { agreementId: SLP, asOf: '2025-03-31' });
    expect(before.balances.every((b) => b.balance === '0.00')).toBe(true);
  });

  it('answers as known at an earlier position', () => {
    // Before April closed, only the allocation had been posted.
    expect(
      accountBalances(base, { agreementId: SLP, knownAt: POSITION.aprilClosed - 1 }).balances,
    ).toEqual([
      { account: BUDGET, balance: '65000000.00' },
      { account: 'commissioner', balance: '-65000000.00' },
    ]);
  });

  it('puts a prior-period adjustment in the period it belongs to, or the one posted in', () => {
    const log = withAugustClosed(
      withBackDatedRateChange(withJulyClosedAndReinvestment(slpHistory())),
    );
    const ledger = foldEvents(balancesProjection, log.events);
    // As of 30 June, by period belonged to: April–June allocations 3 × 5,416,666.66 =
    // 16,249,999.98; NVC01 56,211.00; NQ1 10,200.00 + 25,500.00 + the 900.00 June adjustment
    // posted in August = 36,600.00; budget 16,249,999.98 − 56,211.00 − 36,600.00.
    const belongsTo = accountBalances(ledger, { agreementId: SLP, asOf: '2025-06-30' });
    expect(belongsTo.balances).toEqual([
      { account: BUDGET, balance: '16157188.98' },
      { account: 'commissioner', balance: '-16249999.98' },
      { account: 'reinvestment:female-forensic-step-down', balance: '0.00' },
      { account: 'savings:retained', balance: '0.00' },
      { account: RPG, balance: '0.00' },
      { account: NQ1, balance: '36600.00' },
      { account: NVC01, balance: '56211.00' },
    ]);
    expect(belongsTo.total).toBe('0.00');
    // By period posted in, the adjustment is August's: NQ1 as June reported it, 35,700.00.
    const postedIn = accountBalances(ledger, {
      agreementId: SLP,
      asOf: '2025-06-30',
      basis: 'posted-in',
    });
    expect(postedIn.balances.find((b) => b.account === NQ1)?.balance).toBe('35700.00');
    expect(postedIn.balances.find((b) => b.account === BUDGET)?.balance).toBe('16158088.98');
    expect(postedIn.total).toBe('0.00');
    // Everything: retained savings 4,032.00 + 7,812.00 − 3,000.00 committed = 8,844.00.
    const all = accountBalances(ledger, { agreementId: SLP });
    expect(all.balances.find((b) => b.account === 'savings:retained')?.balance).toBe('8844.00');
    expect(all.total).toBe('0.00');
  });

  it('refuses an as-of that is not a date', () => {
    expect(() => accountBalances(base, { agreementId: SLP, asOf: '2025-13-01' })).toThrow(
      RangeError,
    );
  });
});
