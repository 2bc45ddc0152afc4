import {
  agreementDecider,
  agreementStreamId,
  caseDecider,
  caseStreamId,
  type AgreementEvent,
  type AgreementState,
  type AgreementTerms,
  type CaseState,
  upcastEvent,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import type { StreamReads } from './folded-stream-cache';
import { readFolded, readHistory, type FoldedHistory, type StreamHistory } from './stream-history';

export interface AgreementRecord<
  History extends FoldedHistory<AgreementState> = StreamHistory<AgreementState>,
> {
  history: History;
  /** The agreement's terms, parties included; null when it has never been created. */
  terms: AgreementTerms | null;
}

export interface CaseRecord<History extends FoldedHistory<CaseState> = StreamHistory<CaseState>> {
  history: History;
  /** The agreement the case was referred under; null when it has never been registered. */
  agreementId: string | null;
}

/** The whole agreement stream, events included, for reads that show them. */
export async function readAgreement(
  store: EventStore,
  agreementId: string,
): Promise<AgreementRecord> {
  return agreementRecord(
    await readHistory(store, agreementStreamId(agreementId), agreementDecider),
  );
}

/** The agreement's fold at its current revision, for deciding a command on it. */
export async function foldAgreement(
  store: EventStore,
  agreementId: string,
  reads?: StreamReads,
  creates = false,
): Promise<AgreementRecord<FoldedHistory<AgreementState>>> {
  const streamId = agreementStreamId(agreementId);
  return agreementRecord(await readFolded(store, streamId, agreementDecider, reads, creates));
}

/**
 * The agreement's terms alone, for a case command or a read of a case. Terms are fixed by the
 * agreement's first event (AgreementCreated) and never change, so only revision 0 is read, and
 * a cache keeps them once read: a case command costs the same however long its agreement's
 * stream has grown.
 */
export async function readAgreementTerms(
  store: EventStore,
  agreementId: string,
  reads?: StreamReads,
): Promise<AgreementTerms | null> {
  const cached = reads?.cache.agreementTerms(agreementId);
  if (cached !== undefined) return cached;
  const [first] = await store.readStream(agreementStreamId(agreementId), { maxCount: 1 });
  if (first === undefined) return null;
  const event = upcastEvent<AgreementEvent>(first);
  const state = agreementDecider.evolve(agreementDecider.initialState(), event);
  if (!state.exists) return null;
  reads?.cache.rememberAgreementTerms(agreementId, state.terms);
  return state.terms;
}

/** The whole case stream, events included, for reads that show them. */
export async function readCase(store: EventStore, caseId: string): Promise<CaseRecord> {
  return caseRecord(await readHistory(store, caseStreamId(caseId), caseDecider));
}

/** The case's fold at its current revision, for deciding a command on it. */
export async function foldCase(
  store: EventStore,
  caseId: string,
  reads?: StreamReads,
  creates = false,
): Promise<CaseRecord<FoldedHistory<CaseState>>> {
  return caseRecord(await readFolded(store, caseStreamId(caseId), caseDecider, reads, creates));
}

function agreementRecord<History extends FoldedHistory<AgreementState>>(
  history: History,
): AgreementRecord<History> {
  return { history, terms: history.state.exists ? history.state.terms : null };
}

function caseRecord<History extends FoldedHistory<CaseState>>(
  history: History,
): CaseRecord<History> {
  const { state } = history;
  return { history, agreementId: state.status === 'unregistered' ? null : state.agreementId };
}
