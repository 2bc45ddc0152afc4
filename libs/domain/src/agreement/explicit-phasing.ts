import { isCalendarDate } from '../calendar/calendar-date';
import {
  isPeriodId,
  isWithinFinancialYear,
  periodOf,
  periodsOf,
  type FinancialYear,
  type PeriodId,
} from '../calendar/financial-year';
import { checkMoney, formatMoney, money, sumMoney } from '../money/money';
import type { FieldError } from '../shared/domain-error';
import type { AllocateBudget } from './agreement.commands';
import type { PhasedAmount } from './agreement.events';
import { asRecord, fieldFailure, moneyErrors, repeatErrors } from './agreement.rules';

/**
 * An allocation may carry its own monthly profile instead of even phasing. The profile names
 * distinct months from the effective month to M12 (months left out get nothing) and must sum
 * exactly to the amount, because the allocation and its postings must agree to the penny.
 */

/** The months a profile may use, or null while the date itself is wrong (reported apart). */
function monthsFromEffectiveDate(effectiveDate: unknown, year: FinancialYear): PeriodId[] | null {
  if (!isCalendarDate(effectiveDate) || !isWithinFinancialYear(effectiveDate, year)) return null;
  return periodsOf(year).filter((period) => period >= periodOf(effectiveDate));
}

function profilePeriodErrors(
  field: string,
  raw: unknown,
  allowed: PeriodId[] | null,
): FieldError[] {
  if (!isPeriodId(raw)) return fieldFailure(field, 'must be a period YYYY-MM');
  if (allowed && !allowed.includes(raw)) {
    return fieldFailure(
      field,
      `must be a period from ${allowed[0]} (the effective month) to ${allowed[allowed.length - 1]} (M12)`,
    );
  }
  return [];
}

function profileSumErrors(months: Record<string, unknown>[], rawAmount: unknown): FieldError[] {
  const amount = checkMoney('amount', rawAmount);
  if (!amount.ok) return []; // The amount's own error is already reported.
  const total = sumMoney(months.map((month) => money(String(month.amount))));
  const difference = amount.value.minus(total);
  if (difference.isZero()) return [];
  const gap = difference.isNegative()
    ? `${formatMoney(difference.negated())} over`
    : `${formatMoney(difference)} short`;
  return fieldFailure(
    'phasing.months',
    `must sum exactly to the amount ${formatMoney(amount.value)}, but sum to ${formatMoney(total)}: ${gap}`,
  );
}

function profileMonthsErrors(
  rawMonths: unknown,
  data: AllocateBudget['data'],
  year: FinancialYear,
): FieldError[] {
  if (!Array.isArray(rawMonths) || rawMonths.length === 0) {
    return fieldFailure('phasing.months', 'must list at least one month');
  }
  const months = rawMonths.map(asRecord);
  const allowed = monthsFromEffectiveDate(data.effectiveDate, year);
  const monthErrors = months.flatMap((month, i) => [
    ...profilePeriodErrors(`phasing.months[${i}].period`, month.period, allowed),
    ...moneyErrors(`phasing.months[${i}].amount`, month.amount, { allowZero: true }),
  ]);
  const repeats = repeatErrors(
    months.map((month) => month.period),
    (i) => `phasing.months[${i}].period`,
  );
  const sum = monthErrors.length === 0 ? profileSumErrors(months, data.amount) : [];
  return [...monthErrors, ...repeats, ...sum];
}

/** Field errors of an allocation's phasing profile, whichever kind it is. */
export function phasingProfileErrors(
  data: AllocateBudget['data'],
  year: FinancialYear,
): FieldError[] {
  const profile = asRecord(data.phasing);
  if (profile.kind === 'even') return [];
  if (profile.kind !== 'explicit') {
    return fieldFailure('phasing.kind', "must be 'even' or 'explicit'");
  }
  return profileMonthsErrors(profile.months, data, year);
}

/** A checked profile as the event carries it: in month order, amounts to 2 decimal places. */
export function explicitPhasing(months: PhasedAmount[]): PhasedAmount[] {
  return [...months]
    .sort((a, b) => (a.period < b.period ? -1 : 1))
    .map(({ period, amount }) => ({ period, amount: formatMoney(money(amount)) }));
}
