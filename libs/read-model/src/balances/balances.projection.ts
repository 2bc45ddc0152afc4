import { isCalendarDate, periodOf, type CalendarDate } from '@ledger/domain';
import { readPosition, storeProjection, type Snapshot } from '../projection/append-only-store';
import { sumPeriods } from '../projection/running-total';
import { formatPence } from '../ledger/pence';
import { LedgerTotalsStore } from './ledger-totals.store';

/**
 * Ledger totals: per agreement and account, the net movement per period, by the period the
 * fact belongs to and by the period it was posted in; plus the budget movements per line and
 * the savings posted per case that the budget and savings reports read.
 */
export type LedgerTotalsState = Snapshot<LedgerTotalsStore>;

export const balancesProjection = storeProjection(() => new LedgerTotalsStore());

/**
 * Which period a posting counts in: the one the fact belongs to (the default, so a late fact
 * restates the period it changed) or the one it was posted in (as the ledger reported it).
 */
export type PeriodBasis = 'belongs-to' | 'posted-in';

export interface BalancesQuery {
  agreementId: string;
  /**
   * Business date. Counts the postings whose period (by `basis`) is the as-of date's period
   * or earlier: postings are monthly, so a date counts its whole month. Absent: every posting.
   */
  asOf?: CalendarDate;
  basis?: PeriodBasis;
  /** Log position: balances as the ledger stood then. */
  knownAt?: number;
}

export interface AccountBalance {
  account: string;
  /** Money in minus money out. */
  balance: string;
}

export interface AgreementBalances {
  agreementId: string;
  asOf: CalendarDate | null;
  basis: PeriodBasis;
  knownAt: number;
  /** Every account posted to by `knownAt`, by name. */
  balances: AccountBalance[];
  /** Always 0.00: every posting takes from one account what it gives another. */
  total: string;
}

export function accountBalances(
  ledger: LedgerTotalsState,
  query: BalancesQuery,
): AgreementBalances {
  const position = readPosition(ledger, query.knownAt);
  const basis = query.basis ?? 'belongs-to';
  if (query.asOf !== undefined && !isCalendarDate(query.asOf)) {
    throw new RangeError(`asOf must be a calendar date YYYY-MM-DD, got ${String(query.asOf)}`);
  }
  const lastPeriod = query.asOf === undefined ? null : periodOf(query.asOf);
  const counts = (period: string) => lastPeriod === null || period <= lastPeriod;
  let total = 0n;
  const balances = ledger.store
    .accountsAt(query.agreementId, position)
    .map(([account, totals]) => {
      let balance = sumPeriods(totals.belongsTo, position, counts);
      if (basis === 'posted-in') {
        balance += sumPeriods(totals.movedTo, position, counts);
        balance -= sumPeriods(totals.movedFrom, position, counts);
      }
      total += balance;
      return { account, balance: formatPence(balance) };
    })
    .sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  return {
    agreementId: query.agreementId,
    asOf: query.asOf ?? null,
    basis,
    knownAt: position,
    balances,
    total: formatPence(total),
  };
}
