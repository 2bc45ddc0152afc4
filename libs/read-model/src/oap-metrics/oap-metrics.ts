import Decimal from 'decimal.js';
import {
  addDays,
  periodFirstDay,
  periodLastDay,
  periodOf,
  placementCostsByPeriod,
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
import { formatPence, penceOf, type Pence } from '../ledger/pence';
import { asOfWindow } from '../reporting/as-of';

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
}

interface OutOfAreaPlacement {
  registered: RegisteredCase;
  placement: CasePlacement;
}

/**
 * Out-of-area metrics by period (domain.md, "Out-of-area metrics"), from the case facts as
 * known at `knownAt`. They are activity statistics, so a back-dated fact restates the period
 * it belongs to; the ledger's posted figures are in the budget report. Null when the
 * agreement is unknown.
 */
export function oapMetrics(
  sources: OapMetricsSources,
  query: OapMetricsQuery,
): OapMetricsReport | null {
  const position = readPosition(sources.cases, query.knownAt);
  const view = agreementView(sources.cases, query.agreementId, position);
  if (!view) return null;
  const window = asOfWindow(view.terms.financialYear, query.asOf);
  const cases = view.cases.filter(
    (c) => query.serviceLine === undefined || c.serviceLine === query.serviceLine,
  );
  const activity: OapActivity = {
    cases,
    oaps: cases.flatMap((registered) =>
      registered.placements
        .filter((placement) => placement.setting === 'out-of-area')
        .map((placement) => ({ registered, placement })),
    ),
    nights: oapNightsByPeriod(cases, view, window.measuredAt),
    asOf: query.asOf,
  };
  return {
    agreementId: query.agreementId,
    financialYear: view.terms.financialYear,
    asOf: query.asOf,
    knownAt: position,
    serviceLine: query.serviceLine ?? null,
    periods: window.periods.map((period) => periodMetrics(activity, period)),
  };
}

/** The cases in scope, their out-of-area placements and nights, as known at the query. */
interface OapActivity {
  cases: RegisteredCase[];
  oaps: OutOfAreaPlacement[];
  nights: Map<PeriodId, { bedDays: number; costPence: Pence }>;
  asOf: CalendarDate;
}

function periodMetrics(
  { cases, oaps, nights, asOf }: OapActivity,
  period: PeriodId,
): OapPeriodMetrics {
  const countedOn = countedOnFor(period, asOf);
  const mean = meanDistance(oaps, countedOn);
  const before = meanDistance(oaps, countedOnFor(previousPeriod(period), asOf));
  const inPeriod = (date: CalendarDate | null) =>
    date !== null && periodOf(date) === period && date <= asOf;
  const { bedDays, costPence } = nights.get(period) ?? { bedDays: 0, costPence: 0n };
  return {
    period,
    complete: periodLastDay(period) <= asOf,
    countedOn,
    activeAtPeriodEnd: oaps.filter((oap) => occupies(oap.placement, countedOn)).length,
    started: oaps.filter((oap) => inPeriod(oap.placement.startDate)).length,
    ended: oaps.filter((oap) => inPeriod(oap.placement.endDate)).length,
    bedDays,
    cost: formatPence(costPence),
    meanDistanceKm: mean?.km.toFixed(1) ?? null,
    meanDistanceMiles: mean?.miles.toFixed(1) ?? null,
    changeKm: mean && before ? signed(mean.km.minus(before.km)) : null,
    changeMiles: mean && before ? signed(mean.miles.minus(before.miles)) : null,
    repatriations: cases.flatMap((c) => c.repatriations).filter((r) => inPeriod(r.repatriationDate))
      .length,
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

/** Means rounded half-up to 1 decimal place, as shown; miles from the unrounded km. */
function meanDistance(
  oaps: OutOfAreaPlacement[],
  night: CalendarDate,
): { km: Decimal; miles: Decimal } | null {
  const active = oaps.filter((oap) => occupies(oap.placement, night));
  if (active.length === 0) return null;
  const total = active.reduce(
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

/** Out-of-area bed days and cost per period, for the nights before `measuredAt`. */
function oapNightsByPeriod(
  cases: RegisteredCase[],
  view: AgreementView,
  measuredAt: CalendarDate,
): Map<PeriodId, { bedDays: number; costPence: Pence }> {
  const byPeriod = new Map<PeriodId, { bedDays: number; costPence: Pence }>();
  for (const registered of cases) {
    for (const cost of placementCostsByPeriod(registered, view.terms, measuredAt)) {
      if (cost.setting !== 'out-of-area') continue;
      const sum = byPeriod.get(cost.period) ?? { bedDays: 0, costPence: 0n };
      byPeriod.set(cost.period, {
        bedDays: sum.bedDays + cost.bedDays,
        costPence: sum.costPence + penceOf(cost.amount),
      });
    }
  }
  return byPeriod;
}
