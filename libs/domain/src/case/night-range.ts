import {
  addDays,
  daysBetween,
  maxDate,
  minDate,
  type CalendarDate,
} from '../calendar/calendar-date';
import {
  financialYearEnd,
  financialYearStart,
  type FinancialYear,
} from '../calendar/financial-year';

/**
 * A run of nights, half-open: [from, until) holds the nights from, from + 1, …, until − 1.
 * A placement from S to E is the range [S, E), so the discharge day is never charged and a
 * same-day admission and discharge is an empty range. Working with ranges rather than single
 * nights keeps every cost and saving calculation proportional to the number of rate changes,
 * not to the length of a stay.
 */
export interface NightRange {
  from: CalendarDate;
  until: CalendarDate;
}

/** Number of nights in the range; 0 when it is empty. */
export function nightCount(range: NightRange): number {
  return Math.max(0, daysBetween(range.from, range.until));
}

export function isEmptyRange(range: NightRange): boolean {
  return range.until <= range.from;
}

/** The nights both ranges share (possibly empty). */
export function intersectRanges(a: NightRange, b: NightRange): NightRange {
  return { from: maxDate(a.from, b.from), until: minDate(a.until, b.until) };
}

/** Every night of an agreement's financial year: 1 April up to and including 31 March. */
export function financialYearNights(year: FinancialYear): NightRange {
  return { from: financialYearStart(year), until: addDays(financialYearEnd(year), 1) };
}
