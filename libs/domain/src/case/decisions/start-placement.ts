import { formatMoney, money } from '../../money/money';
import type { StartPlacement } from '../case.commands';
import { caseError } from '../case.errors';
import type { PlacementStarted } from '../case.events';
import type { CaseState, RegisteredCase } from '../case.state';
import { FieldChecks } from '../field-checks';
import { requireActiveCase, requireNewPlacementId, requireNoOpenPlacement } from './case-guards';
import { checkPlacementDetails } from './placement-details';

const SETTINGS = ['in-area', 'out-of-area'] as const;

/** Admits the patient to a bed. A case is in at most one bed at a time, and beds never overlap. */
export function startPlacement(command: StartPlacement, state: CaseState): PlacementStarted[] {
  const { data } = command;
  const active = requireActiveCase(state, data.caseId);
  checkStartPlacement(data, active);
  requireNewPlacementId(active, data.placementId);
  requireNoOpenPlacement(active);
  requireNoOverlap(active, data.startDate);
  const outOfArea = data.setting === 'out-of-area';
  return [
    {
      type: 'PlacementStarted',
      data: {
        caseId: data.caseId,
        placementId: data.placementId,
        setting: data.setting,
        bedType: data.bedType,
        providerCode: data.providerCode,
        dailyRate: formatMoney(money(data.dailyRate)),
        startDate: data.startDate,
        distanceFromHomeKm: data.distanceFromHomeKm,
        oapReasonCode: outOfArea ? (data.oapReasonCode ?? null) : null,
      },
    },
  ];
}

function checkStartPlacement(data: StartPlacement['data'], active: RegisteredCase): void {
  const checks = new FieldChecks(data);
  const setting = checks.oneOf('setting', data.setting, SETTINGS);
  checkPlacementDetails(checks, data);
  const startDate = checks.date('startDate', data.startDate);
  if (startDate && startDate < active.referralDate) {
    checks.fail('startDate', `must not be before the referral date ${active.referralDate}`);
  }
  checkOapReason(checks, setting, data.oapReasonCode);
  if (data.providerName !== undefined && data.providerName !== null) {
    checks.organisationName('providerName', data.providerName);
  }
  checks.throwIfAny('The placement');
}

/** Out-of-area placements must say why (NHS Data Dictionary reason); in-area ones have no reason. */
function checkOapReason(checks: FieldChecks, setting: string | undefined, raw: unknown): void {
  if (setting === 'out-of-area') checks.text('oapReasonCode', raw);
  if (setting === 'in-area' && raw !== undefined && raw !== null) {
    checks.fail('oapReasonCode', 'must be absent for an in-area placement');
  }
}

/**
 * The new placement is open from its start, so it overlaps any earlier placement that ended
 * after that start.
 */
function requireNoOverlap(active: RegisteredCase, startDate: string): void {
  const overlapped = active.placements.find(
    (placement) => placement.endDate !== null && startDate < placement.endDate,
  );
  if (!overlapped) return;
  const message = `must not be before ${overlapped.endDate}, when placement ${overlapped.placementId} ended`;
  throw caseError(
    'PLACEMENT.OVERLAPS',
    `The placement would overlap placement ${overlapped.placementId}`,
    {
      fieldErrors: [{ field: 'startDate', message }],
      details: { overlappedPlacementId: overlapped.placementId, endDate: overlapped.endDate },
    },
  );
}
