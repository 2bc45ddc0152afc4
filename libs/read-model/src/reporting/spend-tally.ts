import type { PlacementSetting } from '@ledger/domain';
import { formatPence, type Pence } from '../ledger/pence';

export interface ProviderSpend {
  setting: PlacementSetting;
  providerCode: string;
  amount: string;
}

/** Spend split by setting and by provider (domain.md, "Bed days and costs"). */
export interface SpendBreakdown {
  total: string;
  inArea: string;
  outOfArea: string;
  /** Non-zero amounts only, in-area first, then by provider code. */
  byProvider: ProviderSpend[];
}

const SEP = '|';

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Pence per (setting, provider), added up as figures arrive. */
export class SpendTally {
  private readonly amounts = new Map<string, Pence>();

  add(setting: PlacementSetting, providerCode: string, pence: Pence): void {
    const key = `${setting}${SEP}${providerCode}`;
    this.amounts.set(key, (this.amounts.get(key) ?? 0n) + pence);
  }

  addTally(other: SpendTally, sign: 1n | -1n = 1n): void {
    for (const [key, pence] of other.amounts) {
      this.amounts.set(key, (this.amounts.get(key) ?? 0n) + sign * pence);
    }
  }

  /** This tally minus another, as a new tally. */
  minus(other: SpendTally): SpendTally {
    const difference = new SpendTally();
    difference.addTally(this);
    difference.addTally(other, -1n);
    return difference;
  }

  total(setting?: PlacementSetting): Pence {
    let sum = 0n;
    for (const [key, pence] of this.amounts) {
      if (setting === undefined || key.startsWith(`${setting}${SEP}`)) sum += pence;
    }
    return sum;
  }

  breakdown(): SpendBreakdown {
    const byProvider = [...this.amounts]
      .filter(([, pence]) => pence !== 0n)
      .map(([key, pence]) => {
        const [setting, providerCode] = key.split(SEP) as [PlacementSetting, string];
        return { setting, providerCode, amount: formatPence(pence) };
      })
      .sort(
        (a, b) => compareText(a.setting, b.setting) || compareText(a.providerCode, b.providerCode),
      );
    return {
      total: formatPence(this.total()),
      inArea: formatPence(this.total('in-area')),
      outOfArea: formatPence(this.total('out-of-area')),
      byProvider,
    };
  }
}

/** The tally for a key, created if absent. */
export function tallyFor<K>(tallies: Map<K, SpendTally>, key: K): SpendTally {
  let tally = tallies.get(key);
  if (!tally) {
    tally = new SpendTally();
    tallies.set(key, tally);
  }
  return tally;
}
