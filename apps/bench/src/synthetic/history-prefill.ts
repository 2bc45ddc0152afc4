import { fixedClock, LedgerCommands, newEventId, type AgreementCaseIndex } from '@ledger/commands';
import {
  addDays,
  AGREEMENT_EVENT_VERSIONS,
  agreementDecider,
  agreementStreamId,
  CASE_EVENT_VERSIONS,
  caseDecider,
  caseStreamId,
  periodLastDay,
  periodsOf,
  placementCostsByPeriod,
  recognisedSavingsByPeriod,
  type AgreementCommand,
  type AgreementState,
  type CalendarDate,
  type CaseCommand,
  type CasePeriodSaving,
  type PeriodId,
  type PlacementPeriodCost,
} from '@ledger/domain';
import {
  SqliteEventStore,
  type Actor,
  type EventToAppend,
  type StreamAppend,
} from '@ledger/event-store';
import { BENCH_NOW } from '../support/ledger-world';
import { Rng } from '../support/prng';
import type { AgreementPlan, PlannedCommand } from './synthetic-ledger';
import { leadFinanceOf, SyntheticLedger } from './synthetic-ledger';

const SCHEMA_VERSIONS: Record<string, number> = {
  ...AGREEMENT_EVENT_VERSIONS,
  ...CASE_EVENT_VERSIONS,
};
const TODAY = BENCH_NOW.slice(0, 10);
/** Stream appends per appendToStreams call while prefilling (one transaction each). */
const PREFILL_BATCH_EVENTS = 20_000;
/** Finance closes month M on the third of month M+1, once the month's case facts are in. */
const CLOSE_DAYS_AFTER_MONTH_END = 3;

/** One month's figures of one agreement, in the order its cases were written. */
interface MonthFigures {
  accruedCosts: PlacementPeriodCost[];
  recognisedSavings: CasePeriodSaving[];
}

/**
 * An agreement as the prefill holds it: its state after every event decided so far, its
 * stream's revision, and the figures of each month it will close, gathered case by case.
 */
interface PrefilledAgreement {
  plan: AgreementPlan;
  state: AgreementState;
  revision: number;
  /** The ended months of its year, in order: the ones the prefill closes. */
  monthsToClose: PeriodId[];
  /** The day after the last month to close: case figures are measured there once. */
  measuredAt: CalendarDate;
  figures: Map<PeriodId, MonthFigures>;
  /** Case ids in the order they were written, for the ledger's own close (`closeWith`). */
  caseIds: string[];
}

/** Every month of the year that has ended by the benchmark's today, in order. */
function endedMonths(plan: AgreementPlan): PeriodId[] {
  return periodsOf(plan.financialYear).filter((month) => periodLastDay(month) < TODAY);
}

/** The day a month is closed: a few days after its end, and never after today. */
function closedOn(month: PeriodId): CalendarDate {
  const day = addDays(periodLastDay(month), CLOSE_DAYS_AFTER_MONTH_END);
  return day < TODAY ? day : TODAY;
}

/**
 * Writes history into a log fast, for the scaling measurements: synthetic commands are decided
 * by the real deciders in memory (each stream folded once, not re-read per command), then the
 * events, with the metadata the command layer would give them, are appended to the SQLite store
 * through its ordinary appendToStreams, many streams per transaction.
 */
class Prefill {
  private readonly batches: StreamAppend[] = [];
  private pending = 0;
  written = 0;
  private requests = 0;

  constructor(private readonly store: SqliteEventStore) {}

  agreement(plan: AgreementPlan, commands: readonly PlannedCommand[]): PrefilledAgreement {
    let state: AgreementState = agreementDecider.initialState();
    const events: EventToAppend[] = [];
    for (const planned of commands) {
      const decided = agreementDecider.decide(planned.command as AgreementCommand, state, {
        today: TODAY,
      });
      state = decided.reduce(agreementDecider.evolve, state);
      events.push(...decided.map((event) => this.toAppend(event, planned.actor)));
    }
    if (!state.exists) throw new Error('The agreement setup created no agreement');
    this.add(agreementStreamId(state.terms.agreementId), events, 'no-stream');
    const monthsToClose = endedMonths(plan);
    const lastMonth = monthsToClose[monthsToClose.length - 1];
    return {
      plan,
      state,
      revision: events.length - 1,
      monthsToClose,
      measuredAt: lastMonth ? addDays(periodLastDay(lastMonth), 1) : TODAY,
      figures: new Map(monthsToClose.map((month) => [month, emptyFigures()])),
      caseIds: [],
    };
  }

  /**
   * Decides and queues one case's journey, cut to `limit` events, and adds the case's figures
   * to its agreement's months to close. Returns how many events it wrote.
   */
  caseJourney(
    caseId: string,
    agreement: PrefilledAgreement,
    commands: readonly PlannedCommand[],
    limit: number,
  ): number {
    if (!agreement.state.exists) throw new Error(`No agreement ${agreement.plan.agreementId}`);
    const terms = agreement.state.terms;
    let state = caseDecider.initialState();
    const events: EventToAppend[] = [];
    for (const planned of commands) {
      if (events.length >= limit) break;
      const decided = caseDecider.decide(planned.command as CaseCommand, state, {
        today: TODAY,
        agreement: terms,
      });
      state = decided.reduce(caseDecider.evolve, state);
      events.push(...decided.map((event) => this.toAppend(event, planned.actor)));
    }
    this.add(caseStreamId(caseId), events, 'no-stream');
    if (events.length === 0) return 0;
    agreement.caseIds.push(caseId);
    // The domain's cost and savings rules, measured once after the last month to close: a
    // month's figures count only that month's nights, so a later measurement gives the same
    // figures for it as one taken at its own close would, the facts being the same.
    const { measuredAt, figures } = agreement;
    for (const cost of placementCostsByPeriod(state, terms, measuredAt)) {
      figures.get(cost.period)?.accruedCosts.push(cost);
    }
    for (const saving of recognisedSavingsByPeriod(state, terms, measuredAt)) {
      figures.get(saving.period)?.recognisedSavings.push(saving);
    }
    return events.length;
  }

  /**
   * Closes the agreement's next month as the lead provider's finance team would, with the
   * figures gathered from its cases, decided by the agreement decider on the state in memory.
   * Every case fact is written before the first close, so no closed month's figures change
   * afterwards: restating the closed months would post no prior-period adjustment, and is
   * left out (it would cost O(months²) per agreement).
   */
  closeMonth(agreement: PrefilledAgreement, month: PeriodId): void {
    const figures = agreement.figures.get(month);
    if (!figures) throw new Error(`${agreement.plan.agreementId} has no month ${month} to close`);
    agreement.figures.delete(month);
    const command: AgreementCommand = {
      type: 'ClosePeriod',
      data: {
        agreementId: agreement.plan.agreementId,
        period: month,
        ...figures,
        restatedPeriods: [],
      },
    };
    const decided = agreementDecider.decide(command, agreement.state, { today: closedOn(month) });
    agreement.state = decided.reduce(agreementDecider.evolve, agreement.state);
    const actor = leadFinanceOf(agreement.plan.leadProviderCode);
    const events = decided.map((event) => this.toAppend(event, actor));
    this.add(agreementStreamId(agreement.plan.agreementId), events, agreement.revision);
    agreement.revision += events.length;
  }

  async flush(force = false): Promise<void> {
    if (this.batches.length === 0 || (!force && this.pending < PREFILL_BATCH_EVENTS)) return;
    await this.store.appendToStreams(this.batches.splice(0));
    this.pending = 0;
  }

  private add(
    streamId: string,
    events: EventToAppend[],
    expectedRevision: number | 'no-stream',
  ): void {
    if (events.length === 0) return;
    this.batches.push({ streamId, events, options: { expectedRevision } });
    this.pending += events.length;
    this.written += events.length;
  }

  private toAppend(event: { type: string; data: object }, actor: Actor): EventToAppend {
    this.requests += 1;
    const id = `prefill-${this.requests}`;
    return {
      eventId: newEventId(),
      type: event.type,
      data: { ...event.data },
      metadata: {
        schemaVersion: SCHEMA_VERSIONS[event.type] ?? 1,
        actor,
        correlationId: id,
        causationId: id,
        idempotencyKey: null,
      },
    };
  }
}

function emptyFigures(): MonthFigures {
  return { accruedCosts: [], recognisedSavings: [] };
}

function openStore(path: string): SqliteEventStore {
  const now = new Date(BENCH_NOW);
  return new SqliteEventStore(path, { clock: () => now });
}

/**
 * How the months are closed: `decider` (the prefill's way) decides each close in memory on the
 * figures gathered as the cases were written; `ledger` calls LedgerCommands.closePeriod, which
 * reads every case stream of the agreement back for each close: the command path itself, too
 * slow for 10^6 events (each close costs O(the agreement's cases)), kept so a test can check
 * that both post the same events.
 */
export type CloseWith = 'decider' | 'ledger';

/** The ledger's own close: every agreement's cases from the prefill, no log scan. */
function caseIndexOf(agreements: readonly PrefilledAgreement[]): AgreementCaseIndex {
  const byId = new Map(agreements.map((agreement) => [agreement.plan.agreementId, agreement]));
  return {
    caseIdsOf: (agreementId) => Promise.resolve([...(byId.get(agreementId)?.caseIds ?? [])]),
  };
}

/**
 * Month by month in calendar order, every agreement whose year holds the month, as finance
 * would close them: each agreement's months close in order, after all of the cases' facts.
 * Stops once the log holds `events` events.
 */
async function closeMonths(
  store: SqliteEventStore,
  prefill: Prefill,
  agreements: readonly PrefilledAgreement[],
  events: number,
  closeWith: CloseWith,
): Promise<void> {
  const months = [...new Set(agreements.flatMap((agreement) => agreement.monthsToClose))].sort();
  const caseIndex = caseIndexOf(agreements);
  for (const month of months) {
    const ledger = new LedgerCommands({
      store,
      clock: fixedClock(`${closedOn(month)}T09:00:00.000Z`),
      caseIndex,
    });
    for (const agreement of agreements) {
      if (!agreement.monthsToClose.includes(month)) continue;
      if (prefill.written >= events) break;
      if (closeWith === 'decider') {
        prefill.closeMonth(agreement, month);
        continue;
      }
      const id = `prefill-close-${agreement.plan.agreementId}-${month}`;
      await ledger.closePeriod(
        { agreementId: agreement.plan.agreementId, period: month },
        {
          actor: leadFinanceOf(agreement.plan.leadProviderCode),
          correlationId: id,
          causationId: id,
        },
      );
      prefill.written += 1;
    }
    // One transaction per month: a close event is large, and an agreement's closes each
    // expect the revision the one before left.
    await prefill.flush(true);
  }
}

/**
 * Fills the log at `path` with `events` events of synthetic history: 48 agreements (8
 * collaboratives × 2 programmes × 3 financial years), as many case journeys as fit, then each
 * agreement's ended months closed in order (one PeriodClosed event per agreement and month;
 * the journeys leave room for them).
 */
export async function prefillHistory(
  path: string,
  events: number,
  seed: number,
  closeWith: CloseWith = 'decider',
): Promise<number> {
  const store = openStore(path);
  try {
    const synthetic = new SyntheticLedger({
      seed,
      prefix: 'hist-',
      financialYears: ['2023/24', '2024/25', '2025/26'],
    });
    const prefill = new Prefill(store);
    const agreements = synthetic.agreements.map((plan) => prefill.agreement(plan, plan.setup));
    const closes = agreements.reduce(
      (count, agreement) => count + agreement.monthsToClose.length,
      0,
    );
    const caseEvents = events - closes;
    const rng = new Rng(seed);
    for (let index = 0; prefill.written < caseEvents; index += 1) {
      const agreement = agreements[rng.int(0, agreements.length - 1)];
      const caseId = `hist-case-${index}`;
      const journey = synthetic.caseJourney(caseId, agreement.plan);
      prefill.caseJourney(caseId, agreement, journey, caseEvents - prefill.written);
      await prefill.flush();
    }
    // The ledger's close reads the case streams from the store, so every case must be there.
    await prefill.flush(true);
    await closeMonths(store, prefill, agreements, events, closeWith);
    return prefill.written;
  } finally {
    await store.close();
  }
}

/**
 * One agreement whose stream holds `length` events: its creation and allocations, then
 * commissioner adjustments. Returns the plan, for commands on it and on cases under it.
 */
export async function prefillLongAgreement(
  path: string,
  length: number,
  seed: number,
  prefix: string,
): Promise<AgreementPlan> {
  const store = openStore(path);
  try {
    const synthetic = new SyntheticLedger({ seed, prefix: `${prefix}-`, otherCollaboratives: 0 });
    const plan = synthetic.agreements[0];
    const adjustments = synthetic.adjustments(
      plan,
      Math.max(0, length - plan.setup.length),
      `${prefix}-pre`,
    );
    const prefill = new Prefill(store);
    prefill.agreement(plan, [...plan.setup, ...adjustments]);
    await prefill.flush(true);
    return plan;
  } finally {
    await store.close();
  }
}
