import type { CalendarDate } from '../calendar/calendar-date';
import type { MoneyString } from '../money/money';

/**
 * Events of the case stream (`case-<caseId>`): one patient's journey, named only by a
 * pseudonym. Rates are decimal strings with exactly 2 decimal places; distances are decimal
 * strings in km with at most 1 decimal place.
 */
export type PlacementSetting = 'in-area' | 'out-of-area';

export interface ReferralRegistered {
  type: 'ReferralRegistered';
  data: {
    caseId: string;
    agreementId: string;
    serviceLine: string;
    /** Pseudonym only: never an NHS number, name or date of birth. */
    patientRef: string;
    referralDate: CalendarDate;
  };
}

export interface PlacementStarted {
  type: 'PlacementStarted';
  data: {
    caseId: string;
    placementId: string;
    setting: PlacementSetting;
    bedType: string;
    providerCode: string;
    dailyRate: MoneyString;
    startDate: CalendarDate;
    distanceFromHomeKm: string;
    /** Required for out-of-area placements, null for in-area ones. */
    oapReasonCode: string | null;
  };
}

export interface PlacementRateChanged {
  type: 'PlacementRateChanged';
  data: {
    caseId: string;
    placementId: string;
    dailyRate: MoneyString;
    previousDailyRate: MoneyString;
    /** Applies to nights on or after this date. */
    effectiveDate: CalendarDate;
  };
}

export interface InAreaPlacementDetails {
  placementId: string;
  bedType: string;
  providerCode: string;
  dailyRate: MoneyString;
  distanceFromHomeKm: string;
}

export interface PatientRepatriated {
  type: 'PatientRepatriated';
  data: {
    caseId: string;
    repatriationDate: CalendarDate;
    outOfAreaPlacementId: string;
    /** R_o: the out-of-area rate in force on the last charged night (repatriationDate − 1). */
    outOfAreaDailyRate: MoneyString;
    inAreaPlacement: InAreaPlacementDetails;
  };
}

export interface PlacementEnded {
  type: 'PlacementEnded';
  data: {
    caseId: string;
    placementId: string;
    endDate: CalendarDate;
    reason: string;
  };
}

export interface PatientDischarged {
  type: 'PatientDischarged';
  data: {
    caseId: string;
    dischargeDate: CalendarDate;
    /** The placement that discharge ended, if one was open. */
    endedPlacementId: string | null;
    reason: string;
  };
}

export type CaseEvent =
  | ReferralRegistered
  | PlacementStarted
  | PlacementRateChanged
  | PatientRepatriated
  | PlacementEnded
  | PatientDischarged;

export const CASE_EVENT_VERSIONS: Record<CaseEvent['type'], number> = {
  ReferralRegistered: 1,
  PlacementStarted: 1,
  PlacementRateChanged: 1,
  PatientRepatriated: 1,
  PlacementEnded: 1,
  PatientDischarged: 1,
};

export const caseStreamId = (caseId: string): string => `case-${caseId}`;
