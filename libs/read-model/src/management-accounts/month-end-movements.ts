import type { PeriodId, PlacementSetting } from '@ledger/domain';
import { ledgerAccount, type LedgerAccount } from '../ledger/account-names';
import type { Pence } from '../ledger/pence';

/**
 * A posting as the month-end management accounts read it: one posting of the journal, or, from
 * the SQL read model, the postings with the same periods, accounts and prior-year agreement
 * added up (the accounts only ever add postings up, so both give the same figures).
 */
export interface MonthEndPosting {
  /** The period the fact belongs to. */
  readonly period: PeriodId;
  /** The period it was posted in: the one the management accounts file it under. */
  readonly postedIn: PeriodId;
  readonly debitAccount: string;
  readonly creditAccount: string;
  /** > 0: the accounts carry the direction. */
  readonly amountPence: Pence;
  /**
   * Read only for a carry-forward, where it names the other agreement of the chain (the
   * successor a year-end entry went to, the predecessor a brought-forward came from).
   */
  readonly reference: string;
  /** A prior-year adjustment's earlier agreement; null for every other posting. */
  readonly belongsToAgreementId: string | null;
}

/**
 * What one posting means to the management accounts, signed as a finance reader counts it:
 * budget delegated to a line (+) or taken back (−), cost accrued (+) or reversed (−), a saving
 * recognised (+) or a cost pressure (−), savings committed to a scheme, and retained savings
 * carried forward to the next year or brought forward from the last.
 */
export type MonthEndMovement =
  | { kind: 'budget'; serviceLine: string; pence: Pence }
  | {
      kind: 'cost';
      serviceLine: string;
      setting: PlacementSetting;
      providerCode: string;
      pence: Pence;
    }
  | { kind: 'saving'; serviceLine: string; pence: Pence }
  | { kind: 'reinvestment'; schemeId: string; pence: Pence }
  | { kind: 'carried-forward'; otherAgreementId: string; pence: Pence }
  | { kind: 'brought-forward'; otherAgreementId: string; pence: Pence };

/**
 * The movements of one posting (domain.md, "The ledger": which business fact makes which
 * posting). A virement moves budget between two lines, so it is two movements; every other
 * posting is one. A posting between any other pair of accounts is not one the ledger makes,
 * and is refused rather than left out, since the figures would no longer add up.
 */
export function movementsOf(posting: MonthEndPosting): MonthEndMovement[] {
  const from = ledgerAccount(posting.debitAccount);
  const to = ledgerAccount(posting.creditAccount);
  const pence = posting.amountPence;
  const budgetMoves = budgetMovements(from, to, pence);
  if (budgetMoves) return budgetMoves;
  const forward = movementBetween(from, to, posting.reference);
  if (forward) return [forward(pence)];
  // The same pair posted the other way round: a negative cost, saving or carry-forward.
  const backward = movementBetween(to, from, posting.reference);
  if (backward) return [backward(-pence)];
  throw new Error(
    `The management accounts do not know a posting from ${posting.debitAccount} to ${posting.creditAccount}`,
  );
}

/** commissioner → budget:L, budget:L → commissioner, budget:A → budget:B. */
function budgetMovements(
  from: LedgerAccount,
  to: LedgerAccount,
  pence: Pence,
): MonthEndMovement[] | null {
  const isSource = (account: LedgerAccount) =>
    account.kind === 'commissioner' || account.kind === 'budget';
  if (!isSource(from) || !isSource(to)) return null;
  const moves: MonthEndMovement[] = [];
  if (from.kind === 'budget') {
    moves.push({ kind: 'budget', serviceLine: from.serviceLine, pence: -pence });
  }
  if (to.kind === 'budget') moves.push({ kind: 'budget', serviceLine: to.serviceLine, pence });
  return moves.length > 0 ? moves : null;
}

type Movement = (pence: Pence) => MonthEndMovement;

/**
 * The movement a posting from `source` to `target` makes, counted positive in that direction
 * (budget to spend is cost, budget to retained savings a saving, and so on); null for a pair
 * the ledger does not post in that direction.
 */
function movementBetween(
  source: LedgerAccount,
  target: LedgerAccount,
  otherAgreementId: string,
): Movement | null {
  if (source.kind === 'budget' && target.kind === 'spend') {
    if (source.serviceLine !== target.serviceLine) return null;
    const { serviceLine, setting, providerCode } = target;
    return (pence) => ({ kind: 'cost', serviceLine, setting, providerCode, pence });
  }
  if (source.kind === 'budget' && target.kind === 'savings-retained') {
    const { serviceLine } = source;
    return (pence) => ({ kind: 'saving', serviceLine, pence });
  }
  if (source.kind === 'savings-retained' && target.kind === 'reinvestment') {
    const { schemeId } = target;
    return (pence) => ({ kind: 'reinvestment', schemeId, pence });
  }
  if (source.kind === 'savings-retained' && target.kind === 'carried-forward') {
    return (pence) => ({ kind: 'carried-forward', otherAgreementId, pence });
  }
  if (source.kind === 'brought-forward' && target.kind === 'savings-retained') {
    return (pence) => ({ kind: 'brought-forward', otherAgreementId, pence });
  }
  return null;
}
