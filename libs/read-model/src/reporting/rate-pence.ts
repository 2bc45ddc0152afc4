import type { MoneyString } from '@ledger/domain';
import { penceOf, type Pence } from '../ledger/pence';

/**
 * Daily rates as integer pence, each distinct rate parsed once: a report over an agreement
 * meets the same few hundred rates on thousands of placements. Nights × rate in pence is
 * exactly the domain's Decimal cost, since rates have at most 2 decimal places.
 */
export class RatePence {
  private readonly parsed = new Map<MoneyString, Pence>();

  of(dailyRate: MoneyString): Pence {
    let pence = this.parsed.get(dailyRate);
    if (pence === undefined) {
      pence = penceOf(dailyRate);
      this.parsed.set(dailyRate, pence);
    }
    return pence;
  }

  /** The cost of `nights` nights at `dailyRate`. */
  costOf(dailyRate: MoneyString, nights: number): Pence {
    return this.of(dailyRate) * BigInt(nights);
  }
}

const RATE = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * A daily rate (≥ 0, at most 2 decimal places) as whole pence in a plain number: exact, as
 * it has at most 15 digits. Null for anything else, so the caller falls back to bigint.
 */
export function wholePenceOf(dailyRate: MoneyString): number | null {
  const match = RATE.exec(dailyRate);
  if (!match) return null;
  const fraction = match[2] ?? '';
  return Number(match[1]) * 100 + Number(fraction.padEnd(2, '0'));
}
