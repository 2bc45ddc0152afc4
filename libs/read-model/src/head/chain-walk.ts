import type { RecordedEvent } from '@ledger/event-store';
import { agreementEventOf } from '../ledger/ledger-events';
import type { FactScope } from './read-model-reader.port';

/**
 * Which agreements' facts a chain-aware report reads from the SQL read model, found in the
 * same snapshot as the facts themselves. The chain is walked by the rule the command side
 * uses (commands' read-chain.ts) and the case timelines apply to a replay
 * (`CaseTimelinesStore.chainAt`): back through each creation's `predecessorAgreementId`, and on
 * through each `SuccessorAgreementCreated` to an agreement whose creation names it back.
 */

/** What the walk reads of one agreement: its creation and its successor link, if any. */
export interface ChainLinkFacts {
  /** The agreement's `AgreementCreated` (its stream's revision 0); null if not projected. */
  creation: RecordedEvent | null;
  /** The `SuccessorAgreementCreated` on its stream, if any. */
  successorLink: RecordedEvent | null;
}

/** One agreement of the chain, and which of its facts the report reads. */
export interface ChainFactsRead {
  agreementId: string;
  scope: FactScope;
}

/** Longer than any chain delegation will run: a cycle of links is a corrupt log. */
const MAX_CHAIN_LENGTH = 200;

function predecessorOf(creation: RecordedEvent | null): string | null {
  const event = creation && agreementEventOf(creation);
  return event?.type === 'AgreementCreated' ? (event.data.predecessorAgreementId ?? null) : null;
}

function successorOf(link: RecordedEvent | null): string | null {
  const event = link && agreementEventOf(link);
  return event?.type === 'SuccessorAgreementCreated' ? event.data.successorAgreementId : null;
}

/**
 * The chain of `agreementId`, as a generator that asks for each agreement's link facts (yield
 * an id, receive its `ChainLinkFacts`) so that one walk serves a synchronous driver (SQLite)
 * and an asynchronous one (PostgreSQL). Returns the reads, oldest agreement first, or an empty
 * list when the agreement itself has not been projected.
 *
 * With `scope` 'all' the agreement and its successors are read whole (a successor's closes
 * post prior-year adjustments belonging to it), its predecessors only for their creation and
 * cases; with 'cases', every agreement only for its creation and cases.
 */
export function* chainWalk(
  agreementId: string,
  scope: FactScope,
): Generator<string, ChainFactsRead[], ChainLinkFacts> {
  const own = yield agreementId;
  if (own.creation === null) return [];
  const reads: ChainFactsRead[] = [{ agreementId, scope }];
  const seen = new Set([agreementId]);
  for (let id = predecessorOf(own.creation); id !== null && !seen.has(id);) {
    if (seen.size >= MAX_CHAIN_LENGTH) break;
    seen.add(id);
    const facts = yield id;
    if (facts.creation === null) break;
    reads.unshift({ agreementId: id, scope: 'cases' });
    id = predecessorOf(facts.creation);
  }
  let at = agreementId;
  for (let id = successorOf(own.successorLink); id !== null && !seen.has(id);) {
    if (seen.size >= MAX_CHAIN_LENGTH) break;
    seen.add(id);
    const facts = yield id;
    // A link counts only to an agreement whose creation names its predecessor back.
    if (predecessorOf(facts.creation) !== at) break;
    reads.push({ agreementId: id, scope });
    at = id;
    id = successorOf(facts.successorLink);
  }
  return reads;
}

/** Runs the walk with a synchronous reader of link facts. */
export function walkChainSync(
  agreementId: string,
  scope: FactScope,
  linksOf: (agreementId: string) => ChainLinkFacts,
): ChainFactsRead[] {
  const walk = chainWalk(agreementId, scope);
  let step = walk.next();
  while (!step.done) step = walk.next(linksOf(step.value));
  return step.value;
}

/** Runs the walk with an asynchronous reader of link facts. */
export async function walkChain(
  agreementId: string,
  scope: FactScope,
  linksOf: (agreementId: string) => Promise<ChainLinkFacts>,
): Promise<ChainFactsRead[]> {
  const walk = chainWalk(agreementId, scope);
  let step = walk.next();
  while (!step.done) step = walk.next(await linksOf(step.value));
  return step.value;
}

/** The facts of several agreements, each in log order, merged into one log order. */
export function inLogOrder(facts: readonly RecordedEvent[][]): RecordedEvent[] {
  if (facts.length === 1) return facts[0];
  return facts.flat().sort((a, b) => a.position - b.position);
}

/**
 * An agreement's link facts from the rows a reader found on its stream: its creation (revision
 * 0) and its `SuccessorAgreementCreated`, if any.
 */
export function linkFactsOf(events: readonly RecordedEvent[]): ChainLinkFacts {
  return {
    creation: events.find((event) => event.revision === 0) ?? null,
    successorLink: events.find((event) => event.type === 'SuccessorAgreementCreated') ?? null,
  };
}

/** The event type of a successor link, for a reader's query. */
export const SUCCESSOR_LINK_TYPE = 'SuccessorAgreementCreated';
