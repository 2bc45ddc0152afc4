import type { CalendarDate } from '../../calendar/calendar-date';
import type {
  ChangePlacementRate,
  DischargePatient,
  EndPlacement,
  RegisterReferral,
  RepatriatePatient,
  StartPlacement,
} from '../case.commands';
import type { AgreementTerms, CaseDecisionContext } from '../case.context';
import type {
  PatientDischarged,
  PatientRepatriated,
  PlacementEnded,
  PlacementRateChanged,
  PlacementStarted,
  ReferralRegistered,
} from '../case.events';

/**
 * Test facts for one case of the South London Partnership's 2025/26 adult secure agreement.
 * Every builder takes the fields a test cares about and fills the rest with valid values.
 */
export const CASE_ID = 'case-0001';

export const SLP_2025_26: AgreementTerms = {
  agreementId: 'slp-adult-secure-2025-26',
  financialYear: '2025/26',
  serviceLines: ['adult-medium-secure', 'adult-low-secure'],
  leadProviderCode: 'RV5',
  partnerProviderCodes: ['RPG', 'RQY'],
  savingsHorizonDays: 365,
};

export const withHorizon = (savingsHorizonDays: number): AgreementTerms => ({
  ...SLP_2025_26,
  savingsHorizonDays,
});

export const context: CaseDecisionContext = { today: '2026-04-15', agreement: SLP_2025_26 };

export const registerReferral = (
  data: Partial<RegisterReferral['data']> = {},
): RegisterReferral => ({
  type: 'RegisterReferral',
  data: {
    caseId: CASE_ID,
    agreementId: SLP_2025_26.agreementId,
    serviceLine: 'adult-medium-secure',
    patientRef: 'SLP-PT-000123',
    referralDate: '2025-04-01',
    ...data,
  },
});

export const referralRegistered = (
  data: Partial<ReferralRegistered['data']> = {},
): ReferralRegistered => ({
  type: 'ReferralRegistered',
  data: { ...registerReferral().data, ...data },
});

export const startPlacement = (data: Partial<StartPlacement['data']> = {}): StartPlacement => ({
  type: 'StartPlacement',
  data: {
    caseId: CASE_ID,
    placementId: 'oap-1',
    setting: 'out-of-area',
    bedType: 'medium-secure',
    providerCode: 'NQ1',
    dailyRate: '850.00',
    startDate: '2025-04-10',
    distanceFromHomeKm: '212.5',
    oapReasonCode: '10',
    ...data,
  },
});

/** An out-of-area placement started (defaults: oap-1, £850.00 from 2025-04-10). */
export const placementStarted = (
  data: Partial<PlacementStarted['data']> = {},
): PlacementStarted => ({
  type: 'PlacementStarted',
  data: { ...startPlacement().data, oapReasonCode: '10', ...data },
});

export const inAreaStarted = (
  placementId: string,
  startDate: CalendarDate,
  dailyRate: string,
): PlacementStarted =>
  placementStarted({
    placementId,
    setting: 'in-area',
    providerCode: 'RPG',
    dailyRate,
    startDate,
    distanceFromHomeKm: '8.0',
    oapReasonCode: null,
  });

export const changePlacementRate = (
  data: Partial<ChangePlacementRate['data']> = {},
): ChangePlacementRate => ({
  type: 'ChangePlacementRate',
  data: {
    caseId: CASE_ID,
    placementId: 'oap-1',
    dailyRate: '900.00',
    effectiveDate: '2025-05-01',
    ...data,
  },
});

export const rateChanged = (
  placementId: string,
  effectiveDate: CalendarDate,
  dailyRate: string,
  previousDailyRate: string,
): PlacementRateChanged => ({
  type: 'PlacementRateChanged',
  data: { caseId: CASE_ID, placementId, dailyRate, previousDailyRate, effectiveDate },
});

export const repatriatePatient = (
  data: Partial<RepatriatePatient['data']> = {},
): RepatriatePatient => ({
  type: 'RepatriatePatient',
  data: {
    caseId: CASE_ID,
    outOfAreaPlacementId: 'oap-1',
    repatriationDate: '2025-05-16',
    inAreaPlacement: {
      placementId: 'home-1',
      bedType: 'medium-secure',
      providerCode: 'RPG',
      dailyRate: '450.00',
      distanceFromHomeKm: '8.0',
    },
    ...data,
  },
});

export const repatriated = (
  outOfAreaPlacementId: string,
  repatriationDate: CalendarDate,
  outOfAreaDailyRate: string,
  inArea: { placementId: string; dailyRate: string },
): PatientRepatriated => ({
  type: 'PatientRepatriated',
  data: {
    caseId: CASE_ID,
    repatriationDate,
    outOfAreaPlacementId,
    outOfAreaDailyRate,
    inAreaPlacement: {
      placementId: inArea.placementId,
      bedType: 'medium-secure',
      providerCode: 'RPG',
      dailyRate: inArea.dailyRate,
      distanceFromHomeKm: '8.0',
    },
  },
});

export const endPlacement = (data: Partial<EndPlacement['data']> = {}): EndPlacement => ({
  type: 'EndPlacement',
  data: {
    caseId: CASE_ID,
    placementId: 'oap-1',
    endDate: '2025-06-01',
    reason: 'transferred',
    ...data,
  },
});

export const placementEnded = (placementId: string, endDate: CalendarDate): PlacementEnded => ({
  type: 'PlacementEnded',
  data: { caseId: CASE_ID, placementId, endDate, reason: 'transferred' },
});

export const dischargePatient = (
  data: Partial<DischargePatient['data']> = {},
): DischargePatient => ({
  type: 'DischargePatient',
  data: {
    caseId: CASE_ID,
    dischargeDate: '2025-07-01',
    reason: 'discharged to community team',
    ...data,
  },
});

export const discharged = (
  dischargeDate: CalendarDate,
  endedPlacementId: string | null,
): PatientDischarged => ({
  type: 'PatientDischarged',
  data: {
    caseId: CASE_ID,
    dischargeDate,
    endedPlacementId,
    reason: 'discharged to community team',
  },
});

/**
 * Sneaks a value of the wrong type into a command, as a bulk-import row might: the decider
 * must refuse it with a field error rather than trust the static type.
 */
export function untyped<T>(value: unknown): T {
  return value as T;
}
