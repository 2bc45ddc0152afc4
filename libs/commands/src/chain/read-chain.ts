import {
  agreementChain,
  type ActiveAgreement,
  type AgreementChain,
  type AgreementState,
  type ClosedPeriods,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import type { StreamReads } from '../execution/folded-stream-cache';
import { foldAgreement } from '../execution/ledger-streams';
import type { FoldedHistory } from '../execution/stream-history';

/** One agreement of a chain, folded at the revision it was read at. */
export interface ChainMember {
  history: FoldedHistory<AgreementState>;
  state: ActiveAgreement;
}

/** A chain of agreements as read from their streams, oldest first. */
export interface ReadChain {
  chain: AgreementChain;
  /** In chain order, one per agreement of `chain`. */
  members: ChainMember[];
  /** Each agreement's closed periods. */
  closed: ClosedPeriods;
}

/** The chain's member with this id; throws when it is not one (a wiring fault). */
export function memberOf(read: ReadChain, agreementId: string): ChainMember {
  const member = read.members.find((m) => m.state.terms.agreementId === agreementId);
  if (!member) throw new Error(`Agreement ${agreementId} is not in the chain`);
  return member;
}

/** Longer than any chain delegation will run: a cycle of links is a corrupt store. */
const MAX_CHAIN_LENGTH = 200;

/**
 * The whole chain an agreement belongs to (domain.md, "Years: chains of agreements"): its
 * predecessors through `predecessorAgreementId`, itself, and its successors through the links
 * recorded on each predecessor (`SuccessorAgreementCreated`). `from` is the agreement the
 * command already folded, so it is decided on exactly that state. A link to an agreement not
 * (yet) created ends the chain there: on a store without multi-stream appends the link is
 * written first, and its successor follows.
 *
 * Each stream is read through the command's StreamReads, so a command that trusts what it
 * remembers reads nothing new, and is decided again on fresh reads if its append fails.
 */
export async function readChain(
  store: EventStore,
  from: ChainMember,
  streams?: StreamReads,
): Promise<ReadChain> {
  const members: ChainMember[] = [from];
  const seen = new Set([from.state.terms.agreementId]);
  const follow = async (agreementId: string | null): Promise<ChainMember | null> => {
    if (agreementId === null || seen.has(agreementId) || seen.size >= MAX_CHAIN_LENGTH) {
      return null;
    }
    seen.add(agreementId);
    const { history } = await foldAgreement(store, agreementId, streams);
    return history.state.exists ? { history, state: history.state } : null;
  };
  for (let m = await follow(from.state.predecessorAgreementId); m;) {
    members.unshift(m);
    m = await follow(m.state.predecessorAgreementId);
  }
  // A successor counts only if it names its predecessor back: on a store without multi-stream
  // appends, a link may name an agreement whose own creation has not landed (or never will).
  for (let at = from, m = await follow(from.state.successorAgreementId); m;) {
    if (m.state.predecessorAgreementId !== at.state.terms.agreementId) break;
    members.push(m);
    at = m;
    m = await follow(m.state.successorAgreementId);
  }
  return {
    chain: agreementChain(members.map((m) => m.state.terms)),
    members,
    closed: new Map(members.map((m) => [m.state.terms.agreementId, m.state.closedPeriods])),
  };
}

/** The chain of the agreement with this id, read from its streams; null when it does not exist. */
export async function readChainOf(
  store: EventStore,
  agreementId: string,
  streams?: StreamReads,
): Promise<ReadChain | null> {
  const { history } = await foldAgreement(store, agreementId, streams);
  if (!history.state.exists) return null;
  return readChain(store, { history, state: history.state }, streams);
}
