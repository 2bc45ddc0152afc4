import Decimal from 'decimal.js';
import fc from 'fast-check';
import {
  addDays,
  periodFirstDay,
  periodLastDay,
  periodOf,
  placementCostsByPeriod,
  type CalendarDate,
  type CasePlacement,
  type PeriodId,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { agreementView } from '../cases/case-timelines.projection';
import { formatPence, penceOf } from '../ledger/pence';
import { readPosition } from '../projection/append-only-store';
import { foldEvents } from '../projection/projection';
import { oapMetricsProjection, type OapMetricsState } from '../read-model';
import { asOfWindow } from '../reporting/as-of';
import { chainSummaryOf, uncoveredNightsWarning } from '../reporting/chain-parts';
import { AGREEMENTS, generatedHistory } from '../testing/generated-history';
import {
  KM_PER_MILE,
  oapMetrics,
  type OapMetricsQuery,
  type OapMetricsReport,
  type OapPeriodMetrics,
} from './oap-metrics';

/**
 * `oapMetrics` files each placement once under its period and sums distances in integer
 * tenths of a km. This checks it against domain.md's rule read literally, period by period:
 * every OAP filtered for every night counted on, distances added with Decimal, costs from the
 * domain's Decimal `placementCostsByPeriod`. On random valid histories (back-dated facts,
 * repatriations, closes), as known at any position, for any as-of date and service line.
 */
function literalOapMetrics(
  sources: OapMetricsState,
  query: OapMetricsQuery,
): OapMetricsReport | null {
  const position = readPosition(sources.cases, query.knownAt);
  const view = agreementView(sources.cases, query.agreementId, position);
  if (!view) return null;
  const window = asOfWindow(view.terms.financialYear, query.asOf);
  // Every case of the chain (these histories have no chains: the agreement's own cases).
  const cases = view.chainCases.filter(
    (c) => query.serviceLine === undefined || c.serviceLine === query.serviceLine,
  );
  const oaps = cases.flatMap((c) => c.placements.filter((p) => p.setting === 'out-of-area'));
  const occupies = (p: CasePlacement, night: CalendarDate) =>
    p.startDate <= night && (p.endDate === null || night < p.endDate);
  const countedOnFor = (period: PeriodId) =>
    periodLastDay(period) <= query.asOf ? periodLastDay(period) : query.asOf;
  const mean = (night: CalendarDate) => {
    const active = oaps.filter((p) => occupies(p, night));
    if (active.length === 0) return null;
    const km = active
      .reduce((sum, p) => sum.plus(new Decimal(p.distanceFromHomeKm)), new Decimal(0))
      .dividedBy(active.length);
    return {
      km: km.toDecimalPlaces(1, Decimal.ROUND_HALF_UP),
      miles: km.dividedBy(KM_PER_MILE).toDecimalPlaces(1, Decimal.ROUND_HALF_UP),
    };
  };
  const signed = (change: Decimal) => (change.isZero() ? '0.0' : change.toFixed(1));
  const costs = cases
    .flatMap((c) => placementCostsByPeriod(c, view.terms, window.measuredAt))
    .filter((cost) => cost.setting === 'out-of-area');
  const periods = window.periods.map((period): OapPeriodMetrics => {
    const inPeriod = (date: CalendarDate | null) =>
      date !== null && periodOf(date) === period && date <= query.asOf;
    const countedOn = countedOnFor(period);
    const now = mean(countedOn);
    const before = mean(countedOnFor(periodOf(addDays(periodFirstDay(period), -1))));
    const ofPeriod = costs.filter((cost) => cost.period === period);
    return {
      period,
      complete: periodLastDay(period) <= query.asOf,
      countedOn,
      activeAtPeriodEnd: oaps.filter((p) => occupies(p, countedOn)).length,
      started: oaps.filter((p) => inPeriod(p.startDate)).length,
      ended: oaps.filter((p) => inPeriod(p.endDate)).length,
      bedDays: ofPeriod.reduce((sum, cost) => sum + cost.bedDays, 0),
      cost: formatPence(ofPeriod.reduce((sum, cost) => sum + penceOf(cost.amount), 0n)),
      meanDistanceKm: now?.km.toFixed(1) ?? null,
      meanDistanceMiles: now?.miles.toFixed(1) ?? null,
      changeKm: now && before ? signed(now.km.minus(before.km)) : null,
      changeMiles: now && before ? signed(now.miles.minus(before.miles)) : null,
      repatriations: cases
        .flatMap((c) => c.repatriations)
        .filter((r) => inPeriod(r.repatriationDate)).length,
    };
  });
  return {
    agreementId: query.agreementId,
    financialYear: view.terms.financialYear,
    asOf: query.asOf,
    knownAt: position,
    serviceLine: query.serviceLine ?? null,
    periods,
    // The chain's parts are the budget report's, checked in reporting/chain-reports.unit.spec.ts.
    chain: chainSummaryOf(view),
    warnings: [uncoveredNightsWarning(view, cases, query.asOf, query.today)].filter(
      (warning) => warning !== null,
    ),
  };
}

/**
 * The same history with every distance and rate made enormous: distance sums no longer fit a
 * safe integer, and costs overflow one (or rates exceed 13 digits), so both fall back.
 */
function withHugeFigures(events: RecordedEvent[]): RecordedEvent[] {
  const km = (value: unknown) => `9999999999999999${String(value)}`;
  const rate = (value: unknown) => `9999999999${String(value)}`;
  return events.map((event) => {
    const data = event.data as Record<string, unknown>;
    if (event.type === 'PlacementStarted') {
      return {
        ...event,
        data: {
          ...data,
          distanceFromHomeKm: km(data.distanceFromHomeKm),
          dailyRate: rate(data.dailyRate),
        },
      };
    }
    if (event.type === 'PlacementRateChanged') {
      return { ...event, data: { ...data, dailyRate: rate(data.dailyRate) } };
    }
    if (event.type === 'PatientRepatriated') {
      const inArea = data.inAreaPlacement as Record<string, unknown>;
      return {
        ...event,
        data: {
          ...data,
          inAreaPlacement: { ...inArea, distanceFromHomeKm: km(inArea.distanceFromHomeKm) },
        },
      };
    }
    return event;
  });
}

const AS_OF = ['2025-04-01', '2025-05-15', '2025-06-30', '2025-09-30', '2026-01-10', '2026-03-31'];

describe('out-of-area metrics, against the rule read literally', () => {
  it('gives the same report on random histories, any knownAt, asOf and service line', () => {
    fc.assert(
      fc.property(generatedHistory, fc.nat(), fc.boolean(), ({ events }, cut, huge) => {
        const log = huge ? withHugeFigures(events) : events;
        const state = foldEvents(oapMetricsProjection, log);
        const knownAts = [undefined, cut % (log.length + 1)];
        for (const { agreementId, lines } of AGREEMENTS) {
          for (const serviceLine of [undefined, ...lines]) {
            for (const asOf of AS_OF) {
              for (const knownAt of knownAts) {
                const query = { agreementId, asOf, serviceLine, knownAt };
                expect(oapMetrics(state, query)).toEqual(literalOapMetrics(state, query));
              }
            }
          }
        }
      }),
      { numRuns: 60, seed: 20_251_015 },
    );
  });
});
