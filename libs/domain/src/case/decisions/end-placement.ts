import type { EndPlacement } from '../case.commands';
import type { PlacementEnded } from '../case.events';
import type { CasePlacement, CaseState } from '../case.state';
import { FieldChecks } from '../field-checks';
import { requireActiveCase, requireOpenPlacement } from './case-guards';

/**
 * Ends the open placement: its last charged night is endDate − 1.
 *
 * The end date may fall on or before the effective date of a rate change already recorded.
 * Back-dated ends are facts the ledger must be able to record (domain.md), and no command can
 * withdraw a rate change, so refusing would leave a true end unrecordable. Such a change then
 * applies to no nights: costs are computed from charged nights only, so they stay right.
 */
export function endPlacement(command: EndPlacement, state: CaseState): PlacementEnded[] {
  const { data } = command;
  const active = requireActiveCase(state, data.caseId);
  const placement = requireOpenPlacement(active, data.placementId);
  checkEnd(data, placement);
  return [
    {
      type: 'PlacementEnded',
      data: {
        caseId: data.caseId,
        placementId: data.placementId,
        endDate: data.endDate,
        reason: data.reason,
      },
    },
  ];
}

function checkEnd(data: EndPlacement['data'], placement: CasePlacement): void {
  const checks = new FieldChecks(data);
  const endDate = checks.date('endDate', data.endDate);
  if (endDate && endDate < placement.startDate) {
    checks.fail('endDate', `must not be before the placement's start date ${placement.startDate}`);
  }
  checks.text('reason', data.reason);
  checks.throwIfAny('The end of the placement');
}
