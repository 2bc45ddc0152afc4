import {
  agreementPeriodFigures,
  caseFiguresAlongChain,
  measuredAtEndOf,
  periodsOf,
  priorYearAdjustments,
  type AgreementChain,
  type CasePeriodSaving,
  type ChainCaseFigures,
  type ClosedPeriods,
  type PeriodId,
  type PlacementPeriodCost,
  type PostedFigures,
  type PriorYearCost,
  type PriorYearFigures,
  type PriorYearSaving,
  type RestatedPeriod,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import type { ChainMember } from '../chain/read-chain';
import { readCase } from '../execution/ledger-streams';

/** What a close of one period hands the agreement decider. */
export interface CloseFigures {
  /** The closing period's accrued cost per placement. */
  accruedCosts: PlacementPeriodCost[];
  /** The closing period's recognised saving per case. */
  recognisedSavings: CasePeriodSaving[];
  /** Every already-closed period's figures as they stand now, for prior-period adjustments. */
  restatedPeriods: RestatedPeriod[];
  /** For the chain's earlier agreements whose year is closed: what late facts changed there. */
  priorYearAdjustments: PriorYearFigures;
}

/** A chain as a close sees it: its agreements, their closes, and the one closing. */
export interface ClosingChain {
  chain: AgreementChain;
  members: readonly ChainMember[];
  closed: ClosedPeriods;
  agreementId: string;
  period: PeriodId;
}

/**
 * Reads and folds each case of the chain, and applies the chain's cost and savings rules
 * (`caseFiguresAlongChain`: each night in the agreement whose year holds it, the horizon of
 * the agreement holding the repatriation date) measured at the day after the closing period's
 * last day: every night up to the period's end counts, and none after it. One measurement
 * gives the closing period's figures, this agreement's closed periods restated, and every
 * earlier agreement's year restated, all from the same reading.
 */
export async function closeFiguresOf(
  store: EventStore,
  caseIds: readonly string[],
  closing: ClosingChain,
  closedPeriods: readonly PeriodId[],
): Promise<CloseFigures> {
  const measuredAt = measuredAtEndOf(closing.period);
  const figures: ChainCaseFigures[] = [];
  // One case at a time; only its figures are kept, never its history.
  for (const caseId of caseIds) {
    const { history } = await readCase(store, caseId);
    const caseFigures = caseFiguresAlongChain(history.state, closing.chain, measuredAt);
    if (caseFigures) figures.push(withoutUncovered(caseFigures));
  }
  const [own] = agreementPeriodFigures(figures, closing.agreementId, [closing.period]);
  return {
    accruedCosts: own.accruedCosts,
    recognisedSavings: own.recognisedSavings,
    restatedPeriods: agreementPeriodFigures(figures, closing.agreementId, closedPeriods),
    priorYearAdjustments: priorYearFiguresOf(closing, figures),
  };
}

/** A close looks at the chain's years only: nothing is uncovered before the last one's end. */
function withoutUncovered(figures: ChainCaseFigures): ChainCaseFigures {
  return { ...figures, uncovered: { ...figures.uncovered, costs: [], savings: [] } };
}

/**
 * The prior-year adjustments this close posts (domain.md, "Years: chains of agreements"): for
 * each earlier agreement of the chain (its year is closed, since periods close in order along
 * the chain), its whole year restated from today's case histories, compared with everything
 * posted for it so far: its own closes, and the prior-year adjustments every agreement of the
 * chain has posted for it (`priorYearPosted` of each state). They are posted in the chain's
 * earliest open period, which is the one closing.
 */
function priorYearFiguresOf(
  closing: ClosingChain,
  figures: readonly ChainCaseFigures[],
): PriorYearFigures {
  const at = closing.members.findIndex((m) => m.state.terms.agreementId === closing.agreementId);
  const result: PriorYearFigures = { costs: [], savings: [] };
  for (const earlier of closing.members.slice(0, Math.max(at, 0))) {
    const { terms } = earlier.state;
    const adjustments = priorYearAdjustments({
      chain: closing.chain,
      closed: closing.closed,
      agreementId: terms.agreementId,
      postedFigures: earlier.state.postedFigures,
      postedElsewhere: postedElsewhereFor(closing.members, terms.agreementId),
      restatedPeriods: agreementPeriodFigures(
        figures,
        terms.agreementId,
        periodsOf(terms.financialYear),
      ),
    });
    if (adjustments.status === 'none') continue;
    if (
      adjustments.status !== 'post' ||
      adjustments.postIn.agreementId !== closing.agreementId ||
      adjustments.postIn.period !== closing.period
    ) {
      // The chain's rules let only its earliest open period close: anything else is a wiring fault.
      throw new Error(
        `Prior-year adjustments for ${terms.agreementId} belong in the chain's earliest open period, not ${closing.agreementId} ${closing.period}`,
      );
    }
    result.costs.push(...adjustments.costs);
    result.savings.push(...adjustments.savings);
  }
  return result;
}

/** Every prior-year adjustment the chain's agreements have posted for `agreementId`'s periods. */
export function postedElsewhereFor(
  members: readonly ChainMember[],
  agreementId: string,
): { costs: PriorYearCost[]; savings: PriorYearSaving[] } {
  const costs: PriorYearCost[] = [];
  const savings: PriorYearSaving[] = [];
  for (const member of members) {
    const posted: PostedFigures | undefined = Object.hasOwn(
      member.state.priorYearPosted,
      agreementId,
    )
      ? member.state.priorYearPosted[agreementId]
      : undefined;
    for (const period of Object.values(posted ?? {})) {
      for (const cost of Object.values(period.costs)) {
        costs.push({ ...cost, belongsToAgreementId: agreementId });
      }
      for (const saving of Object.values(period.savings)) {
        savings.push({ ...saving, belongsToAgreementId: agreementId });
      }
    }
  }
  return { costs, savings };
}
