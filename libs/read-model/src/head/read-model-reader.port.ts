import type { RecordedEvent } from '@ledger/event-store';
import type { Pence } from '../ledger/pence';
import type { AgreementListQuery, CaseListQuery, ListRows } from '../lists/list-query';
import type { AgreementListRow, CaseListRow } from '../lists/list-rows';
import type { MonthEndRows } from '../management-accounts/month-end-sql';
import type {
  OrganisationNamingRow,
  OrganisationRegisterQuery,
} from '../organisations/organisation-names';
import type { PeriodTotalRow, StatementLineRow } from '../sql/read-model-rows';

/**
 * What a report at the head of the log reads from the SQL read model. Each call is answered
 * from one snapshot of the database, together with the checkpoint that snapshot had reached,
 * so a report never mixes rows from before and after a projector commit. Adapters:
 * `SqliteReadModelWriter` (the embedded read model) and `PostgresReadModelReader`.
 */
export interface ReadModelReader {
  /** The position of the last event the read model has applied. */
  checkpoint(): Promise<number>;
  /** The agreement's net movements per account, period and period posted in. */
  periodTotals(agreementId: string): Promise<AtCheckpoint<PeriodTotalRow[]>>;
  /**
   * Up to `limit` statement lines of the account after the cursor (or from the first), each
   * with its posting, and the balance before the first of them.
   */
  statementLines(query: StatementLinesQuery): Promise<AtCheckpoint<StatementLinesPage>>;
  /**
   * The events of the agreement and of its cases, in log order. With `'cases'`, only the
   * agreement's creation and its cases' events: what the out-of-area metrics read, without the
   * budget movements and period closes (a close is megabytes at national scale).
   */
  agreementFacts(agreementId: string, scope?: FactScope): Promise<AtCheckpoint<RecordedEvent[]>>;
  /**
   * The facts a chain-aware report of the agreement reads, in log order, from one snapshot:
   * those of every agreement of its chain as projected (chain-walk.ts) and of their cases. With
   * `'all'` (the default) the agreement's and its successors' events whole, its predecessors'
   * creation and cases; with `'cases'`, every agreement's creation and cases only.
   */
  chainFacts(agreementId: string, scope?: FactScope): Promise<AtCheckpoint<RecordedEvent[]>>;
  /**
   * What the month-end management accounts read: the agreement's journal added up by period
   * posted in, period, prior-year agreement and accounts, and the periods it has closed.
   */
  monthEndPostings(agreementId: string): Promise<AtCheckpoint<MonthEndRows>>;
  /** A page of `agreements_list`: in scope, filtered, in (financial year, id) order. */
  agreementList(query: AgreementListQuery): Promise<ListRows<AgreementListRow>>;
  /** A page of `cases_list`: in scope (by its agreement), filtered, in (financial year, id) order. */
  caseList(query: CaseListQuery): Promise<ListRows<CaseListRow>>;
  /**
   * Every naming of the organisations with these codes (`organisation_names`), in the order
   * recorded, with the checkpoint: what a report's names are read from at the head.
   */
  organisationNamings(odsCodes: readonly string[]): Promise<ListRows<OrganisationNamingRow>>;
  /**
   * A page of the register: every naming of the first `limit` organisations after the cursor,
   * in code order, each organisation's in the order recorded.
   */
  organisationRegister(query: OrganisationRegisterQuery): Promise<ListRows<OrganisationNamingRow>>;
}

/** Which of an agreement's facts a report reads: all of them, or its creation and cases'. */
export type FactScope = 'all' | 'cases';

export interface AtCheckpoint<T> {
  checkpoint: number;
  /** Whether the agreement's creation had been projected by then (else: answer 404). */
  agreementKnown: boolean;
  rows: T;
}

export interface StatementCursor {
  position: number;
  postingIndex: number;
}

export interface StatementLinesQuery {
  agreementId: string;
  account: string;
  after: StatementCursor | null;
  limit: number;
}

export interface StatementLinesPage {
  /** The account's balance after the last line at or before the cursor (0 with no cursor). */
  openingPence: Pence;
  lines: StatementLineRow[];
}
