import fc from 'fast-check';
import { addDays, daysBetween, fromDayNumber, toDayNumber } from './calendar-date';
import { periodLastDay } from './financial-year';

/**
 * Day numbers are computed with integer arithmetic (civil-from-days) rather than through Date,
 * because the cost rules call them millions of times per report. These properties check the
 * arithmetic against Date itself, the straightforward definition, on seeded random input:
 * every day of years 1000–9999, leap days and century years included, and malformed input,
 * which must keep Date's behaviour.
 */
const MS_PER_DAY = 86_400_000;
const viaDate = {
  toDayNumber: (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return Date.UTC(y, m - 1, d) / MS_PER_DAY;
  },
  fromDayNumber: (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10),
  periodLastDay: (period: string) => {
    const [y, m] = period.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    return viaDate.fromDayNumber(viaDate.toDayNumber(`${next}-01`) - 1);
  },
};

const FIRST_DAY_1000 = viaDate.toDayNumber('1000-01-01');
const LAST_DAY_9999 = viaDate.toDayNumber('9999-12-31');
const SEED = { seed: 20_251_015 };
const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('calendar arithmetic against Date', () => {
  it('maps every day of years 1000–9999 to and from the same day number as Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY_1000, max: LAST_DAY_9999 }), (day) => {
        const date = viaDate.fromDayNumber(day);
        expect(fromDayNumber(day)).toBe(date);
        expect(toDayNumber(date)).toBe(day);
      }),
      { ...SEED, numRuns: 10_000 },
    );
  });

  it('agrees on the days around leap days, century years and year ends', () => {
    const edges = ['1900', '2000', '2024', '2025', '2100', '2400'].flatMap((y) =>
      ['01-01', '02-28', '02-29', '03-01', '03-31', '04-01', '12-31'].map((md) => `${y}-${md}`),
    );
    for (const date of edges) {
      const day = viaDate.toDayNumber(date);
      for (let offset = -2; offset <= 2; offset += 1) {
        expect(fromDayNumber(day + offset)).toBe(viaDate.fromDayNumber(day + offset));
      }
      expect(toDayNumber(date)).toBe(day);
    }
  });

  it('keeps Date’s answer for out-of-range and malformed dates', () => {
    const odd = fc.tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
    );
    fc.assert(
      fc.property(odd, ([y, m, d]) => {
        const date = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        expect(toDayNumber(date)).toBe(viaDate.toDayNumber(date));
      }),
      { ...SEED, numRuns: 5_000 },
    );
    for (const date of ['2025-4-1', '2025-04-1x', 'x025-04-01', '0099-01-01', '99999-01-01']) {
      expect(Object.is(toDayNumber(date), viaDate.toDayNumber(date))).toBe(true);
    }
    for (const day of [FIRST_DAY_1000 - 1, LAST_DAY_9999 + 1, -1e6, 0.5, -0.5]) {
      expect(fromDayNumber(day)).toBe(viaDate.fromDayNumber(day));
    }
  });

  it('adds and counts days as Date does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FIRST_DAY_1000, max: LAST_DAY_9999 - 800 }),
        fc.integer({ min: 0, max: 800 }),
        (day, days) => {
          const date = viaDate.fromDayNumber(day);
          expect(addDays(date, days)).toBe(viaDate.fromDayNumber(day + days));
          expect(daysBetween(date, viaDate.fromDayNumber(day + days))).toBe(days);
        },
      ),
      { ...SEED, numRuns: 5_000 },
    );
  });

  it('finds each month’s last day', () => {
    for (let y = 1000; y <= 9998; y += 31) {
      for (let m = 1; m <= 12; m += 1) {
        const period = `${y}-${pad(m, 2)}`;
        expect(periodLastDay(period)).toBe(viaDate.periodLastDay(period));
      }
    }
    for (const period of ['2000-02', '1900-02', '2024-02', '2100-02']) {
      expect(periodLastDay(period)).toBe(viaDate.periodLastDay(period));
    }
  });
});
