import type { DischargePatient } from '../case.commands';
import type { PatientDischarged } from '../case.events';
import { openPlacement, type CaseState, type RegisteredCase } from '../case.state';
import { FieldChecks } from '../field-checks';
import { requireActiveCase } from './case-guards';

/**
 * Closes the case. The open placement, if any, ends on the discharge date (that night is not
 * charged), and nothing more can be recorded afterwards. As with EndPlacement, a back-dated
 * discharge before a recorded rate change is accepted; that change then applies to no nights.
 */
export function dischargePatient(command: DischargePatient, state: CaseState): PatientDischarged[] {
  const { data } = command;
  const active = requireActiveCase(state, data.caseId);
  checkDischarge(data, active);
  return [
    {
      type: 'PatientDischarged',
      data: {
        caseId: data.caseId,
        dischargeDate: data.dischargeDate,
        endedPlacementId: openPlacement(active)?.placementId ?? null,
        reason: data.reason,
      },
    },
  ];
}

function checkDischarge(data: DischargePatient['data'], active: RegisteredCase): void {
  const checks = new FieldChecks(data);
  const dischargeDate = checks.date('dischargeDate', data.dischargeDate);
  const earliest = earliestDischarge(active);
  if (dischargeDate && dischargeDate < earliest.date) {
    checks.fail('dischargeDate', `must not be before ${earliest.why}`);
  }
  checks.text('reason', data.reason);
  checks.throwIfAny('The discharge');
}

/**
 * The patient cannot leave before being referred, before the open placement started, or
 * before an earlier placement ended: the discharge date is the case's last boundary.
 */
function earliestDischarge(active: RegisteredCase): { date: string; why: string } {
  let earliest = { date: active.referralDate, why: `the referral date ${active.referralDate}` };
  for (const placement of active.placements) {
    const [date, happened] = placement.endDate
      ? [placement.endDate, 'ended']
      : [placement.startDate, 'started'];
    if (date > earliest.date) {
      earliest = { date, why: `${date}, when placement ${placement.placementId} ${happened}` };
    }
  }
  return earliest;
}
