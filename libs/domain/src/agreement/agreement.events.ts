/**
 * Events of the delegation-agreement stream (`agreement-<agreementId>`).
 * Type names are literal and stable: never derive them from class names.
 * Every amount is a decimal string with exactly 2 decimal places ("5416666.66").
 * Every date is a calendar date `YYYY-MM-DD`; every period is `YYYY-MM`.
 * The schema version of each event lives in its metadata (see AGREEMENT_EVENT_VERSIONS).
 */
import type { CalendarDate } from '../calendar/calendar-date';
import type { PeriodId } from '../calendar/financial-year';
import type { MoneyString } from '../money/money';
import type {
  CasePeriodSaving,
  PlacementPeriodCost,
  PriorYearFigures,
} from '../ledger/period-figures';

/** One month's share of a budget movement, after phasing. */
export interface PhasedAmount {
  period: PeriodId;
  amount: MoneyString;
}

export interface AgreementCreated {
  type: 'AgreementCreated';
  data: {
    agreementId: string;
    /** ODS code of the commissioner, e.g. NHS England's specialised commissioning hub. */
    commissionerCode: string;
    leadProviderCode: string;
    partnerProviderCodes: string[];
    /** `2025/26`: 1 April 2025 to 31 March 2026. */
    financialYear: string;
    serviceLines: string[];
    /** Nights after a repatriation during which avoided cost counts as a saving. */
    savingsHorizonDays: number;
    /**
     * Version 2: the agreement this one follows in its chain (domain.md, "Years: chains of
     * agreements"), or null. Version 1 events had no such field and are read as null.
     */
    predecessorAgreementId: string | null;
  };
}

/**
 * Recorded on the predecessor's stream when an agreement naming it as predecessor is created,
 * in the same atomic append as the successor's `AgreementCreated`, with the predecessor's
 * expected revision: that is what keeps "at most one successor" across the two streams.
 * Posts nothing.
 */
export interface SuccessorAgreementCreated {
  type: 'SuccessorAgreementCreated';
  data: {
    /** The predecessor: the stream this event is on. */
    agreementId: string;
    successorAgreementId: string;
    /** The successor's financial year: the one after the predecessor's. */
    successorFinancialYear: string;
  };
}

export interface BudgetAllocated {
  type: 'BudgetAllocated';
  data: {
    agreementId: string;
    allocationId: string;
    serviceLine: string;
    amount: MoneyString;
    effectiveDate: CalendarDate;
    profile: 'even' | 'explicit';
    phasing: PhasedAmount[];
  };
}

export interface BudgetAdjusted {
  type: 'BudgetAdjusted';
  data: {
    agreementId: string;
    adjustmentId: string;
    serviceLine: string;
    /** Signed, never zero: negative returns budget to the commissioner. */
    amount: MoneyString;
    effectiveDate: CalendarDate;
    reason: string;
    phasing: PhasedAmount[];
  };
}

export interface BudgetVired {
  type: 'BudgetVired';
  data: {
    agreementId: string;
    virementId: string;
    fromServiceLine: string;
    toServiceLine: string;
    /** Positive. Phased the same way on both lines: minus on the source, plus on the destination. */
    amount: MoneyString;
    effectiveDate: CalendarDate;
    reason: string;
    phasing: PhasedAmount[];
  };
}

export interface ReinvestmentCommitted {
  type: 'ReinvestmentCommitted';
  data: {
    agreementId: string;
    commitmentId: string;
    schemeId: string;
    amount: MoneyString;
    effectiveDate: CalendarDate;
    description: string;
    /** Retained savings before this commitment, for the audit trail. */
    retainedSavingsBefore: MoneyString;
  };
}

/**
 * Late facts' effect on periods already closed, posted in a later close (domain.md, "Period
 * close and late facts"). Each figure has the shape of a close's own figure, but its `period`
 * is the earlier period it belongs to and its `bedDays`/`nights` and `amount` are the
 * difference from what had been posted for it so far: either may be negative.
 */
export interface PriorPeriodAdjustments {
  costs: PlacementPeriodCost[];
  savings: CasePeriodSaving[];
}

/**
 * A month's figures frozen. Posts each accrued placement cost and each recognised saving of
 * the period; after it, nothing changes that period's posted numbers. Amounts have exactly
 * 2 decimal places; costs are ≥ 0, savings may be negative (a cost pressure). It also posts the
 * prior-period adjustments for earlier closed periods that late facts have changed.
 */
export interface PeriodClosed {
  type: 'PeriodClosed';
  data: {
    agreementId: string;
    period: PeriodId;
    accruedCosts: PlacementPeriodCost[];
    recognisedSavings: CasePeriodSaving[];
    priorPeriodAdjustments: PriorPeriodAdjustments;
    /**
     * Version 2: late facts' effect on the periods of earlier agreements of the chain whose
     * year is closed (domain.md, "Years: chains of agreements"), posted in this close on this
     * agreement's accounts. Each figure names the agreement (`belongsToAgreementId`) and the
     * period it belongs to, and carries the difference. Version 1 closes had none.
     */
    priorYearAdjustments: PriorYearFigures;
  };
}

const NO_ADJUSTMENTS: PriorPeriodAdjustments = { costs: [], savings: [] };

/** A close's prior-year adjustments (a close read without the upcaster has none). */
export function priorYearAdjustmentsOf(closed: PeriodClosed['data']): PriorYearFigures {
  const stored = closed.priorYearAdjustments as PriorYearFigures | undefined;
  return stored ?? { costs: [], savings: [] };
}

/**
 * A close's prior-period adjustments. A close stored before they existed (development stores
 * only: no release had them) carries none, and is read as posting none, so that any stored
 * history still replays.
 */
export function adjustmentsOf(closed: PeriodClosed['data']): PriorPeriodAdjustments {
  const stored = closed.priorPeriodAdjustments as PriorPeriodAdjustments | undefined;
  return stored ?? NO_ADJUSTMENTS;
}

/**
 * The old year's half of a carry-forward (domain.md, "Years: chains of agreements"), recorded
 * once, after its M12 is closed and its successor exists, in the same atomic append as the
 * successor's `SavingsBroughtForward`: its whole `savings:retained` balance moves to the
 * successor. Posted in its M12 as a year-end entry: `savings:retained` → `carried-forward`
 * (reversed when negative; nothing when zero).
 */
export interface SavingsCarriedForward {
  type: 'SavingsCarriedForward';
  data: {
    agreementId: string;
    successorAgreementId: string;
    /** Signed: the whole retained balance; may be negative or zero. */
    amount: MoneyString;
    /** The agreement's M12: the year-end entry's period. */
    period: PeriodId;
  };
}

/**
 * The new year's half: `brought-forward` → `savings:retained` (reversed when negative), posted
 * in its earliest open period; the amount is then available for reinvestment there.
 */
export interface SavingsBroughtForward {
  type: 'SavingsBroughtForward';
  data: {
    agreementId: string;
    predecessorAgreementId: string;
    amount: MoneyString;
    /** The successor's earliest open period when the carry-forward was recorded. */
    period: PeriodId;
  };
}

export type AgreementEvent =
  | AgreementCreated
  | SuccessorAgreementCreated
  | SavingsCarriedForward
  | SavingsBroughtForward
  | BudgetAllocated
  | BudgetAdjusted
  | BudgetVired
  | ReinvestmentCommitted
  | PeriodClosed;

export const AGREEMENT_EVENT_VERSIONS: Record<AgreementEvent['type'], number> = {
  AgreementCreated: 2,
  SuccessorAgreementCreated: 1,
  SavingsCarriedForward: 1,
  SavingsBroughtForward: 1,
  BudgetAllocated: 1,
  BudgetAdjusted: 1,
  BudgetVired: 1,
  ReinvestmentCommitted: 1,
  PeriodClosed: 2,
};

export const agreementStreamId = (agreementId: string): string => `agreement-${agreementId}`;
