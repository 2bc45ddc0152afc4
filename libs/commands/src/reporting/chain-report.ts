import { financialYearStart, isCalendarDate, type AgreementTerms } from '@ledger/domain';
import type { Actor, EventStore } from '@ledger/event-store';
import {
  accountBalances,
  chainReport,
  chainYear,
  chainYearWindow,
  foldEvents,
  oapMetrics,
  positionKnownAt,
  readModelProjection,
  type AgreementBalances,
  type ChainReport,
  type ChainYear,
  type OapMetricsReport,
  type ReadModelState,
} from '@ledger/read-model';
import { assertAuthorised, authorise } from '../authorisation/authorise';
import { readChainAsKnownAt, type KnownChainMember } from '../chain/chain-as-known';
import { readAgreementTerms } from '../execution/ledger-streams';
import { StreamNotFoundError } from '../shared/command-errors';
import { awaitPosition, defaultSleep } from './await-position';
import type {
  HeadReadModel,
  LedgerReports,
  LedgerReportsDeps,
  ReportQuery,
} from './ledger-reports';
import { ReportQueryError } from './report-errors';

export interface LedgerChainReportsDeps extends LedgerReportsDeps {
  /** The per-agreement reports a year's figures come from at the head. */
  reports: LedgerReports;
}

/** How many times a head answer is tried again when the read model moved while it was read. */
const HEAD_ATTEMPTS = 3;

/** The years a chain report shows, and the date each runs to. */
interface ChainPlan {
  asOf: string;
  years: { member: KnownChainMember; asOf: string }[];
  yearsOmitted: number;
}

/** One year's two source reports. */
interface YearSources {
  balances: AgreementBalances;
  oapMetrics: OapMetricsReport;
}

/**
 * The chain report (`GET /v1/agreements/{id}/chain-report`; domain.md, "Years: chains of
 * agreements"): each agreement of the chain, year by year, from its own balances and its own
 * out-of-area metrics, exactly as `LedgerReports` answers them for that agreement and that
 * year's as-of date, with totals across the years (`chainReport` in @ledger/read-model).
 *
 * - At the head: the chain as the read model's checkpoint knows it, and each year's reports
 *   from the read model (LedgerReports' own head path). Every year must answer for the same
 *   checkpoint; if the read model moved meanwhile the whole report is read again, and after
 *   a few tries it is answered by a replay of the log at the checkpoint last seen.
 * - At a knowledge time: the log replayed once up to it, and each year's balances and metrics
 *   computed from that one fold with the functions the per-agreement reports use.
 *
 * Who may read it: whoever may read the reports of the agreement asked for (404 before 403);
 * a year of the chain the caller may not read (a partner that left, a trust that joined later)
 * is left out, and `yearsOmitted` counts it.
 */
export class LedgerChainReports {
  private readonly store: EventStore;
  private readonly reports: LedgerReports;
  private readonly readModel: HeadReadModel | undefined;
  private readonly pageSize: number;
  private readonly wait: { waitMs: number; pollMs: number; sleep: (ms: number) => Promise<void> };

  constructor(deps: LedgerChainReportsDeps) {
    this.store = deps.store;
    this.reports = deps.reports;
    this.readModel = deps.readModel;
    this.pageSize = deps.pageSize ?? 1000;
    this.wait = {
      waitMs: deps.minPositionWaitMs ?? 2000,
      pollMs: deps.pollMs ?? 50,
      sleep: deps.sleep ?? defaultSleep,
    };
  }

  async chainReport(actor: Actor, agreementId: string, query: ReportQuery): Promise<ChainReport> {
    if (query.knownAt !== undefined && query.knownAtPosition !== undefined) {
      throw new ReportQueryError('knownAt', 'and knownAtPosition may not both be given');
    }
    await this.authorise(actor, agreementId);
    const readModel = this.readModel;
    if (!readModel || query.knownAt !== undefined || query.knownAtPosition !== undefined) {
      return this.replayed(actor, agreementId, query);
    }
    const current = readModel.catchUp ?? (() => readModel.reader.checkpoint());
    let checkpoint = await awaitPosition(query.minPosition, current, this.wait);
    for (let attempt = 1; ; attempt += 1) {
      const report = await this.atHead(actor, agreementId, query, checkpoint);
      if (report !== null) return report;
      checkpoint = await current();
      if (attempt === HEAD_ATTEMPTS) break;
    }
    return this.replayed(actor, agreementId, { asOf: query.asOf, knownAtPosition: checkpoint });
  }

  /** The report from the read model at `checkpoint`; null if a year answered for another one. */
  private async atHead(
    actor: Actor,
    agreementId: string,
    query: ReportQuery,
    checkpoint: number,
  ): Promise<ChainReport | null> {
    const plan = await this.plan(actor, agreementId, query, checkpoint);
    const years: ChainYear[] = [];
    for (const year of plan.years) {
      const id = year.member.terms.agreementId;
      const sources = {
        balances: await this.reports.balances(actor, id, { asOf: year.asOf }),
        oapMetrics: await this.reports.oapMetrics(actor, id, { asOf: year.asOf }),
      };
      if (sources.balances.knownAt !== checkpoint || sources.oapMetrics.knownAt !== checkpoint) {
        return null;
      }
      years.push(this.year(year.member, plan.asOf, sources));
    }
    return chainReport({
      agreementId,
      asOf: plan.asOf,
      knownAt: checkpoint,
      years,
      yearsOmitted: plan.yearsOmitted,
    });
  }

  /** The report from one replay of the log up to the knowledge point. */
  private async replayed(
    actor: Actor,
    agreementId: string,
    query: ReportQuery,
  ): Promise<ChainReport> {
    const head = await awaitPosition(query.minPosition, () => this.store.headPosition(), this.wait);
    const limit =
      query.knownAtPosition === undefined ? head : Math.min(head, query.knownAtPosition);
    const state = await this.foldUpTo(limit);
    const position =
      query.knownAt === undefined ? state.clock.position : this.positionAt(state, query.knownAt);
    const plan = await this.plan(actor, agreementId, query, position);
    const years = plan.years.map(({ member, asOf }) => {
      const id = member.terms.agreementId;
      const oap = oapMetrics(state, { agreementId: id, asOf, knownAt: position });
      if (oap === null) throw new StreamNotFoundError('agreement', id);
      const balances = accountBalances(state.ledger, { agreementId: id, asOf, knownAt: position });
      return this.year(member, plan.asOf, { balances, oapMetrics: oap });
    });
    return chainReport({
      agreementId,
      asOf: plan.asOf,
      knownAt: position,
      years,
      yearsOmitted: plan.yearsOmitted,
    });
  }

  /**
   * The chain as known at `position`, and which of its years the report shows: those begun by
   * asOf (default: today, or the chain's last year's end once that is over) that the actor
   * may read. 404 when the agreement had not been created by then.
   */
  private async plan(
    actor: Actor,
    agreementId: string,
    query: ReportQuery,
    position: number,
  ): Promise<ChainPlan> {
    const chain = await readChainAsKnownAt(this.store, agreementId, position);
    if (chain === null) throw new StreamNotFoundError('agreement', agreementId);
    const last = chain[chain.length - 1];
    const asOf = this.reports.asOfOf(query, last.terms.financialYear);
    if (!isCalendarDate(asOf)) {
      throw new ReportQueryError('asOf', `must be a calendar date YYYY-MM-DD, got ${String(asOf)}`);
    }
    const begun = chain.filter((member) => financialYearStart(member.terms.financialYear) <= asOf);
    const readable = begun.filter(
      (member) => authorise(actor, 'ReadReports', member.terms).allowed,
    );
    return {
      asOf,
      years: readable.map((member) => ({
        member,
        asOf: chainYearWindow(member.terms.financialYear, asOf).asOf,
      })),
      yearsOmitted: begun.length - readable.length,
    };
  }

  private year(member: KnownChainMember, asOf: string, sources: YearSources): ChainYear {
    return chainYear({
      ...sources,
      financialYear: member.terms.financialYear,
      asOf,
      carryForwardRecorded: member.carriedForward !== null,
    });
  }

  /** 404 before 403, as every report: nothing said of a missing agreement, nor to an outsider. */
  private async authorise(actor: Actor, agreementId: string): Promise<AgreementTerms> {
    assertAuthorised(actor, 'ReadReports', null);
    const terms = await readAgreementTerms(this.store, agreementId);
    if (terms === null) throw new StreamNotFoundError('agreement', agreementId);
    assertAuthorised(actor, 'ReadReports', terms);
    return terms;
  }

  private positionAt(state: ReadModelState, knownAt: string): number {
    try {
      return positionKnownAt(state.clock, knownAt);
    } catch (error) {
      if (error instanceof RangeError) throw new ReportQueryError('knownAt', error.message);
      throw error;
    }
  }

  /** Reads the global log in pages, folding every event at or below `limit` (as LedgerReports). */
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
}
