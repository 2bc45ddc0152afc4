import type { FieldError } from '../shared/domain-error';
import type { CreateAgreement } from './agreement.commands';
import { agreementErrors } from './agreement.errors';
import type { AgreementCreated } from './agreement.events';
import {
  financialYearErrors,
  kebabCaseErrors,
  listErrors,
  odsCodeErrors,
  repeatErrors,
  requiredTextErrors,
  throwIfInvalid,
  wholeNumberErrors,
} from './agreement.rules';
import type { AgreementState } from './agreement.state';

/** domain.md: savings stop after `savingsHorizonDays` nights, 365 unless the agreement says. */
export const DEFAULT_SAVINGS_HORIZON_DAYS = 365;
/** Ten years: a horizon longer than that is a typing slip, not a policy. */
export const MAX_SAVINGS_HORIZON_DAYS = 3650;

function serviceLineListErrors(raw: unknown): FieldError[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    return [{ field: 'serviceLines', message: 'must list at least one service line' }];
  }
  return [
    ...listErrors('serviceLines', raw, kebabCaseErrors),
    ...repeatErrors(raw, (i) => `serviceLines[${i}]`),
  ];
}

function creationErrors(data: CreateAgreement['data'], savingsHorizonDays: unknown): FieldError[] {
  return [
    ...requiredTextErrors('agreementId', data.agreementId),
    ...odsCodeErrors('commissionerCode', data.commissionerCode),
    ...odsCodeErrors('leadProviderCode', data.leadProviderCode),
    ...listErrors('partnerProviderCodes', data.partnerProviderCodes, odsCodeErrors),
    ...financialYearErrors('financialYear', data.financialYear),
    ...serviceLineListErrors(data.serviceLines),
    ...wholeNumberErrors('savingsHorizonDays', savingsHorizonDays, 1, MAX_SAVINGS_HORIZON_DAYS),
  ];
}

/** Creates the agreement once, reporting every invalid field together. */
export function decideCreateAgreement(
  { data }: CreateAgreement,
  state: AgreementState,
): AgreementCreated[] {
  if (state.exists) throw agreementErrors.alreadyExists(data.agreementId);
  const savingsHorizonDays = data.savingsHorizonDays ?? DEFAULT_SAVINGS_HORIZON_DAYS;
  throwIfInvalid(creationErrors(data, savingsHorizonDays));
  return [
    {
      type: 'AgreementCreated',
      data: {
        agreementId: data.agreementId,
        commissionerCode: data.commissionerCode,
        leadProviderCode: data.leadProviderCode,
        partnerProviderCodes: [...data.partnerProviderCodes],
        financialYear: data.financialYear,
        serviceLines: [...data.serviceLines],
        savingsHorizonDays,
      },
    },
  ];
}
