import type { PeriodId } from '../calendar/financial-year';
import type { MoneyString } from '../money/money';
import type { PlacementSetting } from '../case/case.events';

/**
 * The figures a period close posts, computed from case histories by the cost and savings
 * rules (libs/domain/src/case/) and handed to the agreement decider. Amounts are decimal
 * strings with 2 decimal places. A prior-period adjustment has the same shape, but carries
 * differences: its nights and amount may then be negative.
 */
export interface PlacementPeriodCost {
  caseId: string;
  placementId: string;
  serviceLine: string;
  setting: PlacementSetting;
  providerCode: string;
  /** The period the nights belong to. */
  period: PeriodId;
  bedDays: number;
  /** Nights × rate in force each night; ≥ 0. */
  amount: MoneyString;
}

export interface CasePeriodSaving {
  caseId: string;
  serviceLine: string;
  period: PeriodId;
  /** Nights that counted towards the saving. */
  nights: number;
  /** Sum over those nights of R_o − R_i(t); may be negative (a cost pressure). */
  amount: MoneyString;
}

/**
 * A prior-year adjustment's cost difference (domain.md, "Years: chains of agreements"): posted
 * by a later agreement of the chain, on its own accounts, for a period of a closed year.
 * `period` is that period, in that year.
 */
export interface PriorYearCost extends PlacementPeriodCost {
  /** The closed agreement the nights belong to. */
  belongsToAgreementId: string;
}

/** A prior-year adjustment's saving difference, for a period of a closed year. */
export interface PriorYearSaving extends CasePeriodSaving {
  belongsToAgreementId: string;
}

export interface PriorYearFigures {
  costs: PriorYearCost[];
  savings: PriorYearSaving[];
}
