import type { FinancialYear, PeriodId } from '@ledger/domain';
import type { SpendBreakdown } from '../reporting/spend-tally';
import type { MonthEndPosting } from './month-end-movements';

/** What the month-end management accounts read, and what they answer (management-accounts.ts). */

export interface MonthEndSources {
  agreementId: string;
  financialYear: FinancialYear;
  serviceLines: readonly string[];
  /** The periods closed at the knowledge point, in any order. */
  closedPeriods: Iterable<PeriodId>;
  /** The agreement's postings as known at the knowledge point, in any order. */
  postings: Iterable<MonthEndPosting>;
  /** The log position the sources stand at. */
  knownAt: number;
}

export interface MonthEndQuery {
  /** The month; the latest period closed at the knowledge point when absent. */
  period?: PeriodId;
}

/** The period's own cost, its adjustments' cost, and both together, each by setting and provider. */
export interface MonthCost {
  own: SpendBreakdown;
  adjustments: SpendBreakdown;
  total: SpendBreakdown;
}

export interface MonthSavings {
  own: string;
  adjustments: string;
  total: string;
}

/** A month's figures, all posted in the month. */
export interface MonthFigures {
  /** Budget phased into the month: allocations, adjustments and virements, net. */
  budget: string;
  cost: MonthCost;
  savings: MonthSavings;
  /** Budget minus all cost posted in the month (its own and the adjustments'). */
  variance: string;
}

/** From the agreement's first period through the month, by the period posted in. */
export interface YearToDateFigures {
  budget: string;
  cost: SpendBreakdown;
  savings: string;
  /** Budget to date minus cost to date. */
  variance: string;
}

export type AdjustmentKind = 'prior-period' | 'prior-year';

/**
 * The difference a close found for an earlier period, posted in this month: a prior-period
 * adjustment (a closed month of this agreement) or a prior-year adjustment (a month of an
 * earlier agreement of the chain, posted on this agreement's accounts).
 */
export interface PostedAdjustment {
  kind: AdjustmentKind;
  belongsToAgreementId: string;
  /** The period it belongs to. */
  period: PeriodId;
  cost: SpendBreakdown;
  savings: string;
}

export interface ManagementAccountsLine {
  serviceLine: string;
  month: MonthFigures;
  /** The adjustments in `month`, one per agreement and period they belong to. */
  adjustments: PostedAdjustment[];
  yearToDate: YearToDateFigures;
}

export interface SchemeReinvestment {
  schemeId: string;
  /** Committed in the month. */
  month: string;
  yearToDate: string;
}

/** A carry-forward posted in the month: from the old year's agreement to the new one's. */
export interface PostedCarryForward {
  /** `carried-forward`: this agreement's year-end entry; `brought-forward`: received. */
  kind: 'carried-forward' | 'brought-forward';
  fromAgreementId: string;
  toAgreementId: string;
  /** Negative when a year of cost pressures carried a negative balance. */
  amount: string;
}

/** `savings:retained` by the period posted in: where the month's savings went. */
export interface RetainedSavingsMovement {
  /** Posted before the month. */
  opening: string;
  recognised: string;
  broughtForward: string;
  reinvested: string;
  carriedForward: string;
  /** opening + recognised + broughtForward − reinvested − carriedForward. */
  closing: string;
}

export interface ManagementAccounts {
  agreementId: string;
  financialYear: FinancialYear;
  /** The month: the period the money was posted in. */
  period: PeriodId;
  /** The first period of the year to date (the agreement's M01). */
  yearToDateFrom: PeriodId;
  knownAt: number;
  lines: ManagementAccountsLine[];
  reinvestment: { byScheme: SchemeReinvestment[]; month: string; yearToDate: string };
  carryForwards: PostedCarryForward[];
  retainedSavings: RetainedSavingsMovement;
  /** The lines added up: each figure is the sum of the lines' own. */
  totals: {
    month: MonthFigures;
    adjustments: PostedAdjustment[];
    yearToDate: YearToDateFigures;
  };
}

/** The month's accounts, or why there are none: a month not closed has no posted costs. */
export type MonthEndAnswer =
  | { kind: 'accounts'; accounts: ManagementAccounts }
  | {
      kind: 'period-not-closed';
      period: PeriodId;
      lastClosedPeriod: PeriodId | null;
      knownAt: number;
    };
