import { financialYearEnd, type AgreementTerms, type CalendarDate } from '@ledger/domain';
import type { Actor, EventStore } from '@ledger/event-store';
import {
  accountBalances,
  accountStatement,
  agreementSourcesAt,
  oapSourcesAt,
  agreementView,
  balancesFromPeriodTotals,
  parseStatementCursor,
  statementFromLines,
  statementPageSize,
  type ReadModelReader,
  budgetAgainstActual,
  foldEvents,
  oapMetrics,
  positionKnownAt,
  readModelProjection,
  savingsReport,
  type AccountStatement,
  type AgreementBalances,
  type BudgetReport,
  type BudgetState,
  type OapMetricsReport,
  type OapMetricsState,
  type PeriodBasis,
  type ReadModelState,
  type SavingsReport,
  monthEndSourcesAt,
  monthEndSourcesFromRows,
  type ManagementAccounts,
} from '@ledger/read-model';
import { assertAuthorised } from '../authorisation/authorise';
import { readAgreementTerms } from '../execution/ledger-streams';
import { todayIn, type Clock } from '../shared/clock';
import { StreamNotFoundError } from '../shared/command-errors';
import { awaitPosition, defaultSleep } from './await-position';
import { ReportQueryError } from './report-errors';
import { monthEndAccounts, type ManagementAccountsQuery } from './management-accounts';

/**
 * Which moment of the ledger's knowledge a report answers for. At most one of `knownAt` (an
 * ISO timestamp: the events recorded by then) and `knownAtPosition` (a log position); neither
 * means the head of the log. `minPosition` is the read-your-writes contract: every write's
 * response carries its `position`, and a read that names it waits briefly for the log to
 * reach it.
 */
export interface KnowledgeQuery {
  knownAt?: string;
  knownAtPosition?: number;
  minPosition?: number;
}

/**
 * A report query: the knowledge point and the business date. The business date defaults to
 * today (the server's UK date), or, for an agreement whose financial year is over, to that
 * year's last day (31 March).
 */
export interface ReportQuery extends KnowledgeQuery {
  asOf?: CalendarDate;
}

export interface BalancesReportQuery extends ReportQuery {
  basis?: PeriodBasis;
}

export interface StatementReportQuery extends KnowledgeQuery {
  after?: string;
  limit?: number;
}

/**
 * The SQL read model that answers reports at the head of the log (no `knownAt`). Embedded mode
 * passes `catchUp`, its inline projection, so every read first projects what the log holds;
 * with a separate projector process (PostgreSQL) the read answers at the projector's
 * checkpoint, and `minPosition` waits for it.
 */
export interface HeadReadModel {
  reader: ReadModelReader;
  catchUp?: () => Promise<number>;
}

export interface LedgerReportsDeps {
  store: EventStore;
  clock: Clock;
  /** Without it, every report replays the log. */
  readModel?: HeadReadModel;
  /** Events per `readAll` page while replaying (default 1000). */
  pageSize?: number;
  /** How long a `minPosition` read waits for the log before answering 503 (default 2000 ms). */
  minPositionWaitMs?: number;
  /** How often it looks meanwhile (default 50 ms). */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface Replayed {
  state: ReadModelState;
  /** The log position the report answers for. */
  position: number;
  terms: AgreementTerms;
}

/** The read model a head query reads, and the agreement's terms (checked when authorising). */
interface Head {
  reader: ReadModelReader;
  terms: AgreementTerms;
}

/**
 * The agreement reports, answered by replaying the global log up to the knowledge point and
 * folding it with the read-model projections (`readModelProjection`). Knowledge-time answers
 * come from the log itself, so there is no stored copy that could drift from it.
 *
 * Cost: every query reads and folds the log from position 1 to the knowledge point, so it is
 * O(log length) in time and memory, whatever the agreement's size. That is fine for the
 * embedded store and today's volumes. The SQL read model (`@ledger/read-model/sql`) already
 * holds journal postings and balances as a fast path for the head; wiring it in, and keeping
 * a folded state between queries, is future work.
 */
export class LedgerReports {
  private readonly store: EventStore;
  private readonly clock: Clock;
  private readonly readModel: HeadReadModel | undefined;
  private readonly pageSize: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(deps: LedgerReportsDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.readModel = deps.readModel;
    this.pageSize = deps.pageSize ?? 1000;
    this.waitMs = deps.minPositionWaitMs ?? 2000;
    this.pollMs = deps.pollMs ?? 50;
    this.sleep = deps.sleep ?? defaultSleep;
  }

  /**
   * The business date a report answers for: the one asked; else today in England, or the last
   * day of the agreement's financial year once that year is over (a report of 2024/25 read in
   * 2026 stands at 2025-03-31, not at a day of a year it has no figures for).
   */
  asOfOf(query: ReportQuery, financialYear?: string): CalendarDate {
    if (query.asOf !== undefined) return query.asOf;
    const today = todayIn(this.clock);
    if (financialYear === undefined) return today;
    const yearEnd = financialYearEnd(financialYear);
    return today > yearEnd ? yearEnd : today;
  }

  async balances(
    actor: Actor,
    agreementId: string,
    query: BalancesReportQuery,
  ): Promise<AgreementBalances> {
    const head = await this.headReader(actor, agreementId, query);
    if (head) {
      const { checkpoint, agreementKnown, rows } = await head.reader.periodTotals(agreementId);
      if (!agreementKnown) this.notKnown(agreementId);
      return this.asQueryError(() =>
        balancesFromPeriodTotals(rows, {
          agreementId,
          asOf: this.asOfOf(query, head.terms.financialYear),
          basis: query.basis ?? 'belongs-to',
          knownAt: checkpoint,
        }),
      );
    }
    const { state, position, terms } = await this.replay(actor, agreementId, query);
    this.assertKnown(state, agreementId, position);
    return accountBalances(state.ledger, {
      agreementId,
      asOf: this.asOfOf(query, terms.financialYear),
      basis: query.basis ?? 'belongs-to',
      knownAt: position,
    });
  }

  async budget(actor: Actor, agreementId: string, query: ReportQuery): Promise<BudgetReport> {
    const { state, position, terms } = await this.sources(actor, agreementId, query);
    const report = budgetAgainstActual(state, {
      agreementId,
      asOf: this.asOfOf(query, terms.financialYear),
      knownAt: position,
      today: todayIn(this.clock),
    });
    return report ?? this.notKnown(agreementId);
  }

  async savings(actor: Actor, agreementId: string, query: ReportQuery): Promise<SavingsReport> {
    const { state, position, terms } = await this.sources(actor, agreementId, query);
    const report = savingsReport(state, {
      agreementId,
      asOf: this.asOfOf(query, terms.financialYear),
      knownAt: position,
      today: todayIn(this.clock),
    });
    return report ?? this.notKnown(agreementId);
  }

  async oapMetrics(
    actor: Actor,
    agreementId: string,
    query: ReportQuery,
  ): Promise<OapMetricsReport> {
    const { state, position, terms } = await this.caseSources(actor, agreementId, query);
    const report = oapMetrics(state, {
      agreementId,
      asOf: this.asOfOf(query, terms.financialYear),
      knownAt: position,
      today: todayIn(this.clock),
    });
    return report ?? this.notKnown(agreementId);
  }

  async statement(
    actor: Actor,
    agreementId: string,
    account: string,
    query: StatementReportQuery,
  ): Promise<AccountStatement> {
    const head = await this.headReader(actor, agreementId, query);
    if (head) {
      const { reader } = head;
      const limit = this.asQueryError(() => statementPageSize(query.limit), 'limit');
      const cursor =
        query.after === undefined
          ? null
          : this.asQueryError(() => parseStatementCursor(query.after!), 'after');
      const page = await reader.statementLines({
        agreementId,
        account,
        after: cursor && { position: cursor.position, postingIndex: cursor.index },
        limit: limit + 1,
      });
      if (!page.agreementKnown) this.notKnown(agreementId);
      return statementFromLines(page.rows, {
        agreementId,
        account,
        knownAt: page.checkpoint,
        limit,
      });
    }
    const { state, position } = await this.replay(actor, agreementId, query);
    this.assertKnown(state, agreementId, position);
    try {
      return accountStatement(state.statements, {
        agreementId,
        account,
        knownAt: position,
        ...(query.after === undefined ? {} : { after: query.after }),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
    } catch (error) {
      if (error instanceof RangeError) throw new ReportQueryError('after', error.message);
      throw error;
    }
  }

  /**
   * Month-end management accounts of one closed month, by the period posted in
   * (management-accounts.ts): at the head, the SQL read model's summed journal and closes; at a
   * knowledge time, the journal and closes of a replay. The same figures either way.
   */
  async managementAccounts(
    actor: Actor,
    agreementId: string,
    query: ManagementAccountsQuery,
  ): Promise<ManagementAccounts> {
    const head = await this.headReader(actor, agreementId, query);
    if (head) {
      const { checkpoint, agreementKnown, rows } = await head.reader.monthEndPostings(agreementId);
      if (!agreementKnown) this.notKnown(agreementId);
      return monthEndAccounts(monthEndSourcesFromRows(head.terms, rows, checkpoint), query, true);
    }
    const { state, position } = await this.replay(actor, agreementId, query);
    const sources = monthEndSourcesAt(state, agreementId, position) ?? this.notKnown(agreementId);
    const atHead = query.knownAt === undefined && query.knownAtPosition === undefined;
    return monthEndAccounts(sources, query, atHead);
  }

  /**
   * The sources of the budget, savings and out-of-area reports: at the head, the facts of the
   * agreement's chain from the read model (its own and its successors' events, every chain
   * agreement's creation and cases), folded; at a knowledge time, the log replayed up to it.
   * Either way the reports find the chain as known then in the case timelines.
   */
  private async sources(
    actor: Actor,
    agreementId: string,
    query: ReportQuery,
  ): Promise<{ state: BudgetState; position: number; terms: AgreementTerms }> {
    const head = await this.headReader(actor, agreementId, query);
    if (!head) return this.replay(actor, agreementId, query);
    const { checkpoint, rows } = await head.reader.chainFacts(agreementId);
    return {
      state: agreementSourcesAt(rows, checkpoint),
      position: checkpoint,
      terms: head.terms,
    };
  }

  /**
   * The case timelines alone, for the out-of-area metrics: the chain's creations and cases, no
   * budget movements, no closes.
   */
  private async caseSources(
    actor: Actor,
    agreementId: string,
    query: ReportQuery,
  ): Promise<{ state: OapMetricsState; position: number; terms: AgreementTerms }> {
    const head = await this.headReader(actor, agreementId, query);
    if (!head) return this.replay(actor, agreementId, query);
    const { checkpoint, rows } = await head.reader.chainFacts(agreementId, 'cases');
    return { state: oapSourcesAt(rows, checkpoint), position: checkpoint, terms: head.terms };
  }

  /**
   * The read model to answer from, when the query is at the head and one is configured, after
   * the same checks as a replay: authorised, and up to `minPosition` (embedded: caught up).
   * Null: replay the log.
   */
  private async headReader(
    actor: Actor,
    agreementId: string,
    query: KnowledgeQuery,
  ): Promise<Head | null> {
    const readModel = this.readModel;
    if (!readModel || query.knownAt !== undefined || query.knownAtPosition !== undefined) {
      return null;
    }
    const terms = await this.authorise(actor, agreementId);
    // Embedded: each look projects what the log holds, so the read sees every write
    // acknowledged before it began. Otherwise: the projector's checkpoint, as it moves.
    const position = readModel.catchUp ?? (() => readModel.reader.checkpoint());
    await this.awaitPosition(query.minPosition, position);
    return { reader: readModel.reader, terms };
  }

  private asQueryError<T>(work: () => T, field = 'asOf'): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof RangeError) throw new ReportQueryError(field, error.message);
      throw error;
    }
  }

  /**
   * 404 before 403 says nothing of a missing agreement to anyone, nor of a known one to an
   * outsider. Resolves to the agreement's terms (its financial year sets the default asOf).
   */
  private async authorise(actor: Actor, agreementId: string): Promise<AgreementTerms> {
    assertAuthorised(actor, 'ReadReports', null);
    const terms = await readAgreementTerms(this.store, agreementId);
    if (terms === null) throw new StreamNotFoundError('agreement', agreementId);
    assertAuthorised(actor, 'ReadReports', terms);
    return terms;
  }

  /**
   * Checks the actor may read the agreement's reports (404 before 403 says nothing of a
   * missing agreement to anyone, and nothing of a known one to an outsider), waits for
   * `minPosition`, then folds the log up to the knowledge point.
   */
  private async replay(
    actor: Actor,
    agreementId: string,
    query: KnowledgeQuery,
  ): Promise<Replayed> {
    if (query.knownAt !== undefined && query.knownAtPosition !== undefined) {
      throw new ReportQueryError('knownAt', 'and knownAtPosition may not both be given');
    }
    const terms = await this.authorise(actor, agreementId);
    const head = await this.awaitPosition(query.minPosition, () => this.store.headPosition());
    const limit =
      query.knownAtPosition === undefined ? head : Math.min(head, query.knownAtPosition);
    const state = await this.foldUpTo(limit);
    const position =
      query.knownAt === undefined ? state.clock.position : this.positionAt(state, query.knownAt);
    return { state, position, terms };
  }

  private positionAt(state: ReadModelState, knownAt: string): number {
    try {
      return positionKnownAt(state.clock, knownAt);
    } catch (error) {
      if (error instanceof RangeError) throw new ReportQueryError('knownAt', error.message);
      throw error;
    }
  }

  /**
   * The position `current` reads (the log's head, or the read model's checkpoint), once it has
   * reached `minPosition`, polling up to the wait; else LogBehindError.
   */
  private awaitPosition(
    minPosition: number | undefined,
    current: () => Promise<number>,
  ): Promise<number> {
    return awaitPosition(minPosition, current, {
      waitMs: this.waitMs,
      pollMs: this.pollMs,
      sleep: this.sleep,
    });
  }

  /** Reads the global log in pages, folding every event at or below `limit`. O(limit). */
  private async foldUpTo(limit: number): Promise<ReadModelState> {
    let state = readModelProjection.initial();
    let after = 0;
    while (after < limit) {
      const page = await this.store.readAll({ afterPosition: after, maxCount: this.pageSize });
      if (page.length === 0) break;
      const within = page.filter((event) => event.position <= limit);
      state = foldEvents(readModelProjection, within, state);
      if (within.length < page.length) break;
      after = page[page.length - 1].position;
    }
    return state;
  }

  private assertKnown(state: ReadModelState, agreementId: string, position: number): void {
    if (agreementView(state.cases, agreementId, position) === null) this.notKnown(agreementId);
  }

  /** The agreement exists now but had not been recorded at the knowledge point. */
  private notKnown(agreementId: string): never {
    throw new StreamNotFoundError('agreement', agreementId);
  }
}
