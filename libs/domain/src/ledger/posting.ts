import type { Money } from '../money/money';
import type { PeriodId } from '../calendar/financial-year';

/**
 * Double entry: every movement of money is one or more postings, each moving a positive
 * amount from one account to another of the same agreement. An account's balance is what has
 * come in minus what has gone out, so the balances of an agreement always sum to zero.
 */
export type AccountName = string;

export const accounts = {
  commissioner: (): AccountName => 'commissioner',
  budget: (serviceLine: string): AccountName => `budget:${serviceLine}`,
  spend: (serviceLine: string, setting: string, providerCode: string): AccountName =>
    `spend:${serviceLine}:${setting}:${providerCode}`,
  savingsRetained: (): AccountName => 'savings:retained',
  reinvestment: (schemeId: string): AccountName => `reinvestment:${schemeId}`,
  /** Retained savings handed on to the next year's agreement (a year-end carry-forward). */
  carriedForward: (): AccountName => 'carried-forward',
  /** Retained savings received from the previous year's agreement. */
  broughtForward: (): AccountName => 'brought-forward',
};

export interface Posting {
  agreementId: string;
  /** The period the posting belongs to (the fact's period). */
  period: PeriodId;
  /**
   * The period the posting was made in. The same as `period`, except for a prior-period
   * adjustment: it belongs to the closed period it corrects and is posted in the later close
   * that found the difference. Reports choose which of the two to group by.
   */
  postedIn: PeriodId;
  debitAccount: AccountName;
  creditAccount: AccountName;
  /** Always > 0: direction is carried by the accounts, never by the sign. */
  amount: Money;
  /** What caused it, e.g. `BudgetAllocated` or `PlacementCost`, for the journal. */
  source: string;
  /** Id of the business fact (allocation id, placement id, case id…). */
  reference: string;
  /**
   * Only on a prior-year adjustment (domain.md, "Years: chains of agreements"): the earlier
   * agreement of the chain whose year the fact belongs to; `period` is that agreement's period.
   * The posting itself is on `agreementId`'s accounts, like every posting.
   */
  belongsToAgreementId?: string;
}

/** A posting from `from` to `to`: `from` loses the amount, `to` gains it. */
export function post(
  base: Omit<Posting, 'debitAccount' | 'creditAccount' | 'amount'>,
  from: AccountName,
  to: AccountName,
  amount: Money,
): Posting | null {
  if (from === to) {
    // A posting from an account to itself moves nothing and would hide a bug upstream.
    throw new Error(`A posting needs two different accounts, got ${from} twice`);
  }
  if (amount.isZero()) return null;
  return amount.isNegative()
    ? { ...base, debitAccount: to, creditAccount: from, amount: amount.negated() }
    : { ...base, debitAccount: from, creditAccount: to, amount };
}

/** Balance per account: credits (money in) minus debits (money out). */
export function balancesOf(postings: Iterable<Posting>): Map<AccountName, Money> {
  const balances = new Map<AccountName, Money>();
  for (const p of postings) {
    const out = balances.get(p.debitAccount);
    const into = balances.get(p.creditAccount);
    balances.set(p.debitAccount, out ? out.minus(p.amount) : p.amount.negated());
    balances.set(p.creditAccount, into ? into.plus(p.amount) : p.amount);
  }
  return balances;
}
