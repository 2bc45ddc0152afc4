import {
  addDays,
  daysBetween,
  financialYearEnd,
  financialYearStart,
  isCalendarDate,
  maxDate,
  periodLastDay,
  periodOf,
  periodsOf,
  type CalendarDate,
  type FinancialYear,
  type PeriodId,
} from '@ledger/domain';

/**
 * The business-date rules every report shares. asOf = D counts the facts effective up to and
 * including D (domain.md, "Time travel"):
 *
 * - periods to date are the agreement's periods up to and including D's period, so budget
 *   phased to date counts D's whole month (budgets are phased by month);
 * - nights to date are the nights up to and including the night of D: the domain's cost and
 *   savings rules are measured at D + 1 (they count nights before the measuring date). So a
 *   month's last day gives the whole month, and nights left are those after D: to date plus
 *   left is always the whole year;
 * - a period's figures are **posted** once it is closed (as known) and over by D, and
 *   **provisional** otherwise: computed live from the case facts for its nights up to D.
 */
export interface AsOfWindow {
  asOf: CalendarDate;
  /** D + 1: the date the domain's cost and savings rules are measured at. */
  measuredAt: CalendarDate;
  financialYear: FinancialYear;
  /** The year's periods up to and including asOf's period. */
  periods: PeriodId[];
  /** Nights after asOf (from the year's start, if later) to the year's last night. */
  nightsLeft: number;
}

export function asOfWindow(financialYear: FinancialYear, asOf: CalendarDate): AsOfWindow {
  if (!isCalendarDate(asOf)) {
    throw new RangeError(`asOf must be a calendar date YYYY-MM-DD, got ${String(asOf)}`);
  }
  const measuredAt = addDays(asOf, 1);
  const lastPeriod = periodOf(asOf);
  const yearEndNight = addDays(financialYearEnd(financialYear), 1);
  const from = maxDate(measuredAt, financialYearStart(financialYear));
  return {
    asOf,
    measuredAt,
    financialYear,
    periods: periodsOf(financialYear).filter((period) => period <= lastPeriod),
    nightsLeft: Math.max(0, daysBetween(from, yearEndNight)),
  };
}

/** Posted figures stand for a period once it is closed and over by the as-of date. */
export function isPostedPeriod(
  period: PeriodId,
  closedPeriods: ReadonlySet<PeriodId>,
  asOf: CalendarDate,
): boolean {
  return closedPeriods.has(period) && periodLastDay(period) <= asOf;
}

export type FigureStatus = 'posted' | 'provisional';
