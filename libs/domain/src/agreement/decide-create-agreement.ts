import { chainErrors } from '../chain/chain.errors';
import { chainLinkRefusals } from '../chain/chain-link';
import { organisationNameErrors } from '../organisation/organisation-name';
import type { FieldError } from '../shared/domain-error';
import type { CreateAgreement } from './agreement.commands';
import type { AgreementDecisionContext } from './agreement.context';
import { agreementErrors } from './agreement.errors';
import type { AgreementCreated, SuccessorAgreementCreated } from './agreement.events';
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
import type { ActiveAgreement, AgreementState } from './agreement.state';

/** domain.md: savings stop after `savingsHorizonDays` nights, 365 unless the agreement says. */
export const DEFAULT_SAVINGS_HORIZON_DAYS = 365;
/** Ten years: a horizon longer than that is a typing slip, not a policy. */
export const MAX_SAVINGS_HORIZON_DAYS = 3650;

/** The ODS codes an agreement names: its commissioner, lead provider and partners, once each. */
export function agreementOrganisationCodes(
  data: Pick<CreateAgreement['data'], 'commissionerCode' | 'leadProviderCode'> & {
    partnerProviderCodes: readonly string[];
  },
): string[] {
  return [...new Set([data.commissionerCode, data.leadProviderCode, ...data.partnerProviderCodes])];
}

/**
 * `organisationNames`: an object of ODS code → name, each code one the agreement names (its
 * commissioner, lead provider or a partner), each name an organisation's name
 * (organisation-name.ts). Absent or null: no names.
 */
function organisationNamesErrors(data: CreateAgreement['data']): FieldError[] {
  const raw = data.organisationNames as unknown;
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return [{ field: 'organisationNames', message: 'must be an object of ODS code → name' }];
  }
  const named = Array.isArray(data.partnerProviderCodes)
    ? agreementOrganisationCodes(data)
    : [data.commissionerCode, data.leadProviderCode];
  return Object.entries(raw as Record<string, unknown>).flatMap(([code, name]) => [
    ...(named.includes(code)
      ? []
      : [
          {
            field: `organisationNames.${code}`,
            message:
              'must be the ODS code of the commissioner, the lead provider or a partner provider of this agreement',
          },
        ]),
    ...organisationNameErrors(`organisationNames.${code}`, name),
  ]);
}

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
    ...(data.predecessorAgreementId === undefined || data.predecessorAgreementId === null
      ? []
      : requiredTextErrors('predecessorAgreementId', data.predecessorAgreementId)),
    ...organisationNamesErrors(data),
  ];
}

/**
 * The chain's link rules for a creation naming a predecessor (chain/chain-link.ts): the first
 * refusal, if any, is thrown. A predecessor that already names this very agreement as its
 * successor is no refusal: that link was written by an earlier attempt of this creation whose
 * own append did not land (a store without multi-stream appends writes the link first).
 */
function assertChainLink(data: CreateAgreement['data'], context: AgreementDecisionContext): void {
  const predecessorAgreementId = data.predecessorAgreementId;
  if (predecessorAgreementId === undefined || predecessorAgreementId === null) return;
  const predecessor = context.predecessor;
  if (predecessor === undefined) {
    throw new Error(
      `CreateAgreement names predecessor ${predecessorAgreementId}, but the decision was given none`,
    );
  }
  const existing = predecessor.successorAgreementId;
  const [refusal] = chainLinkRefusals({
    successor: data,
    predecessorAgreementId,
    predecessor: predecessor.terms,
    existingSuccessorAgreementId: existing === data.agreementId ? null : existing,
  });
  if (refusal) throw refusal;
}

/** Creates the agreement once, reporting every invalid field together. */
export function decideCreateAgreement(
  { data }: CreateAgreement,
  state: AgreementState,
  context: AgreementDecisionContext,
): AgreementCreated[] {
  if (state.exists) throw agreementErrors.alreadyExists(data.agreementId);
  const savingsHorizonDays = data.savingsHorizonDays ?? DEFAULT_SAVINGS_HORIZON_DAYS;
  throwIfInvalid(creationErrors(data, savingsHorizonDays));
  assertChainLink(data, context);
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
        predecessorAgreementId: data.predecessorAgreementId ?? null,
      },
    },
  ];
}

/**
 * The predecessor's side of a successor's creation: `SuccessorAgreementCreated` on its stream,
 * appended with its expected revision in the same atomic append as the successor's
 * `AgreementCreated`. Nothing when the predecessor already names this successor (an earlier
 * attempt wrote the link); CHAIN.SUCCESSOR_EXISTS when it names another.
 */
export function decideSuccessorLink(
  predecessor: ActiveAgreement,
  successor: AgreementCreated['data'],
): SuccessorAgreementCreated[] {
  const existing = predecessor.successorAgreementId;
  if (existing === successor.agreementId) return [];
  if (existing !== null) throw chainErrors.successorExists(predecessor.terms.agreementId, existing);
  return [
    {
      type: 'SuccessorAgreementCreated',
      data: {
        agreementId: predecessor.terms.agreementId,
        successorAgreementId: successor.agreementId,
        successorFinancialYear: successor.financialYear,
      },
    },
  ];
}
