import { caseError } from '../case.errors';
import {
  findPlacement,
  openPlacement,
  type CasePlacement,
  type CaseState,
  type RegisteredCase,
} from '../case.state';

/**
 * The state checks shared by every command after the referral. They run before field rules,
 * because a command for a case or placement that is not there has nothing to validate against.
 */
export function requireActiveCase(state: CaseState, caseId: string): RegisteredCase {
  if (state.status === 'unregistered') {
    throw caseError('CASE.NOT_FOUND', `No referral has been registered for case ${caseId}`, {
      details: { caseId },
    });
  }
  if (state.caseId !== caseId) {
    // The application loads the stream named by the command, so this is a wiring fault.
    throw new Error(`Command for case ${caseId} was decided against case ${state.caseId}`);
  }
  if (state.status === 'discharged') {
    throw caseError(
      'CASE.DISCHARGED',
      `Case ${caseId} was discharged on ${state.dischargeDate}; nothing more can be recorded`,
      { details: { caseId, dischargeDate: state.dischargeDate } },
    );
  }
  return state;
}

export function requirePlacement(state: RegisteredCase, placementId: string): CasePlacement {
  const placement = findPlacement(state, placementId);
  if (!placement) {
    throw caseError('PLACEMENT.NOT_FOUND', `Case ${state.caseId} has no placement ${placementId}`, {
      details: { caseId: state.caseId, placementId: placementId },
    });
  }
  return placement;
}

export function requireOpenPlacement(state: RegisteredCase, placementId: string): CasePlacement {
  const placement = requirePlacement(state, placementId);
  if (placement.endDate !== null) {
    throw caseError(
      'PLACEMENT.NOT_OPEN',
      `Placement ${placementId} already ended on ${placement.endDate}`,
      { details: { placementId, endDate: placement.endDate } },
    );
  }
  return placement;
}

/** Placement ids are unique within a case, whatever became of the earlier placement. */
export function requireNewPlacementId(state: RegisteredCase, placementId: string): void {
  if (findPlacement(state, placementId)) {
    throw caseError(
      'PLACEMENT.ALREADY_EXISTS',
      `Case ${state.caseId} already has a placement ${placementId}`,
      { details: { caseId: state.caseId, placementId } },
    );
  }
}

/** A case is in at most one bed at a time. */
export function requireNoOpenPlacement(state: RegisteredCase): void {
  const open = openPlacement(state);
  if (open) {
    throw caseError(
      'PLACEMENT.ALREADY_OPEN',
      `Case ${state.caseId} is still in placement ${open.placementId} since ${open.startDate}; ` +
        'end it or repatriate the patient first',
      { details: { caseId: state.caseId, openPlacementId: open.placementId } },
    );
  }
}
