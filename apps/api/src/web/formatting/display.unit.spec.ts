/** Proves how the pages write money, dates, periods and instants for a finance reader. */
import { formatCalendarDate, formatInstant, formatPeriod, formatPounds } from './display';

describe('formatPounds', () => {
  it.each([
    ['0.00', '£0.00'],
    ['5.50', '£5.50'],
    ['999.99', '£999.99'],
    ['1000.00', '£1,000.00'],
    ['81317.50', '£81,317.50'],
    ['1234567.89', '£1,234,567.89'],
    ['65000000.00', '£65,000,000.00'],
    ['-8500.00', '-£8,500.00'],
    ['-0.00', '£0.00'],
  ])('writes %s as %s', (amount, shown) => {
    expect(formatPounds(amount)).toBe(shown);
  });

  it('refuses anything but a decimal string with 2 places', () => {
    expect(() => formatPounds('12.5')).toThrow(RangeError);
    expect(() => formatPounds('1e3')).toThrow(RangeError);
  });
});

describe('dates, periods and instants', () => {
  it('writes a calendar date without moving it through a time zone', () => {
    expect(formatCalendarDate('2025-09-30')).toBe('30 September 2025');
    expect(formatCalendarDate('2026-03-01')).toBe('1 March 2026');
  });

  it('names a period by month and its number in the financial year', () => {
    expect(formatPeriod('2025-04')).toBe('April 2025 (M01)');
    expect(formatPeriod('2026-03')).toBe('March 2026 (M12)');
  });

  it('writes an instant in UK time, naming the zone', () => {
    // 22:59:59 UTC on 31 July is 23:59:59 British Summer Time.
    expect(formatInstant('2025-07-31T22:59:59Z')).toBe('31 July 2025 at 23:59:59 BST');
    expect(formatInstant('2025-12-01T09:00:00Z')).toBe('1 December 2025 at 09:00:00 GMT');
  });
});
