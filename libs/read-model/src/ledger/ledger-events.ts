import {
  AGREEMENT_EVENT_VERSIONS,
  CASE_EVENT_VERSIONS,
  postingsForAgreementEvent,
  type AccountName,
  type AgreementEvent,
  type CaseEvent,
  type PeriodId,
  upcastEvent,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { ledgerAccount, type LedgerAccount } from './account-names';
import { penceOfMoney, type Pence } from './pence';

const AGREEMENT_TYPES: ReadonlySet<string> = new Set(Object.keys(AGREEMENT_EVENT_VERSIONS));
const CASE_TYPES: ReadonlySet<string> = new Set(Object.keys(CASE_EVENT_VERSIONS));

/** The agreement event a recorded event holds, or null for any other event. */
export function agreementEventOf(event: RecordedEvent): AgreementEvent | null {
  if (!AGREEMENT_TYPES.has(event.type)) return null;
  // In the current shape of its type (a version 1 close, for instance, posted no prior-year
  // adjustments, nor, in development stores from before them, prior-period ones).
  return upcastEvent<AgreementEvent>(event);
}

/** The case event a recorded event holds, or null for any other event. */
export function caseEventOf(event: RecordedEvent): CaseEvent | null {
  if (!CASE_TYPES.has(event.type)) return null;
  return upcastEvent<CaseEvent>(event);
}

/**
 * One posting as the read side keeps it: the domain's posting, in pence, with where it sits
 * in the log. `index` orders the postings one event made.
 */
export interface LedgerPosting {
  readonly position: number;
  readonly index: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly recordedAt: string;
  readonly agreementId: string;
  /** The period the fact belongs to. */
  readonly period: PeriodId;
  /** The period it was posted in (later than `period` for a prior-period adjustment). */
  readonly postedIn: PeriodId;
  readonly debitAccount: AccountName;
  readonly creditAccount: AccountName;
  /** The accounts read back from their names, once per posting for every store. */
  readonly debit: LedgerAccount;
  readonly credit: LedgerAccount;
  /** Always > 0: the accounts carry the direction. */
  readonly amountPence: Pence;
  readonly source: string;
  readonly reference: string;
  /**
   * A prior-year adjustment's earlier agreement of the chain, whose period `period` is; null
   * for every other posting.
   */
  readonly belongsToAgreementId: string | null;
}

/**
 * Postings are derived from the event the same way every time, so projections folding the
 * same recorded event (the journal, the statements, the ledger totals) share one derivation.
 */
const derived = new WeakMap<RecordedEvent, readonly LedgerPosting[]>();
const NONE: readonly LedgerPosting[] = Object.freeze([]);

export function postingsOf(event: RecordedEvent): readonly LedgerPosting[] {
  const cached = derived.get(event);
  if (cached) return cached;
  const agreementEvent = agreementEventOf(event);
  const postings = agreementEvent
    ? postingsForAgreementEvent(agreementEvent).map((posting, index): LedgerPosting => ({
        position: event.position,
        index,
        eventId: event.eventId,
        eventType: event.type,
        recordedAt: event.recordedAt,
        agreementId: posting.agreementId,
        period: posting.period,
        postedIn: posting.postedIn,
        debitAccount: posting.debitAccount,
        creditAccount: posting.creditAccount,
        debit: ledgerAccount(posting.debitAccount),
        credit: ledgerAccount(posting.creditAccount),
        amountPence: penceOfMoney(posting.amount),
        source: posting.source,
        reference: posting.reference,
        belongsToAgreementId: posting.belongsToAgreementId ?? null,
      }))
    : NONE;
  derived.set(event, postings);
  return postings;
}
