import Decimal from 'decimal.js';
import {
  isWithinFinancialYear,
  periodOf,
  periodsOf,
  type FinancialYear,
  type PeriodId,
} from '../calendar/financial-year';
import type { CalendarDate } from '../calendar/calendar-date';
import { formatMoney, type Money } from '../money/money';

export interface PhasedMoney {
  period: PeriodId;
  amount: Money;
}

/**
 * Even phasing, the one place money is rounded: the amount is spread over the months from
 * the effective date's month to M12 in equal parts, each truncated toward zero to the penny,
 * and M12 takes the remainder so the parts sum exactly to the amount.
 *   £65,000,000.00 from April: 11 × 5,416,666.66 + 5,416,666.74.
 *   −£250,000.00 from January: −83,333.33, −83,333.33, −83,333.34.
 */
export function phaseEvenly(
  amount: Money,
  effectiveDate: CalendarDate,
  year: FinancialYear,
): PhasedMoney[] {
  if (!isWithinFinancialYear(effectiveDate, year)) {
    // Callers check the date first; phasing outside the year would divide by zero months.
    throw new Error(`Cannot phase from ${effectiveDate}: it is outside financial year ${year}`);
  }
  const months = periodsOf(year).filter((p) => p >= periodOf(effectiveDate));
  const part = amount.dividedBy(months.length).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const remainder = amount.minus(part.times(months.length - 1));
  return months.map((period, i) => ({
    period,
    amount: i === months.length - 1 ? remainder : part,
  }));
}

export function phasingToEvent(phasing: PhasedMoney[]): { period: PeriodId; amount: string }[] {
  return phasing.map(({ period, amount }) => ({ period, amount: formatMoney(amount) }));
}
