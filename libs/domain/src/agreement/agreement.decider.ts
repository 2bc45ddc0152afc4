import type { Decider } from '../shared/decider';
import type { AgreementCommand } from './agreement.commands';
import type { AgreementDecisionContext } from './agreement.context';
import { agreementErrors } from './agreement.errors';
import type { AgreementEvent } from './agreement.events';
import {
  evolveAgreement,
  initialAgreementState,
  type ActiveAgreement,
  type AgreementState,
} from './agreement.state';
import {
  decideAdjustBudget,
  decideAllocateBudget,
  decideVireBudget,
} from './decide-budget-movement';
import { decideCreateAgreement } from './decide-create-agreement';
import { decideClosePeriod } from './decide-period-close';
import { decideCommitReinvestment } from './decide-reinvestment';

/** Every command but creation needs the agreement it names to exist in this stream. */
function requireAgreement(state: AgreementState, agreementId: string): ActiveAgreement {
  if (!state.exists || state.terms.agreementId !== agreementId) {
    throw agreementErrors.notFound(agreementId);
  }
  return state;
}

/**
 * Decides what a command on a delegation agreement records, or throws a DomainError with a
 * stable code (see agreement.errors.ts). A rejection records nothing.
 */
export function decideAgreement(
  command: AgreementCommand,
  state: AgreementState,
  context: AgreementDecisionContext,
): AgreementEvent[] {
  switch (command.type) {
    case 'CreateAgreement':
      return decideCreateAgreement(command, state, context);
    case 'AllocateBudget':
      return decideAllocateBudget(command, requireAgreement(state, command.data.agreementId));
    case 'AdjustBudget':
      return decideAdjustBudget(command, requireAgreement(state, command.data.agreementId));
    case 'VireBudget':
      return decideVireBudget(command, requireAgreement(state, command.data.agreementId));
    case 'CommitReinvestment':
      return decideCommitReinvestment(command, requireAgreement(state, command.data.agreementId));
    case 'ClosePeriod':
      return decideClosePeriod(command, requireAgreement(state, command.data.agreementId), context);
    default: {
      // A new command type that nobody handles fails to compile here.
      const unhandled: never = command;
      throw new Error(`Unhandled agreement command: ${JSON.stringify(unhandled)}`);
    }
  }
}

/** The delegation-agreement aggregate, Emmett-style: pure decide, evolve and initial state. */
export const agreementDecider: Decider<
  AgreementCommand,
  AgreementEvent,
  AgreementState,
  AgreementDecisionContext
> = {
  initialState: initialAgreementState,
  evolve: evolveAgreement,
  decide: decideAgreement,
};
