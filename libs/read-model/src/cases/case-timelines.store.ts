import {
  evolveCase,
  initialCaseState,
  type AgreementCreated,
  type AgreementTerms,
  type CaseState,
  type PeriodId,
  type RegisteredCase,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { AppendOnlyStore } from '../projection/append-only-store';
import { getOrCreate, mapValues } from '../projection/maps';
import { PositionedList } from '../projection/positioned-list';
import { agreementEventOf, caseEventOf } from '../ledger/ledger-events';

/** What the reports need of an agreement: its terms, its chain link and which periods have closed. */
export interface AgreementTimeline {
  readonly createdAt: number;
  readonly terms: AgreementTerms;
  /** The agreement it follows in its chain (domain.md, "Years: chains of agreements"), or null. */
  readonly predecessorAgreementId: string | null;
  readonly closedPeriods: PositionedList<PeriodId>;
}

/** An agreement's successor: the first agreement created naming it as predecessor. */
interface SuccessorLink {
  readonly agreementId: string;
  readonly createdAt: number;
}

/** Longer than any chain delegation will run (as read-chain.ts): a cycle is a corrupt log. */
const MAX_CHAIN_LENGTH = 200;

function termsOf({ data }: AgreementCreated): AgreementTerms {
  return {
    agreementId: data.agreementId,
    commissionerCode: data.commissionerCode,
    financialYear: data.financialYear,
    serviceLines: [...data.serviceLines],
    leadProviderCode: data.leadProviderCode,
    partnerProviderCodes: [...data.partnerProviderCodes],
    savingsHorizonDays: data.savingsHorizonDays,
  };
}

/**
 * One case's recorded events, folded into its state on demand with the domain's own
 * `evolveCase`. Folding at read time keeps `apply` to one push per case event (a rebuild must
 * stay fast), and a case has few events, so a query re-folds little. The newest fold is
 * memoised: events are append-only, so a later read folds on from it.
 */
class CaseHistory {
  private memo: { count: number; state: CaseState } | null = null;

  constructor(readonly events: PositionedList<RecordedEvent>) {}

  stateUpTo(position: number): RegisteredCase | undefined {
    const count = this.events.countUpTo(position);
    if (count === 0) return undefined;
    const memo = this.memo && this.memo.count <= count ? this.memo : null;
    let state = memo ? memo.state : initialCaseState();
    for (let i = memo ? memo.count : 0; i < count; i += 1) {
      const event = caseEventOf(this.events.itemAt(i));
      if (event) state = evolveCase(state, event);
    }
    if (!this.memo || count >= this.memo.count) this.memo = { count, state };
    // The history starts with the referral, so the state is always registered.
    return state as RegisteredCase;
  }

  copyUpTo(position: number): CaseHistory {
    return new CaseHistory(this.events.copyUpTo(position));
  }
}

/**
 * Case timelines: each case's events (its state as known at any position is a fold of those
 * up to it), the cases of each agreement (ReferralRegistered gives the case → agreement
 * mapping), and each agreement's terms and closes. The live cost and savings rules read a
 * case's state as known at a position, so provisional figures use exactly the rules a period
 * close uses.
 */
export class CaseTimelinesStore extends AppendOnlyStore<CaseTimelinesStore> {
  constructor(
    private readonly agreements = new Map<string, AgreementTimeline>(),
    private readonly casesByAgreement = new Map<string, PositionedList<string>>(),
    private readonly caseHistories = new Map<string, CaseHistory>(),
    private readonly successors = new Map<string, SuccessorLink>(),
  ) {
    super();
  }

  record(event: RecordedEvent): void {
    const caseEvent = caseEventOf(event);
    if (caseEvent) {
      const { caseId } = caseEvent.data;
      const history = this.caseHistories.get(caseId);
      if (history) {
        // A case is registered once: the decider refuses a second referral.
        if (caseEvent.type !== 'ReferralRegistered') history.events.push(event.position, event);
      } else if (caseEvent.type === 'ReferralRegistered') {
        const events = PositionedList.empty<RecordedEvent>();
        events.push(event.position, event);
        this.caseHistories.set(caseId, new CaseHistory(events));
        getOrCreate(this.casesByAgreement, caseEvent.data.agreementId, () =>
          PositionedList.empty<string>(),
        ).push(event.position, caseId);
      }
      // A fact for a case never registered cannot be attributed to an agreement: ignored.
      return;
    }
    const agreementEvent = agreementEventOf(event);
    if (agreementEvent?.type === 'AgreementCreated') {
      const { agreementId } = agreementEvent.data;
      if (this.agreements.has(agreementId)) return;
      // A version 1 creation had no link: the upcaster reads it as null.
      const predecessorAgreementId = agreementEvent.data.predecessorAgreementId ?? null;
      this.agreements.set(agreementId, {
        createdAt: event.position,
        terms: termsOf(agreementEvent),
        predecessorAgreementId,
        closedPeriods: PositionedList.empty(),
      });
      // The decider lets an agreement have one successor; were the log to hold two, the first counts.
      if (predecessorAgreementId !== null && !this.successors.has(predecessorAgreementId)) {
        this.successors.set(predecessorAgreementId, { agreementId, createdAt: event.position });
      }
    } else if (agreementEvent?.type === 'PeriodClosed') {
      const { agreementId, period } = agreementEvent.data;
      this.agreements.get(agreementId)?.closedPeriods.push(event.position, period);
    }
  }

  copyUpTo(position: number): CaseTimelinesStore {
    const agreements = new Map<string, AgreementTimeline>();
    for (const [id, timeline] of this.agreements) {
      if (timeline.createdAt > position) continue;
      agreements.set(id, { ...timeline, closedPeriods: timeline.closedPeriods.copyUpTo(position) });
    }
    const caseHistories = new Map<string, CaseHistory>();
    for (const [caseId, history] of this.caseHistories) {
      const copy = history.copyUpTo(position);
      if (copy.events.size > 0) caseHistories.set(caseId, copy);
    }
    const successors = new Map<string, SuccessorLink>();
    for (const [predecessorId, link] of this.successors) {
      if (link.createdAt <= position) successors.set(predecessorId, link);
    }
    return new CaseTimelinesStore(
      agreements,
      mapValues(this.casesByAgreement, (cases) => cases.copyUpTo(position)),
      caseHistories,
      successors,
    );
  }

  agreementAt(agreementId: string, position: number): AgreementTimeline | undefined {
    const timeline = this.agreements.get(agreementId);
    return timeline && timeline.createdAt <= position ? timeline : undefined;
  }

  /**
   * The chain the agreement belongs to as known at `position` (domain.md, "Years: chains of
   * agreements"): its predecessors, itself and its successors, each created by then, oldest
   * first; empty when the agreement itself was not created by then. A successor is an agreement
   * whose own creation names its predecessor, as read-chain.ts requires at the head.
   */
  chainAt(agreementId: string, position: number): AgreementTimeline[] {
    const own = this.agreementAt(agreementId, position);
    if (!own) return [];
    const chain = [own];
    const seen = new Set([agreementId]);
    const take = (id: string | null): AgreementTimeline | undefined => {
      if (id === null || seen.has(id) || seen.size >= MAX_CHAIN_LENGTH) return undefined;
      seen.add(id);
      return this.agreementAt(id, position);
    };
    for (let at = take(own.predecessorAgreementId); at; at = take(at.predecessorAgreementId)) {
      chain.unshift(at);
    }
    for (let id = agreementId; ;) {
      const link = this.successors.get(id);
      const next = link && link.createdAt <= position ? take(link.agreementId) : undefined;
      if (!next) break;
      chain.push(next);
      id = next.terms.agreementId;
    }
    return chain;
  }

  /**
   * The cases registered under any of the agreements by `position`, each as known then, in
   * referral order (the log order of their referrals).
   */
  casesOfAll(agreementIds: readonly string[], position: number): RegisteredCase[] {
    const referrals: { position: number; caseId: string }[] = [];
    for (const agreementId of agreementIds) {
      const cases = this.casesByAgreement.get(agreementId);
      if (!cases) continue;
      const count = cases.countUpTo(position);
      for (let i = 0; i < count; i += 1) {
        referrals.push({ position: cases.positionAt(i), caseId: cases.itemAt(i) });
      }
    }
    if (agreementIds.length > 1) referrals.sort((a, b) => a.position - b.position);
    const registered: RegisteredCase[] = [];
    for (const { caseId } of referrals) {
      const state = this.caseAt(caseId, position);
      if (state) registered.push(state);
    }
    return registered;
  }

  /** The agreement's cases registered by `position`, each as known then, in referral order. */
  casesAt(agreementId: string, position: number): RegisteredCase[] {
    const caseIds = this.casesByAgreement.get(agreementId)?.upTo(position) ?? [];
    const cases: RegisteredCase[] = [];
    for (const caseId of caseIds) {
      const state = this.caseAt(caseId, position);
      if (state) cases.push(state);
    }
    return cases;
  }

  caseAt(caseId: string, position: number): RegisteredCase | undefined {
    return this.caseHistories.get(caseId)?.stateUpTo(position);
  }
}
