import type { RegisterReferral } from '../case.commands';
import type { AgreementTerms, CaseDecisionContext } from '../case.context';
import { caseError } from '../case.errors';
import type { ReferralRegistered } from '../case.events';
import type { CaseState } from '../case.state';
import { FieldChecks } from '../field-checks';

/** Opens a case: one patient, named by pseudonym, referred under one agreement's service line. */
export function registerReferral(
  command: RegisterReferral,
  state: CaseState,
  context: CaseDecisionContext,
): ReferralRegistered[] {
  const { data } = command;
  if (state.status !== 'unregistered') {
    throw caseError('CASE.ALREADY_EXISTS', `Case ${data.caseId} has already been registered`, {
      details: { caseId: data.caseId },
    });
  }
  const agreement = requireAgreement(context, data.agreementId);
  checkReferral(data, agreement);
  return [
    {
      type: 'ReferralRegistered',
      data: {
        caseId: data.caseId,
        agreementId: agreement.agreementId,
        serviceLine: data.serviceLine,
        patientRef: data.patientRef,
        referralDate: data.referralDate,
      },
    },
  ];
}

function requireAgreement(context: CaseDecisionContext, agreementId: string): AgreementTerms {
  if (!context.agreement) {
    throw caseError('AGREEMENT.NOT_FOUND', `Agreement ${agreementId} does not exist`, {
      details: { agreementId },
    });
  }
  if (context.agreement.agreementId !== agreementId) {
    // The application loads the agreement named by the command, so this is a wiring fault.
    throw new Error(
      `Referral names agreement ${agreementId} but was decided against ${context.agreement.agreementId}`,
    );
  }
  return context.agreement;
}

function checkReferral(data: RegisterReferral['data'], agreement: AgreementTerms): void {
  const checks = new FieldChecks(data);
  checks.text('caseId', data.caseId);
  checks.pseudonym('patientRef', data.patientRef);
  checks.oneOf('serviceLine', data.serviceLine, agreement.serviceLines);
  checks.date('referralDate', data.referralDate);
  checks.throwIfAny('The referral');
}
