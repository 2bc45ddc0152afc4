import fc from 'fast-check';
import { addDays } from '../calendar/calendar-date';
import { fromPence, money, sumMoney } from '../money/money';
import { phaseEvenly, phasingToEvent } from './phasing';

describe('phaseEvenly', () => {
  // Proves the one rounding rule in domain.md: equal parts truncated toward zero to the
  // penny, the remainder in M12, so the parts always sum exactly to the amount.

  it('spreads £65,000,000.00 from April as 11 × 5,416,666.66 plus 5,416,666.74', () => {
    // 65,000,000.00 / 12 = 5,416,666.666… → truncated to 5,416,666.66.
    // 5,416,666.66 × 11 = 59,583,333.26; M12 = 65,000,000.00 − 59,583,333.26 = 5,416,666.74.
    const phasing = phasingToEvent(phaseEvenly(money('65000000.00'), '2025-04-01', '2025/26'));
    expect(phasing).toHaveLength(12);
    expect(phasing.slice(0, 11).every((m) => m.amount === '5416666.66')).toBe(true);
    expect(phasing[0].period).toBe('2025-04');
    expect(phasing[11]).toEqual({ period: '2026-03', amount: '5416666.74' });
  });

  it('spreads −£250,000.00 from January over January, February and March', () => {
    // −250,000.00 / 3 = −83,333.333… → truncated toward zero to −83,333.33.
    // −83,333.33 × 2 = −166,666.66; March = −250,000.00 − (−166,666.66) = −83,333.34.
    expect(phasingToEvent(phaseEvenly(money('-250000.00'), '2026-01-20', '2025/26'))).toEqual([
      { period: '2026-01', amount: '-83333.33' },
      { period: '2026-02', amount: '-83333.33' },
      { period: '2026-03', amount: '-83333.34' },
    ]);
  });

  it('puts a movement effective in March wholly in M12', () => {
    expect(phasingToEvent(phaseEvenly(money('0.01'), '2026-03-31', '2025/26'))).toEqual([
      { period: '2026-03', amount: '0.01' },
    ]);
  });

  it('gives zero parts and the whole penny to M12 when the amount is smaller than the months', () => {
    // 0.05 / 12 = 0.00416… → 0.00 for M01..M11; M12 = 0.05 − 0.00 × 11 = 0.05.
    const phasing = phasingToEvent(phaseEvenly(money('0.05'), '2025-04-01', '2025/26'));
    expect(phasing.slice(0, 11).every((m) => m.amount === '0.00')).toBe(true);
    expect(phasing[11].amount).toBe('0.05');
  });

  it('refuses to phase from a date outside the year, which would divide by zero months', () => {
    expect(() => phaseEvenly(money('1.00'), '2026-04-01', '2025/26')).toThrow(/outside/);
  });

  it('always sums exactly to the amount, with every part but M12 equal', () => {
    // Property: for any amount (as integer pence, so no floats) and any effective date in
    // the year, the parts are equal truncations toward zero and M12 carries the remainder.
    const amountPence = fc
      .bigInt({ min: -(10n ** 14n), max: 10n ** 14n })
      .filter((pence) => pence !== 0n);
    const dayOfYear = fc.integer({ min: 0, max: 364 });
    fc.assert(
      fc.property(amountPence, dayOfYear, (pence, day) => {
        const amount = fromPence(pence);
        const phasing = phaseEvenly(amount, addDays('2025-04-01', day), '2025/26');
        const parts = phasing.map((m) => m.amount);
        const part = parts[0];
        expect(sumMoney(parts).equals(amount)).toBe(true);
        expect(parts.slice(0, -1).every((p) => p.equals(part))).toBe(true);
        expect(phasing[phasing.length - 1].period).toBe('2026-03');
        // Truncation toward zero: |part| × months ≤ |amount| < (|part| + 0.01) × months.
        const months = parts.length;
        expect(part.abs().times(months).lte(amount.abs())).toBe(true);
        expect(part.abs().plus('0.01').times(months).gt(amount.abs())).toBe(true);
        expect(parts.every((p) => p.decimalPlaces() <= 2)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
