import { toDayNumber, type CalendarDate } from '../calendar/calendar-date';
import {
  periodFirstDay,
  periodsOf,
  type FinancialYear,
  type PeriodId,
} from '../calendar/financial-year';
import type { PlacementPeriodCost } from '../ledger/period-figures';
import { formatMoney, money, type MoneyString } from '../money/money';
import {
  caseUnderAgreement,
  countableNights,
  PeriodTotals,
  type CaseHistory,
} from './case-history';
import type { AgreementTerms } from './case.context';
import type { CasePlacement, RegisteredCase } from './case.state';
import { financialYearNights } from './night-range';

/**
 * Accrued cost per (placement, period): for each night a placement was charged, the rate in
 * force that night. A placement from S to E is charged for nights S … E − 1; an open one for
 * nights up to, not including, `measuredAt`. Only nights inside the agreement's financial year
 * count. Periods without a night are left out; a night at a 0 rate (a block-funded bed) is a
 * bed day with no cost and is kept.
 *
 * The work is one step per (rate segment × period), never one per night.
 */
export function placementCostsByPeriod(
  history: CaseHistory,
  terms: AgreementTerms,
  measuredAt: CalendarDate,
): PlacementPeriodCost[] {
  const registered = caseUnderAgreement(history, terms);
  if (!registered) return [];
  return registeredPlacementCosts(registered, terms, measuredAt);
}

/**
 * `placementCostsByPeriod` for a case already folded, without asking whether the case was
 * registered under `terms`: only `terms.financialYear` is read. A chain of agreements charges
 * a case registered under one of them to whichever holds each night (chain/chain-figures.ts).
 */
export function registeredPlacementCosts(
  registered: RegisteredCase,
  terms: Pick<AgreementTerms, 'financialYear'>,
  measuredAt: CalendarDate,
): PlacementPeriodCost[] {
  const calendar = countableCalendar(terms, measuredAt);
  return registered.placements.flatMap((placement) =>
    placementCosts(registered, placement, calendar),
  );
}

/** Nights of one placement in one period charged at one daily rate. */
export interface RatedNights {
  placement: CasePlacement;
  period: PeriodId;
  /** At least 1. */
  nights: number;
  dailyRate: MoneyString;
}

/**
 * The nights behind `placementCostsByPeriod`, before any multiplication: for each placement
 * `selected` keeps, its charged nights cut by rate and by period (one entry per rate segment ×
 * period, in placement order, then date order). Cost is nights × dailyRate, exactly; a report
 * that adds costs up in integer pence multiplies here instead of parsing formatted amounts.
 */
export function ratedNightsByPeriod(
  history: CaseHistory,
  terms: AgreementTerms,
  measuredAt: CalendarDate,
  selected: (placement: CasePlacement) => boolean = () => true,
): RatedNights[] {
  const registered = caseUnderAgreement(history, terms);
  if (!registered) return [];
  return registeredRatedNights(registered, terms, measuredAt, selected);
}

/**
 * `ratedNightsByPeriod` for a case already folded, without asking whether the case was
 * registered under `terms`: only `terms.financialYear` is read. A chain's reports count a case
 * registered under any agreement of the chain in the agreement whose year holds each night.
 */
export function registeredRatedNights(
  registered: RegisteredCase,
  terms: Pick<AgreementTerms, 'financialYear'>,
  measuredAt: CalendarDate,
  selected: (placement: CasePlacement) => boolean = () => true,
): RatedNights[] {
  const calendar = countableCalendar(terms, measuredAt);
  const pieces: RatedNights[] = [];
  for (const placement of registered.placements) {
    if (selected(placement)) addRatedNights(pieces, placement, calendar);
  }
  return pieces;
}

/**
 * The countable nights as day numbers [from, until), and the first day of each of the
 * year's periods with the day after the year as the last bound.
 */
export interface CountableCalendar {
  readonly financialYear: FinancialYear;
  readonly measuredAt: CalendarDate;
  readonly from: number;
  readonly until: number;
  readonly periods: readonly PeriodId[];
  readonly bounds: readonly number[];
}

/**
 * A report asks for thousands of cases at one measuring date, so the latest calendar is kept:
 * it depends on the year and the date only, and is never changed once made.
 */
let latestCalendar: CountableCalendar | null = null;

export function countableCalendar(
  terms: Pick<AgreementTerms, 'financialYear'>,
  measuredAt: CalendarDate,
): CountableCalendar {
  const { financialYear } = terms;
  if (latestCalendar?.financialYear === financialYear && latestCalendar.measuredAt === measuredAt) {
    return latestCalendar;
  }
  const countable = countableNights(terms, measuredAt);
  const periods = periodsOf(financialYear);
  latestCalendar = {
    financialYear,
    measuredAt,
    from: toDayNumber(countable.from),
    until: toDayNumber(countable.until),
    periods,
    bounds: [
      ...periods.map((period) => toDayNumber(periodFirstDay(period))),
      toDayNumber(financialYearNights(financialYear).until),
    ],
  };
  return latestCalendar;
}

/**
 * Adds a placement's charged nights, cut by rate and by period, to `pieces`. The nights are
 * S … E − 1 (S … measuredAt − 1 while open) within the countable nights and `window` (day
 * numbers, half-open: e.g. a repatriation's attribution); each rate entry holds from its
 * effective date to the next entry's. All in whole day numbers, never one step per night:
 * countable nights lie inside the financial year, so every piece falls in one of its twelve
 * periods.
 */
export function addRatedNights(
  pieces: RatedNights[],
  placement: CasePlacement,
  calendar: CountableCalendar,
  window: { from: number; until: number } = calendar,
): void {
  const stayFrom = Math.max(toDayNumber(placement.startDate), calendar.from, window.from);
  const stayUntil = Math.min(
    placement.endDate === null ? calendar.until : toDayNumber(placement.endDate),
    calendar.until,
    window.until,
  );
  if (stayUntil <= stayFrom) return;
  const { rates } = placement;
  let rateFrom = toDayNumber(rates[0].effectiveDate);
  for (let i = 0; i < rates.length; i += 1) {
    const next = rates[i + 1];
    const rateUntil = next ? toDayNumber(next.effectiveDate) : stayUntil;
    const from = Math.max(rateFrom, stayFrom);
    const until = Math.min(rateUntil, stayUntil);
    rateFrom = rateUntil;
    if (until <= from) continue;
    for (let p = 0; p < calendar.periods.length; p += 1) {
      const nights = Math.min(until, calendar.bounds[p + 1]) - Math.max(from, calendar.bounds[p]);
      if (nights > 0) {
        pieces.push({
          placement,
          period: calendar.periods[p],
          nights,
          dailyRate: rates[i].dailyRate,
        });
      }
    }
  }
}

function placementCosts(
  registered: RegisteredCase,
  placement: CasePlacement,
  calendar: CountableCalendar,
): PlacementPeriodCost[] {
  const totals = new PeriodTotals();
  const pieces: RatedNights[] = [];
  addRatedNights(pieces, placement, calendar);
  for (const { period, nights, dailyRate } of pieces) {
    totals.add(period, nights, money(dailyRate).times(nights));
  }
  return totals.inPeriodOrder().map(({ period, nights, amount }) => ({
    caseId: registered.caseId,
    placementId: placement.placementId,
    serviceLine: registered.serviceLine,
    setting: placement.setting,
    providerCode: placement.providerCode,
    period,
    bedDays: nights,
    amount: formatMoney(amount),
  }));
}
