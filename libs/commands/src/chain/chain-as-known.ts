import {
  agreementStreamId,
  financialYearAfter,
  upcastEvent,
  type AgreementCreated,
  type AgreementEvent,
  type AgreementTerms,
  type MoneyString,
} from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';

/**
 * Chains of agreements as the ledger knew them at a log position (domain.md, "Years: chains of
 * agreements"), for reads: the chain report and the lists' `chain` filter. A command reads a
 * chain at the head with `readChain`, folding each stream with the decider; a read may ask for a
 * knowledge time, when a successor created later is not yet part of the chain, so here only the
 * events at or before the position count, and only what a read needs is kept of them.
 */

/** One agreement of a chain, as known at a position. */
export interface KnownChainMember {
  terms: AgreementTerms;
  /** The position of its `AgreementCreated`. */
  createdAt: number;
  predecessorAgreementId: string | null;
  /** The successor its stream names (`SuccessorAgreementCreated`) by the position, or null. */
  successorAgreementId: string | null;
  /** Its year-end carry-forward, once recorded (a zero amount is recorded too). */
  carriedForward: { amount: MoneyString; position: number } | null;
}

/** Longer than any delegation will run: a cycle of links is a corrupt store. */
const MAX_CHAIN_LENGTH = 200;

function termsOf({ data }: AgreementCreated): AgreementTerms {
  return {
    agreementId: data.agreementId,
    commissionerCode: data.commissionerCode,
    leadProviderCode: data.leadProviderCode,
    partnerProviderCodes: [...data.partnerProviderCodes],
    financialYear: data.financialYear,
    serviceLines: [...data.serviceLines],
    savingsHorizonDays: data.savingsHorizonDays,
  };
}

/** The member an agreement stream's events at or before `position` describe; null: not created by then. */
function memberOf(events: readonly RecordedEvent[], position: number): KnownChainMember | null {
  let member: KnownChainMember | null = null;
  for (const recorded of events) {
    if (recorded.position > position) break;
    const event = upcastEvent<AgreementEvent>(recorded);
    if (event.type === 'AgreementCreated') {
      if (member !== null) continue;
      member = {
        terms: termsOf(event),
        createdAt: recorded.position,
        predecessorAgreementId: event.data.predecessorAgreementId ?? null,
        successorAgreementId: null,
        carriedForward: null,
      };
    } else if (member !== null && event.type === 'SuccessorAgreementCreated') {
      member.successorAgreementId = event.data.successorAgreementId;
    } else if (member !== null && event.type === 'SavingsCarriedForward') {
      member.carriedForward = { amount: event.data.amount, position: recorded.position };
    }
  }
  return member;
}

/**
 * The chain `agreementId` belongs to, oldest first, as known at `position` (default: the head):
 * its predecessors through `predecessorAgreementId`, itself, and its successors through the
 * links on each predecessor, a successor counting only once its own creation names its
 * predecessor back (as `readChain`: on EventStoreDB the link is written first). Null when the
 * agreement had not been created by then.
 *
 * Reads each agreement stream of the chain whole: the cost of reading the chain's agreements,
 * as a command on the chain does.
 */
export async function readChainAsKnownAt(
  store: EventStore,
  agreementId: string,
  position = Number.MAX_SAFE_INTEGER,
): Promise<KnownChainMember[] | null> {
  const seen = new Set<string>();
  const read = async (id: string | null): Promise<KnownChainMember | null> => {
    if (id === null || seen.has(id) || seen.size >= MAX_CHAIN_LENGTH) return null;
    seen.add(id);
    return memberOf(await store.readStream(agreementStreamId(id)), position);
  };
  const from = await read(agreementId);
  if (from === null) return null;
  const chain = [from];
  for (let m = await read(from.predecessorAgreementId); m;) {
    chain.unshift(m);
    m = await read(m.predecessorAgreementId);
  }
  for (let at = from, m = await read(from.successorAgreementId); m;) {
    if (m.predecessorAgreementId !== at.terms.agreementId) break;
    chain.push(m);
    at = m;
    m = await read(m.successorAgreementId);
  }
  return chain;
}

/** An agreement's creation (its stream's revision 0, upcast), or null if never created. */
async function creationOf(
  store: EventStore,
  agreementId: string,
): Promise<AgreementCreated['data'] | null> {
  const [first] = await store.readStream(agreementStreamId(agreementId), { maxCount: 1 });
  if (first === undefined) return null;
  const event = upcastEvent<AgreementEvent>(first);
  return event.type === 'AgreementCreated'
    ? { ...event.data, predecessorAgreementId: event.data.predecessorAgreementId ?? null }
    : null;
}

/**
 * The agreements of a commissioner and lead provider from a financial year on: where a list
 * finds the candidates for an agreement's successors (a successor has its predecessor's
 * commissioner and lead provider, and the next year).
 */
export type AgreementsOfParties = (parties: {
  commissionerCode: string;
  leadProviderCode: string;
  fromFinancialYear: string;
}) => Promise<string[]>;

/**
 * The ids of the agreements of `agreementId`'s chain, oldest first; empty when no such agreement
 * has been created. Cheap for a list: it reads only the first event of each stream it looks at.
 * Predecessors are followed by the `predecessorAgreementId` each creation names; successors are
 * found among `candidates` (the agreements of the same parties in later years, as the list's
 * source knows them), as the one whose creation names the chain's last agreement. That is the
 * chain `readChainAsKnownAt` gives at the head, but for a successor the list's source does not
 * hold yet, which no page of it could show anyway.
 */
export async function chainAgreementIds(
  store: EventStore,
  agreementId: string,
  candidates: AgreementsOfParties,
): Promise<string[]> {
  const from = await creationOf(store, agreementId);
  if (from === null) return [];
  const ids = [agreementId];
  for (let id = from.predecessorAgreementId; id !== null && ids.length < MAX_CHAIN_LENGTH;) {
    if (ids.includes(id)) break;
    const created = await creationOf(store, id);
    if (created === null) break;
    ids.unshift(id);
    id = created.predecessorAgreementId;
  }
  const later = (
    await candidates({
      commissionerCode: from.commissionerCode,
      leadProviderCode: from.leadProviderCode,
      fromFinancialYear: financialYearAfter(from.financialYear),
    })
  ).filter((id) => !ids.includes(id));
  const successorOf = new Map<string, string>();
  for (const created of await Promise.all(later.map((id) => creationOf(store, id)))) {
    if (created?.predecessorAgreementId) {
      successorOf.set(created.predecessorAgreementId, created.agreementId);
    }
  }
  for (
    let id = successorOf.get(agreementId);
    id !== undefined && !ids.includes(id) && ids.length < MAX_CHAIN_LENGTH;
    id = successorOf.get(id)
  ) {
    ids.push(id);
  }
  return ids;
}
