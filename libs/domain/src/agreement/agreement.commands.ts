import type { CalendarDate } from '../calendar/calendar-date';
import type { PeriodId } from '../calendar/financial-year';
import type { MoneyString } from '../money/money';

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
  };
}

export type PhasingProfile =
  | { kind: 'even' }
  | { kind: 'explicit'; months: { period: PeriodId; amount: MoneyString }[] };

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

export type AgreementCommand =
  | CreateAgreement
  | AllocateBudget
  | AdjustBudget
  | VireBudget
  | CommitReinvestment;
