import {
  agreementDecider,
  agreementStreamId,
  caseDecider,
  caseStreamId,
  type AgreementEvent,
  type AgreementState,
  type AgreementTerms,
  type CaseState,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { readHistory, type StreamHistory } from './stream-history';

export interface AgreementRecord {
  history: StreamHistory<AgreementState>;
  /** The agreement's terms, parties included; null when it has never been created. */
  terms: AgreementTerms | null;
}

export interface CaseRecord {
  history: StreamHistory<CaseState>;
  /** The agreement the case was referred under; null when it has never been registered. */
  agreementId: string | null;
}

export async function readAgreement(
  store: EventStore,
  agreementId: string,
): Promise<AgreementRecord> {
  const history = await readHistory(store, agreementStreamId(agreementId), agreementDecider);
  return { history, terms: history.state.exists ? history.state.terms : null };
}

/**
 * The agreement's terms alone, for a case command or a read of a case. Terms are fixed by the
 * agreement's first event (AgreementCreated) and never change, so only revision 0 is read:
 * a case command costs the same however long its agreement's stream has grown.
 */
export async function readAgreementTerms(
  store: EventStore,
  agreementId: string,
): Promise<AgreementTerms | null> {
  const [first] = await store.readStream(agreementStreamId(agreementId), { maxCount: 1 });
  if (first === undefined) return null;
  const event = { type: first.type, data: first.data } as AgreementEvent;
  const state = agreementDecider.evolve(agreementDecider.initialState(), event);
  return state.exists ? state.terms : null;
}

export async function readCase(store: EventStore, caseId: string): Promise<CaseRecord> {
  const history = await readHistory(store, caseStreamId(caseId), caseDecider);
  const { state } = history;
  return { history, agreementId: state.status === 'unregistered' ? null : state.agreementId };
}
