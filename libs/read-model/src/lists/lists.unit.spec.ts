/**
 * The list rows as the domain's own case fold gives them (a property over generated
 * histories), each case event's effect on its row, and the list queries: scope, filters and
 * cursor paging with nothing left out or shown twice.
 */
import fc from 'fast-check';
import {
  evolveCase,
  initialCaseState,
  openPlacement,
  type CaseEvent,
  type CaseState,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { caseEventOf } from '../ledger/ledger-events';
import { penceOf } from '../ledger/pence';
import { generatedHistory } from '../testing/generated-history';
import {
  applyToListState,
  formatListCursor,
  initialListState,
  listPageSize,
  MAX_LIST_PAGE,
  parseListCursor,
  selectAgreements,
  selectCases,
  type AgreementListQuery,
  type CaseListQuery,
  type ListState,
} from './list-query';
import {
  agreementListItem,
  agreementPartiesOf,
  caseListItem,
  foldCaseListRow,
  type CaseListRow,
} from './list-rows';

function foldLists(events: readonly RecordedEvent[]): ListState {
  return events.reduce(applyToListState, initialListState());
}

let position = 0;
function recorded(streamId: string, type: string, data: Record<string, unknown>): RecordedEvent {
  position += 1;
  return {
    eventId: `e-${position}`,
    streamId,
    revision: 0,
    position,
    type,
    data,
    metadata: {} as RecordedEvent['metadata'],
    recordedAt: '2025-04-01T00:00:00.000Z',
  };
}

const created = (
  agreementId: string,
  financialYear: string,
  commissionerCode: string,
  leadProviderCode: string,
  partnerProviderCodes: string[],
) =>
  recorded(`agreement-${agreementId}`, 'AgreementCreated', {
    agreementId,
    commissionerCode,
    leadProviderCode,
    partnerProviderCodes,
    financialYear,
    serviceLines: ['adult-medium-secure', 'camhs-tier4'],
    savingsHorizonDays: 365,
  });

const referred = (caseId: string, agreementId: string, serviceLine = 'adult-medium-secure') =>
  recorded(`case-${caseId}`, 'ReferralRegistered', {
    caseId,
    agreementId,
    serviceLine,
    patientRef: `PSN-${caseId}`,
    referralDate: '2025-05-01',
  });

const started = (caseId: string, placementId: string, setting: string, providerCode: string) =>
  recorded(`case-${caseId}`, 'PlacementStarted', {
    caseId,
    placementId,
    setting,
    bedType: 'medium-secure',
    providerCode,
    dailyRate: '685.50',
    startDate: '2025-06-01',
    distanceFromHomeKm: '182.0',
    oapReasonCode: setting === 'out-of-area' ? '10' : null,
  });

describe('the case list row, against the domain’s own fold of the case', () => {
  it('shows each case as evolveCase leaves it: status, discharge, open placement and its latest rate', () => {
    fc.assert(
      fc.property(generatedHistory, ({ events }) => {
        const lists = foldLists(events);
        const cases = new Map<string, CaseState>();
        for (const event of events) {
          const caseEvent = caseEventOf(event);
          if (!caseEvent) continue;
          const { caseId } = caseEvent.data;
          cases.set(caseId, evolveCase(cases.get(caseId) ?? initialCaseState(), caseEvent));
        }
        expect([...lists.cases.keys()].sort()).toEqual([...cases.keys()].sort());
        for (const [caseId, state] of cases) {
          if (state.status === 'unregistered') throw new Error('a case event before its referral');
          const open = openPlacement(state);
          const latest = open?.rates[open.rates.length - 1];
          const row = lists.cases.get(caseId)!;
          expect(row).toEqual({
            caseId,
            agreementId: state.agreementId,
            financialYear: '2025/26',
            serviceLine: state.serviceLine,
            patientRef: state.patientRef,
            referralDate: state.referralDate,
            status: state.status === 'active' ? 'open' : 'discharged',
            dischargeDate: state.dischargeDate,
            placement:
              open === undefined || latest === undefined
                ? null
                : {
                    placementId: open.placementId,
                    setting: open.setting,
                    providerCode: open.providerCode,
                    dailyRatePence: penceOf(latest.dailyRate),
                    dailyRateFrom: latest.effectiveDate,
                    startDate: open.startDate,
                  },
            lastPosition: expect.any(Number) as number,
          });
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('foldCaseListRow, event by event', () => {
  const year = () => '2025/26';
  const fold = (events: CaseEvent[]): CaseListRow | null =>
    events.reduce<CaseListRow | null>(
      (row, event, index) => foldCaseListRow(row, { position: index + 1, event }, year),
      null,
    );
  const referral: CaseEvent = {
    type: 'ReferralRegistered',
    data: {
      caseId: 'c1',
      agreementId: 'a1',
      serviceLine: 'adult-medium-secure',
      patientRef: 'PSN-1',
      referralDate: '2025-05-01',
    },
  };
  const start: CaseEvent = {
    type: 'PlacementStarted',
    data: {
      caseId: 'c1',
      placementId: 'p1',
      setting: 'out-of-area',
      bedType: 'medium-secure',
      providerCode: 'NVC01',
      dailyRate: '685.50',
      startDate: '2025-06-01',
      distanceFromHomeKm: '182.0',
      oapReasonCode: '10',
    },
  };
  const rate = (effectiveDate: string, dailyRate: string, placementId = 'p1'): CaseEvent => ({
    type: 'PlacementRateChanged',
    data: { caseId: 'c1', placementId, dailyRate, previousDailyRate: '685.50', effectiveDate },
  });

  it('makes no row for a referral under an agreement it does not know, nor for events before one', () => {
    expect(foldCaseListRow(null, { position: 1, event: referral }, () => undefined)).toBeNull();
    expect(fold([start])).toBeNull();
  });

  it('keeps the latest rate by effective date: a later date moves it, an earlier one does not, the same date replaces it', () => {
    expect(fold([referral, start, rate('2025-08-01', '712.00')])?.placement).toMatchObject({
      dailyRatePence: 71200n,
      dailyRateFrom: '2025-08-01',
    });
    expect(
      fold([referral, start, rate('2025-08-01', '712.00'), rate('2025-07-01', '700.00')])
        ?.placement,
    ).toMatchObject({ dailyRatePence: 71200n, dailyRateFrom: '2025-08-01' });
    expect(fold([referral, start, rate('2025-06-01', '650.00')])?.placement).toMatchObject({
      dailyRatePence: 65000n,
      dailyRateFrom: '2025-06-01',
    });
  });

  it('moves to the in-area bed on a repatriation, to none when the placement ends, and stays discharged', () => {
    const repatriated: CaseEvent = {
      type: 'PatientRepatriated',
      data: {
        caseId: 'c1',
        repatriationDate: '2025-09-01',
        outOfAreaPlacementId: 'p1',
        outOfAreaDailyRate: '685.50',
        inAreaPlacement: {
          placementId: 'p2',
          bedType: 'medium-secure',
          providerCode: 'RPG',
          dailyRate: '450.00',
          distanceFromHomeKm: '12.5',
        },
      },
    };
    const home = fold([referral, start, repatriated]);
    expect(home?.placement).toEqual({
      placementId: 'p2',
      setting: 'in-area',
      providerCode: 'RPG',
      dailyRatePence: 45000n,
      dailyRateFrom: '2025-09-01',
      startDate: '2025-09-01',
    });
    // A rate change of the ended out-of-area bed changes nothing shown.
    expect(fold([referral, start, repatriated, rate('2025-08-01', '1.00')])?.placement).toEqual(
      home?.placement,
    );
    const ended: CaseEvent = {
      type: 'PlacementEnded',
      data: { caseId: 'c1', placementId: 'p2', endDate: '2025-10-01', reason: 'moved' },
    };
    expect(fold([referral, start, repatriated, ended])).toMatchObject({
      status: 'open',
      placement: null,
      lastPosition: 4,
    });
    const discharged: CaseEvent = {
      type: 'PatientDischarged',
      data: {
        caseId: 'c1',
        dischargeDate: '2025-10-02',
        endedPlacementId: 'p2',
        reason: 'home',
      },
    };
    expect(fold([referral, start, repatriated, discharged])).toMatchObject({
      status: 'discharged',
      dischargeDate: '2025-10-02',
      placement: null,
    });
  });

  it('answers money as a decimal string and never more than the pseudonym of the patient', () => {
    const row = fold([referral, start])!;
    const item = caseListItem(row);
    expect(item).toEqual({
      caseId: 'c1',
      agreementId: 'a1',
      financialYear: '2025/26',
      serviceLine: 'adult-medium-secure',
      patientRef: 'PSN-1',
      referralDate: '2025-05-01',
      status: 'open',
      currentPlacement: {
        placementId: 'p1',
        setting: 'out-of-area',
        providerCode: 'NVC01',
        dailyRate: '685.50',
        dailyRateFrom: '2025-06-01',
        startDate: '2025-06-01',
      },
      dischargeDate: null,
    });
  });
});

describe('list queries', () => {
  // Two commissioners, two collaboratives, three years.
  const events = [
    created('slp-2025', '2025/26', '13R', 'RV5', ['RPG', 'RQY']),
    created('slp-2024', '2024/25', '13R', 'RV5', ['RPG']),
    created('north-2025', '2025/26', '14A', 'RX4', ['RV5']),
    created('north-2026', '2026/27', '14A', 'RX4', []),
    referred('c-3', 'slp-2025'),
    referred('c-1', 'slp-2025', 'camhs-tier4'),
    referred('c-2', 'north-2025'),
    referred('c-0', 'slp-2024'),
    started('c-3', 'p1', 'out-of-area', 'NVC01'),
    started('c-2', 'p1', 'in-area', 'RX4'),
  ];
  const state = foldLists(events);
  const agreements = (query: Partial<AgreementListQuery>) =>
    selectAgreements(state, { scope: null, filters: {}, after: null, limit: 100, ...query }).map(
      (row) => row.agreementId,
    );
  const cases = (query: Partial<CaseListQuery>) =>
    selectCases(state, { scope: null, filters: {}, after: null, limit: 100, ...query }).map(
      (row) => row.caseId,
    );

  it('sorts by financial year, then id', () => {
    expect(agreements({})).toEqual(['slp-2024', 'north-2025', 'slp-2025', 'north-2026']);
    expect(cases({})).toEqual(['c-0', 'c-1', 'c-2', 'c-3']);
  });

  it('keeps to the scope: the organisation must be one of the parties the role reads as', () => {
    const as = (organisationCode: string | null, parties = ['commissioner', 'lead', 'partner']) =>
      agreements({ scope: { organisationCode, parties: parties as never } });
    expect(as('13R')).toEqual(['slp-2024', 'slp-2025']);
    expect(as('RV5')).toEqual(['slp-2024', 'north-2025', 'slp-2025']);
    expect(as('RV5', ['lead'])).toEqual(['slp-2024', 'slp-2025']);
    expect(as('RV5', ['partner'])).toEqual(['north-2025']);
    expect(as('NVC01')).toEqual([]);
    expect(as(null)).toEqual([]);
    expect(as('13R', [])).toEqual([]);
    // A case is in scope with its agreement.
    expect(cases({ scope: { organisationCode: '14A', parties: ['commissioner'] } })).toEqual([
      'c-2',
    ]);
  });

  it('filters by each field, and by no open placement', () => {
    expect(agreements({ filters: { financialYear: '2025/26' } })).toEqual([
      'north-2025',
      'slp-2025',
    ]);
    expect(agreements({ filters: { leadProviderCode: 'RX4', commissionerCode: '14A' } })).toEqual([
      'north-2025',
      'north-2026',
    ]);
    expect(cases({ filters: { agreementId: 'slp-2025' } })).toEqual(['c-1', 'c-3']);
    expect(cases({ filters: { serviceLine: 'camhs-tier4' } })).toEqual(['c-1']);
    expect(cases({ filters: { setting: 'none' } })).toEqual(['c-0', 'c-1']);
    expect(cases({ filters: { setting: 'in-area' } })).toEqual(['c-2']);
    expect(cases({ filters: { providerCode: 'NVC01', status: 'open' } })).toEqual(['c-3']);
    expect(cases({ filters: { status: 'discharged' } })).toEqual([]);
  });

  it('pages after a cursor with nothing left out or shown twice', () => {
    const seen: string[] = [];
    let after = null;
    for (;;) {
      const page = selectAgreements(state, { scope: null, filters: {}, after, limit: 3 });
      seen.push(...page.map((row) => row.agreementId));
      if (page.length < 3) break;
      const last = page[page.length - 1];
      after = parseListCursor(
        formatListCursor({ financialYear: last.financialYear, id: last.agreementId }),
      );
    }
    expect(seen).toEqual(agreements({}));
  });

  it('reads and writes cursors, and bounds page sizes', () => {
    expect(parseListCursor('2025/26:slp-adult-secure-2025-26')).toEqual({
      financialYear: '2025/26',
      id: 'slp-adult-secure-2025-26',
    });
    for (const bad of ['', '2025/26', '2025-26:x', '2025/26:', '2025/26:-x', '2025/26:a b']) {
      expect(() => parseListCursor(bad)).toThrow(RangeError);
    }
    expect(listPageSize(undefined)).toBe(100);
    expect(listPageSize(MAX_LIST_PAGE)).toBe(MAX_LIST_PAGE);
    for (const bad of [0, MAX_LIST_PAGE + 1, 1.5])
      expect(() => listPageSize(bad)).toThrow(RangeError);
  });

  it('answers an agreement with its terms, and knows each party once', () => {
    const row = state.agreements.get('slp-2025')!;
    expect(agreementListItem(row)).toEqual({
      agreementId: 'slp-2025',
      financialYear: '2025/26',
      commissionerCode: '13R',
      leadProviderCode: 'RV5',
      partnerProviderCodes: ['RPG', 'RQY'],
      serviceLines: ['adult-medium-secure', 'camhs-tier4'],
      savingsHorizonDays: 365,
    });
    expect(agreementPartiesOf({ ...row, partnerProviderCodes: ['RPG', 'RPG'] })).toEqual([
      { organisationCode: '13R', agreementId: 'slp-2025', party: 'commissioner' },
      { organisationCode: 'RV5', agreementId: 'slp-2025', party: 'lead' },
      { organisationCode: 'RPG', agreementId: 'slp-2025', party: 'partner' },
    ]);
  });
});
