import { periodsOf, type PeriodId } from '../calendar/financial-year';
import type { AgreementTerms } from '../agreement/agreement.state';
import { accounts, post, type AccountName, type Posting } from '../ledger/posting';
import { formatMoney, type Money, type MoneyString } from '../money/money';
import type { DomainError } from '../shared/domain-error';
import { isYearClosed } from './agreement-chain';
import { chainErrors } from './chain.errors';
import { chainLinkRefusals } from './chain-link';

/**
 * Carry-forward (domain.md, "Years: chains of agreements"): after the predecessor's M12 is
 * closed and the successor exists, the lead provider records it once, and the predecessor's
 * whole `savings:retained` balance moves to the successor:
 *
 * - in the predecessor, in its M12 as a year-end entry: `savings:retained` → `carried-forward`;
 * - in the successor, in its earliest open period: `brought-forward` → `savings:retained`.
 *
 * Both of that amount, so each agreement still sums to zero. A negative balance moves the same
 * way with both postings reversed; a zero balance is recorded and posts nothing.
 */

/** The two accounts only a carry-forward uses (domain.md's account table). */
export const carryForwardAccounts = {
  carriedForward: (): AccountName => accounts.carriedForward(),
  broughtForward: (): AccountName => accounts.broughtForward(),
};

export interface CarryForwardInput {
  /** The old year's agreement. */
  predecessor: AgreementTerms;
  /** Its closed periods (`ActiveAgreement.closedPeriods`). */
  predecessorClosedPeriods: readonly PeriodId[];
  /**
   * Its `savings:retained` balance when the carry-forward is recorded, from its own postings:
   * its closes' savings, minus reinvestments (`ActiveAgreement.retainedSavings`).
   */
  retainedSavings: Money;
  /** The new year's agreement: the predecessor's successor in the chain, or null if none yet. */
  successor: AgreementTerms | null;
  /** The successor's closed periods. */
  successorClosedPeriods: readonly PeriodId[];
  /** Whether the predecessor's carry-forward has already been recorded. */
  alreadyRecorded: boolean;
}

export interface CarryForward {
  predecessorAgreementId: string;
  successorAgreementId: string;
  /** Signed: the predecessor's whole retained balance; may be negative or zero. */
  amount: MoneyString;
  /** The predecessor's year-end entry, in its M12: none for a zero balance. */
  predecessorPostings: Posting[];
  /** The successor's entry, in its earliest open period: none for a zero balance. */
  successorPostings: Posting[];
}

/** Every refusal of the carry-forward, in order; empty when it may be recorded. */
export function carryForwardRefusals(input: CarryForwardInput): DomainError[] {
  const { predecessor, successor } = input;
  const id = predecessor.agreementId;
  const refusals: DomainError[] = [];
  if (input.alreadyRecorded) refusals.push(chainErrors.carryForwardAlreadyRecorded(id));
  if (!isYearClosed(predecessor, input.predecessorClosedPeriods)) {
    refusals.push(chainErrors.yearNotClosed(id, periodsOf(predecessor.financialYear)[11]));
  }
  if (successor === null) {
    refusals.push(chainErrors.noSuccessor(id));
  } else if (isYearClosed(successor, input.successorClosedPeriods)) {
    refusals.push(chainErrors.successorYearClosed(id, successor.agreementId));
  }
  return refusals;
}

/**
 * The carry-forward's postings. Throws the first refusal (a DomainError) when it may not be
 * recorded. The successor must be the predecessor's in the chain; the caller finds it with
 * `successorOf`.
 */
export function carryForward(input: CarryForwardInput): CarryForward {
  const [refusal] = carryForwardRefusals(input);
  if (refusal) throw refusal;
  const { predecessor, retainedSavings: amount } = input;
  const successor = input.successor as AgreementTerms;
  const link = { successor, predecessor, predecessorAgreementId: predecessor.agreementId };
  if (chainLinkRefusals({ ...link, existingSuccessorAgreementId: null }).length > 0) {
    throw new Error(`${successor.agreementId} is not the successor of ${predecessor.agreementId}`);
  }
  const yearEnd = periodsOf(predecessor.financialYear)[11];
  const openPeriod = periodsOf(successor.financialYear).find(
    (period) => !input.successorClosedPeriods.includes(period),
  ) as PeriodId;
  const carried = post(
    {
      agreementId: predecessor.agreementId,
      period: yearEnd,
      postedIn: yearEnd,
      source: 'CarryForward',
      reference: successor.agreementId,
    },
    accounts.savingsRetained(),
    carryForwardAccounts.carriedForward(),
    amount,
  );
  const brought = post(
    {
      agreementId: successor.agreementId,
      period: openPeriod,
      postedIn: openPeriod,
      source: 'BroughtForward',
      reference: predecessor.agreementId,
    },
    carryForwardAccounts.broughtForward(),
    accounts.savingsRetained(),
    amount,
  );
  return {
    predecessorAgreementId: predecessor.agreementId,
    successorAgreementId: successor.agreementId,
    amount: formatMoney(amount),
    predecessorPostings: carried ? [carried] : [],
    successorPostings: brought ? [brought] : [],
  };
}
