import type { CalendarDate } from '../calendar/calendar-date';
import type { MoneyString } from '../money/money';
import type { PlacementSetting } from './case.events';

export interface RegisterReferral {
  type: 'RegisterReferral';
  data: {
    caseId: string;
    agreementId: string;
    serviceLine: string;
    patientRef: string;
    referralDate: CalendarDate;
  };
}

export interface StartPlacement {
  type: 'StartPlacement';
  data: {
    caseId: string;
    placementId: string;
    setting: PlacementSetting;
    bedType: string;
    providerCode: string;
    dailyRate: MoneyString;
    startDate: CalendarDate;
    distanceFromHomeKm: string;
    oapReasonCode?: string | null;
    /**
     * The provider's name, recorded in the organisation register from the start date in the
     * same write (`OrganisationNamed` on the provider's stream), unless it is already the name
     * in force then. Absent or null: none.
     */
    providerName?: string | null;
  };
}

export interface ChangePlacementRate {
  type: 'ChangePlacementRate';
  data: {
    caseId: string;
    placementId: string;
    dailyRate: MoneyString;
    effectiveDate: CalendarDate;
  };
}

export interface RepatriatePatient {
  type: 'RepatriatePatient';
  data: {
    caseId: string;
    outOfAreaPlacementId: string;
    repatriationDate: CalendarDate;
    inAreaPlacement: {
      placementId: string;
      bedType: string;
      providerCode: string;
      dailyRate: MoneyString;
      distanceFromHomeKm: string;
    };
  };
}

export interface EndPlacement {
  type: 'EndPlacement';
  data: {
    caseId: string;
    placementId: string;
    endDate: CalendarDate;
    reason: string;
  };
}

export interface DischargePatient {
  type: 'DischargePatient';
  data: {
    caseId: string;
    dischargeDate: CalendarDate;
    reason: string;
  };
}

export type CaseCommand =
  | RegisterReferral
  | StartPlacement
  | ChangePlacementRate
  | RepatriatePatient
  | EndPlacement
  | DischargePatient;
