import fc from 'fast-check';
import Decimal from 'decimal.js';
import { addDays, daysBetween, maxDate, minDate } from '../calendar/calendar-date';
import { caseDecider } from './case.decider';
import type { CaseEvent } from './case.events';
import { placementCostsByPeriod } from './placement-costs';
import {
  discharged,
  inAreaStarted,
  placementEnded,
  placementStarted,
  rateChanged,
  referralRegistered,
  repatriated,
  SLP_2025_26,
} from './testing/case-fixtures';

/**
 * Accrued placement costs per (placement, period). Each example is worked out by hand in its
 * comment: bed days are nights S … E − 1, each night at the rate in force that night, only
 * inside 2025/26 and only before the measuring date.
 */
const registered = [referralRegistered()];
const costsOf = (history: CaseEvent[], measuredAt: string) =>
  placementCostsByPeriod(history, SLP_2025_26, measuredAt);
const figures = (history: CaseEvent[], measuredAt: string) =>
  costsOf(history, measuredAt).map((cost) => [
    cost.placementId,
    cost.period,
    cost.bedDays,
    cost.amount,
  ]);

describe('placementCostsByPeriod', () => {
  it('charges each night at its rate, split at the month boundary, through a repatriation', () => {
    // OAP £850.00 from 04-10, £900.00 from 05-01, repatriated 05-16 to in-area £450.00,
    // measured 07-01 (June 30 is the last counted night):
    //   OAP April nights 10..30   = 21 × 850 = 17,850.00
    //   OAP May nights 1..15      = 15 × 900 = 13,500.00
    //   home May nights 16..31    = 16 × 450 =  7,200.00
    //   home June nights 1..30    = 30 × 450 = 13,500.00
    const history = [
      ...registered,
      placementStarted(),
      rateChanged('oap-1', '2025-05-01', '900.00', '850.00'),
      repatriated('oap-1', '2025-05-16', '900.00', { placementId: 'home-1', dailyRate: '450.00' }),
    ];
    expect(figures(history, '2025-07-01')).toEqual([
      ['oap-1', '2025-04', 21, '17850.00'],
      ['oap-1', '2025-05', 15, '13500.00'],
      ['home-1', '2025-05', 16, '7200.00'],
      ['home-1', '2025-06', 30, '13500.00'],
    ]);
  });

  it('carries the case, service line, setting and provider of each placement', () => {
    const history = [...registered, placementStarted()];
    expect(costsOf(history, '2025-04-11')).toEqual([
      {
        caseId: 'case-0001',
        placementId: 'oap-1',
        serviceLine: 'adult-medium-secure',
        setting: 'out-of-area',
        providerCode: 'NQ1',
        period: '2025-04',
        bedDays: 1,
        amount: '850.00',
      },
    ]);
  });

  it('counts an open placement up to, not including, the measuring date', () => {
    // Open from 04-10, measured 04-25: nights 10..24 = 15 × 850.00 = 12,750.00.
    expect(figures([...registered, placementStarted()], '2025-04-25')).toEqual([
      ['oap-1', '2025-04', 15, '12750.00'],
    ]);
  });

  it('charges nothing for an admission and discharge on the same day', () => {
    // [04-10, 04-10) has no night: 0 bed days, so no period row at all.
    const history = [...registered, placementStarted(), discharged('2025-04-10', 'oap-1')];
    expect(costsOf(history, '2025-07-01')).toEqual([]);
  });

  it('does not charge the discharge night', () => {
    // Nights 04-10..04-11 only: 2 × 850.00 = 1,700.00.
    const history = [...registered, placementStarted(), discharged('2025-04-12', 'oap-1')];
    expect(figures(history, '2025-07-01')).toEqual([['oap-1', '2025-04', 2, '1700.00']]);
  });

  it('keeps the bed days of a block-funded bed at a 0 rate', () => {
    // In-area £0.00 from 06-01, measured 06-11: 10 nights, 10 × 0 = 0.00.
    const history = [...registered, inAreaStarted('home-1', '2025-06-01', '0.00')];
    expect(figures(history, '2025-06-11')).toEqual([['home-1', '2025-06', 10, '0.00']]);
  });

  it('charges only nights inside the agreement’s financial year', () => {
    // OAP from 2025-03-25 (before the year) at £850.00, rate £900.00 from 2026-03-20, still
    // open when measured on 2026-04-10:
    //   March 2025 nights are 2024/25's: not charged here.
    //   April 2025 nights 1..30 = 30 × 850 = 25,500.00 … February 2026 = 28 × 850 = 23,800.00
    //   March 2026 nights 1..19 × 850 = 16,150.00 + nights 20..31 × 900 = 10,800.00 = 26,950.00
    //   April 2026 nights 1..9 belong to 2026/27: not charged.
    const history = [
      referralRegistered({ referralDate: '2025-03-01' }),
      placementStarted({ startDate: '2025-03-25' }),
      rateChanged('oap-1', '2026-03-20', '900.00', '850.00'),
    ];
    const costs = figures(history, '2026-04-10');
    expect(costs).toHaveLength(12);
    expect(costs[0]).toEqual(['oap-1', '2025-04', 30, '25500.00']);
    expect(costs[10]).toEqual(['oap-1', '2026-02', 28, '23800.00']);
    expect(costs[11]).toEqual(['oap-1', '2026-03', 31, '26950.00']);
  });

  it('applies a back-dated rate change only to the nights from its date to the next change', () => {
    // £850.00 from 04-10; £900.00 from 05-01 recorded first; £870.00 from 04-20 recorded later.
    // April: nights 10..19 = 10 × 850 = 8,500.00 + nights 20..30 = 11 × 870 = 9,570.00
    //        = 18,070.00. May nights 1..9 = 9 × 900 = 8,100.00 (measured 05-10).
    const history = [
      ...registered,
      placementStarted(),
      rateChanged('oap-1', '2025-05-01', '900.00', '850.00'),
      rateChanged('oap-1', '2025-04-20', '870.00', '850.00'),
    ];
    expect(figures(history, '2025-05-10')).toEqual([
      ['oap-1', '2025-04', 21, '18070.00'],
      ['oap-1', '2025-05', 9, '8100.00'],
    ]);
  });

  it('ignores a rate change dated on or after a back-dated end: it covers no night', () => {
    // £850.00 from 04-10, a £900.00 change from 06-01, then ended back-dated on 05-20:
    // April 21 × 850 = 17,850.00; May nights 1..19 = 19 × 850 = 16,150.00; no June.
    const history = [
      ...registered,
      placementStarted(),
      rateChanged('oap-1', '2025-06-01', '900.00', '850.00'),
      placementEnded('oap-1', '2025-05-20'),
    ];
    expect(figures(history, '2025-07-01')).toEqual([
      ['oap-1', '2025-04', 21, '17850.00'],
      ['oap-1', '2025-05', 19, '16150.00'],
    ]);
  });

  it('gives the same figures from the events or from the folded state', () => {
    const history = [...registered, placementStarted()];
    const state = history.reduce(caseDecider.evolve, caseDecider.initialState());
    expect(placementCostsByPeriod(state, SLP_2025_26, '2025-06-01')).toEqual(
      costsOf(history, '2025-06-01'),
    );
  });

  it('has nothing to say about a case with no referral, and refuses another agreement’s case', () => {
    expect(costsOf([], '2025-06-01')).toEqual([]);
    const other = { ...SLP_2025_26, agreementId: 'other-agreement' };
    expect(() => placementCostsByPeriod(registered, other, '2025-06-01')).toThrow(
      /belongs to agreement/,
    );
  });
});

describe('placementCostsByPeriod, generated single placements', () => {
  // Dates from a year before 2025/26 to a year after it, so that clipping at both ends of the
  // agreement year is exercised; rates in whole pence up to £2,000.00.
  const dayOffset = fc.integer({ min: -400, max: 800 });
  const pence = fc.integer({ min: 0, max: 200_000 });
  const yearFrom = '2025-04-01';
  const yearUntil = '2026-04-01';

  const history = (start: string, end: string | null, rate: string): CaseEvent[] => [
    referralRegistered({ referralDate: '2024-01-01' }),
    placementStarted({ startDate: start, dailyRate: rate }),
    ...(end ? [placementEnded('oap-1', end)] : []),
  ];

  it('sums per-period bed days to E − S clipped to the year, and costs to rate × nights', () => {
    // Proof by comparison: the clipped night count is computed directly from the four dates,
    // and the period rows must add up to it (bed days) and to it × the one rate (money).
    fc.assert(
      fc.property(
        dayOffset,
        fc.option(fc.integer({ min: 0, max: 500 })),
        dayOffset,
        pence,
        (startOffset, length, measuredOffset, ratePence) => {
          const start = addDays('2025-01-01', startOffset);
          const end = length === null ? null : addDays(start, length);
          const measuredAt = addDays('2025-01-01', measuredOffset);
          const rate = new Decimal(ratePence).dividedBy(100).toFixed(2);
          const costs = costsOf(history(start, end, rate), measuredAt);

          const from = maxDate(start, yearFrom);
          const until = minDate(minDate(end ?? measuredAt, measuredAt), yearUntil);
          const nights = Math.max(0, daysBetween(from, until));
          const bedDays = costs.reduce((sum, cost) => sum + cost.bedDays, 0);
          const amount = costs.reduce((sum, cost) => sum.plus(cost.amount), new Decimal(0));
          expect(bedDays).toBe(nights);
          expect(amount.equals(new Decimal(rate).times(nights))).toBe(true);
          expect(costs.every((cost) => cost.bedDays > 0)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matches a night-by-night reference when the rate changes several times', () => {
    // The reference walks every night and looks its rate up; the code under test works per
    // rate segment and period. They must agree per period, to the penny.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 5 }),
        fc.array(pence, { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 1, max: 450 }),
        (startOffset, changeOffsets, ratesPence, measuredOffset) => {
          const start = addDays('2025-02-01', startOffset);
          const rates = ratesPence.map((p) => new Decimal(p).dividedBy(100).toFixed(2));
          const changes = changeOffsets.map((offset, i) => ({
            date: addDays(start, offset),
            rate: rates[i + 1],
          }));
          const events: CaseEvent[] = [
            ...history(start, null, rates[0]),
            ...changes.map((c) => rateChanged('oap-1', c.date, c.rate, '0.00')),
          ];
          const measuredAt = addDays(start, measuredOffset);
          const expected = nightByNight(start, rates[0], changes, measuredAt);
          const actual = costsOf(events, measuredAt).map((c) => [c.period, c.bedDays, c.amount]);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** The slow, obvious reference: one step per night, the latest change on or before it wins. */
function nightByNight(
  start: string,
  startRate: string,
  changes: { date: string; rate: string }[],
  measuredAt: string,
): [string, number, string][] {
  const byPeriod = new Map<string, { nights: number; amount: Decimal }>();
  for (let night = maxDate(start, '2025-04-01'); night < minDate(measuredAt, '2026-04-01');) {
    const inForce = changes
      .filter((c) => c.date <= night)
      .sort((a, b) => (a.date < b.date ? -1 : 1))
      .pop();
    const period = night.slice(0, 7);
    const total = byPeriod.get(period) ?? { nights: 0, amount: new Decimal(0) };
    byPeriod.set(period, {
      nights: total.nights + 1,
      amount: total.amount.plus(inForce ? inForce.rate : startRate),
    });
    night = addDays(night, 1);
  }
  return [...byPeriod].map(([period, t]) => [period, t.nights, t.amount.toFixed(2)]);
}
