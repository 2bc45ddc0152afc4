import { jointPosition } from '../projection/append-only-store';
import { agreementView, type CaseTimelinesState } from '../cases/case-timelines.projection';
import type { JournalState } from '../journal/journal.projection';
import type { MonthEndRows } from './month-end-sql';
import type { MonthEndSources } from './management-accounts';

/** The folds a replay of the log gives the management accounts: the journal and the closes. */
export interface MonthEndState {
  readonly journal: JournalState;
  readonly cases: CaseTimelinesState;
}

/**
 * The management accounts' sources from a fold of the log, as known at `knownAt` (default: as
 * far as both folds reach): every posting of the agreement in the journal, and the periods it
 * had closed. Null when the agreement had not been created by then.
 */
export function monthEndSourcesAt(
  state: MonthEndState,
  agreementId: string,
  knownAt?: number,
): MonthEndSources | null {
  const position = jointPosition([state.journal, state.cases], knownAt);
  const view = agreementView(state.cases, agreementId, position);
  if (!view) return null;
  return {
    agreementId,
    financialYear: view.terms.financialYear,
    serviceLines: view.terms.serviceLines,
    closedPeriods: view.closedPeriods,
    postings: state.journal.store.postingsUpTo(agreementId, position),
    knownAt: position,
  };
}

/** The same sources from the SQL read model's rows, read at `checkpoint`. */
export function monthEndSourcesFromRows(
  terms: { agreementId: string; financialYear: string; serviceLines: readonly string[] },
  rows: MonthEndRows,
  checkpoint: number,
): MonthEndSources {
  return {
    agreementId: terms.agreementId,
    financialYear: terms.financialYear,
    serviceLines: terms.serviceLines,
    closedPeriods: rows.closedPeriods,
    postings: rows.postings,
    knownAt: checkpoint,
  };
}
