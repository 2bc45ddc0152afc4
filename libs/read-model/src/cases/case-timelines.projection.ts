import type { AgreementChain, AgreementTerms, PeriodId, RegisteredCase } from '@ledger/domain';
import { readPosition, storeProjection, type Snapshot } from '../projection/append-only-store';
import { CaseTimelinesStore } from './case-timelines.store';

export type CaseTimelinesState = Snapshot<CaseTimelinesStore>;

/** Case timelines and agreement terms: the facts behind provisional figures and OAP metrics. */
export const caseTimelinesProjection = storeProjection(() => new CaseTimelinesStore());

/** An agreement as known at one log position. */
export interface AgreementView {
  knownAt: number;
  terms: AgreementTerms;
  /** Periods closed by `knownAt`. */
  closedPeriods: ReadonlySet<PeriodId>;
  /** Its cases, each as known at `knownAt`, in referral order. */
  cases: RegisteredCase[];
  /**
   * Its chain as known at `knownAt`, oldest first (itself alone when it has no predecessor and
   * no successor yet). A successor created after `knownAt` is not in it.
   */
  chain: AgreementChain;
  /**
   * Every case of the chain (registered under any of its agreements), each as known at
   * `knownAt`, in referral order: a case belongs to its whole chain, and each night counts in
   * the agreement whose year holds it.
   */
  chainCases: RegisteredCase[];
}

/** The agreement as known at `knownAt` (default: the state's position), or null if not created yet. */
export function agreementView(
  cases: CaseTimelinesState,
  agreementId: string,
  knownAt?: number,
): AgreementView | null {
  const position = readPosition(cases, knownAt);
  const timeline = cases.store.agreementAt(agreementId, position);
  if (!timeline) return null;
  const members = cases.store.chainAt(agreementId, position);
  const own = cases.store.casesAt(agreementId, position);
  return {
    knownAt: position,
    terms: timeline.terms,
    closedPeriods: new Set(timeline.closedPeriods.upTo(position)),
    cases: own,
    // The links were checked when each successor was created (agreementChain's rules).
    chain: { agreements: members.map((member) => member.terms) },
    chainCases:
      members.length === 1
        ? own
        : cases.store.casesOfAll(
            members.map((member) => member.terms.agreementId),
            position,
          ),
  };
}

/** One case as known at `knownAt`, or null if not registered by then. */
export function caseAsKnownAt(
  cases: CaseTimelinesState,
  caseId: string,
  knownAt?: number,
): RegisteredCase | null {
  return cases.store.caseAt(caseId, readPosition(cases, knownAt)) ?? null;
}
