import Decimal from 'decimal.js';
import type { FieldError } from '../shared/domain-error';

/**
 * Money is GBP, carried as a decimal string with at most 2 decimal places in every API and
 * event, and computed with decimal.js. A JSON number is never accepted for money: by the
 * time a float reaches us it may already have lost a penny.
 */
export type Money = Decimal;

/** Money as it travels in APIs and events: a decimal string, e.g. "5416666.66". */
export type MoneyString = string;

const MONEY_PATTERN = /^-?(0|[1-9]\d*)(\.\d{1,2})?$/;

/**
 * decimal.js works to 20 significant digits, so a sum or a phasing split of amounts with more
 * than 18 digits before the point silently loses pence. Capping every amount at 13 digits
 * (under £10 trillion, far above any NHS budget) leaves room to add up 100,000 of them exactly.
 */
const MAX_INTEGER_DIGITS = 13;

export type MoneyCheck = { ok: true; value: Money } | { ok: false; error: FieldError };

export interface MoneyRule {
  /** Allow a leading minus sign (adjustments). */
  allowNegative?: boolean;
  /** Allow exactly zero (a block-funded in-area bed has a 0 rate). */
  allowZero?: boolean;
}

/** Checks one money value from untrusted input and names the field when it fails. */
export function checkMoney(field: string, raw: unknown, rule: MoneyRule = {}): MoneyCheck {
  const fail = (message: string): MoneyCheck => ({ ok: false, error: { field, message } });
  if (typeof raw === 'number') {
    return fail('must be a decimal string such as "685.50", not a JSON number');
  }
  if (typeof raw !== 'string') return fail('must be a decimal string such as "685.50"');
  if (!MONEY_PATTERN.test(raw)) {
    return /\.\d{3,}$/.test(raw)
      ? fail('must have at most 2 decimal places')
      : fail('must be a decimal string such as "685.50"');
  }
  if (raw.replace(/^-/, '').split('.')[0].length > MAX_INTEGER_DIGITS) {
    return fail('must be less than 10000000000000.00 (ten trillion pounds)');
  }
  const value = new Decimal(raw);
  if (value.isNegative() && !value.isZero() && !rule.allowNegative) {
    return fail('must not be negative');
  }
  if (value.isZero() && !rule.allowZero) return fail('must not be zero');
  return { ok: true, value };
}

/** Formats money the one way it is stored: 2 decimal places, no grouping, "-" for negatives. */
export function formatMoney(value: Money): string {
  const fixed = value.toFixed(2, Decimal.ROUND_DOWN);
  return fixed === '-0.00' ? '0.00' : fixed;
}

/** Formats money for people: "£1,000.00", "-£83,333.34". Used in error messages. */
export function formatPounds(value: Money): string {
  const fixed = formatMoney(value);
  const negative = fixed.startsWith('-');
  const [pounds, pence] = fixed.replace('-', '').split('.');
  const grouped = pounds.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${negative ? '-' : ''}£${grouped}.${pence}`;
}

/** Parses a stored money string (already validated) into a Decimal. */
export function money(value: string): Money {
  return new Decimal(value);
}

export const ZERO: Money = new Decimal(0);

export function sumMoney(values: Iterable<Money>): Money {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** Integer pence, for read models that store money as integers. */
export function toPence(value: Money): bigint {
  return BigInt(value.times(100).toFixed(0));
}

export function fromPence(pence: bigint): Money {
  return new Decimal(pence.toString()).dividedBy(100);
}
