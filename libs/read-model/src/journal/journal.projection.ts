import type { PeriodId } from '@ledger/domain';
import { readPosition, storeProjection, type Snapshot } from '../projection/append-only-store';
import type { LedgerPosting } from '../ledger/ledger-events';
import { formatPence } from '../ledger/pence';
import { JournalStore } from './journal.store';

/**
 * The journal: every posting derived from agreement events (allocations, adjustments,
 * virements, reinvestments, and each close's costs, savings and prior-period adjustments),
 * with the log position, event id, time recorded, source and reference that explain it.
 */
export type JournalState = Snapshot<JournalStore>;

export const journalProjection = storeProjection(() => new JournalStore());

/** A posting as the journal reports it; `amount` is a decimal string with 2 decimal places. */
export interface JournalPosting {
  position: number;
  /** Orders the postings one event made. */
  index: number;
  eventId: string;
  eventType: string;
  recordedAt: string;
  agreementId: string;
  /** The period the fact belongs to. */
  period: PeriodId;
  /** The period it was posted in: later than `period` for a prior-period adjustment. */
  postedIn: PeriodId;
  debitAccount: string;
  creditAccount: string;
  amount: string;
  source: string;
  reference: string;
  /** A prior-year adjustment's earlier agreement of the chain (its `period` is that one's); else null. */
  belongsToAgreementId: string | null;
}

export interface JournalQuery {
  agreementId: string;
  /** Only postings made in this period (domain.md: figures "by the period posted in"). */
  postedIn?: PeriodId;
  /** Only postings belonging to this period ("by the period the fact belongs to"). */
  period?: PeriodId;
  /** Log position: answer as the journal stood then. */
  knownAt?: number;
}

export function toJournalPosting(posting: LedgerPosting): JournalPosting {
  return {
    position: posting.position,
    index: posting.index,
    eventId: posting.eventId,
    eventType: posting.eventType,
    recordedAt: posting.recordedAt,
    agreementId: posting.agreementId,
    period: posting.period,
    postedIn: posting.postedIn,
    debitAccount: posting.debitAccount,
    creditAccount: posting.creditAccount,
    amount: formatPence(posting.amountPence),
    source: posting.source,
    reference: posting.reference,
    belongsToAgreementId: posting.belongsToAgreementId,
  };
}

/** An agreement's postings in log order, optionally by period posted in or belonged to. */
export function journalPostings(journal: JournalState, query: JournalQuery): JournalPosting[] {
  const position = readPosition(journal, query.knownAt);
  return journal.store
    .postingsUpTo(query.agreementId, position)
    .filter(
      (posting) =>
        (query.postedIn === undefined || posting.postedIn === query.postedIn) &&
        (query.period === undefined || posting.period === query.period),
    )
    .map(toJournalPosting);
}
