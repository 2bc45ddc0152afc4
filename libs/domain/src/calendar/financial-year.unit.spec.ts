import {
  financialYearEnd,
  financialYearOf,
  financialYearStart,
  isFinancialYear,
  isPeriodId,
  isWithinFinancialYear,
  periodFirstDay,
  periodLastDay,
  periodNumber,
  periodOf,
  periodsOf,
} from './financial-year';

describe('financial year', () => {
  // Proves the NHS year runs 1 April to 31 March, written 2025/26, by checking its edges.

  it('puts 31 March in the year that started the April before, and 1 April in the next', () => {
    expect(financialYearOf('2026-03-31')).toBe('2025/26');
    expect(financialYearOf('2026-04-01')).toBe('2026/27');
    expect(financialYearOf('2025-04-01')).toBe('2025/26');
    expect(financialYearOf('2000-01-15')).toBe('1999/00');
  });

  it('starts on 1 April and ends on 31 March', () => {
    expect(financialYearStart('2025/26')).toBe('2025-04-01');
    expect(financialYearEnd('2025/26')).toBe('2026-03-31');
    expect(isWithinFinancialYear('2025-03-31', '2025/26')).toBe(false);
    expect(isWithinFinancialYear('2025-04-01', '2025/26')).toBe(true);
    expect(isWithinFinancialYear('2026-03-31', '2025/26')).toBe(true);
    expect(isWithinFinancialYear('2026-04-01', '2025/26')).toBe(false);
  });

  it('accepts only the written form 2025/26 with consecutive years', () => {
    expect(isFinancialYear('2025/26')).toBe(true);
    expect(isFinancialYear('2009/10')).toBe(true);
    expect(isFinancialYear('2025/27')).toBe(false);
    expect(isFinancialYear('2025-26')).toBe(false);
    expect(isFinancialYear('2025/2026')).toBe(false);
    expect(isFinancialYear(202526)).toBe(false);
  });

  it('accepts only the years 2000/01 to 2098/99, so every date a report computes has four digits', () => {
    expect(isFinancialYear('2000/01')).toBe(true);
    expect(isFinancialYear('2098/99')).toBe(true);
    expect(isFinancialYear('1999/00')).toBe(false);
    expect(isFinancialYear('2099/00')).toBe(false);
    expect(isFinancialYear('9999/00')).toBe(false);
    expect(isFinancialYear('0000/01')).toBe(false);
  });
});

describe('periods', () => {
  it('lists M01 = 2025-04 to M12 = 2026-03 for 2025/26', () => {
    expect(periodsOf('2025/26')).toEqual([
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });

  it('numbers April as M01 and March as M12', () => {
    expect(periodNumber('2025-04')).toBe(1);
    expect(periodNumber('2025-12')).toBe(9);
    expect(periodNumber('2026-01')).toBe(10);
    expect(periodNumber('2026-03')).toBe(12);
  });

  it('knows each month’s first and last day, leap Februaries included', () => {
    expect(periodOf('2026-01-17')).toBe('2026-01');
    expect(periodFirstDay('2026-02')).toBe('2026-02-01');
    expect(periodLastDay('2025-04')).toBe('2025-04-30');
    expect(periodLastDay('2025-12')).toBe('2025-12-31');
    // 2026 is not divisible by 4: February has 28 days.
    expect(periodLastDay('2026-02')).toBe('2026-02-28');
    // 2028 is divisible by 4 and not by 100: a leap year, so February has 29 days.
    expect(periodLastDay('2028-02')).toBe('2028-02-29');
    // 2100 is divisible by 100 but not 400: not a leap year.
    expect(periodLastDay('2100-02')).toBe('2100-02-28');
  });

  it('recognises a period id', () => {
    expect(isPeriodId('2025-04')).toBe(true);
    expect(isPeriodId('2025-13')).toBe(false);
    expect(isPeriodId('2025-4')).toBe(false);
    expect(isPeriodId('2025-04-01')).toBe(false);
  });
});
