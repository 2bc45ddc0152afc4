import { foldEvents } from '../projection/projection';
import { MEDIUM_SECURE, SLP, slpHistory } from '../testing/slp-history';
import { accountStatement, statementAccounts, statementsProjection } from './statements.projection';

const BUDGET = `budget:${MEDIUM_SECURE}`;

describe('account statements', () => {
  // Proves each account's statement runs its balance line by line and pages by log position
  // without losing or repeating a line.
  const statements = foldEvents(statementsProjection, slpHistory().events);
  const page = (after?: string) =>
    accountStatement(statements, { agreementId: SLP, account: BUDGET, limit: 5, after });

  it('runs the medium secure budget balance through allocation and three closes', () => {
    const all = accountStatement(statements, { agreementId: SLP, account: BUDGET });
    // 11 × +5,416,666.66, then +5,416,666.74 reaches 65,000,000.00; then out go April
    // 14,395.50, May 21,250.50 and 10,200.00, June 20,565.00 and 25,500.00.
    expect(all.entries.map((e) => e.balance)).toEqual([
      '5416666.66',
      '10833333.32',
      '16249999.98',
      '21666666.64',
      '27083333.30',
      '32499999.96',
      '37916666.62',
      '43333333.28',
      '48749999.94',
      '54166666.60',
      '59583333.26',
      '65000000.00',
      '64985604.50',
      '64964354.00',
      '64954154.00',
      '64933589.00',
      '64908089.00',
    ]);
    expect(all.entries[12]).toMatchObject({
      cursor: '5:0',
      direction: 'out',
      amount: '14395.50',
      counterAccount: `spend:${MEDIUM_SECURE}:out-of-area:NVC01`,
      period: '2025-04',
      postedIn: '2025-04',
      source: 'PlacementCost',
      reference: 'oap-a1',
    });
    expect(all.entries[0]).toMatchObject({ direction: 'in', counterAccount: 'commissioner' });
    expect(all).toMatchObject({
      openingBalance: '0.00',
      closingBalance: '64908089.00',
      nextCursor: null,
    });
  });

  it('pages five lines at a time by (position, index) cursor', () => {
    const first = page();
    expect(first).toMatchObject({
      openingBalance: '0.00',
      closingBalance: '27083333.30',
      nextCursor: '2:4',
    });
    const second = page(first.nextCursor!);
    expect(second).toMatchObject({
      openingBalance: '27083333.30',
      closingBalance: '54166666.60',
      nextCursor: '2:9',
    });
    const third = page(second.nextCursor!);
    // Lines 11–15: the last two allocation months, April's cost, May's two costs (index 0, 1).
    expect(third.entries.map((e) => e.cursor)).toEqual(['2:10', '2:11', '5:0', '8:0', '8:1']);
    expect(third).toMatchObject({ closingBalance: '64954154.00', nextCursor: '8:1' });
    const fourth = page(third.nextCursor!);
    expect(fourth.entries.map((e) => e.amount)).toEqual(['20565.00', '25500.00']);
    expect(fourth).toMatchObject({
      openingBalance: '64954154.00',
      closingBalance: '64908089.00',
      nextCursor: null,
    });
  });

  it('lists the accounts posted to, as known at a position', () => {
    expect(statementAccounts(statements, SLP)).toEqual([
      BUDGET,
      'commissioner',
      `spend:${MEDIUM_SECURE}:out-of-area:NQ1`,
      `spend:${MEDIUM_SECURE}:out-of-area:NVC01`,
    ]);
    expect(statementAccounts(statements, SLP, 5)).toEqual([
      BUDGET,
      'commissioner',
      `spend:${MEDIUM_SECURE}:out-of-area:NVC01`,
    ]);
  });

  it('refuses a malformed cursor or page size', () => {
    expect(() => page('yesterday')).toThrow(RangeError);
    expect(() =>
      accountStatement(statements, { agreementId: SLP, account: BUDGET, limit: 0 }),
    ).toThrow(RangeError);
  });
});
