const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** 12345.6 → "12,346". */
export function whole(value: number): string {
  return WHOLE.format(value);
}

/** A rate, with one decimal below 100 so small rates still say something. */
export function rate(value: number): string {
  return value < 100 ? value.toFixed(1) : WHOLE.format(value);
}

/** figure / baseline as "0.73×". */
export function ratio(figure: number, baseline: number): string {
  if (baseline === 0) return 'n/a';
  const value = figure / baseline;
  return `${value < 0.1 ? value.toFixed(3) : value.toFixed(2)}×`;
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

export function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

export function micros(msValue: number): string {
  return whole(msValue * 1000);
}

export const yes = (met: boolean): string => (met ? 'met' : '**missed**');
