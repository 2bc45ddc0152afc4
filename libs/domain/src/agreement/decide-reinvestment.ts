import { formatMoney, money } from '../money/money';
import type { CommitReinvestment } from './agreement.commands';
import { agreementErrors } from './agreement.errors';
import type { ReinvestmentCommitted } from './agreement.events';
import {
  calendarDateErrors,
  kebabCaseErrors,
  moneyErrors,
  requiredTextErrors,
  throwIfInvalid,
} from './agreement.rules';
import type { ActiveAgreement } from './agreement.state';
import { assertNewId, assertOpenPeriodOfYear } from './decide-budget-movement';

/**
 * Commits retained savings to a reinvestment scheme. Refused when it would take retained
 * savings below zero (domain.md invariant 4): money not yet saved cannot be spent twice.
 */
export function decideCommitReinvestment(
  { data }: CommitReinvestment,
  agreement: ActiveAgreement,
): ReinvestmentCommitted[] {
  throwIfInvalid([
    ...requiredTextErrors('commitmentId', data.commitmentId),
    ...kebabCaseErrors('schemeId', data.schemeId),
    ...moneyErrors('amount', data.amount),
    ...calendarDateErrors('effectiveDate', data.effectiveDate),
  ]);
  assertNewId(agreement, 'commitment', data.commitmentId);
  assertOpenPeriodOfYear(agreement, data.effectiveDate);
  const requested = money(data.amount);
  const available = agreement.retainedSavings;
  if (requested.gt(available)) {
    throw agreementErrors.insufficientRetainedSavings(available, requested);
  }
  return [
    {
      type: 'ReinvestmentCommitted',
      data: {
        agreementId: agreement.terms.agreementId,
        commitmentId: data.commitmentId,
        schemeId: data.schemeId,
        amount: formatMoney(requested),
        effectiveDate: data.effectiveDate,
        description: data.description,
        retainedSavingsBefore: formatMoney(available),
      },
    },
  ];
}
