import type { Caller } from './ledger-test-app';

/**
 * The South London Partnership's adult secure programme for 2025/26, and the people who work
 * on it, as the e2e tests use them. NHS England's hub (13R) commissions; South London and
 * Maudsley (RV5) leads; Oxleas (RPG) and South West London (RQY) are partners; NVC01 is an
 * independent-sector provider outside the agreement.
 */
export const AGREEMENT_ID = 'slp-adult-secure-2025-26';
export const CASE_ID = 'case-0001';

export const commissioner: Caller = {
  subject: 'alice',
  role: 'commissioner-finance',
  organisationCode: '13R',
};
export const leadFinance: Caller = {
  subject: 'bob',
  role: 'lead-provider-finance',
  organisationCode: 'RV5',
};
export const leadCaseManager: Caller = {
  subject: 'carol',
  role: 'case-manager',
  organisationCode: 'RV5',
};
export const partnerCaseManager: Caller = {
  subject: 'dan',
  role: 'case-manager',
  organisationCode: 'RPG',
};
export const outsiderCaseManager: Caller = {
  subject: 'erin',
  role: 'case-manager',
  organisationCode: 'NVC01',
};
export const outsiderFinance: Caller = {
  subject: 'frank',
  role: 'lead-provider-finance',
  organisationCode: 'NVC01',
};
export const outsiderCommissioner: Caller = {
  subject: 'gina',
  role: 'commissioner-finance',
  organisationCode: '14A',
};
export const reviewer: Caller = { subject: 'harriet', role: 'reviewer', organisationCode: null };
export const analyst: Caller = { subject: 'ian', role: 'analyst', organisationCode: '13R' };
export const admin: Caller = { subject: 'root', role: 'admin', organisationCode: null };

export const agreementBody = (agreementId = AGREEMENT_ID) => ({
  agreementId,
  commissionerCode: '13R',
  leadProviderCode: 'RV5',
  partnerProviderCodes: ['RPG', 'RQY'],
  financialYear: '2025/26',
  serviceLines: ['adult-medium-secure', 'adult-low-secure'],
  savingsHorizonDays: 365,
});

export const allocationBody = (overrides: Record<string, unknown> = {}) => ({
  allocationId: 'alloc-1',
  serviceLine: 'adult-medium-secure',
  amount: '65000000.00',
  effectiveDate: '2025-04-01',
  phasing: { kind: 'even' },
  ...overrides,
});

export const adjustmentBody = (overrides: Record<string, unknown> = {}) => ({
  adjustmentId: 'adj-1',
  serviceLine: 'adult-medium-secure',
  amount: '-250000.00',
  effectiveDate: '2026-01-01',
  reason: 'In-year efficiency requirement',
  ...overrides,
});

export const virementBody = (overrides: Record<string, unknown> = {}) => ({
  virementId: 'vir-1',
  fromServiceLine: 'adult-medium-secure',
  toServiceLine: 'adult-low-secure',
  amount: '100000.00',
  effectiveDate: '2025-11-01',
  reason: 'Low secure demand above plan',
  ...overrides,
});

export const reinvestmentBody = (overrides: Record<string, unknown> = {}) => ({
  commitmentId: 'commit-1',
  schemeId: 'female-forensic-step-down',
  amount: '520000.00',
  effectiveDate: '2025-11-01',
  description: 'Female forensic step-down beds',
  ...overrides,
});

export const referralBody = (overrides: Record<string, unknown> = {}) => ({
  caseId: CASE_ID,
  agreementId: AGREEMENT_ID,
  serviceLine: 'adult-medium-secure',
  patientRef: 'PSN-7F3A',
  referralDate: '2025-05-01',
  ...overrides,
});

export const outOfAreaPlacementBody = (overrides: Record<string, unknown> = {}) => ({
  placementId: 'plc-1',
  setting: 'out-of-area',
  bedType: 'medium-secure',
  providerCode: 'NVC01',
  dailyRate: '685.50',
  startDate: '2025-06-01',
  distanceFromHomeKm: '182.0',
  oapReasonCode: '10',
  ...overrides,
});

export const inAreaPlacementBody = (overrides: Record<string, unknown> = {}) => ({
  placementId: 'plc-1',
  setting: 'in-area',
  bedType: 'medium-secure',
  providerCode: 'RPG',
  dailyRate: '450.00',
  startDate: '2025-06-01',
  distanceFromHomeKm: '12.5',
  ...overrides,
});

export const repatriationBody = (overrides: Record<string, unknown> = {}) => ({
  outOfAreaPlacementId: 'plc-1',
  repatriationDate: '2025-09-01',
  inAreaPlacement: {
    placementId: 'plc-2',
    bedType: 'medium-secure',
    providerCode: 'RPG',
    dailyRate: '450.00',
    distanceFromHomeKm: '12.5',
  },
  ...overrides,
});

export const rateChangeBody = (overrides: Record<string, unknown> = {}) => ({
  dailyRate: '712.00',
  effectiveDate: '2025-08-01',
  ...overrides,
});

export const endPlacementBody = (overrides: Record<string, unknown> = {}) => ({
  endDate: '2025-09-15',
  reason: 'Transferred to step-down',
  ...overrides,
});

export const dischargeBody = (overrides: Record<string, unknown> = {}) => ({
  dischargeDate: '2025-10-01',
  reason: 'Discharged to community forensic team',
  ...overrides,
});

export const SLAM_NAME = 'South London and Maudsley NHS Foundation Trust';
export const PROVIDER_NAME = 'Independent Hospital Ltd';

export const namingBody = (overrides: Record<string, unknown> = {}) => ({
  name: PROVIDER_NAME,
  effectiveFrom: '2025-04-01',
  ...overrides,
});

/** A valid NHS number (modulus-11 check digit holds): never to be stored. */
export const NHS_NUMBER = '9434765919';

export const paths = {
  agreements: '/v1/agreements',
  agreement: (id = AGREEMENT_ID) => `/v1/agreements/${id}`,
  allocations: (id = AGREEMENT_ID) => `/v1/agreements/${id}/allocations`,
  adjustments: (id = AGREEMENT_ID) => `/v1/agreements/${id}/adjustments`,
  virements: (id = AGREEMENT_ID) => `/v1/agreements/${id}/virements`,
  reinvestments: (id = AGREEMENT_ID) => `/v1/agreements/${id}/reinvestments`,
  periodCloses: (id = AGREEMENT_ID) => `/v1/agreements/${id}/period-closes`,
  carryForward: (id = AGREEMENT_ID) => `/v1/agreements/${id}/carry-forward`,
  cases: '/v1/cases',
  case: (id = CASE_ID) => `/v1/cases/${id}`,
  placements: (id = CASE_ID) => `/v1/cases/${id}/placements`,
  rateChanges: (placementId = 'plc-1', id = CASE_ID) =>
    `/v1/cases/${id}/placements/${placementId}/rate-changes`,
  repatriations: (id = CASE_ID) => `/v1/cases/${id}/repatriations`,
  endPlacement: (placementId = 'plc-1', id = CASE_ID) =>
    `/v1/cases/${id}/placements/${placementId}/end`,
  discharge: (id = CASE_ID) => `/v1/cases/${id}/discharge`,
  organisation: (odsCode = 'NVC01') => `/v1/organisations/${odsCode}`,
  organisationNames: (odsCode = 'NVC01') => `/v1/organisations/${odsCode}/names`,
};
