import {
  addDays,
  periodLastDay,
  placementCostsByPeriod,
  recognisedSavingsByPeriod,
  type AgreementTerms,
  type CasePeriodSaving,
  type PeriodId,
  type PlacementPeriodCost,
  type RestatedPeriod,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { readCase } from '../execution/ledger-streams';

/** What a close of one period hands the agreement decider. */
export interface CloseFigures {
  /** The closing period's accrued cost per placement. */
  accruedCosts: PlacementPeriodCost[];
  /** The closing period's recognised saving per case. */
  recognisedSavings: CasePeriodSaving[];
  /** Every already-closed period's figures as they stand now, for prior-period adjustments. */
  restatedPeriods: RestatedPeriod[];
}

interface CaseFigures {
  costs: PlacementPeriodCost[];
  savings: CasePeriodSaving[];
}

/**
 * Reads and folds each case, and applies the domain's cost and savings rules measured at the
 * day after the closing period's last day: every night up to the period's end counts, and
 * none after it. One measurement gives every period up to the closing one, so the closing
 * period's figures and the closed periods' restated figures come from the same reading.
 */
export async function closeFiguresOf(
  store: EventStore,
  caseIds: readonly string[],
  terms: AgreementTerms,
  period: PeriodId,
  closedPeriods: readonly PeriodId[],
): Promise<CloseFigures> {
  const measuredAt = addDays(periodLastDay(period), 1);
  const figures: CaseFigures = { costs: [], savings: [] };
  // One case at a time: a large agreement's case histories are never all in memory at once.
  for (const caseId of caseIds) {
    const { history } = await readCase(store, caseId);
    figures.costs.push(...placementCostsByPeriod(history.state, terms, measuredAt));
    figures.savings.push(...recognisedSavingsByPeriod(history.state, terms, measuredAt));
  }
  const { costs, savings } = inPeriod(figures, period);
  return {
    accruedCosts: costs,
    recognisedSavings: savings,
    restatedPeriods: closedPeriods.map((closed) => {
      const restated = inPeriod(figures, closed);
      return { period: closed, accruedCosts: restated.costs, recognisedSavings: restated.savings };
    }),
  };
}

function inPeriod({ costs, savings }: CaseFigures, period: PeriodId): CaseFigures {
  return {
    costs: costs.filter((cost) => cost.period === period),
    savings: savings.filter((saving) => saving.period === period),
  };
}
