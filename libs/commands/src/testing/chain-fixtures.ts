import type { AgreementCommand, CaseCommand } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';

/**
 * domain.md's worked example of "Years: chains of agreements", as commands: the South London
 * Partnership's adult secure agreement `A` for 2017/18 and its successor `B` for 2018/19, and
 * a case placed out of area at £700.00 a night, repatriated on 2017-10-01 to an in-area bed at
 * £450.00 (horizon 365 nights).
 */
export const A_ID = 'slp-adult-secure-2017-18';
export const B_ID = 'slp-adult-secure-2018-19';
export const C_ID = 'slp-adult-secure-2019-20';
export const CHAIN_CASE = 'case-worked-example';
export const MEDIUM_SECURE = 'adult-medium-secure';

export const chainCommissioner: Actor = {
  subject: 'alice',
  role: 'commissioner-finance',
  organisationCode: 'X24',
};

export const createA = (): AgreementCommand => ({
  type: 'CreateAgreement',
  data: {
    agreementId: A_ID,
    commissionerCode: 'X24',
    leadProviderCode: 'RV5',
    partnerProviderCodes: ['RPG', 'RQY'],
    financialYear: '2017/18',
    serviceLines: [MEDIUM_SECURE],
  },
});

/** B follows A: a partner fewer (RQY leaves), a service line more. */
export const createB = (overrides: Record<string, unknown> = {}): AgreementCommand => ({
  type: 'CreateAgreement',
  data: {
    agreementId: B_ID,
    commissionerCode: 'X24',
    leadProviderCode: 'RV5',
    partnerProviderCodes: ['RPG'],
    financialYear: '2018/19',
    serviceLines: [MEDIUM_SECURE, 'adult-low-secure'],
    predecessorAgreementId: A_ID,
    ...overrides,
  },
});

export const createC = (): AgreementCommand => ({
  type: 'CreateAgreement',
  data: {
    agreementId: C_ID,
    commissionerCode: 'X24',
    leadProviderCode: 'RV5',
    partnerProviderCodes: ['RPG'],
    financialYear: '2019/20',
    serviceLines: [MEDIUM_SECURE, 'adult-low-secure'],
    predecessorAgreementId: B_ID,
  },
});

export const referral = (caseId = CHAIN_CASE, agreementId = A_ID): CaseCommand => ({
  type: 'RegisterReferral',
  data: {
    caseId,
    agreementId,
    serviceLine: MEDIUM_SECURE,
    patientRef: `SLP-${caseId}`,
    referralDate: '2017-09-01',
  },
});

export const outOfArea = (
  caseId = CHAIN_CASE,
  startDate = '2017-09-01',
  dailyRate = '700.00',
): CaseCommand => ({
  type: 'StartPlacement',
  data: {
    caseId,
    placementId: 'oap-1',
    setting: 'out-of-area',
    bedType: 'medium-secure',
    providerCode: 'NQ1',
    dailyRate,
    startDate,
    distanceFromHomeKm: '212.5',
    oapReasonCode: '10',
  },
});

export const repatriate = (
  caseId = CHAIN_CASE,
  repatriationDate = '2017-10-01',
  dailyRate = '450.00',
): CaseCommand => ({
  type: 'RepatriatePatient',
  data: {
    caseId,
    repatriationDate,
    outOfAreaPlacementId: 'oap-1',
    inAreaPlacement: {
      placementId: 'home-1',
      bedType: 'medium-secure',
      providerCode: 'RPG',
      dailyRate,
      distanceFromHomeKm: '8.0',
    },
  },
});

export const discharge = (caseId = CHAIN_CASE, dischargeDate = '2018-03-21'): CaseCommand => ({
  type: 'DischargePatient',
  data: { caseId, dischargeDate, reason: 'Discharged to community team' },
});
