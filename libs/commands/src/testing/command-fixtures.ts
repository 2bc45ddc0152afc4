import type { AgreementCommand, CaseCommand } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import type { CommandRequest } from '../execution/command-request';

/** The South London Partnership's 2025/26 adult secure agreement and its people. */
export const AGREEMENT_ID = 'slp-adult-secure-2025-26';
export const CASE_ID = 'case-0001';

export const commissioner: Actor = {
  subject: 'alice',
  role: 'commissioner-finance',
  organisationCode: '13R',
};
export const leadFinance: Actor = {
  subject: 'bob',
  role: 'lead-provider-finance',
  organisationCode: 'RV5',
};
export const caseManager: Actor = {
  subject: 'carol',
  role: 'case-manager',
  organisationCode: 'RPG',
};
export const outsider: Actor = { subject: 'erin', role: 'case-manager', organisationCode: 'NVC01' };

export function requestBy(actor: Actor, extra: Partial<CommandRequest> = {}): CommandRequest {
  return { actor, correlationId: 'corr-1', causationId: 'req-1', ...extra };
}

export const createAgreement = (agreementId = AGREEMENT_ID): AgreementCommand => ({
  type: 'CreateAgreement',
  data: {
    agreementId,
    commissionerCode: '13R',
    leadProviderCode: 'RV5',
    partnerProviderCodes: ['RPG', 'RQY'],
    financialYear: '2025/26',
    serviceLines: ['adult-medium-secure', 'adult-low-secure'],
  },
});

export const allocate = (allocationId: string, amount = '1000.00'): AgreementCommand => ({
  type: 'AllocateBudget',
  data: {
    agreementId: AGREEMENT_ID,
    allocationId,
    serviceLine: 'adult-medium-secure',
    amount,
    effectiveDate: '2025-04-01',
    phasing: { kind: 'even' },
  },
});

export const registerReferral = (
  serviceLine = 'adult-medium-secure',
  agreementId = AGREEMENT_ID,
): CaseCommand => ({
  type: 'RegisterReferral',
  data: {
    caseId: CASE_ID,
    agreementId,
    serviceLine,
    patientRef: 'PSN-7F3A',
    referralDate: '2025-05-01',
  },
});

export const startOutOfAreaPlacement = (): CaseCommand => ({
  type: 'StartPlacement',
  data: {
    caseId: CASE_ID,
    placementId: 'plc-1',
    setting: 'out-of-area',
    bedType: 'medium-secure',
    providerCode: 'NVC01',
    dailyRate: '685.50',
    startDate: '2025-06-01',
    distanceFromHomeKm: '182.0',
    oapReasonCode: '10',
  },
});
