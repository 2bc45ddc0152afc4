import { addDays, type CalendarDate } from './calendar-date';

/**
 * The NHS financial year runs 1 April to 31 March and is written `2025/26`. Its periods are
 * calendar months, `2025-04` (M01) to `2026-03` (M12).
 */
export type FinancialYear = string;
export type PeriodId = string;

const YEAR_PATTERN = /^(\d{4})\/(\d{2})$/;

/**
 * The years an agreement may cover. Delegation began in 2017; the range leaves room for
 * history before it and for any chain a collaborative could plan, and keeps every date the
 * ledger computes (a year's last night, a horizon running past 31 March, a report's months)
 * inside four-digit years. `9999/00` was once accepted and no report could total it.
 */
export const FIRST_FINANCIAL_YEAR: FinancialYear = '2000/01';
export const LAST_FINANCIAL_YEAR: FinancialYear = '2098/99';

export const FINANCIAL_YEAR_RULE = `must be a financial year written like "2025/26", from ${FIRST_FINANCIAL_YEAR} to ${LAST_FINANCIAL_YEAR}`;

export function isFinancialYear(raw: unknown): raw is FinancialYear {
  if (typeof raw !== 'string') return false;
  const match = YEAR_PATTERN.exec(raw);
  if (!match) return false;
  const start = Number(match[1]);
  return (
    (start + 1) % 100 === Number(match[2]) &&
    start >= startYear(FIRST_FINANCIAL_YEAR) &&
    start <= startYear(LAST_FINANCIAL_YEAR)
  );
}

function startYear(year: FinancialYear): number {
  return Number(year.slice(0, 4));
}

export function financialYearStart(year: FinancialYear): CalendarDate {
  return `${startYear(year)}-04-01`;
}

export function financialYearEnd(year: FinancialYear): CalendarDate {
  return `${startYear(year) + 1}-03-31`;
}

/** The financial year a date falls in: 2026-03-31 is in 2025/26, 2026-04-01 in 2026/27. */
export function financialYearOf(date: CalendarDate): FinancialYear {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const start = m >= 4 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

export function isWithinFinancialYear(date: CalendarDate, year: FinancialYear): boolean {
  return date >= financialYearStart(year) && date <= financialYearEnd(year);
}

/** The twelve periods M01..M12 of a financial year, in order. */
export function periodsOf(year: FinancialYear): PeriodId[] {
  const first = startYear(year);
  return Array.from({ length: 12 }, (_, i) => {
    const month = ((3 + i) % 12) + 1;
    const y = month >= 4 ? first : first + 1;
    return `${y}-${String(month).padStart(2, '0')}`;
  });
}

export function periodOf(date: CalendarDate): PeriodId {
  return date.slice(0, 7);
}

/** 1 for April (M01) … 12 for March (M12). */
export function periodNumber(period: PeriodId): number {
  const month = Number(period.slice(5, 7));
  return month >= 4 ? month - 3 : month + 9;
}

export function periodFirstDay(period: PeriodId): CalendarDate {
  return `${period}-01`;
}

export function periodLastDay(period: PeriodId): CalendarDate {
  // Walked once per period per placement by the cost rules: a valid period reads its month's
  // length instead of going through day numbers.
  if (isPeriodId(period) && Number(period.slice(0, 4)) >= 1000) {
    return `${period}-${daysInMonth(Number(period.slice(0, 4)), Number(period.slice(5, 7)))}`;
  }
  const [y, m] = period.split('-').map(Number);
  const nextMonth = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return addDays(`${nextMonth}-01`, -1);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

export function isPeriodId(raw: unknown): raw is PeriodId {
  return typeof raw === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(raw);
}
