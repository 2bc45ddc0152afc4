import { periodsOf } from '../calendar/financial-year';
import type { SavingsBroughtForward, SavingsCarriedForward } from '../agreement/agreement.events';
import type { ActiveAgreement } from '../agreement/agreement.state';
import { carryForward } from './carry-forward';
import { chainErrors } from './chain.errors';

/**
 * The lead provider's year-end carry-forward (domain.md, "Years: chains of agreements"), asked
 * of the old year's agreement. It writes both agreements of the link, so the application layer
 * appends both lists in one atomic multi-stream append, each stream expecting the revision it
 * was decided against.
 */
export interface CarryForwardCommand {
  type: 'CarryForward';
  data: {
    /** The old year's agreement, whose retained savings move on. */
    agreementId: string;
  };
}

export interface CarryForwardDecision {
  /** On the old year's stream: its year-end entry (empty when already recorded there). */
  predecessor: SavingsCarriedForward[];
  /** On the new year's stream. */
  successor: SavingsBroughtForward[];
}

/**
 * Decides the carry-forward on the two agreements' folded states. `successor` is the agreement
 * the predecessor's link names, or null when it has none. Refusals are the chain's
 * (`carryForwardRefusals`): CHAIN.YEAR_NOT_CLOSED, CHAIN.NO_SUCCESSOR, CHAIN.SUCCESSOR_YEAR_CLOSED,
 * CHAIN.CARRY_FORWARD_ALREADY_RECORDED.
 *
 * A carry-forward recorded on the old year only (a store without multi-stream appends, whose
 * second append was lost) is completed when asked again: the new year receives the amount the
 * old year recorded, and nothing is carried twice.
 */
export function decideCarryForward(
  { data }: CarryForwardCommand,
  predecessor: ActiveAgreement,
  successor: ActiveAgreement | null,
): CarryForwardDecision {
  const { agreementId } = predecessor.terms;
  if (agreementId !== data.agreementId) {
    throw new Error(`CarryForward for ${data.agreementId} was decided against ${agreementId}`);
  }
  if (
    successor !== null &&
    (successor.terms.agreementId !== predecessor.successorAgreementId ||
      successor.predecessorAgreementId !== agreementId)
  ) {
    throw new Error(`${successor.terms.agreementId} is not the successor of ${agreementId}`);
  }
  const recorded = predecessor.carriedForward;
  if (recorded !== null) {
    if (successor === null || successor.broughtForward !== null) {
      throw chainErrors.carryForwardAlreadyRecorded(agreementId);
    }
    return {
      predecessor: [],
      successor: [broughtForward(successor, agreementId, recorded.amount)],
    };
  }
  const carried = carryForward({
    predecessor: predecessor.terms,
    predecessorClosedPeriods: predecessor.closedPeriods,
    retainedSavings: predecessor.retainedSavings,
    successor: successor?.terms ?? null,
    successorClosedPeriods: successor?.closedPeriods ?? [],
    alreadyRecorded: false,
  });
  const next = successor as ActiveAgreement;
  return {
    predecessor: [
      {
        type: 'SavingsCarriedForward',
        data: {
          agreementId,
          successorAgreementId: carried.successorAgreementId,
          amount: carried.amount,
          period: periodsOf(predecessor.terms.financialYear)[11],
        },
      },
    ],
    successor: [broughtForward(next, agreementId, carried.amount)],
  };
}

function broughtForward(
  successor: ActiveAgreement,
  predecessorAgreementId: string,
  amount: string,
): SavingsBroughtForward {
  const { agreementId, financialYear } = successor.terms;
  const period = periodsOf(financialYear).find((p) => !successor.closedPeriods.includes(p));
  if (period === undefined) {
    throw chainErrors.successorYearClosed(predecessorAgreementId, agreementId);
  }
  return {
    type: 'SavingsBroughtForward',
    data: { agreementId, predecessorAgreementId, amount, period },
  };
}
