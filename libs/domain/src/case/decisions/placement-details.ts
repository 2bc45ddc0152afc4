import type { FieldChecks } from '../field-checks';

/** The fields every new placement carries, whether started directly or by repatriation. */
export interface PlacementDetailsInput {
  placementId: unknown;
  bedType: unknown;
  providerCode: unknown;
  dailyRate: unknown;
  distanceFromHomeKm: unknown;
}

/** Checks a new placement's own fields; `prefix` names where they sit in the command. */
export function checkPlacementDetails(
  checks: FieldChecks,
  details: PlacementDetailsInput,
  prefix = '',
): void {
  checks.text(`${prefix}placementId`, details.placementId);
  checks.bedType(`${prefix}bedType`, details.bedType);
  checks.odsCode(`${prefix}providerCode`, details.providerCode);
  checks.dailyRate(`${prefix}dailyRate`, details.dailyRate);
  checks.distanceKm(`${prefix}distanceFromHomeKm`, details.distanceFromHomeKm);
}
