import fc from 'fast-check';
import { addDays, daysBetween } from '../calendar/calendar-date';
import { periodOf } from '../calendar/financial-year';
import { placementCostsByPeriod, ratedNightsByPeriod } from './placement-costs';
import type { CasePlacement, RegisteredCase } from './case.state';
import { rateOn } from './rate-timeline';
import { SLP_2025_26 } from './testing/case-fixtures';

/**
 * `ratedNightsByPeriod` (and `placementCostsByPeriod`, built on it) cut each placement's
 * charged nights by rate and period with day-number arithmetic. This checks both against the
 * rule walked night by night (domain.md, "Bed days and costs"): every night of 2025/26 before
 * the measuring date, each placement charged if start ≤ night < end, at the rate in force that
 * night. Seeded random cases: several placements, open or ended, starting before the year or
 * after the measuring date, with back- and forward-dated rate changes.
 */
const YEAR_FROM = '2025-04-01';
const YEAR_UNTIL = '2026-04-01';

const placement = fc
  .record({
    start: fc.integer({ min: -120, max: 420 }),
    length: fc.option(fc.integer({ min: 0, max: 400 })),
    ratesPence: fc.array(fc.integer({ min: 0, max: 250_000 }), { minLength: 1, maxLength: 5 }),
    changeOffsets: fc.uniqueArray(fc.integer({ min: 1, max: 420 }), { maxLength: 4 }),
    outOfArea: fc.boolean(),
  })
  .map(({ start, length, ratesPence, changeOffsets, outOfArea }) => ({
    start: addDays(YEAR_FROM, start),
    length,
    ratesPence,
    changeOffsets: [...changeOffsets].sort((a, b) => a - b),
    outOfArea,
  }));

const pounds = (pence: number) =>
  `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;

interface GeneratedPlacement {
  start: string;
  length: number | null;
  ratesPence: number[];
  changeOffsets: number[];
  outOfArea: boolean;
}

function caseWith(placements: GeneratedPlacement[]): RegisteredCase {
  return {
    status: 'active',
    caseId: 'case-1',
    agreementId: SLP_2025_26.agreementId,
    serviceLine: 'adult-medium-secure',
    patientRef: 'SLP-PT-000123',
    referralDate: YEAR_FROM,
    repatriations: [],
    dischargeDate: null,
    placements: placements.map((p, i): CasePlacement => ({
      placementId: `p-${i}`,
      setting: p.outOfArea ? 'out-of-area' : 'in-area',
      bedType: 'medium-secure',
      providerCode: p.outOfArea ? 'NVC01' : 'RV5',
      distanceFromHomeKm: '10.0',
      oapReasonCode: null,
      startDate: p.start,
      endDate: p.length === null ? null : addDays(p.start, p.length),
      rates: [
        { effectiveDate: p.start, dailyRate: pounds(p.ratesPence[0]) },
        ...p.changeOffsets.slice(0, p.ratesPence.length - 1).map((offset, k) => ({
          effectiveDate: addDays(p.start, offset),
          dailyRate: pounds(p.ratesPence[k + 1]),
        })),
      ],
    })),
  };
}

/** The obvious reference: per (placement, period), nights and pence, one night at a time. */
function nightByNight(registered: RegisteredCase, measuredAt: string) {
  const totals = new Map<string, { nights: number; pence: bigint }>();
  const last = measuredAt < YEAR_UNTIL ? measuredAt : YEAR_UNTIL;
  for (let i = 0; i < daysBetween(YEAR_FROM, last); i += 1) {
    const night = addDays(YEAR_FROM, i);
    for (const p of registered.placements) {
      if (night < p.startDate || (p.endDate !== null && night >= p.endDate)) continue;
      const key = `${p.placementId} ${periodOf(night)}`;
      const total = totals.get(key) ?? { nights: 0, pence: 0n };
      const [whole, fraction] = rateOn(p.rates, night).split('.');
      total.nights += 1;
      total.pence += BigInt(whole) * 100n + BigInt(fraction);
      totals.set(key, total);
    }
  }
  return totals;
}

describe('rated nights by period, against a night-by-night walk', () => {
  it('charges the same nights at the same rates, per placement and period', () => {
    fc.assert(
      fc.property(
        fc.array(placement, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -10, max: 420 }),
        (placements, measuredOffset) => {
          const registered = caseWith(placements);
          const measuredAt = addDays(YEAR_FROM, measuredOffset);
          const expected = nightByNight(registered, measuredAt);

          const rated = new Map<string, { nights: number; pence: bigint }>();
          for (const piece of ratedNightsByPeriod(registered, SLP_2025_26, measuredAt)) {
            expect(piece.nights).toBeGreaterThan(0);
            const key = `${piece.placement.placementId} ${piece.period}`;
            const total = rated.get(key) ?? { nights: 0, pence: 0n };
            const [whole, fraction] = piece.dailyRate.split('.');
            total.nights += piece.nights;
            total.pence += (BigInt(whole) * 100n + BigInt(fraction)) * BigInt(piece.nights);
            rated.set(key, total);
          }
          expect(rated).toEqual(expected);

          const costs = new Map(
            placementCostsByPeriod(registered, SLP_2025_26, measuredAt).map((cost) => [
              `${cost.placementId} ${cost.period}`,
              { nights: cost.bedDays, pence: BigInt(cost.amount.replace('.', '')) },
            ]),
          );
          expect(costs).toEqual(expected);

          const outOfArea = ratedNightsByPeriod(
            registered,
            SLP_2025_26,
            measuredAt,
            (p) => p.setting === 'out-of-area',
          );
          expect(outOfArea.every((piece) => piece.placement.setting === 'out-of-area')).toBe(true);
          expect(outOfArea.reduce((sum, piece) => sum + piece.nights, 0)).toBe(
            [...expected]
              .filter(([key]) =>
                registered.placements.some(
                  (p) => p.setting === 'out-of-area' && key.startsWith(`${p.placementId} `),
                ),
              )
              .reduce((sum, [, total]) => sum + total.nights, 0),
          );
        },
      ),
      { numRuns: 300, seed: 20_251_015 },
    );
  });
});
