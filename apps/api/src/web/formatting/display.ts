import { periodNumber, type CalendarDate, type PeriodId } from '@ledger/domain';

/**
 * How the web pages write the ledger's values for a finance reader. The ledger's own forms
 * (decimal strings, ISO dates, period ids) stay in the API and the downloads; these are for
 * reading only, and are never parsed back.
 */

const MONEY = /^(-?)(\d+)\.(\d{2})$/;

/**
 * "£1,234,567.89" from the ledger's decimal string "1234567.89"; "-£8,500.00" for a negative
 * amount. A hyphen-minus rather than U+2212, so a figure pasted into a spreadsheet stays a
 * number. Digits are grouped as text: money never passes through a float.
 */
export function formatPounds(amount: string): string {
  const match = MONEY.exec(amount);
  if (!match) throw new RangeError(`Not a money amount with 2 decimal places: ${amount}`);
  const [, sign, pounds, pence] = match;
  const grouped = pounds.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = sign === '-' && /[1-9]/.test(pounds + pence);
  return `${negative ? '-' : ''}£${grouped}.${pence}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "30 September 2025" from "2025-09-30", read as a calendar date (no time zone involved). */
export function formatCalendarDate(date: CalendarDate): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** "September 2025 (M06)" from "2025-09": the month and its number in the financial year. */
export function formatPeriod(period: PeriodId): string {
  const [year, month] = period.split('-').map(Number);
  const number = String(periodNumber(period)).padStart(2, '0');
  return `${MONTHS[month - 1]} ${year} (M${number})`;
}

const UK_INSTANT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
  timeZoneName: 'short',
});

/**
 * "31 July 2025 at 23:59:59 BST": an instant in UK time, with the zone named, since a
 * reviewer's "end of July" is a UK one while the ledger records UTC.
 */
export function formatInstant(iso: string): string {
  const parts = Object.fromEntries(
    UK_INSTANT.formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
  );
  return (
    `${parts.day} ${parts.month} ${parts.year} at ` +
    `${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`
  );
}
