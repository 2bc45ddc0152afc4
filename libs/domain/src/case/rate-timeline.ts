import type { CalendarDate } from '../calendar/calendar-date';
import type { MoneyString } from '../money/money';

/**
 * One entry of a placement's rate timeline: the daily rate in force for nights on or after
 * `effectiveDate`, until the next entry. The first entry is the placement's start rate.
 */
export interface RateChange {
  effectiveDate: CalendarDate;
  /** Exactly 2 decimal places, ≥ 0. */
  dailyRate: MoneyString;
}

/**
 * Adds a rate change to a timeline kept sorted by effective date, with one entry per date.
 * Back-dated changes are facts like any other, so a change may land before entries recorded
 * earlier; a second change on the same date replaces the first, because it was recorded later.
 */
export function withRateChange(rates: readonly RateChange[], change: RateChange): RateChange[] {
  const others = rates.filter((rate) => rate.effectiveDate !== change.effectiveDate);
  return [...others, change].sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : 1));
}

/** The rate in force on a night: the latest entry effective on or before it. */
export function rateOn(rates: readonly RateChange[], night: CalendarDate): MoneyString {
  let inForce: RateChange | undefined;
  for (const rate of rates) {
    if (rate.effectiveDate <= night) inForce = rate;
  }
  if (!inForce) {
    throw new Error(`No rate is in force on ${night}: the timeline starts later`);
  }
  return inForce.dailyRate;
}
