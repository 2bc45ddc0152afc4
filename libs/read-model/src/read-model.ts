import { balancesProjection } from './balances/balances.projection';
import { caseTimelinesProjection } from './cases/case-timelines.projection';
import { journalProjection } from './journal/journal.projection';
import { knowledgeClockProjection } from './knowledge/knowledge-clock';
import { combineProjections, type StateOf } from './projection/projection';
import { statementsProjection } from './statements/statements.projection';

/**
 * The report projections. Each combines the stores its queries read, so it can run on its
 * own; `readModelProjection` runs every store once, and every query accepts its state too.
 */

/** Budget against actual: ledger totals (budget, posted spend) and case timelines (live spend). */
export const budgetProjection = combineProjections({
  ledger: balancesProjection,
  cases: caseTimelinesProjection,
});

/** Savings and reinvestment: posted savings and commitments, and case timelines (live savings). */
export const savingsProjection = budgetProjection;

/** Out-of-area metrics: case timelines only. */
export const oapMetricsProjection = combineProjections({ cases: caseTimelinesProjection });

/** Everything the read side holds, folded in one pass. */
export const readModelProjection = combineProjections({
  clock: knowledgeClockProjection,
  journal: journalProjection,
  statements: statementsProjection,
  ledger: balancesProjection,
  cases: caseTimelinesProjection,
});

export type BudgetState = StateOf<typeof budgetProjection>;
export type SavingsState = StateOf<typeof savingsProjection>;
export type OapMetricsState = StateOf<typeof oapMetricsProjection>;
export type ReadModelState = StateOf<typeof readModelProjection>;
