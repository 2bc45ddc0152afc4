import {
  evolveCase,
  initialCaseState,
  type AgreementCreated,
  type CaseAgreementTerms,
  type CaseState,
  type PeriodId,
  type RegisteredCase,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { AppendOnlyStore } from '../projection/append-only-store';
import { getOrCreate, mapValues } from '../projection/maps';
import { PositionedList } from '../projection/positioned-list';
import { agreementEventOf, caseEventOf } from '../ledger/ledger-events';

/** What the reports need of an agreement: its terms and which periods have closed. */
export interface AgreementTimeline {
  readonly createdAt: number;
  readonly terms: CaseAgreementTerms;
  readonly closedPeriods: PositionedList<PeriodId>;
}

function termsOf({ data }: AgreementCreated): CaseAgreementTerms {
  return {
    agreementId: data.agreementId,
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
      this.agreements.set(agreementId, {
        createdAt: event.position,
        terms: termsOf(agreementEvent),
        closedPeriods: PositionedList.empty(),
      });
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
    return new CaseTimelinesStore(
      agreements,
      mapValues(this.casesByAgreement, (cases) => cases.copyUpTo(position)),
      caseHistories,
    );
  }

  agreementAt(agreementId: string, position: number): AgreementTimeline | undefined {
    const timeline = this.agreements.get(agreementId);
    return timeline && timeline.createdAt <= position ? timeline : undefined;
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
