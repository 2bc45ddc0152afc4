import {
  financialYearEnd,
  minDate,
  periodOf,
  periodsOf,
  type CalendarDate,
  type FinancialYear,
  type PeriodId,
} from '@ledger/domain';
import type { AgreementBalances } from '../balances/balances.projection';
import { ledgerAccount } from '../ledger/account-names';
import { formatPence, penceOf, type Pence } from '../ledger/pence';
import type { OapMetricsReport } from '../oap-metrics/oap-metrics';

/**
 * The chain report (domain.md, "Years: chains of agreements"): the agreements of a chain, year
 * by year, each from its own accounts, with the year's out-of-area metrics, and totals across
 * the years. Pure: each year is built from that agreement's balances report and its out-of-area
 * metrics report, the same ones its own reports answer with, so a year's figures are always
 * those reports' figures; nothing is derived a second way.
 */

/** A year's out-of-area metrics: the twelve months (to asOf) summed, and the stocks at year end. */
export interface ChainYearOapMetrics {
  /** The night active OAPs and mean distance are counted on: the year's last day, or asOf. */
  countedOn: CalendarDate;
  /** Out-of-area placements occupying that night. Not summable across years. */
  activeAtYearEnd: number;
  started: number;
  ended: number;
  bedDays: number;
  cost: string;
  /** Mean distance from home of those active at year end, 1 decimal place; null if none. */
  meanDistanceKm: string | null;
  meanDistanceMiles: string | null;
  repatriations: number;
}

/** One agreement of the chain: its year's figures from its own postings. */
export interface ChainYear {
  agreementId: string;
  financialYear: FinancialYear;
  /** The date the year's figures run to: the chain report's asOf, or the year's last day if earlier. */
  asOf: CalendarDate;
  /** Whether the year is over by the chain report's asOf. */
  complete: boolean;
  /** Net money delegated to it: what the `commissioner` account has given (allocations, adjustments). */
  budgetDelegated: string;
  /** Care costs posted: the `spend:…` accounts, prior-year adjustments it posted included. */
  spend: string;
  /** Savings recognised in its postings (closes and their adjustments), net. */
  savingsRecognised: string;
  /** Savings committed to reinvestment schemes: the `reinvestment:…` accounts. */
  reinvestmentCommitted: string;
  /** The `savings:retained` balance. */
  retainedSavings: string;
  /**
   * Retained savings moved to its successor at year end (posted in its M12); null until the
   * carry-forward is recorded, and while asOf is before the year's M12.
   */
  carriedForward: string | null;
  /** Retained savings received from its predecessor ("0.00" when none has been). */
  broughtForward: string;
  oapMetrics: ChainYearOapMetrics;
}

/** The sum of the year rows, for every figure that adds up. */
export interface ChainTotals {
  budgetDelegated: string;
  spend: string;
  savingsRecognised: string;
  reinvestmentCommitted: string;
  /** Summed over the years: the chain's savings still to commit. */
  retainedSavings: string;
  /** The years' carry-forwards recorded (a null year counts as nothing). */
  carriedForward: string;
  broughtForward: string;
  oapMetrics: Pick<ChainYearOapMetrics, 'started' | 'ended' | 'bedDays' | 'cost' | 'repatriations'>;
}

export interface ChainReport {
  /** The agreement the report was asked for: any agreement of the chain. */
  agreementId: string;
  asOf: CalendarDate;
  knownAt: number;
  /** Oldest first: the chain's years that began by asOf and the caller may read. */
  years: ChainYear[];
  /** Years of the chain (begun by asOf) left out because the caller may not read their reports. */
  yearsOmitted: number;
  totals: ChainTotals;
}

/** The date a year's figures run to, and whether the year is over, for the chain's asOf. */
export function chainYearWindow(
  financialYear: FinancialYear,
  asOf: CalendarDate,
): { asOf: CalendarDate; complete: boolean } {
  const yearEnd = financialYearEnd(financialYear);
  return { asOf: minDate(asOf, yearEnd), complete: yearEnd <= asOf };
}

function lastPeriodOf(financialYear: FinancialYear): PeriodId {
  const periods = periodsOf(financialYear);
  return periods[periods.length - 1];
}

/** The money figures of one agreement, read off its account balances. */
function moneyFigures(balances: AgreementBalances) {
  let delegated = 0n;
  let spend = 0n;
  let reinvested = 0n;
  let retained = 0n;
  let carried = 0n;
  let brought = 0n;
  for (const { account, balance } of balances.balances) {
    const pence = penceOf(balance);
    switch (ledgerAccount(account).kind) {
      case 'commissioner':
        delegated -= pence;
        break;
      case 'spend':
        spend += pence;
        break;
      case 'reinvestment':
        reinvested += pence;
        break;
      case 'savings-retained':
        retained += pence;
        break;
      case 'carried-forward':
        carried += pence;
        break;
      case 'brought-forward':
        // brought-forward → savings:retained: money leaves the account.
        brought -= pence;
        break;
      case 'budget':
      case 'other':
        // What is left of the budget, and nothing else of the ledger's, is not a chain figure.
        break;
    }
  }
  // savings:retained takes recognised savings and what is brought forward, and gives to
  // reinvestment and to the carry-forward: every posting on it is one of those (domain.md,
  // "The ledger"), so the savings recognised are its balance with those moves undone.
  const recognised = retained + reinvested + carried - brought;
  return { delegated, spend, recognised, reinvested, retained, carried, brought };
}

export interface ChainYearInput {
  /** The agreement's balances at the year's asOf (`chainYearWindow`), by the period belonged to. */
  balances: AgreementBalances;
  /** Its out-of-area metrics at the same asOf. */
  oapMetrics: OapMetricsReport;
  financialYear: FinancialYear;
  /** The chain report's asOf. */
  asOf: CalendarDate;
  /** Whether its carry-forward had been recorded by the knowledge point. */
  carryForwardRecorded: boolean;
}

/** One year of the chain, from the agreement's own balances and out-of-area metrics reports. */
export function chainYear(input: ChainYearInput): ChainYear {
  const { balances, oapMetrics, financialYear } = input;
  const window = chainYearWindow(financialYear, input.asOf);
  const money = moneyFigures(balances);
  const periods = oapMetrics.periods;
  const last = periods[periods.length - 1];
  const sum = (figure: (p: (typeof periods)[number]) => number) =>
    periods.reduce((total, p) => total + figure(p), 0);
  return {
    agreementId: balances.agreementId,
    financialYear,
    asOf: window.asOf,
    complete: window.complete,
    budgetDelegated: formatPence(money.delegated),
    spend: formatPence(money.spend),
    savingsRecognised: formatPence(money.recognised),
    reinvestmentCommitted: formatPence(money.reinvested),
    retainedSavings: formatPence(money.retained),
    // Posted in the year's M12 as its year-end entry: it counts once asOf reaches M12, as
    // every posting counts from its period's first day.
    carriedForward:
      input.carryForwardRecorded && periodOf(window.asOf) === lastPeriodOf(financialYear)
        ? formatPence(money.carried)
        : null,
    broughtForward: formatPence(money.brought),
    oapMetrics: {
      countedOn: last?.countedOn ?? window.asOf,
      activeAtYearEnd: last?.activeAtPeriodEnd ?? 0,
      started: sum((p) => p.started),
      ended: sum((p) => p.ended),
      bedDays: sum((p) => p.bedDays),
      cost: formatPence(periods.reduce<Pence>((total, p) => total + penceOf(p.cost), 0n)),
      meanDistanceKm: last?.meanDistanceKm ?? null,
      meanDistanceMiles: last?.meanDistanceMiles ?? null,
      repatriations: sum((p) => p.repatriations),
    },
  };
}

/** The report: the years as given (oldest first) and their totals, added up in pence. */
export function chainReport(input: {
  agreementId: string;
  asOf: CalendarDate;
  knownAt: number;
  years: ChainYear[];
  yearsOmitted: number;
}): ChainReport {
  const { years } = input;
  const money = (figure: (year: ChainYear) => string | null) =>
    formatPence(
      years.reduce<Pence>((total, year) => {
        const value = figure(year);
        return value === null ? total : total + penceOf(value);
      }, 0n),
    );
  const count = (figure: (year: ChainYear) => number) =>
    years.reduce((total, year) => total + figure(year), 0);
  return {
    agreementId: input.agreementId,
    asOf: input.asOf,
    knownAt: input.knownAt,
    years,
    yearsOmitted: input.yearsOmitted,
    totals: {
      budgetDelegated: money((y) => y.budgetDelegated),
      spend: money((y) => y.spend),
      savingsRecognised: money((y) => y.savingsRecognised),
      reinvestmentCommitted: money((y) => y.reinvestmentCommitted),
      retainedSavings: money((y) => y.retainedSavings),
      carriedForward: money((y) => y.carriedForward),
      broughtForward: money((y) => y.broughtForward),
      oapMetrics: {
        started: count((y) => y.oapMetrics.started),
        ended: count((y) => y.oapMetrics.ended),
        bedDays: count((y) => y.oapMetrics.bedDays),
        cost: money((y) => y.oapMetrics.cost),
        repatriations: count((y) => y.oapMetrics.repatriations),
      },
    },
  };
}
