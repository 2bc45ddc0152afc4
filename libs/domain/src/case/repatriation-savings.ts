import { addDays, minDate, toDayNumber, type CalendarDate } from '../calendar/calendar-date';
import type { PeriodId } from '../calendar/financial-year';
import type { CasePeriodSaving } from '../ledger/period-figures';
import { formatMoney, money, type Money, type MoneyString } from '../money/money';
import { caseUnderAgreement, PeriodTotals, type CaseHistory } from './case-history';
import type { AgreementTerms } from './case.context';
import type { CaseRepatriation, RegisteredCase } from './case.state';
import type { NightRange } from './night-range';
import { addRatedNights, countableCalendar, type RatedNights } from './placement-costs';

/** The nights one repatriation's avoided cost is measured over, and its R_o. */
export interface SavingsAttribution {
  repatriationDate: CalendarDate;
  nights: NightRange;
  outOfAreaDailyRate: Money;
}

/**
 * Recognised savings per (case, period), from domain.md "Savings from repatriation": for each
 * repatriation on D at out-of-area rate R_o, every later night t in an in-area placement saves
 * R_o − R_i(t). The saving may be negative (in-area care costing more) and is never hidden.
 * Only nights inside the agreement's year and before `measuredAt` count; periods without a
 * counted night are left out. One step per (attribution × in-area rate segment × period).
 */
export function recognisedSavingsByPeriod(
  history: CaseHistory,
  terms: AgreementTerms,
  measuredAt: CalendarDate,
): CasePeriodSaving[] {
  const registered = caseUnderAgreement(history, terms);
  if (!registered) return [];
  return recognisedSavingsOf(registered, savedNightsByPeriod(registered, terms, measuredAt));
}

/**
 * The case's saving per period from its saved nights: per period, the sum of
 * nights × (R_o − R_i). Periods without a night are left out.
 */
export function recognisedSavingsOf(
  registered: RegisteredCase,
  pieces: readonly SavedNights[],
): CasePeriodSaving[] {
  const totals = new PeriodTotals();
  for (const piece of pieces) {
    const savedPerNight = money(piece.outOfAreaDailyRate).minus(money(piece.inAreaDailyRate));
    totals.add(piece.period, piece.nights, savedPerNight.times(piece.nights));
  }
  return totals.inPeriodOrder().map(({ period, nights, amount }) => ({
    caseId: registered.caseId,
    serviceLine: registered.serviceLine,
    period,
    nights,
    amount: formatMoney(amount),
  }));
}

/** Nights in one period on which a repatriation saves R_o − R_i at one in-area rate. */
export interface SavedNights {
  period: PeriodId;
  /** At least 1. */
  nights: number;
  /** R_o: the repatriation's out-of-area rate. */
  outOfAreaDailyRate: MoneyString;
  /** R_i: the in-area placement's rate on those nights. */
  inAreaDailyRate: MoneyString;
}

/**
 * The nights behind `recognisedSavingsByPeriod`, before any arithmetic: per attribution, its
 * in-area nights cut by in-area rate and by period. The saving is nights × (R_o − R_i),
 * exactly; a report that adds savings up in integer pence multiplies here.
 */
export function savedNightsByPeriod(
  history: CaseHistory,
  terms: AgreementTerms,
  measuredAt: CalendarDate,
): SavedNights[] {
  const registered = caseUnderAgreement(history, terms);
  if (!registered) return [];
  return registeredSavedNights(registered, terms, measuredAt, () => terms.savingsHorizonDays);
}

/**
 * The savings horizon, in nights, of a repatriation on a date: one agreement's own, or the
 * horizon a chain of agreements has in force on that date (chain/agreement-chain.ts).
 */
export type SavingsHorizonOf = (repatriationDate: CalendarDate) => number;

/**
 * `savedNightsByPeriod` for a case already folded, without asking whether the case was
 * registered under `terms` (only `terms.financialYear` is read), and with each repatriation's
 * horizon given by `horizonOf`: a chain recognises the nights of each year in the agreement
 * holding them, with the horizon of the agreement holding D (chain/chain-figures.ts).
 */
export function registeredSavedNights(
  registered: RegisteredCase,
  terms: Pick<AgreementTerms, 'financialYear'>,
  measuredAt: CalendarDate,
  horizonOf: SavingsHorizonOf,
): SavedNights[] {
  if (registered.repatriations.length === 0) return [];
  const calendar = countableCalendar(terms, measuredAt);
  const inArea = registered.placements.filter((placement) => placement.setting === 'in-area');
  const saved: SavedNights[] = [];
  const rated: RatedNights[] = [];
  const attributions = attributionNights(registered, horizonOf);
  for (const [i, nights] of attributions.entries()) {
    const outOfAreaDailyRate = registered.repatriations[i].outOfAreaDailyRate;
    const window = { from: toDayNumber(nights.from), until: toDayNumber(nights.until) };
    for (const placement of inArea) {
      rated.length = 0;
      addRatedNights(rated, placement, calendar, window);
      for (const { period, nights, dailyRate } of rated) {
        saved.push({ period, nights, outOfAreaDailyRate, inAreaDailyRate: dailyRate });
      }
    }
  }
  return saved;
}

/**
 * Each repatriation's attribution runs from D and stops at the first of: the horizon (nights
 * D … D + h − 1), the next repatriation (which starts its own), discharge, or the start of a
 * new out-of-area placement. Nights between in-area placements earn nothing, but the horizon
 * clock keeps running through them.
 */
export function savingsAttributions(
  registered: RegisteredCase,
  savingsHorizonDays: number,
): SavingsAttribution[] {
  const nights = attributionNights(registered, () => savingsHorizonDays);
  return registered.repatriations.map((repatriation, i) => ({
    repatriationDate: repatriation.repatriationDate,
    nights: nights[i],
    outOfAreaDailyRate: money(repatriation.outOfAreaDailyRate),
  }));
}

/** The nights each repatriation's saving is attributed over, in recorded order. */
function attributionNights(registered: RegisteredCase, horizonOf: SavingsHorizonOf): NightRange[] {
  // Recorded order is date order: a repatriation needs an open out-of-area placement, which
  // can only start once the previous repatriation's in-area placement has ended.
  const { repatriations } = registered;
  return repatriations.map((repatriation, i) => ({
    from: repatriation.repatriationDate,
    until: attributionStop(
      registered,
      repatriation,
      repatriations[i + 1],
      horizonOf(repatriation.repatriationDate),
    ),
  }));
}

/**
 * The first night no longer attributed. In a valid history the next repatriation and the
 * discharge are already cut off by a new out-of-area placement and by the end of the in-area
 * bed; they are listed anyway because the rule names them.
 */
function attributionStop(
  registered: RegisteredCase,
  repatriation: CaseRepatriation,
  next: CaseRepatriation | undefined,
  savingsHorizonDays: number,
): CalendarDate {
  const stops = [addDays(repatriation.repatriationDate, savingsHorizonDays)];
  if (next) stops.push(next.repatriationDate);
  if (registered.dischargeDate) stops.push(registered.dischargeDate);
  stops.push(...laterOutOfAreaStarts(registered, repatriation));
  return stops.reduce(minDate);
}

/**
 * Start dates of the out-of-area placements started after the repatriation. Placements are
 * kept in the order they started, so "after" is by position, not by date: an earlier OAP that
 * began and ended on D itself is not a new one.
 */
function laterOutOfAreaStarts(
  registered: RegisteredCase,
  repatriation: CaseRepatriation,
): CalendarDate[] {
  const inAreaAt = registered.placements.findIndex(
    (placement) => placement.placementId === repatriation.inAreaPlacementId,
  );
  return registered.placements
    .slice(inAreaAt + 1)
    .filter((placement) => placement.setting === 'out-of-area')
    .map((placement) => placement.startDate);
}
