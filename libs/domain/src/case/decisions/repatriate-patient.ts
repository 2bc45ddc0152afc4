import { addDays, maxDate } from '../../calendar/calendar-date';
import { formatMoney, money, type MoneyString } from '../../money/money';
import type { RepatriatePatient } from '../case.commands';
import { caseError } from '../case.errors';
import type { PatientRepatriated } from '../case.events';
import type { CasePlacement, CaseState } from '../case.state';
import { FieldChecks } from '../field-checks';
import { rateOn } from '../rate-timeline';
import { requireActiveCase, requireNewPlacementId, requireOpenPlacement } from './case-guards';
import { checkPlacementDetails, type PlacementDetailsInput } from './placement-details';

/**
 * Brings the patient home: ends the open out-of-area placement and, on the same date, starts
 * an in-area one. The event records R_o, the out-of-area rate the savings are measured against.
 */
export function repatriatePatient(
  command: RepatriatePatient,
  state: CaseState,
): PatientRepatriated[] {
  const { data } = command;
  const active = requireActiveCase(state, data.caseId);
  const outOfArea = requireOutOfArea(requireOpenPlacement(active, data.outOfAreaPlacementId));
  checkRepatriation(data, outOfArea);
  const inArea = data.inAreaPlacement;
  requireNewPlacementId(active, inArea.placementId);
  return [
    {
      type: 'PatientRepatriated',
      data: {
        caseId: data.caseId,
        repatriationDate: data.repatriationDate,
        outOfAreaPlacementId: outOfArea.placementId,
        outOfAreaDailyRate: lastChargedRate(outOfArea, data.repatriationDate),
        inAreaPlacement: {
          placementId: inArea.placementId,
          bedType: inArea.bedType,
          providerCode: inArea.providerCode,
          dailyRate: formatMoney(money(inArea.dailyRate)),
          distanceFromHomeKm: inArea.distanceFromHomeKm,
        },
      },
    },
  ];
}

function requireOutOfArea(placement: CasePlacement): CasePlacement {
  if (placement.setting === 'out-of-area') return placement;
  throw caseError(
    'PLACEMENT.NOT_OUT_OF_AREA',
    `Placement ${placement.placementId} is ${placement.setting}; only an out-of-area placement can be repatriated`,
    { details: { placementId: placement.placementId, setting: placement.setting } },
  );
}

function checkRepatriation(data: RepatriatePatient['data'], outOfArea: CasePlacement): void {
  const checks = new FieldChecks(data);
  const date = checks.date('repatriationDate', data.repatriationDate);
  if (date && date < outOfArea.startDate) {
    checks.fail(
      'repatriationDate',
      `must not be before ${outOfArea.startDate}, when placement ${outOfArea.placementId} started`,
    );
  }
  const inArea: unknown = data.inAreaPlacement;
  if (typeof inArea === 'object' && inArea !== null) {
    checkPlacementDetails(checks, inArea as PlacementDetailsInput, 'inAreaPlacement.');
  } else {
    checks.fail('inAreaPlacement', 'is required: the in-area placement the patient moves to');
  }
  checks.throwIfAny('The repatriation');
}

/**
 * R_o is the rate on the last charged night, D − 1. A repatriation on the placement's own start
 * date has no charged night, so the start rate stands in for it.
 */
function lastChargedRate(outOfArea: CasePlacement, repatriationDate: string): MoneyString {
  const lastNight = maxDate(addDays(repatriationDate, -1), outOfArea.startDate);
  return rateOn(outOfArea.rates, lastNight);
}
