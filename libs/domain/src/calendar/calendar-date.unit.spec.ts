import {
  addDays,
  compareDates,
  daysBetween,
  fromDayNumber,
  isCalendarDate,
  maxDate,
  minDate,
  toDayNumber,
} from './calendar-date';
import fc from 'fast-check';

describe('calendar dates', () => {
  // Proves dates are plain YYYY-MM-DD days: real days only, and arithmetic by whole days.

  it('accepts real dates only', () => {
    expect(isCalendarDate('2025-04-01')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-30')).toBe(false);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-4-1')).toBe(false);
    expect(isCalendarDate('2025-04-01T00:00:00Z')).toBe(false);
    expect(isCalendarDate(20250401)).toBe(false);
  });

  it('counts whole days, across month and year ends', () => {
    // April has 30 days, so 2025-04-30 + 1 day is 2025-05-01.
    expect(addDays('2025-04-30', 1)).toBe('2025-05-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    // 2025/26 has 365 days: 30+31+30+31+31+30+31+30+31+31+28+31 = 365.
    expect(daysBetween('2025-04-01', '2026-04-01')).toBe(365);
    expect(daysBetween('2026-04-01', '2025-04-01')).toBe(-365);
  });

  it('orders dates', () => {
    expect(compareDates('2025-04-01', '2025-04-02')).toBe(-1);
    expect(compareDates('2025-04-02', '2025-04-02')).toBe(0);
    expect(minDate('2026-01-01', '2025-12-31')).toBe('2025-12-31');
    expect(maxDate('2026-01-01', '2025-12-31')).toBe('2026-01-01');
  });

  it('round-trips every day number through a date', () => {
    // Property over 1970..2199: the day-number mapping is a bijection on real dates.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 84_000 }), (day) => {
        const date = fromDayNumber(day);
        expect(isCalendarDate(date)).toBe(true);
        expect(toDayNumber(date)).toBe(day);
      }),
    );
  });
});
