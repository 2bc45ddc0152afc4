import type { AgreementCreated, CalendarDate, CaseEvent, PlacementSetting } from '@ledger/domain';
import { formatPence, penceOf, type Pence } from '../ledger/pence';

/**
 * The rows behind `GET /v1/agreements` and `GET /v1/cases`: one per agreement, one per case,
 * kept current by the projector (`agreements_list`, `agreement_parties`, `cases_list`) and, where
 * no SQL read model is configured, folded from the log by the same functions. Pure: no I/O.
 */

/** How an organisation is party to an agreement (authorisation's scope rules speak of these). */
export type AgreementPartyKind = 'commissioner' | 'lead' | 'partner';

/** One agreement's terms, as created. */
export interface AgreementListRow {
  agreementId: string;
  financialYear: string;
  commissionerCode: string;
  leadProviderCode: string;
  partnerProviderCodes: string[];
  serviceLines: string[];
  savingsHorizonDays: number;
  /** The log position of its creation. */
  position: number;
}

/** One row of `agreement_parties`: the organisation is this kind of party to the agreement. */
export interface AgreementPartyRow {
  organisationCode: string;
  agreementId: string;
  party: AgreementPartyKind;
}

/** The case's open placement (the one with no end date), as the list shows it. */
export interface CurrentPlacementRow {
  placementId: string;
  setting: PlacementSetting;
  providerCode: string;
  /** The placement's latest rate: the one with the latest effective date recorded. */
  dailyRatePence: Pence;
  /** That rate's effective date. */
  dailyRateFrom: CalendarDate;
  startDate: CalendarDate;
}

export type CaseListStatus = 'open' | 'discharged';

/** One case now: who, under which agreement, where the patient is, and whether discharged. */
export interface CaseListRow {
  caseId: string;
  agreementId: string;
  /** The financial year of the case's agreement: the list's first sort key. */
  financialYear: string;
  serviceLine: string;
  /** The pseudonym: never an NHS number. */
  patientRef: string;
  referralDate: CalendarDate;
  status: CaseListStatus;
  dischargeDate: CalendarDate | null;
  /** Null when no placement is open (none yet, ended, or discharged). */
  placement: CurrentPlacementRow | null;
  /** The log position of the case's last event. */
  lastPosition: number;
}

/** A case event with its log position, as the case list folds it. */
export interface CaseListEvent {
  position: number;
  event: CaseEvent;
}

export function agreementListRowOf(
  data: AgreementCreated['data'],
  position: number,
): AgreementListRow {
  return {
    agreementId: data.agreementId,
    financialYear: data.financialYear,
    commissionerCode: data.commissionerCode,
    leadProviderCode: data.leadProviderCode,
    partnerProviderCodes: [...data.partnerProviderCodes],
    serviceLines: [...data.serviceLines],
    savingsHorizonDays: data.savingsHorizonDays,
    position,
  };
}

/** The organisations party to the agreement, one row each way they are party to it. */
export function agreementPartiesOf(row: AgreementListRow): AgreementPartyRow[] {
  const { agreementId } = row;
  const parties: AgreementPartyRow[] = [
    { organisationCode: row.commissionerCode, agreementId, party: 'commissioner' },
    { organisationCode: row.leadProviderCode, agreementId, party: 'lead' },
    ...row.partnerProviderCodes.map((organisationCode) => ({
      organisationCode,
      agreementId,
      party: 'partner' as const,
    })),
  ];
  // A code named twice the same way (a repeated partner) is one party.
  const seen = new Set<string>();
  return parties.filter((p) => {
    const key = `${p.organisationCode}\u0000${p.party}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The case's row after one more of its events. `row` is the row so far (null before the
 * referral); `financialYearOf` names an agreement's year (undefined: not known, and a referral
 * under it makes no row, as a case event of a case never referred changes none). Returns the
 * same row object when nothing changed.
 */
export function foldCaseListRow(
  row: CaseListRow | null,
  { position, event }: CaseListEvent,
  financialYearOf: (agreementId: string) => string | undefined,
): CaseListRow | null {
  if (event.type === 'ReferralRegistered') {
    if (row !== null) return row;
    const { data } = event;
    const financialYear = financialYearOf(data.agreementId);
    if (financialYear === undefined) return null;
    return {
      caseId: data.caseId,
      agreementId: data.agreementId,
      financialYear,
      serviceLine: data.serviceLine,
      patientRef: data.patientRef,
      referralDate: data.referralDate,
      status: 'open',
      dischargeDate: null,
      placement: null,
      lastPosition: position,
    };
  }
  if (row === null) return null;
  const moved = { ...row, lastPosition: position };
  switch (event.type) {
    case 'PlacementStarted': {
      const { data } = event;
      return {
        ...moved,
        placement: {
          placementId: data.placementId,
          setting: data.setting,
          providerCode: data.providerCode,
          dailyRatePence: penceOf(data.dailyRate),
          dailyRateFrom: data.startDate,
          startDate: data.startDate,
        },
      };
    }
    case 'PlacementRateChanged': {
      const { data } = event;
      const current = row.placement;
      // A rate change of an ended placement, or one dated before the latest rate, leaves the
      // latest rate as it is (the timeline keeps one rate per date: the same date replaces it).
      if (current?.placementId !== data.placementId || data.effectiveDate < current.dailyRateFrom) {
        return moved;
      }
      return {
        ...moved,
        placement: {
          ...current,
          dailyRatePence: penceOf(data.dailyRate),
          dailyRateFrom: data.effectiveDate,
        },
      };
    }
    case 'PatientRepatriated': {
      const { data } = event;
      const inArea = data.inAreaPlacement;
      return {
        ...moved,
        placement: {
          placementId: inArea.placementId,
          setting: 'in-area',
          providerCode: inArea.providerCode,
          dailyRatePence: penceOf(inArea.dailyRate),
          dailyRateFrom: data.repatriationDate,
          startDate: data.repatriationDate,
        },
      };
    }
    case 'PlacementEnded':
      return row.placement?.placementId === event.data.placementId
        ? { ...moved, placement: null }
        : moved;
    case 'PatientDischarged':
      return {
        ...moved,
        status: 'discharged',
        dischargeDate: event.data.dischargeDate,
        placement: null,
      };
    default: {
      const unhandled: never = event;
      throw new Error(`Unknown case event ${(unhandled as CaseEvent).type}`);
    }
  }
}

/**
 * Folds case events, in log order, into the rows they change. `load` gives a case's stored row
 * (null: none); each case is loaded at most once. Returns the changed rows, in the order their
 * cases were first changed.
 */
export function foldCaseListEvents(
  events: readonly CaseListEvent[],
  load: (caseId: string) => CaseListRow | null,
  financialYearOf: (agreementId: string) => string | undefined,
): CaseListRow[] {
  const rows = new Map<string, CaseListRow | null>();
  const changed = new Set<string>();
  for (const listed of events) {
    const { caseId } = listed.event.data;
    const before = rows.has(caseId) ? (rows.get(caseId) ?? null) : load(caseId);
    const after = foldCaseListRow(before, listed, financialYearOf);
    rows.set(caseId, after);
    if (after !== before && after !== null) changed.add(caseId);
  }
  return [...changed].map((caseId) => rows.get(caseId)!);
}

/** An agreement as `GET /v1/agreements` answers it. */
export interface AgreementListItem {
  agreementId: string;
  financialYear: string;
  commissionerCode: string;
  leadProviderCode: string;
  partnerProviderCodes: string[];
  serviceLines: string[];
  savingsHorizonDays: number;
}

/** A case's open placement as `GET /v1/cases` answers it; money as a decimal string. */
export interface CurrentPlacementItem {
  placementId: string;
  setting: PlacementSetting;
  providerCode: string;
  dailyRate: string;
  dailyRateFrom: CalendarDate;
  startDate: CalendarDate;
}

/** A case as `GET /v1/cases` answers it. */
export interface CaseListItem {
  caseId: string;
  agreementId: string;
  financialYear: string;
  serviceLine: string;
  patientRef: string;
  referralDate: CalendarDate;
  status: CaseListStatus;
  currentPlacement: CurrentPlacementItem | null;
  dischargeDate: CalendarDate | null;
}

export function agreementListItem(row: AgreementListRow): AgreementListItem {
  return {
    agreementId: row.agreementId,
    financialYear: row.financialYear,
    commissionerCode: row.commissionerCode,
    leadProviderCode: row.leadProviderCode,
    partnerProviderCodes: row.partnerProviderCodes,
    serviceLines: row.serviceLines,
    savingsHorizonDays: row.savingsHorizonDays,
  };
}

export function caseListItem(row: CaseListRow): CaseListItem {
  const { placement } = row;
  return {
    caseId: row.caseId,
    agreementId: row.agreementId,
    financialYear: row.financialYear,
    serviceLine: row.serviceLine,
    patientRef: row.patientRef,
    referralDate: row.referralDate,
    status: row.status,
    currentPlacement:
      placement === null
        ? null
        : {
            placementId: placement.placementId,
            setting: placement.setting,
            providerCode: placement.providerCode,
            dailyRate: formatPence(placement.dailyRatePence),
            dailyRateFrom: placement.dailyRateFrom,
            startDate: placement.startDate,
          },
    dischargeDate: row.dischargeDate,
  };
}
