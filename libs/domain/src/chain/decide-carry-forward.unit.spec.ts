import { agreementDecider } from '../agreement/agreement.decider';
import type { AgreementEvent } from '../agreement/agreement.events';
import { postingsForAgreementEvent } from '../agreement/agreement.postings';
import type { ActiveAgreement } from '../agreement/agreement.state';
import { balancesOf } from '../ledger/posting';
import { money, sumMoney } from '../money/money';
import { DomainError } from '../shared/domain-error';
import { carryForward } from './carry-forward';
import { decideCarryForward } from './decide-carry-forward';
import { A, B, created, yearOf } from './testing/chain-fixtures';

/**
 * The carry-forward decided on the two agreements' streams (domain.md, "Years: chains of
 * agreements"): the events, how each agreement's state and postings take them, and the
 * refusals. The amounts are A's savings:retained as its closes and reinvestments left it.
 */
const closeWithSaving = (period: string, amount: string): AgreementEvent => ({
  type: 'PeriodClosed',
  data: {
    agreementId: A.agreementId,
    period,
    accruedCosts: [],
    recognisedSavings: amount
      ? [{ caseId: 'c-1', serviceLine: 'adult-medium-secure', period, nights: 1, amount }]
      : [],
    priorPeriodAdjustments: { costs: [], savings: [] },
    priorYearAdjustments: { costs: [], savings: [] },
  },
});

function stateOf(...events: AgreementEvent[]): ActiveAgreement {
  const state = events.reduce(agreementDecider.evolve, agreementDecider.initialState());
  if (!state.exists) throw new Error('no agreement');
  return state;
}

const link: AgreementEvent = {
  type: 'SuccessorAgreementCreated',
  data: {
    agreementId: A.agreementId,
    successorAgreementId: B.agreementId,
    successorFinancialYear: '2018/19',
  },
};
const createdB: AgreementEvent = {
  ...created(B),
  data: { ...created(B).data, predecessorAgreementId: A.agreementId },
} as AgreementEvent;

/** A with its whole year closed: March carries `march` of savings, the rest none. */
const closedA = (march: string) =>
  stateOf(
    created(A),
    link,
    ...yearOf(A).map((period) => closeWithSaving(period, period === '2018-03' ? march : '')),
  );
const CARRY = { type: 'CarryForward' as const, data: { agreementId: A.agreementId } };

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('decideCarryForward', () => {
  it.each([
    ['45500.00', 'savings:retained', 'carried-forward'],
    ['-1200.50', 'carried-forward', 'savings:retained'],
  ])(
    'carries %s: the old year posts in its M12, the new in its first open period',
    (amount, from, to) => {
      const a = closedA(amount);
      const b = stateOf(createdB);
      const decided = decideCarryForward(CARRY, a, b);
      expect(decided).toEqual({
        predecessor: [
          {
            type: 'SavingsCarriedForward',
            data: {
              agreementId: A.agreementId,
              successorAgreementId: B.agreementId,
              amount,
              period: '2018-03',
            },
          },
        ],
        successor: [
          {
            type: 'SavingsBroughtForward',
            data: {
              agreementId: B.agreementId,
              predecessorAgreementId: A.agreementId,
              amount,
              period: '2018-04',
            },
          },
        ],
      });
      // The postings are the chain rule's (chain/carry-forward.ts), reversed when negative.
      const [carried] = postingsForAgreementEvent(decided.predecessor[0]);
      expect([
        carried.debitAccount,
        carried.creditAccount,
        carried.amount.abs().toFixed(2),
      ]).toEqual([from, to, amount.replace('-', '')]);
      const rule = carryForward({
        predecessor: A,
        predecessorClosedPeriods: a.closedPeriods,
        retainedSavings: money(amount),
        successor: B,
        successorClosedPeriods: [],
        alreadyRecorded: false,
      });
      expect(postingsForAgreementEvent(decided.predecessor[0])).toEqual(rule.predecessorPostings);
      expect(postingsForAgreementEvent(decided.successor[0])).toEqual(rule.successorPostings);
      // Each state takes its half: A's savings:retained is emptied, B's receives it.
      const aAfter = agreementDecider.evolve(a, decided.predecessor[0]) as ActiveAgreement;
      const bAfter = agreementDecider.evolve(b, decided.successor[0]) as ActiveAgreement;
      expect(aAfter.retainedSavings.toFixed(2)).toBe('0.00');
      expect(bAfter.retainedSavings.toFixed(2)).toBe(money(amount).toFixed(2));
      expect(aAfter.carriedForward).toEqual({ successorAgreementId: B.agreementId, amount });
      expect(bAfter.broughtForward).toEqual({
        predecessorAgreementId: A.agreementId,
        amount,
        period: '2018-04',
      });
      const balances = balancesOf(postingsForAgreementEvent(decided.successor[0]));
      expect(sumMoney(balances.values()).isZero()).toBe(true);
    },
  );

  it('records a zero balance, which posts nothing', () => {
    const decided = decideCarryForward(CARRY, closedA(''), stateOf(createdB));
    expect(decided.predecessor[0].data.amount).toBe('0.00');
    expect(postingsForAgreementEvent(decided.predecessor[0])).toEqual([]);
    expect(postingsForAgreementEvent(decided.successor[0])).toEqual([]);
  });

  it('refuses with the chain codes', () => {
    const open = stateOf(created(A), link);
    expect(refusal(() => decideCarryForward(CARRY, open, stateOf(createdB))).code).toBe(
      'CHAIN.YEAR_NOT_CLOSED',
    );
    const alone = stateOf(created(A), ...yearOf(A).map((p) => closeWithSaving(p, '')));
    expect(refusal(() => decideCarryForward(CARRY, alone, null)).code).toBe('CHAIN.NO_SUCCESSOR');
    const a = closedA('10.00');
    const decided = decideCarryForward(CARRY, a, stateOf(createdB));
    const aAfter = agreementDecider.evolve(a, decided.predecessor[0]) as ActiveAgreement;
    const bAfter = agreementDecider.evolve(
      stateOf(createdB),
      decided.successor[0],
    ) as ActiveAgreement;
    expect(refusal(() => decideCarryForward(CARRY, aAfter, bAfter)).code).toBe(
      'CHAIN.CARRY_FORWARD_ALREADY_RECORDED',
    );
    // Recorded in the old year only: the new year's half is completed, with the same amount.
    expect(decideCarryForward(CARRY, aAfter, stateOf(createdB))).toEqual({
      predecessor: [],
      successor: decided.successor,
    });
  });
});
