import { formatMoney, money } from '../../money/money';
import type { ChangePlacementRate } from '../case.commands';
import { caseError } from '../case.errors';
import type { PlacementRateChanged } from '../case.events';
import type { CasePlacement, CaseState } from '../case.state';
import { FieldChecks } from '../field-checks';
import { rateOn } from '../rate-timeline';
import { requireActiveCase, requirePlacement } from './case-guards';

/**
 * Changes a placement's daily rate for nights on or after the effective date. Back-dated
 * changes are facts too: a change may take effect before one recorded earlier, and each night
 * is charged at the rate whose effective date is latest on or before it.
 */
export function changePlacementRate(
  command: ChangePlacementRate,
  state: CaseState,
): PlacementRateChanged[] {
  const { data } = command;
  const active = requireActiveCase(state, data.caseId);
  const placement = requirePlacement(active, data.placementId);
  const checks = new FieldChecks(data);
  checks.dailyRate('dailyRate', data.dailyRate);
  checks.date('effectiveDate', data.effectiveDate);
  checks.throwIfAny('The rate change');
  requireWithinPlacement(placement, data.effectiveDate);
  return [
    {
      type: 'PlacementRateChanged',
      data: {
        caseId: data.caseId,
        placementId: data.placementId,
        dailyRate: formatMoney(money(data.dailyRate)),
        previousDailyRate: rateOn(placement.rates, data.effectiveDate),
        effectiveDate: data.effectiveDate,
      },
    },
  ];
}

/** A rate can only apply to nights the placement is charged for: [start, end). */
function requireWithinPlacement(placement: CasePlacement, effectiveDate: string): void {
  const beforeStart = effectiveDate < placement.startDate;
  const afterEnd = placement.endDate !== null && effectiveDate >= placement.endDate;
  if (!beforeStart && !afterEnd) return;
  const window = placement.endDate
    ? `on or after ${placement.startDate} and before ${placement.endDate}`
    : `on or after ${placement.startDate}`;
  throw caseError(
    'PLACEMENT.RATE_CHANGE_OUTSIDE_PLACEMENT',
    `A rate change for placement ${placement.placementId} must take effect ${window}`,
    {
      details: {
        placementId: placement.placementId,
        startDate: placement.startDate,
        endDate: placement.endDate,
      },
    },
  );
}
