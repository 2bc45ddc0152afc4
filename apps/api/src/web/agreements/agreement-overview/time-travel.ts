import { isCalendarDate, type CalendarDate, type FieldError } from '@ledger/domain';
import { isISO8601 } from 'class-validator';

/** The two clocks of a report, as the overview's GET form sends them (blank: not asked). */
export interface TimeTravelAddress {
  asOf?: string;
  knownAt?: string;
}

export interface TimeTravel {
  /** The business date: facts effective up to it; absent for the report's default. */
  asOf: CalendarDate | undefined;
  /** The knowledge time: only what had been recorded by then; absent for now. */
  knownAt: string | undefined;
  errors: FieldError[];
}

/**
 * Reads the two clocks with the API's rules for `asOf` (a calendar date) and `knownAt` (a
 * strict ISO 8601 instant), so a page answers the same question the API would; what fails is
 * named for the NHS.UK error summary.
 */
export function readTimeTravel(address: TimeTravelAddress): TimeTravel {
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  const asOf = text(address.asOf);
  const knownAt = text(address.knownAt);
  const errors: FieldError[] = [];
  if (asOf !== undefined && !isCalendarDate(asOf)) {
    errors.push({
      field: 'asOf',
      message: 'Enter the business date as year, month and day, for example 2025-09-30',
    });
  }
  if (knownAt !== undefined && !isISO8601(knownAt, { strict: true })) {
    errors.push({
      field: 'knownAt',
      message: 'Enter the moment as an ISO 8601 time, for example 2025-07-31T23:59:59Z',
    });
  }
  return { asOf, knownAt, errors };
}

/** The query part of an address that asks the same clocks again (downloads, links). */
export function timeTravelQuery(travel: Pick<TimeTravel, 'asOf' | 'knownAt'>): string {
  const query = new URLSearchParams();
  if (travel.asOf !== undefined) query.set('asOf', travel.asOf);
  if (travel.knownAt !== undefined) query.set('knownAt', travel.knownAt);
  const text = query.toString();
  return text ? `?${text}` : '';
}
