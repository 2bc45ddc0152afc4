import type { CaseAgreementTerms, PeriodId, RegisteredCase } from '@ledger/domain';
import { readPosition, storeProjection, type Snapshot } from '../projection/append-only-store';
import { CaseTimelinesStore } from './case-timelines.store';

export type CaseTimelinesState = Snapshot<CaseTimelinesStore>;

/** Case timelines and agreement terms: the facts behind provisional figures and OAP metrics. */
export const caseTimelinesProjection = storeProjection(() => new CaseTimelinesStore());

/** An agreement as known at one log position. */
export interface AgreementView {
  knownAt: number;
  terms: CaseAgreementTerms;
  /** Periods closed by `knownAt`. */
  closedPeriods: ReadonlySet<PeriodId>;
  /** Its cases, each as known at `knownAt`, in referral order. */
  cases: RegisteredCase[];
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
  return {
    knownAt: position,
    terms: timeline.terms,
    closedPeriods: new Set(timeline.closedPeriods.upTo(position)),
    cases: cases.store.casesAt(agreementId, position),
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
