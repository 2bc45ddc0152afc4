import { phaseEvenly, phasingToEvent } from '../budget/phasing';
import type { CalendarDate } from '../calendar/calendar-date';
import { isWithinFinancialYear, periodOf } from '../calendar/financial-year';
import { formatMoney, money } from '../money/money';
import type { FieldError } from '../shared/domain-error';
import type { AdjustBudget, AllocateBudget, VireBudget } from './agreement.commands';
import { agreementErrors } from './agreement.errors';
import type {
  BudgetAdjusted,
  BudgetAllocated,
  BudgetVired,
  PhasedAmount,
} from './agreement.events';
import {
  calendarDateErrors,
  knownServiceLineErrors,
  moneyErrors,
  requiredTextErrors,
  throwIfInvalid,
} from './agreement.rules';
import {
  hasRecordedId,
  isPeriodClosed,
  type ActiveAgreement,
  type RecordedIdKind,
} from './agreement.state';
import { explicitPhasing, phasingProfileErrors } from './explicit-phasing';

/**
 * Budget movements: allocations, adjustments and virements. None checks a budget balance:
 * a line may go negative, because an overspend is a fact about care already given (domain.md
 * invariant 3), so it is flagged in reports, never refused.
 */

/**
 * Movements take effect within the agreement's year and in a period still open: a closed
 * period's postings never change.
 */
export function assertOpenPeriodOfYear(
  agreement: ActiveAgreement,
  effectiveDate: CalendarDate,
): void {
  const { financialYear } = agreement.terms;
  if (!isWithinFinancialYear(effectiveDate, financialYear)) {
    throw agreementErrors.outsideFinancialYear(effectiveDate, financialYear);
  }
  const period = periodOf(effectiveDate);
  if (isPeriodClosed(agreement, period)) throw agreementErrors.periodClosed(effectiveDate, period);
}

/** Each movement id names one fact for good: recording it twice would double the money. */
export function assertNewId(agreement: ActiveAgreement, kind: RecordedIdKind, id: string): void {
  if (hasRecordedId(agreement, kind, id)) throw agreementErrors.alreadyRecorded(kind, id);
}

function evenPhasing(
  amount: string,
  effectiveDate: CalendarDate,
  agreement: ActiveAgreement,
): PhasedAmount[] {
  return phasingToEvent(phaseEvenly(money(amount), effectiveDate, agreement.terms.financialYear));
}

export function decideAllocateBudget(
  { data }: AllocateBudget,
  agreement: ActiveAgreement,
): BudgetAllocated[] {
  const { terms } = agreement;
  throwIfInvalid([
    ...requiredTextErrors('allocationId', data.allocationId),
    ...moneyErrors('amount', data.amount),
    ...knownServiceLineErrors('serviceLine', data.serviceLine, terms),
    ...calendarDateErrors('effectiveDate', data.effectiveDate),
    ...phasingProfileErrors(data, terms.financialYear),
  ]);
  assertNewId(agreement, 'allocation', data.allocationId);
  assertOpenPeriodOfYear(agreement, data.effectiveDate);
  const phasing =
    data.phasing.kind === 'even'
      ? evenPhasing(data.amount, data.effectiveDate, agreement)
      : explicitPhasing(data.phasing.months);
  return [
    {
      type: 'BudgetAllocated',
      data: {
        agreementId: terms.agreementId,
        allocationId: data.allocationId,
        serviceLine: data.serviceLine,
        amount: formatMoney(money(data.amount)),
        effectiveDate: data.effectiveDate,
        profile: data.phasing.kind,
        phasing,
      },
    },
  ];
}

/** A signed change to a line: positive brings budget in, negative returns it. */
export function decideAdjustBudget(
  { data }: AdjustBudget,
  agreement: ActiveAgreement,
): BudgetAdjusted[] {
  const { terms } = agreement;
  throwIfInvalid([
    ...requiredTextErrors('adjustmentId', data.adjustmentId),
    ...moneyErrors('amount', data.amount, { allowNegative: true }),
    ...knownServiceLineErrors('serviceLine', data.serviceLine, terms),
    ...calendarDateErrors('effectiveDate', data.effectiveDate),
    ...requiredTextErrors('reason', data.reason),
  ]);
  assertNewId(agreement, 'adjustment', data.adjustmentId);
  assertOpenPeriodOfYear(agreement, data.effectiveDate);
  return [
    {
      type: 'BudgetAdjusted',
      data: {
        agreementId: terms.agreementId,
        adjustmentId: data.adjustmentId,
        serviceLine: data.serviceLine,
        amount: formatMoney(money(data.amount)),
        effectiveDate: data.effectiveDate,
        reason: data.reason,
        phasing: evenPhasing(data.amount, data.effectiveDate, agreement),
      },
    },
  ];
}

function virementLineErrors(data: VireBudget['data'], agreement: ActiveAgreement): FieldError[] {
  const sameLine =
    data.fromServiceLine === data.toServiceLine
      ? [{ field: 'toServiceLine', message: 'must differ from fromServiceLine' }]
      : [];
  return [
    ...knownServiceLineErrors('fromServiceLine', data.fromServiceLine, agreement.terms),
    ...knownServiceLineErrors('toServiceLine', data.toServiceLine, agreement.terms),
    ...sameLine,
  ];
}

/** Moves budget between two lines; phased the same way on both (minus on one, plus on the other). */
export function decideVireBudget({ data }: VireBudget, agreement: ActiveAgreement): BudgetVired[] {
  throwIfInvalid([
    ...requiredTextErrors('virementId', data.virementId),
    ...moneyErrors('amount', data.amount),
    ...virementLineErrors(data, agreement),
    ...calendarDateErrors('effectiveDate', data.effectiveDate),
    ...requiredTextErrors('reason', data.reason),
  ]);
  assertNewId(agreement, 'virement', data.virementId);
  assertOpenPeriodOfYear(agreement, data.effectiveDate);
  return [
    {
      type: 'BudgetVired',
      data: {
        agreementId: agreement.terms.agreementId,
        virementId: data.virementId,
        fromServiceLine: data.fromServiceLine,
        toServiceLine: data.toServiceLine,
        amount: formatMoney(money(data.amount)),
        effectiveDate: data.effectiveDate,
        reason: data.reason,
        phasing: evenPhasing(data.amount, data.effectiveDate, agreement),
      },
    },
  ];
}
