import { balancesOf } from '../ledger/posting';
import { money, sumMoney } from '../money/money';
import { DomainError } from '../shared/domain-error';
import { carryForward, carryForwardRefusals, type CarryForwardInput } from './carry-forward';
import { CHAIN_ERRORS } from './chain.errors';
import { A, B, C, yearOf } from './testing/chain-fixtures';

/**
 * Carry-forward at year end (domain.md, "Years: chains of agreements"): A's whole
 * savings:retained balance moves to B. A posts savings:retained → carried-forward in its M12
 * (2018-03), B posts brought-forward → savings:retained in its earliest open period; a negative
 * balance reverses both, zero posts nothing; each agreement's postings still sum to 0.00.
 */
const input = (overrides: Partial<CarryForwardInput> = {}): CarryForwardInput => ({
  predecessor: A,
  predecessorClosedPeriods: yearOf(A),
  retainedSavings: money('45500.00'),
  successor: B,
  successorClosedPeriods: [],
  alreadyRecorded: false,
  ...overrides,
});

const shown = (postings: ReturnType<typeof carryForward>['predecessorPostings']) =>
  postings.map((p) => ({ ...p, amount: p.amount.toFixed(2) }));

const sumsToZero = (postings: ReturnType<typeof carryForward>['predecessorPostings']) =>
  sumMoney(balancesOf(postings).values()).isZero();

describe('carryForward', () => {
  it('moves a positive balance: A savings:retained → carried-forward in M12, B brought-forward → savings:retained', () => {
    // 45,500.00 retained in A (the worked example's savings) moves whole to B's 2018-04.
    const carried = carryForward(input());
    expect(carried.amount).toBe('45500.00');
    expect(shown(carried.predecessorPostings)).toEqual([
      {
        agreementId: A.agreementId,
        period: '2018-03',
        postedIn: '2018-03',
        debitAccount: 'savings:retained',
        creditAccount: 'carried-forward',
        amount: '45500.00',
        source: 'CarryForward',
        reference: B.agreementId,
      },
    ]);
    expect(shown(carried.successorPostings)).toEqual([
      {
        agreementId: B.agreementId,
        period: '2018-04',
        postedIn: '2018-04',
        debitAccount: 'brought-forward',
        creditAccount: 'savings:retained',
        amount: '45500.00',
        source: 'BroughtForward',
        reference: A.agreementId,
      },
    ]);
    expect(sumsToZero(carried.predecessorPostings)).toBe(true);
    expect(sumsToZero(carried.successorPostings)).toBe(true);
  });

  it('moves a negative balance the same way, both postings reversed', () => {
    // A cost pressure of −1,234.56 retained: carried-forward → savings:retained in A (A's
    // savings:retained back to 0.00), savings:retained → brought-forward in B.
    const carried = carryForward(input({ retainedSavings: money('-1234.56') }));
    expect(carried.amount).toBe('-1234.56');
    expect(shown(carried.predecessorPostings)).toMatchObject([
      { debitAccount: 'carried-forward', creditAccount: 'savings:retained', amount: '1234.56' },
    ]);
    expect(shown(carried.successorPostings)).toMatchObject([
      { debitAccount: 'savings:retained', creditAccount: 'brought-forward', amount: '1234.56' },
    ]);
    expect(balancesOf(carried.predecessorPostings).get('savings:retained')!.toFixed(2)).toBe(
      '1234.56',
    );
    expect(sumsToZero(carried.successorPostings)).toBe(true);
  });

  it('records a zero balance and posts nothing', () => {
    const carried = carryForward(input({ retainedSavings: money('0') }));
    expect(carried).toEqual({
      predecessorAgreementId: A.agreementId,
      successorAgreementId: B.agreementId,
      amount: '0.00',
      predecessorPostings: [],
      successorPostings: [],
    });
  });

  it("posts in the successor's earliest open period when it has closed some already", () => {
    const carried = carryForward(input({ successorClosedPeriods: yearOf(B).slice(0, 2) }));
    expect(carried.successorPostings[0]).toMatchObject({ period: '2018-06', postedIn: '2018-06' });
    expect(carried.predecessorPostings[0]).toMatchObject({ postedIn: '2018-03' });
  });

  it.each([
    ['CHAIN.YEAR_NOT_CLOSED', { predecessorClosedPeriods: yearOf(A).slice(0, 11) }],
    ['CHAIN.NO_SUCCESSOR', { successor: null }],
    ['CHAIN.SUCCESSOR_YEAR_CLOSED', { successorClosedPeriods: yearOf(B) }],
    ['CHAIN.CARRY_FORWARD_ALREADY_RECORDED', { alreadyRecorded: true }],
  ] as const)('refuses with %s', (code, overrides) => {
    expect(carryForwardRefusals(input(overrides)).map((r) => r.code)).toEqual([code]);
    let thrown: unknown;
    try {
      carryForward(input(overrides));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code,
      kind: CHAIN_ERRORS[code].kind,
      retryable: CHAIN_ERRORS[code].retryable,
    });
  });

  it('throws when the successor given is not the predecessor’s (a wiring fault)', () => {
    expect(() => carryForward(input({ successor: C }))).toThrow('is not the successor');
  });
});
