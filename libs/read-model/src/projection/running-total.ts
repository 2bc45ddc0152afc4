/**
 * A sum of pence that remembers its value after every log position that changed it, so it
 * can be read as known at any earlier position. Several changes made by one event (one
 * allocation posts twelve months) fold into one entry.
 */
export class RunningTotal {
  private constructor(
    private readonly positions: number[],
    private readonly totals: bigint[],
  ) {}

  static zero(): RunningTotal {
    return new RunningTotal([], []);
  }

  add(position: number, pence: bigint): void {
    const last = this.positions.length - 1;
    if (last >= 0 && this.positions[last] === position) {
      // Only the event being recorded has this position, and no state sees it yet.
      this.totals[last] += pence;
      return;
    }
    if (last >= 0 && position < this.positions[last]) {
      throw new RangeError(`Totals change in log order: ${position} after ${this.positions[last]}`);
    }
    this.positions.push(position);
    this.totals.push((last >= 0 ? this.totals[last] : 0n) + pence);
  }

  /** The total as known at `position`. */
  at(position: number): bigint {
    const { positions } = this;
    const n = positions.length;
    if (n === 0) return 0n;
    if (positions[n - 1] <= position) return this.totals[n - 1];
    let low = 0;
    let high = n;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (positions[mid] <= position) low = mid + 1;
      else high = mid;
    }
    return low === 0 ? 0n : this.totals[low - 1];
  }

  copyUpTo(position: number): RunningTotal {
    let count = this.positions.length;
    while (count > 0 && this.positions[count - 1] > position) count -= 1;
    return new RunningTotal(this.positions.slice(0, count), this.totals.slice(0, count));
  }
}

/** Running totals per period (`YYYY-MM`), the shape most ledger figures take. */
export type PeriodTotals = Map<string, RunningTotal>;

export function addToPeriod(
  totals: PeriodTotals,
  period: string,
  position: number,
  pence: bigint,
): void {
  let total = totals.get(period);
  if (!total) {
    total = RunningTotal.zero();
    totals.set(period, total);
  }
  total.add(position, pence);
}

/** Sum over the periods `include` accepts, as known at `position`. */
export function sumPeriods(
  totals: PeriodTotals | undefined,
  position: number,
  include: (period: string) => boolean = () => true,
): bigint {
  if (!totals) return 0n;
  let sum = 0n;
  for (const [period, total] of totals) if (include(period)) sum += total.at(position);
  return sum;
}

export function copyPeriodTotals(totals: PeriodTotals, position: number): PeriodTotals {
  const copy: PeriodTotals = new Map();
  for (const [period, total] of totals) copy.set(period, total.copyUpTo(position));
  return copy;
}
