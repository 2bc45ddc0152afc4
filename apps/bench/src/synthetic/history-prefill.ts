import { randomUUID } from 'node:crypto';
import {
  AGREEMENT_EVENT_VERSIONS,
  agreementDecider,
  agreementStreamId,
  CASE_EVENT_VERSIONS,
  caseDecider,
  caseStreamId,
  type AgreementCommand,
  type AgreementState,
  type AgreementTerms,
  type CaseCommand,
} from '@ledger/domain';
import { SqliteEventStore, type EventToAppend, type StreamAppend } from '@ledger/event-store';
import { BENCH_NOW } from '../support/ledger-world';
import { Rng } from '../support/prng';
import type { AgreementPlan, PlannedCommand } from './synthetic-ledger';
import { SyntheticLedger } from './synthetic-ledger';

const SCHEMA_VERSIONS: Record<string, number> = {
  ...AGREEMENT_EVENT_VERSIONS,
  ...CASE_EVENT_VERSIONS,
};
const TODAY = BENCH_NOW.slice(0, 10);
/** Stream appends per appendToStreams call while prefilling (one transaction each). */
const PREFILL_BATCH_EVENTS = 20_000;

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

  agreement(commands: readonly PlannedCommand[]): AgreementTerms {
    let state: AgreementState = agreementDecider.initialState();
    const events: EventToAppend[] = [];
    for (const planned of commands) {
      const decided = agreementDecider.decide(planned.command as AgreementCommand, state, {
        today: TODAY,
      });
      state = decided.reduce(agreementDecider.evolve, state);
      events.push(...decided.map((event) => this.toAppend(event, planned)));
    }
    if (!state.exists) throw new Error('The agreement setup created no agreement');
    this.add(agreementStreamId(state.terms.agreementId), events);
    return state.terms;
  }

  caseJourney(
    caseId: string,
    terms: AgreementTerms,
    commands: readonly PlannedCommand[],
    limit: number,
  ): void {
    let state = caseDecider.initialState();
    const events: EventToAppend[] = [];
    for (const planned of commands) {
      if (events.length >= limit) break;
      const decided = caseDecider.decide(planned.command as CaseCommand, state, {
        today: TODAY,
        agreement: terms,
      });
      state = decided.reduce(caseDecider.evolve, state);
      events.push(...decided.map((event) => this.toAppend(event, planned)));
    }
    this.add(caseStreamId(caseId), events);
  }

  async flush(force = false): Promise<void> {
    if (this.batches.length === 0 || (!force && this.pending < PREFILL_BATCH_EVENTS)) return;
    await this.store.appendToStreams(this.batches.splice(0));
    this.pending = 0;
  }

  private add(streamId: string, events: EventToAppend[]): void {
    if (events.length === 0) return;
    this.batches.push({ streamId, events, options: { expectedRevision: 'no-stream' } });
    this.pending += events.length;
    this.written += events.length;
  }

  private toAppend(event: { type: string; data: object }, planned: PlannedCommand): EventToAppend {
    this.requests += 1;
    const id = `prefill-${this.requests}`;
    return {
      eventId: randomUUID(),
      type: event.type,
      data: { ...event.data },
      metadata: {
        schemaVersion: SCHEMA_VERSIONS[event.type] ?? 1,
        actor: planned.actor,
        correlationId: id,
        causationId: id,
        idempotencyKey: null,
      },
    };
  }
}

function openStore(path: string): SqliteEventStore {
  const now = new Date(BENCH_NOW);
  return new SqliteEventStore(path, { clock: () => now });
}

/**
 * Fills the log at `path` with `events` events of synthetic history: 48 agreements (8
 * collaboratives × 2 programmes × 3 financial years) and as many case journeys as it takes.
 */
export async function prefillHistory(path: string, events: number, seed: number): Promise<number> {
  const store = openStore(path);
  try {
    const synthetic = new SyntheticLedger({
      seed,
      prefix: 'hist-',
      financialYears: ['2023/24', '2024/25', '2025/26'],
    });
    const prefill = new Prefill(store);
    const terms = synthetic.agreements.map((plan) => prefill.agreement(plan.setup));
    const rng = new Rng(seed);
    for (let index = 0; prefill.written < events; index += 1) {
      const which = rng.int(0, synthetic.agreements.length - 1);
      const caseId = `hist-case-${index}`;
      const journey = synthetic.caseJourney(caseId, synthetic.agreements[which]);
      prefill.caseJourney(caseId, terms[which], journey, events - prefill.written);
      await prefill.flush();
    }
    await prefill.flush(true);
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
    prefill.agreement([...plan.setup, ...adjustments]);
    await prefill.flush(true);
    return plan;
  } finally {
    await store.close();
  }
}
