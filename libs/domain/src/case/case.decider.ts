import type { Decider } from '../shared/decider';
import type { CaseCommand } from './case.commands';
import type { CaseDecisionContext } from './case.context';
import type { CaseEvent } from './case.events';
import { evolveCase, initialCaseState, type CaseState } from './case.state';
import { changePlacementRate } from './decisions/change-placement-rate';
import { dischargePatient } from './decisions/discharge-patient';
import { endPlacement } from './decisions/end-placement';
import { registerReferral } from './decisions/register-referral';
import { repatriatePatient } from './decisions/repatriate-patient';
import { startPlacement } from './decisions/start-placement';
import { FieldChecks } from './field-checks';

/**
 * The case decider: one patient's journey from referral to discharge.
 *
 * Order of checks, the same for every command: the case's own state (exists, discharged),
 * then the placement the command names, then every field rule at once (VALIDATION.FAILED),
 * then the business rules with their own codes. A valid NHS number anywhere in a command is
 * refused before any lookup, so it can never be echoed in another error; the referral is the
 * exception, because it lists the NHS number with its other failing fields.
 */
export function decideCase(
  command: CaseCommand,
  state: CaseState,
  context: CaseDecisionContext,
): CaseEvent[] {
  if (command.type !== 'RegisterReferral') refuseNhsNumbers(command.data);
  switch (command.type) {
    case 'RegisterReferral':
      return registerReferral(command, state, context);
    case 'StartPlacement':
      return startPlacement(command, state);
    case 'ChangePlacementRate':
      return changePlacementRate(command, state);
    case 'RepatriatePatient':
      return repatriatePatient(command, state);
    case 'EndPlacement':
      return endPlacement(command, state);
    case 'DischargePatient':
      return dischargePatient(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`Unknown case command ${(unhandled as CaseCommand).type}`);
    }
  }
}

/** Throws VALIDATION.FAILED naming every field that holds a valid NHS number, if any. */
function refuseNhsNumbers(commandData: unknown): void {
  new FieldChecks(commandData).throwIfAny('The command');
}

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState, CaseDecisionContext> = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
};
