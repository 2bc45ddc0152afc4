import type { CalendarDate } from '../calendar/calendar-date';
import type { PeriodId } from '../calendar/financial-year';
import type { MoneyString } from '../money/money';
import type {
  CasePeriodSaving,
  PlacementPeriodCost,
  PriorYearFigures,
} from '../ledger/period-figures';

/**
 * Commands on a delegation agreement. Money arrives as decimal strings; the decider
 * re-validates every amount with the money rules, because commands also come from bulk
 * import files, not only from validated HTTP bodies.
 */
export interface CreateAgreement {
  type: 'CreateAgreement';
  data: {
    agreementId: string;
    commissionerCode: string;
    leadProviderCode: string;
    partnerProviderCodes: string[];
    financialYear: string;
    serviceLines: string[];
    /** Defaults to 365 when absent. */
    savingsHorizonDays?: number;
    /**
     * The agreement this one follows (domain.md, "Years: chains of agreements"): same
     * commissioner and lead provider, the financial year just before, no successor yet.
     * Absent or null: the agreement starts a chain.
     */
    predecessorAgreementId?: string | null;
    /**
     * Names of the organisations the agreement names (its commissioner, lead provider and
     * partners), by ODS code, recorded in the organisation register from the financial year's
     * first day, in the same write (`OrganisationNamed` on each organisation's stream). Absent:
     * none. A name already in force on that day is not recorded again.
     */
    organisationNames?: Record<string, string> | null;
  };
}

export type PhasingProfile =
  { kind: 'even' } | { kind: 'explicit'; months: { period: PeriodId; amount: MoneyString }[] };

export interface AllocateBudget {
  type: 'AllocateBudget';
  data: {
    agreementId: string;
    allocationId: string;
    serviceLine: string;
    amount: MoneyString;
    effectiveDate: CalendarDate;
    phasing: PhasingProfile;
  };
}

export interface AdjustBudget {
  type: 'AdjustBudget';
  data: {
    agreementId: string;
    adjustmentId: string;
    serviceLine: string;
    amount: MoneyString;
    effectiveDate: CalendarDate;
    reason: string;
  };
}

export interface VireBudget {
  type: 'VireBudget';
  data: {
    agreementId: string;
    virementId: string;
    fromServiceLine: string;
    toServiceLine: string;
    amount: MoneyString;
    effectiveDate: CalendarDate;
    reason: string;
  };
}

export interface CommitReinvestment {
  type: 'CommitReinvestment';
  data: {
    agreementId: string;
    commitmentId: string;
    schemeId: string;
    amount: MoneyString;
    effectiveDate: CalendarDate;
    description: string;
  };
}

/**
 * One already-closed period's figures as they stand now, recomputed from today's case
 * histories. Complete for that period: a placement or case it leaves out now counts as nothing.
 */
export interface RestatedPeriod {
  period: PeriodId;
  accruedCosts: PlacementPeriodCost[];
  recognisedSavings: CasePeriodSaving[];
}

/**
 * Freezes one month's figures. The application layer computes the accrued costs and the
 * recognised savings from the case histories (see ledger/period-figures.ts) and hands them in;
 * the decider checks them and the close rules, and the event posts them.
 *
 * `restatedPeriods` carries the closed periods' figures recomputed the same way, so that late
 * facts (a back-dated discharge or rate change) reach the ledger: the decider compares each
 * with what has been posted for that period so far and posts the difference in this close, as
 * a prior-period adjustment. A closed period left out is taken as unchanged for now.
 */
export interface ClosePeriod {
  type: 'ClosePeriod';
  data: {
    agreementId: string;
    period: PeriodId;
    accruedCosts: PlacementPeriodCost[];
    recognisedSavings: CasePeriodSaving[];
    restatedPeriods: RestatedPeriod[];
    /**
     * Prior-year adjustments this close posts (domain.md, "Years: chains of agreements"): for
     * each earlier agreement of the chain whose year is closed, what late facts changed in its
     * periods, beyond everything posted for them so far, as the chain rules computed it
     * (`priorYearAdjustments`). Posted on this agreement's accounts; absent: none.
     */
    priorYearAdjustments?: PriorYearFigures;
  };
}

export type AgreementCommand =
  CreateAgreement | AllocateBudget | AdjustBudget | VireBudget | CommitReinvestment | ClosePeriod;
