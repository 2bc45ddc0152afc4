import { toPence, type Money, type MoneyString } from '@ledger/domain';

/**
 * Read models add money up as integer pence (bigint): exact, and much cheaper than decimal.js
 * on the fold's hot path. Amounts leave as decimal strings with exactly 2 decimal places.
 */
export type Pence = bigint;

const MONEY = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** Pence of a money string from an event ("685.5", "-83333.34"); events hold checked values. */
export function penceOf(amount: MoneyString): Pence {
  const match = MONEY.exec(amount);
  if (!match) throw new RangeError(`Not a money amount: ${amount}`);
  const [, sign, pounds, fraction = ''] = match;
  const pence = BigInt(pounds) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -pence : pence;
}

export function penceOfMoney(amount: Money): Pence {
  return toPence(amount);
}

/** "1234.50", "-83333.34", "0.00": the one way amounts leave the read side. */
export function formatPence(pence: Pence): string {
  const negative = pence < 0n;
  const magnitude = negative ? -pence : pence;
  const pounds = magnitude / 100n;
  const rest = String(magnitude % 100n).padStart(2, '0');
  return `${negative ? '-' : ''}${pounds}.${rest}`;
}

export function sumPence(values: Iterable<Pence>): Pence {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}
