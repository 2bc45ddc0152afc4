import type {
  AgreementEvent,
  CasePeriodSaving,
  CaseEvent,
  PlacementPeriodCost,
} from '@ledger/domain';
import { LedgerLog } from './ledger-log';

/**
 * The South London Partnership's adult secure agreement for 2025/26, built event by event with
 * every figure worked out by hand (see the comments), so the projections are checked against
 * arithmetic a finance reader can redo, not against the code under test.
 *
 * Case A (case-0001): out of area at NVC01 from 10 April at £685.50 a night, 182.0 km from
 *   home; its rate rises to £702.00 from 8 July; repatriated on 16 July to Oxleas (RPG) at
 *   £450.00, 12.5 km. R_o = £702.00, so each night home saves 702.00 − 450.00 = £252.00.
 * Case B (case-0002): out of area at NQ1 from 20 May at £850.00, 212.5 km; still there.
 *
 * Positions: 1 created, 2 allocated, 3–4 case A, 5 April closed, 6–7 case B, 8 May closed,
 * 9 June closed, 10 A's rate change, 11 A repatriated. Later stages add 12 July closed,
 * 13 reinvestment, 14 a back-dated rate change, 15 August closed.
 */
export const SLP = 'slp-adult-secure-2025-26';
export const MEDIUM_SECURE = 'adult-medium-secure';
export const LOW_SECURE = 'adult-low-secure';
export const CAMHS = 'camhs-tier4';
export const CASE_A = 'case-0001';
export const CASE_B = 'case-0002';

export const POSITION = {
  created: 1,
  allocated: 2,
  aprilClosed: 5,
  mayClosed: 8,
  juneClosed: 9,
  rateChanged: 10,
  repatriated: 11,
  julyClosed: 12,
  reinvested: 13,
  backDatedRateChange: 14,
  augustClosed: 15,
} as const;

const agreementCreated: AgreementEvent = {
  type: 'AgreementCreated',
  data: {
    agreementId: SLP,
    commissionerCode: 'X24',
    leadProviderCode: 'RV5',
    partnerProviderCodes: ['RPG', 'RQY'],
    financialYear: '2025/26',
    serviceLines: [MEDIUM_SECURE, LOW_SECURE, CAMHS],
    savingsHorizonDays: 365,
    predecessorAgreementId: null,
  },
};

/** £65,000,000.00 evenly over 12 months: 11 × 5,416,666.66, and M12 takes 5,416,666.74. */
const allocation: AgreementEvent = {
  type: 'BudgetAllocated',
  data: {
    agreementId: SLP,
    allocationId: 'alloc-2025-26-adult-secure',
    serviceLine: MEDIUM_SECURE,
    amount: '65000000.00',
    effectiveDate: '2025-04-01',
    profile: 'even',
    phasing: [
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ].map((period) => ({ period, amount: period === '2026-03' ? '5416666.74' : '5416666.66' })),
  },
};

export function cost(
  caseId: string,
  placementId: string,
  period: string,
  bedDays: number,
  amount: string,
  provider: { setting: 'in-area' | 'out-of-area'; providerCode: string },
): PlacementPeriodCost {
  return { caseId, placementId, serviceLine: MEDIUM_SECURE, period, bedDays, amount, ...provider };
}

const NVC01 = { setting: 'out-of-area', providerCode: 'NVC01' } as const;
const NQ1 = { setting: 'out-of-area', providerCode: 'NQ1' } as const;
const RPG = { setting: 'in-area', providerCode: 'RPG' } as const;

function saving(caseId: string, period: string, nights: number, amount: string): CasePeriodSaving {
  return { caseId, serviceLine: MEDIUM_SECURE, period, nights, amount };
}

function closed(
  period: string,
  accruedCosts: PlacementPeriodCost[],
  recognisedSavings: CasePeriodSaving[] = [],
  adjustmentCosts: PlacementPeriodCost[] = [],
): AgreementEvent {
  return {
    type: 'PeriodClosed',
    data: {
      agreementId: SLP,
      period,
      accruedCosts,
      recognisedSavings,
      priorPeriodAdjustments: { costs: adjustmentCosts, savings: [] },
      priorYearAdjustments: { costs: [], savings: [] },
    },
  };
}

const referral = (caseId: string, patientRef: string, referralDate: string): CaseEvent => ({
  type: 'ReferralRegistered',
  data: { caseId, agreementId: SLP, serviceLine: MEDIUM_SECURE, patientRef, referralDate },
});

const outOfArea = (
  caseId: string,
  placementId: string,
  providerCode: string,
  dailyRate: string,
  startDate: string,
  distanceFromHomeKm: string,
): CaseEvent => ({
  type: 'PlacementStarted',
  data: {
    caseId,
    placementId,
    setting: 'out-of-area',
    bedType: 'medium-secure',
    providerCode,
    dailyRate,
    startDate,
    distanceFromHomeKm,
    oapReasonCode: '10',
  },
});

/** Positions 1–11: the year to 16 July, with April, May and June closed. */
export function slpHistory(): LedgerLog {
  const log = new LedgerLog();
  log.agreement(agreementCreated, '2025-04-01T09:00:00Z');
  log.agreement(allocation, '2025-04-01T09:05:00Z');
  log.case(referral(CASE_A, 'SLP-PT-000123', '2025-04-08'), '2025-04-08T10:00:00Z');
  log.case(
    outOfArea(CASE_A, 'oap-a1', 'NVC01', '685.50', '2025-04-10', '182.0'),
    '2025-04-10T11:00:00Z',
  );
  // April: A, nights 10–30 April = 21 × 685.50 = 14,395.50.
  log.agreement(
    closed('2025-04', [cost(CASE_A, 'oap-a1', '2025-04', 21, '14395.50', NVC01)]),
    '2025-05-02T09:00:00Z',
  );
  log.case(referral(CASE_B, 'SLP-PT-000456', '2025-05-19'), '2025-05-19T10:00:00Z');
  log.case(
    outOfArea(CASE_B, 'oap-b1', 'NQ1', '850.00', '2025-05-20', '212.5'),
    '2025-05-20T11:00:00Z',
  );
  // May: A 31 × 685.50 = 21,250.50; B nights 20–31 May = 12 × 850.00 = 10,200.00.
  log.agreement(
    closed('2025-05', [
      cost(CASE_A, 'oap-a1', '2025-05', 31, '21250.50', NVC01),
      cost(CASE_B, 'oap-b1', '2025-05', 12, '10200.00', NQ1),
    ]),
    '2025-06-03T09:00:00Z',
  );
  // June: A 30 × 685.50 = 20,565.00; B 30 × 850.00 = 25,500.00.
  log.agreement(
    closed('2025-06', [
      cost(CASE_A, 'oap-a1', '2025-06', 30, '20565.00', NVC01),
      cost(CASE_B, 'oap-b1', '2025-06', 30, '25500.00', NQ1),
    ]),
    '2025-07-02T09:00:00Z',
  );
  log.case(
    {
      type: 'PlacementRateChanged',
      data: {
        caseId: CASE_A,
        placementId: 'oap-a1',
        dailyRate: '702.00',
        previousDailyRate: '685.50',
        effectiveDate: '2025-07-08',
      },
    },
    '2025-07-08T09:00:00Z',
  );
  log.case(
    {
      type: 'PatientRepatriated',
      data: {
        caseId: CASE_A,
        repatriationDate: '2025-07-16',
        outOfAreaPlacementId: 'oap-a1',
        outOfAreaDailyRate: '702.00',
        inAreaPlacement: {
          placementId: 'home-a1',
          bedType: 'medium-secure',
          providerCode: 'RPG',
          dailyRate: '450.00',
          distanceFromHomeKm: '12.5',
        },
      },
    },
    '2025-07-16T15:00:00Z',
  );
  return log;
}

/** Positions 12–13: July closed, then £3,000.00 of its savings committed to step-down beds. */
export function withJulyClosedAndReinvestment(log: LedgerLog): LedgerLog {
  // July: A out of area, nights 1–7 × 685.50 = 4,798.50 plus nights 8–15 × 702.00 =
  // 5,616.00, so 10,414.50 for 15 nights; A home, nights 16–31 = 16 × 450.00 = 7,200.00;
  // B 31 × 850.00 = 26,350.00. Saving: 16 nights × 252.00 = 4,032.00.
  log.agreement(
    closed(
      '2025-07',
      [
        cost(CASE_A, 'oap-a1', '2025-07', 15, '10414.50', NVC01),
        cost(CASE_A, 'home-a1', '2025-07', 16, '7200.00', RPG),
        cost(CASE_B, 'oap-b1', '2025-07', 31, '26350.00', NQ1),
      ],
      [saving(CASE_A, '2025-07', 16, '4032.00')],
    ),
    '2025-08-04T09:00:00Z',
  );
  log.agreement(
    {
      type: 'ReinvestmentCommitted',
      data: {
        agreementId: SLP,
        commitmentId: 'commit-step-down-1',
        schemeId: 'female-forensic-step-down',
        amount: '3000.00',
        effectiveDate: '2025-08-05',
        description: 'Female forensic step-down: two beds',
        retainedSavingsBefore: '4032.00',
      },
    },
    '2025-08-05T09:00:00Z',
  );
  return log;
}

/** Position 14: B's rate is found to have been £880.00 since 1 June, recorded on 12 August. */
export function withBackDatedRateChange(log: LedgerLog): LedgerLog {
  log.case(
    {
      type: 'PlacementRateChanged',
      data: {
        caseId: CASE_B,
        placementId: 'oap-b1',
        dailyRate: '880.00',
        previousDailyRate: '850.00',
        effectiveDate: '2025-06-01',
      },
    },
    '2025-08-12T09:00:00Z',
  );
  return log;
}

/** Position 15: August closed, with the late rate's prior-period adjustments for June and July. */
export function withAugustClosed(log: LedgerLog): LedgerLog {
  // August: A home 31 × 450.00 = 13,950.00; B 31 × 880.00 = 27,280.00; saving 31 × 252.00 =
  // 7,812.00. Adjustments: June 30 × (880.00 − 850.00) = 900.00, July 31 × 30.00 = 930.00.
  log.agreement(
    closed(
      '2025-08',
      [
        cost(CASE_A, 'home-a1', '2025-08', 31, '13950.00', RPG),
        cost(CASE_B, 'oap-b1', '2025-08', 31, '27280.00', NQ1),
      ],
      [saving(CASE_A, '2025-08', 31, '7812.00')],
      [
        cost(CASE_B, 'oap-b1', '2025-06', 0, '900.00', NQ1),
        cost(CASE_B, 'oap-b1', '2025-07', 0, '930.00', NQ1),
      ],
    ),
    '2025-09-02T09:00:00Z',
  );
  return log;
}
