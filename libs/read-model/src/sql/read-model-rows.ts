import type { RecordedEvent } from '@ledger/event-store';
import { postingsOf, type LedgerPosting } from '../ledger/ledger-events';
import type { Pence } from '../ledger/pence';

/** One row of `journal_postings`: a posting as `postingsOf` derives it, money in pence. */
export interface JournalRow {
  position: number;
  postingIndex: number;
  eventId: string;
  eventType: string;
  agreementId: string;
  period: string;
  postedIn: string;
  debitAccount: string;
  creditAccount: string;
  amountPence: Pence;
  source: string;
  reference: string;
  recordedAt: string;
}

/** One row of `account_balances` (or, in a batch, the change to one). */
export interface BalanceRow {
  agreementId: string;
  account: string;
  /** Money in minus money out. */
  balancePence: Pence;
  /** Position of the last event that moved the balance. */
  lastPosition: number;
}

/**
 * A `journal_postings` row as a SQL driver returns it. Integer columns arrive as bigint from
 * better-sqlite3 (safe integers) and as decimal strings from pg; both convert the same way.
 */
export interface JournalRecord {
  position: bigint | string;
  posting_index: bigint | string;
  event_id: string;
  event_type: string;
  agreement_id: string;
  period: string;
  posted_in: string;
  debit_account: string;
  credit_account: string;
  amount_pence: bigint | string;
  source: string;
  reference: string;
  recorded_at: string;
}

/** An `account_balances` row as a SQL driver returns it (see JournalRecord). */
export interface BalanceRecord {
  agreement_id: string;
  account: string;
  balance_pence: bigint | string;
  last_position: bigint | string;
}

/** The one mapping from stored columns to a JournalRow, shared by both dialects. */
export function journalRowFromRecord(row: JournalRecord): JournalRow {
  return {
    position: Number(row.position),
    postingIndex: Number(row.posting_index),
    eventId: row.event_id,
    eventType: row.event_type,
    agreementId: row.agreement_id,
    period: row.period,
    postedIn: row.posted_in,
    debitAccount: row.debit_account,
    creditAccount: row.credit_account,
    amountPence: BigInt(row.amount_pence),
    source: row.source,
    reference: row.reference,
    recordedAt: row.recorded_at,
  };
}

/** The one mapping from stored columns to a BalanceRow, shared by both dialects. */
export function balanceRowFromRecord(row: BalanceRecord): BalanceRow {
  return {
    agreementId: row.agreement_id,
    account: row.account,
    balancePence: BigInt(row.balance_pence),
    lastPosition: Number(row.last_position),
  };
}

/** What one transaction writes: the batch's postings, its balance changes, the new checkpoint. */
export interface BatchPlan {
  postings: JournalRow[];
  /** Summed per agreement and account, so each key is upserted once. */
  balanceChanges: BalanceRow[];
  /** The checkpoint after the batch: the position of its last event. */
  toPosition: number;
  /** Events the batch applies (the ones after the checkpoint). */
  applied: number;
}

/** An event reduced to what the SQL read model needs, computed before the transaction opens. */
export interface ProjectedEvent {
  position: number;
  postings: readonly JournalRow[];
}

export function journalRowOf(posting: LedgerPosting): JournalRow {
  return {
    position: posting.position,
    postingIndex: posting.index,
    eventId: posting.eventId,
    eventType: posting.eventType,
    agreementId: posting.agreementId,
    period: posting.period,
    postedIn: posting.postedIn,
    debitAccount: posting.debitAccount,
    creditAccount: posting.creditAccount,
    amountPence: posting.amountPence,
    source: posting.source,
    reference: posting.reference,
    recordedAt: posting.recordedAt,
  };
}

/** The read side's one derivation of postings (`postingsOf`), as rows. */
export function projectEvent(event: RecordedEvent): ProjectedEvent {
  return { position: event.position, postings: postingsOf(event).map(journalRowOf) };
}

/**
 * The part of a batch after `checkpoint`, as rows to write; null when every event is at or
 * below it (a redelivery). Positions are gap-free, so the first new event must be
 * `checkpoint + 1` and the rest must follow on: anything else would skip an event for good,
 * so it throws instead.
 */
export function planBatch(events: readonly ProjectedEvent[], checkpoint: number): BatchPlan | null {
  const postings: JournalRow[] = [];
  const balances = new Map<string, BalanceRow>();
  let position = checkpoint;
  for (const event of events) {
    if (event.position <= position) continue;
    if (event.position !== position + 1) {
      throw new Error(
        `read model: event at position ${event.position} follows ${position}; ` +
          'positions are gap-free, so an event is missing from the batch',
      );
    }
    position = event.position;
    for (const posting of event.postings) {
      postings.push(posting);
      move(balances, posting, posting.debitAccount, -posting.amountPence);
      move(balances, posting, posting.creditAccount, posting.amountPence);
    }
  }
  if (position === checkpoint) return null;
  return {
    postings,
    balanceChanges: [...balances.values()],
    toPosition: position,
    applied: position - checkpoint,
  };
}

function move(
  balances: Map<string, BalanceRow>,
  posting: JournalRow,
  account: string,
  pence: Pence,
): void {
  const key = `${posting.agreementId}\u0000${account}`;
  const row = balances.get(key);
  if (row) {
    row.balancePence += pence;
    row.lastPosition = posting.position;
  } else {
    balances.set(key, {
      agreementId: posting.agreementId,
      account,
      balancePence: pence,
      lastPosition: posting.position,
    });
  }
}

/** Orders rows as the tables' primary keys do, for comparisons. */
export function byJournalKey(a: JournalRow, b: JournalRow): number {
  return a.position - b.position || a.postingIndex - b.postingIndex;
}

export function byBalanceKey(a: BalanceRow, b: BalanceRow): number {
  return compareText(a.agreementId, b.agreementId) || compareText(a.account, b.account);
}

/** Code-point order, as `COLLATE "C"` in PostgreSQL and the default BINARY collation in SQLite. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
