/**
 * Calendar dates `YYYY-MM-DD`, with no time of day and no time zone. Arithmetic goes through
 * a day number (days since 1970-01-01, computed in UTC) so that a clock change never moves a
 * date.
 */
export type CalendarDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isCalendarDate(raw: unknown): raw is CalendarDate {
  if (typeof raw !== 'string') return false;
  const match = DATE_PATTERN.exec(raw);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/*
 * Every cost, saving and report walks dates, so these two run millions of times per report.
 * Well-formed dates of years 0100–9999 take integer arithmetic on the proleptic Gregorian
 * calendar (the civil-from-days algorithm, as Date.UTC computes it); anything else goes
 * through Date, whose quirks (years 0–99 read as 19xx, month overflow) are kept as they were.
 * A property test checks the two agree.
 */

/** Days from 1970-01-01 to the first of March of year `y` (March-based years put the leap day last). */
function daysToMarchFirst(y: number): number {
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  return (
    era * 146_097 +
    yearOfEra * 365 +
    Math.floor(yearOfEra / 4) -
    Math.floor(yearOfEra / 100) -
    719_468
  );
}

/** Day of the March-based year on which each month starts (March = 0). */
const MONTH_START_FROM_MARCH = [306, 337, 0, 31, 61, 92, 122, 153, 184, 214, 245, 275];

const DIGIT_0 = 48;

function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i += 1) {
    const digit = text.charCodeAt(i) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

export function toDayNumber(date: CalendarDate): number {
  if (date.length === 10 && date[4] === '-' && date[7] === '-') {
    const y = digitsAt(date, 0, 4);
    const m = digitsAt(date, 5, 2);
    const d = digitsAt(date, 8, 2);
    if (y >= 100 && m >= 1 && m <= 12 && d >= 0) {
      // January and February belong to the March-based year before.
      return daysToMarchFirst(m <= 2 ? y - 1 : y) + MONTH_START_FROM_MARCH[m - 1] + d - 1;
    }
  }
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

const TWO_DIGITS = Array.from({ length: 32 }, (_, n) => String(n).padStart(2, '0'));

export function fromDayNumber(day: number): CalendarDate {
  if (Number.isSafeInteger(day)) {
    const shifted = day + 719_468;
    const era = Math.floor(shifted / 146_097);
    const dayOfEra = shifted - era * 146_097;
    const yearOfEra = Math.floor(
      (dayOfEra -
        Math.floor(dayOfEra / 1_460) +
        Math.floor(dayOfEra / 36_524) -
        Math.floor(dayOfEra / 146_096)) /
        365,
    );
    const dayOfYear =
      dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
    const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
    const d = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
    const m = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
    const y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
    if (y >= 1000 && y <= 9999) return `${y}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`;
  }
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a >= b ? a : b;
}
