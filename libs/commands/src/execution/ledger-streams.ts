import {
  agreementDecider,
  agreementStreamId,
  caseDecider,
  caseStreamId,
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

export async function readCase(store: EventStore, caseId: string): Promise<CaseRecord> {
  const history = await readHistory(store, caseStreamId(caseId), caseDecider);
  const { state } = history;
  return { history, agreementId: state.status === 'unregistered' ? null : state.agreementId };
}
