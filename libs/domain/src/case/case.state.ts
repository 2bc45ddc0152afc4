import type { CalendarDate } from '../calendar/calendar-date';
import type { MoneyString } from '../money/money';
import type {
  CaseEvent,
  PatientDischarged,
  PatientRepatriated,
  PlacementRateChanged,
  PlacementSetting,
  PlacementStarted,
  ReferralRegistered,
} from './case.events';
import { withRateChange, type RateChange } from './rate-timeline';

/** A stay in a bed at one provider, as the case stream knows it. */
export interface CasePlacement {
  placementId: string;
  setting: PlacementSetting;
  /** Kebab-case, e.g. `medium-secure`. */
  bedType: string;
  /** ODS code of the provider running the bed. */
  providerCode: string;
  /** Decimal string, km, at most 1 decimal place. */
  distanceFromHomeKm: string;
  /** Why the patient is out of area (NHS Data Dictionary code); null for in-area. */
  oapReasonCode: string | null;
  /** First charged night. */
  startDate: CalendarDate;
  /**
   * The first night no longer charged (end, repatriation or discharge date); null while open.
   * Rate changes effective on or after it stay in the timeline but apply to no nights.
   */
  endDate: CalendarDate | null;
  /** Start rate then every rate change, sorted by effective date, one entry per date. */
  rates: RateChange[];
}

/** One repatriation: the act that creates savings. */
export interface CaseRepatriation {
  repatriationDate: CalendarDate;
  outOfAreaPlacementId: string;
  inAreaPlacementId: string;
  /** R_o: the out-of-area rate in force on the last charged night. */
  outOfAreaDailyRate: MoneyString;
}

export interface UnregisteredCase {
  status: 'unregistered';
}

/** A case from referral onwards; `discharged` is final. */
export interface RegisteredCase {
  status: 'active' | 'discharged';
  caseId: string;
  agreementId: string;
  serviceLine: string;
  /** Pseudonym only. */
  patientRef: string;
  referralDate: CalendarDate;
  /** In the order they were started. At most one has no end date. */
  placements: CasePlacement[];
  /** In the order they were recorded. */
  repatriations: CaseRepatriation[];
  dischargeDate: CalendarDate | null;
}

export type CaseState = UnregisteredCase | RegisteredCase;

export const initialCaseState = (): CaseState => ({ status: 'unregistered' });

export function findPlacement(
  state: RegisteredCase,
  placementId: string,
): CasePlacement | undefined {
  return state.placements.find((placement) => placement.placementId === placementId);
}

export function openPlacement(state: RegisteredCase): CasePlacement | undefined {
  return state.placements.find((placement) => placement.endDate === null);
}

/** Folds one event into the case. Pure: returns a new state and never mutates the old one. */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'ReferralRegistered') return registered(event);
  if (state.status === 'unregistered') {
    throw new Error(`${event.type} for case ${event.data.caseId} before its referral`);
  }
  switch (event.type) {
    case 'PlacementStarted':
      return { ...state, placements: [...state.placements, placementFrom(event)] };
    case 'PlacementRateChanged':
      return rateChanged(state, event);
    case 'PatientRepatriated':
      return repatriated(state, event);
    case 'PlacementEnded':
      return endPlacement(state, event.data.placementId, event.data.endDate);
    case 'PatientDischarged':
      return discharged(state, event);
    default: {
      const unhandled: never = event;
      throw new Error(`Unknown case event ${(unhandled as CaseEvent).type}`);
    }
  }
}

function registered({ data }: ReferralRegistered): RegisteredCase {
  return {
    status: 'active',
    caseId: data.caseId,
    agreementId: data.agreementId,
    serviceLine: data.serviceLine,
    patientRef: data.patientRef,
    referralDate: data.referralDate,
    placements: [],
    repatriations: [],
    dischargeDate: null,
  };
}

function placementFrom({ data }: PlacementStarted): CasePlacement {
  return {
    placementId: data.placementId,
    setting: data.setting,
    bedType: data.bedType,
    providerCode: data.providerCode,
    distanceFromHomeKm: data.distanceFromHomeKm,
    oapReasonCode: data.oapReasonCode,
    startDate: data.startDate,
    endDate: null,
    rates: [{ effectiveDate: data.startDate, dailyRate: data.dailyRate }],
  };
}

function updatePlacement(
  state: RegisteredCase,
  placementId: string,
  update: (placement: CasePlacement) => CasePlacement,
): RegisteredCase {
  const placements = state.placements.map((placement) =>
    placement.placementId === placementId ? update(placement) : placement,
  );
  return { ...state, placements };
}

function rateChanged(state: RegisteredCase, { data }: PlacementRateChanged): RegisteredCase {
  const change = { effectiveDate: data.effectiveDate, dailyRate: data.dailyRate };
  return updatePlacement(state, data.placementId, (placement) => ({
    ...placement,
    rates: withRateChange(placement.rates, change),
  }));
}

function endPlacement(
  state: RegisteredCase,
  placementId: string,
  endDate: CalendarDate,
): RegisteredCase {
  return updatePlacement(state, placementId, (placement) => ({ ...placement, endDate }));
}

/** The out-of-area placement ends and the in-area one starts on the same date. */
function repatriated(state: RegisteredCase, { data }: PatientRepatriated): RegisteredCase {
  const ended = endPlacement(state, data.outOfAreaPlacementId, data.repatriationDate);
  const details = data.inAreaPlacement;
  const inArea: CasePlacement = {
    placementId: details.placementId,
    setting: 'in-area',
    bedType: details.bedType,
    providerCode: details.providerCode,
    distanceFromHomeKm: details.distanceFromHomeKm,
    oapReasonCode: null,
    startDate: data.repatriationDate,
    endDate: null,
    rates: [{ effectiveDate: data.repatriationDate, dailyRate: details.dailyRate }],
  };
  const repatriation: CaseRepatriation = {
    repatriationDate: data.repatriationDate,
    outOfAreaPlacementId: data.outOfAreaPlacementId,
    inAreaPlacementId: data.inAreaPlacement.placementId,
    outOfAreaDailyRate: data.outOfAreaDailyRate,
  };
  return {
    ...ended,
    placements: [...ended.placements, inArea],
    repatriations: [...ended.repatriations, repatriation],
  };
}

function discharged(state: RegisteredCase, { data }: PatientDischarged): RegisteredCase {
  const ended = data.endedPlacementId
    ? endPlacement(state, data.endedPlacementId, data.dischargeDate)
    : state;
  return { ...ended, status: 'discharged', dischargeDate: data.dischargeDate };
}
