import type { PeriodId } from '@ledger/domain';
import { formatPence } from '../ledger/pence';
import { compareText } from '../sql/read-model-rows';
import { SpendTally } from '../reporting/spend-tally';
import type {
  AdjustmentKind,
  ManagementAccounts,
  ManagementAccountsLine,
  PostedAdjustment,
} from './management-accounts.types';

/** One adjustment's figures while they are added up. */
export class AdjustmentTally {
  readonly cost = new SpendTally();
  savings = 0n;

  addTally(other: AdjustmentTally): void {
    this.cost.addTally(other.cost);
    this.savings += other.savings;
  }
}

/** The key of an adjustment: its kind, the agreement and the period it belongs to. */
export interface AdjustmentKey {
  kind: AdjustmentKind;
  belongsToAgreementId: string;
  period: PeriodId;
}

const keyText = (key: AdjustmentKey) => `${key.kind}|${key.belongsToAgreementId}|${key.period}`;

/** A service line's figures (or the agreement's, as the sum of its lines), as they are added up. */
export class LineLedger {
  budget = 0n;
  budgetToDate = 0n;
  readonly ownCost = new SpendTally();
  readonly costToDate = new SpendTally();
  ownSavings = 0n;
  savingsToDate = 0n;
  readonly adjustments = new Map<string, { key: AdjustmentKey; tally: AdjustmentTally }>();

  adjustment(key: AdjustmentKey): AdjustmentTally {
    const text = keyText(key);
    let entry = this.adjustments.get(text);
    if (!entry) {
      entry = { key, tally: new AdjustmentTally() };
      this.adjustments.set(text, entry);
    }
    return entry.tally;
  }

  addLine(line: LineLedger): void {
    this.budget += line.budget;
    this.budgetToDate += line.budgetToDate;
    this.ownCost.addTally(line.ownCost);
    this.costToDate.addTally(line.costToDate);
    this.ownSavings += line.ownSavings;
    this.savingsToDate += line.savingsToDate;
    for (const { key, tally } of line.adjustments.values()) this.adjustment(key).addTally(tally);
  }

  report(serviceLine: string): ManagementAccountsLine {
    const { month, adjustments, yearToDate } = this.totals();
    return { serviceLine, month, adjustments, yearToDate };
  }

  totals(): ManagementAccounts['totals'] {
    const adjustmentCost = new SpendTally();
    let adjustmentSavings = 0n;
    const entries = [...this.adjustments.values()].sort(
      (a, b) =>
        compareText(a.key.period, b.key.period) ||
        compareText(a.key.belongsToAgreementId, b.key.belongsToAgreementId) ||
        compareText(a.key.kind, b.key.kind),
    );
    const adjustments = entries.map(({ key, tally }): PostedAdjustment => {
      adjustmentCost.addTally(tally.cost);
      adjustmentSavings += tally.savings;
      return { ...key, cost: tally.cost.breakdown(), savings: formatPence(tally.savings) };
    });
    const cost = new SpendTally();
    cost.addTally(this.ownCost);
    cost.addTally(adjustmentCost);
    const savings = this.ownSavings + adjustmentSavings;
    return {
      month: {
        budget: formatPence(this.budget),
        cost: {
          own: this.ownCost.breakdown(),
          adjustments: adjustmentCost.breakdown(),
          total: cost.breakdown(),
        },
        savings: {
          own: formatPence(this.ownSavings),
          adjustments: formatPence(adjustmentSavings),
          total: formatPence(savings),
        },
        variance: formatPence(this.budget - cost.total()),
      },
      adjustments,
      yearToDate: {
        budget: formatPence(this.budgetToDate),
        cost: this.costToDate.breakdown(),
        savings: formatPence(this.savingsToDate),
        variance: formatPence(this.budgetToDate - this.costToDate.total()),
      },
    };
  }
}
