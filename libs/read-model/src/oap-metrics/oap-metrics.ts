import Decimal from 'decimal.js';
import {
  addDays,
  periodFirstDay,
  periodLastDay,
  periodOf,
  registeredRatedNights,
  type CalendarDate,
  type CasePlacement,
  type PeriodId,
  type RegisteredCase,
} from '@ledger/domain';
import { readPosition } from '../projection/append-only-store';
import {
  agreementView,
  type AgreementView,
  type CaseTimelinesState,
} from '../cases/case-timelines.projection';
import { formatPence, type Pence } from '../ledger/pence';
import { asOfWindow } from '../reporting/as-of';
import {
  chainSummaryOf,
  uncoveredNightsWarning,
  type ChainSummary,
  type ReportWarning,
} from '../reporting/chain-parts';
import { RatePence, wholePenceOf } from '../reporting/rate-pence';

/** 1 mile is exactly 1.609344 km. */
export const KM_PER_MILE = new Decimal('1.609344');

/** The part of the read model the OAP metrics read. */
export interface OapMetricsSources {
  readonly cases: CaseTimelinesState;
}

export interface OapMetricsQuery {
  agreementId: string;
  asOf: CalendarDate;
  /** One service line only; all of the agreement's cases when absent. */
  serviceLine?: string;
  knownAt?: number;
  /** Today's UK date, through which uncovered nights are counted (see BudgetReportQuery). */
  today?: CalendarDate;
}

export interface OapPeriodMetrics {
  period: PeriodId;
  /** False for the period holding asOf when asOf is before its last day: figures run to asOf. */
  complete: boolean;
  /** The night "active at period end" is counted on: the last day, or asOf if earlier. */
  countedOn: CalendarDate;
  /** Out-of-area placements occupying that night: start ≤ night < end. */
  activeAtPeriodEnd: number;
  /** Start date in the period (and on or before asOf). */
  started: number;
  /** End date in the period (and on or before asOf): ended, repatriated or discharged. */
  ended: number;
  /** Out-of-area nights in the period up to and including asOf, within the agreement's year. */
  bedDays: number;
  /** Those nights × the rate in force each night. */
  cost: string;
  /** Mean distance from home of the OAPs active at period end, 1 decimal place; null if none. */
  meanDistanceKm: string | null;
  meanDistanceMiles: string | null;
  /** Change from the period before, of the figures as shown; null when either has no OAPs. */
  changeKm: string | null;
  changeMiles: string | null;
  /** Repatriations dated in the period (and on or before asOf). */
  repatriations: number;
}

export interface OapMetricsReport {
  agreementId: string;
  financialYear: string;
  asOf: CalendarDate;
  knownAt: number;
  serviceLine: string | null;
  periods: OapPeriodMetrics[];
  /** The agreement's chain as known at `knownAt`. */
  chain: ChainSummary;
  /** E.g. uncovered nights (of every setting), in the reports of the chain's last agreement. */
  warnings: ReportWarning[];
}

/**
 * Out-of-area metrics by period (domain.md, "Out-of-area metrics"), from the case facts as
 * known at `knownAt`. They are activity statistics, so a back-dated fact restates the period
 * it belongs to; the ledger's posted figures are in the budget report. Null when the
 * agreement is unknown.
 *
 * Each placement and repatriation is looked at once and filed under its period, and each
 * night counted on is worked out once, so the cost grows with the agreement's facts, not with
 * facts × periods. `oap-metrics.property.unit.spec.ts` checks it against the rule read
 * literally, period by period.
 */
export function oapMetrics(
  sources: OapMetricsSources,
  query: OapMetricsQuery,
): OapMetricsReport | null {
  const position = readPosition(sources.cases, query.knownAt);
  const view = agreementView(sources.cases, query.agreementId, position);
  if (!view) return null;
  const window = asOfWindow(view.terms.financialYear, query.asOf);
  // Every case of the chain: its care in this agreement's periods is this agreement's.
  const cases = view.chainCases.filter(
    (c) => query.serviceLine === undefined || c.serviceLine === query.serviceLine,
  );
  const activity = oapActivity(cases, view, window.measuredAt, query.asOf);
  const uncovered = uncoveredNightsWarning(view, cases, query.asOf, query.today);
  return {
    agreementId: query.agreementId,
    financialYear: view.terms.financialYear,
    asOf: query.asOf,
    knownAt: position,
    serviceLine: query.serviceLine ?? null,
    periods: window.periods.map((period) => periodMetrics(activity, period, query.asOf)),
    chain: chainSummaryOf(view),
    warnings: uncovered ? [uncovered] : [],
  };
}

/** The out-of-area activity of the cases in scope, filed by period, as known at the query. */
interface OapActivity {
  oaps: OutOfAreaPlacement[];
  /** Placements started / ended, and repatriations, on or before asOf, by the period of the date. */
  started: PeriodCounts;
  ended: PeriodCounts;
  repatriations: PeriodCounts;
  nights: NightsByPeriod;
  /** Memo: the OAPs occupying a night, worked out once per night asked about. */
  occupancy: Map<CalendarDate, Occupancy>;
}

interface OutOfAreaPlacement {
  placement: CasePlacement;
  /** Its distance from home in tenths of a km, or null if too large to add up as a number. */
  distanceTenths: number | null;
}

/** How many OAPs occupy a night, and their mean distance from home (null if none). */
interface Occupancy {
  count: number;
  mean: { km: Decimal; miles: Decimal } | null;
}

class PeriodCounts {
  private readonly counts = new Map<PeriodId, number>();

  /** Counts a date on or before asOf under its period; a later one is not yet known. */
  add(date: CalendarDate | null, asOf: CalendarDate): void {
    if (date === null || date > asOf) return;
    const period = periodOf(date);
    this.counts.set(period, (this.counts.get(period) ?? 0) + 1);
  }

  of(period: PeriodId): number {
    return this.counts.get(period) ?? 0;
  }
}

function oapActivity(
  cases: RegisteredCase[],
  view: AgreementView,
  measuredAt: CalendarDate,
  asOf: CalendarDate,
): OapActivity {
  const activity: OapActivity = {
    oaps: [],
    started: new PeriodCounts(),
    ended: new PeriodCounts(),
    repatriations: new PeriodCounts(),
    nights: oapNightsByPeriod(cases, view, measuredAt),
    occupancy: new Map(),
  };
  for (const registered of cases) {
    for (const placement of registered.placements) {
      if (placement.setting !== 'out-of-area') continue;
      activity.oaps.push({ placement, distanceTenths: tenthsOfKm(placement.distanceFromHomeKm) });
      activity.started.add(placement.startDate, asOf);
      activity.ended.add(placement.endDate, asOf);
    }
    for (const repatriation of registered.repatriations) {
      activity.repatriations.add(repatriation.repatriationDate, asOf);
    }
  }
  return activity;
}

function periodMetrics(
  activity: OapActivity,
  period: PeriodId,
  asOf: CalendarDate,
): OapPeriodMetrics {
  const countedOn = countedOnFor(period, asOf);
  const atEnd = occupancyOn(activity, countedOn);
  const mean = atEnd.mean;
  const before = occupancyOn(activity, countedOnFor(previousPeriod(period), asOf)).mean;
  const { bedDays, costPence } = activity.nights.get(period) ?? { bedDays: 0, costPence: 0n };
  return {
    period,
    complete: periodLastDay(period) <= asOf,
    countedOn,
    activeAtPeriodEnd: atEnd.count,
    started: activity.started.of(period),
    ended: activity.ended.of(period),
    bedDays,
    cost: formatPence(costPence),
    meanDistanceKm: mean?.km.toFixed(1) ?? null,
    meanDistanceMiles: mean?.miles.toFixed(1) ?? null,
    changeKm: mean && before ? signed(mean.km.minus(before.km)) : null,
    changeMiles: mean && before ? signed(mean.miles.minus(before.miles)) : null,
    repatriations: activity.repatriations.of(period),
  };
}

/** The period's last day once asOf has reached it; asOf itself while the period runs. */
function countedOnFor(period: PeriodId, asOf: CalendarDate): CalendarDate {
  const lastDay = periodLastDay(period);
  return lastDay <= asOf ? lastDay : asOf;
}

function previousPeriod(period: PeriodId): PeriodId {
  return periodOf(addDays(periodFirstDay(period), -1));
}

function occupies(placement: CasePlacement, night: CalendarDate): boolean {
  return placement.startDate <= night && (placement.endDate === null || night < placement.endDate);
}

function occupancyOn(activity: OapActivity, night: CalendarDate): Occupancy {
  let occupancy = activity.occupancy.get(night);
  if (!occupancy) {
    const active = activity.oaps.filter((oap) => occupies(oap.placement, night));
    occupancy = { count: active.length, mean: meanDistance(active) };
    activity.occupancy.set(night, occupancy);
  }
  return occupancy;
}

const DISTANCE_KM = /^(\d+)(?:\.(\d))?$/;

/**
 * A distance ("182", "212.5") in tenths of a km, exactly: checked distances have at most one
 * decimal place. Null when it would not be a safe integer, so the mean falls back to Decimal.
 */
function tenthsOfKm(distanceKm: string): number | null {
  const match = DISTANCE_KM.exec(distanceKm);
  if (!match || match[1].length > 15) return null;
  const tenths = Number(match[1]) * 10 + Number(match[2] ?? '0');
  return Number.isSafeInteger(tenths) ? tenths : null;
}

/**
 * Means rounded half-up to 1 decimal place, as shown; miles from the unrounded km. The total
 * is added up in integer tenths of a km while it stays a safe integer (every partial sum is
 * then exact, so it equals the Decimal sum), and divided with Decimal exactly as before.
 */
function meanDistance(active: OutOfAreaPlacement[]): { km: Decimal; miles: Decimal } | null {
  if (active.length === 0) return null;
  let tenths = 0;
  for (const oap of active) {
    if (oap.distanceTenths === null) {
      tenths = Number.NaN;
      break;
    }
    tenths += oap.distanceTenths;
  }
  const total = Number.isSafeInteger(tenths)
    ? new Decimal(tenths).dividedBy(10)
    : active.reduce(
        (sum, oap) => sum.plus(new Decimal(oap.placement.distanceFromHomeKm)),
        new Decimal(0),
      );
  const meanKm = total.dividedBy(active.length);
  return {
    km: meanKm.toDecimalPlaces(1, Decimal.ROUND_HALF_UP),
    miles: meanKm.dividedBy(KM_PER_MILE).toDecimalPlaces(1, Decimal.ROUND_HALF_UP),
  };
}

function signed(change: Decimal): string {
  return change.isZero() ? '0.0' : change.toFixed(1);
}

const isOutOfArea = (placement: CasePlacement): boolean => placement.setting === 'out-of-area';

type NightsByPeriod = Map<PeriodId, { bedDays: number; costPence: Pence }>;

/**
 * Out-of-area bed days and cost per period, for the nights before `measuredAt`: the domain's
 * charged nights by rate and period, each costed as nights × rate in pence (exact, as the
 * domain's Decimal cost is). Pence are added as plain numbers: every term is a non-negative
 * integer, so while a period's total stays a safe integer every partial sum is exact too.
 * A total past that, or a rate that is not a plain amount, recounts in bigint.
 */
function oapNightsByPeriod(
  cases: RegisteredCase[],
  view: AgreementView,
  measuredAt: CalendarDate,
): NightsByPeriod {
  const byPeriod = new Map<PeriodId, { bedDays: number; costPence: number }>();
  const rates = new Map<string, number | null>();
  for (const registered of cases) {
    for (const piece of registeredRatedNights(registered, view.terms, measuredAt, isOutOfArea)) {
      let pence = rates.get(piece.dailyRate);
      if (pence === undefined) {
        pence = wholePenceOf(piece.dailyRate);
        rates.set(piece.dailyRate, pence);
      }
      if (pence === null) return oapNightsInBigint(cases, view, measuredAt);
      const sum = byPeriod.get(piece.period);
      if (sum) {
        sum.bedDays += piece.nights;
        sum.costPence += pence * piece.nights;
      } else {
        byPeriod.set(piece.period, { bedDays: piece.nights, costPence: pence * piece.nights });
      }
    }
  }
  const exact: NightsByPeriod = new Map();
  for (const [period, { bedDays, costPence }] of byPeriod) {
    if (!Number.isSafeInteger(costPence)) return oapNightsInBigint(cases, view, measuredAt);
    exact.set(period, { bedDays, costPence: BigInt(costPence) });
  }
  return exact;
}

/** `oapNightsByPeriod` in bigint pence throughout, for figures too large for a number. */
function oapNightsInBigint(
  cases: RegisteredCase[],
  view: AgreementView,
  measuredAt: CalendarDate,
): NightsByPeriod {
  const byPeriod: NightsByPeriod = new Map();
  const rates = new RatePence();
  for (const registered of cases) {
    for (const piece of registeredRatedNights(registered, view.terms, measuredAt, isOutOfArea)) {
      const sum = byPeriod.get(piece.period) ?? { bedDays: 0, costPence: 0n };
      sum.bedDays += piece.nights;
      sum.costPence += rates.costOf(piece.dailyRate, piece.nights);
      byPeriod.set(piece.period, sum);
    }
  }
  return byPeriod;
}
