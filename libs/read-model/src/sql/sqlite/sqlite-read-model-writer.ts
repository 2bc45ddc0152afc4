import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { agreementStreamId } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { migrateSqlite } from '@ledger/event-store/migration-runner';
import type {
  AtCheckpoint,
  FactScope,
  ReadModelReader,
  StatementLinesPage,
  StatementLinesQuery,
} from '../../head/read-model-reader.port';
import { inLogOrder, linkFactsOf, SUCCESSOR_LINK_TYPE, walkChainSync } from '../../head/chain-walk';
import type { AgreementListQuery, CaseListQuery, ListRows } from '../../lists/list-query';
import type {
  OrganisationNamingRow,
  OrganisationRegisterQuery,
} from '../../organisations/organisation-names';
import {
  agreementPartiesOf,
  foldCaseListEvents,
  type AgreementListRow,
  type CaseListEvent,
  type CaseListRow,
} from '../../lists/list-rows';
import {
  closedPeriodsSql,
  monthEndPostingFromRecord,
  monthEndPostingsSql,
  PERIOD_OF_DATA,
  type MonthEndPostingRecord,
  type MonthEndRows,
} from '../../management-accounts/month-end-sql';
import { BACKFILL_PAGE, LIST_EVENT_TYPES, listChangesOf, LISTS_BACKFILL } from '../list-backfill';
import { agreementListSql, caseListSql, type ListSql } from '../list-sql';
import type { CommitResult, ReadModelWriter } from '../read-model-writer.port';
import { LEDGER_PROJECTOR } from '../read-model-writer.port';
import {
  defaultReadModelMigrationsDir,
  READ_MODEL_MIGRATIONS_TABLE,
} from '../read-model-migrations';
import {
  agreementFactColumns,
  agreementFactFromRecord,
  agreementListColumns,
  agreementListFromRecord,
  balanceRowFromRecord,
  caseListColumns,
  caseListFromRecord,
  journalRowFromRecord,
  periodTotalFromRecord,
  statementLineFromRecord,
  type AgreementFactRecord,
  type AgreementListRecord,
  type BalanceRecord,
  type CaseListRecord,
  type BalanceRow,
  type BatchPlan,
  type JournalRecord,
  type JournalRow,
  type PeriodTotalRecord,
  type PeriodTotalRow,
  type StatementLineRecord,
  CASE_LIST_COLUMNS,
  type CaseListValues,
  organisationNamingColumns,
  organisationNamingFromRecord,
  organisationNamingsSql,
  organisationRegisterSql,
  type OrganisationNamingRecord,
} from '../read-model-rows';

export interface SqliteReadModelOptions {
  /** Folder of the SQLite read-model migrations (default: `migrations/read-model/sqlite`). */
  migrationsDir?: string;
  /**
   * `FULL` (default) makes a commit durable when it returns. The embedded API passes `NORMAL`:
   * the read model can always be rebuilt from the log, and WAL keeps it consistent (a commit
   * lost in a power cut takes its checkpoint with it, so those events are projected again).
   */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * For `ledger rebuild` into a file that does not exist yet, never for a live read model:
   * nothing is fsynced while the log is projected (synchronous=OFF), and `makeDurable()` then
   * writes it all to disk once, before the rebuild is reported. Until then a crash of the
   * machine (not of the process: WAL still commits whole) may leave the file unusable, which
   * costs only a rebuild that was never reported done. Overrides `synchronous`.
   */
  freshRebuild?: boolean;
}

/**
 * The read model in a SQLite file (or ':memory:'). better-sqlite3 is synchronous, so a commit
 * is one `BEGIN IMMEDIATE` transaction of prepared statements; WAL and synchronous=FULL make
 * it durable when it returns, as the event store's are. It also answers the report reads:
 * each runs inside one read transaction, so it sees one commit's state whole.
 */
export class SqliteReadModelWriter implements ReadModelWriter, ReadModelReader {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly migrationsDir: string;
  private statements: ReturnType<typeof prepare> | null = null;
  /** The list reads prepared so far, by their SQL text (a few variants: filters given, cursor). */
  private readonly listStatements = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(
    private readonly filePath: string,
    options: SqliteReadModelOptions = {},
  ) {
    if (options.freshRebuild && existsSync(filePath)) {
      throw new Error(`${filePath} already exists: a rebuild goes into a fresh file`);
    }
    this.db = new Database(filePath);
    this.db.pragma('journal_mode = WAL');
    const synchronous = options.freshRebuild ? 'OFF' : (options.synchronous ?? 'FULL');
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.pragma('busy_timeout = 5000');
    this.migrationsDir = options.migrationsDir ?? defaultReadModelMigrationsDir('sqlite');
  }

  /**
   * Applies the read model's migrations not applied yet, with the repository's one migration
   * runner: each in its own IMMEDIATE transaction, recorded with its checksum in
   * `read_model_migrations`; refuses when an applied file has changed or is missing.
   */
  migrate(): Promise<void> {
    // A refusal is a rejection, as on PostgreSQL: the executor's throw rejects the promise.
    return new Promise((resolve) => {
      migrateSqlite(this.db, {
        dir: this.migrationsDir,
        table: READ_MODEL_MIGRATIONS_TABLE.sqlite,
        database: this.filePath,
      });
      this.statements = prepare(this.db);
      this.backfillLists(this.statements);
      resolve();
    });
  }

  /**
   * A read model that had projected events before the lists existed fills them once from its
   * `agreement_facts` (see list-backfill.ts), in one transaction that also clears the mark the
   * migration left, so a crash leaves it to do again and never half done.
   */
  private backfillLists(statements: ReturnType<typeof prepare>): void {
    const owed = statements.backfillOwed.get(LISTS_BACKFILL) !== undefined;
    if (!owed) return;
    const page = this.db
      .prepare<(string | number)[], AgreementFactRecord>(
        `SELECT * FROM agreement_facts
          WHERE (agreement_id, position) > (?, ?)
            AND event_type IN (${LIST_EVENT_TYPES.map(() => '?').join(', ')})
          ORDER BY agreement_id, position LIMIT ?`,
      )
      .safeIntegers(true);
    this.db
      .transaction(() => {
        let after: [string, number] = ['', 0];
        for (;;) {
          const records = page.all(...after, ...LIST_EVENT_TYPES, BACKFILL_PAGE);
          if (records.length === 0) break;
          const { agreements, caseEvents } = listChangesOf(records);
          this.writeLists(statements, agreements, caseEvents);
          const last = records[records.length - 1];
          after = [last.agreement_id, Number(last.position)];
        }
        statements.backfillDone.run(LISTS_BACKFILL);
      })
      .immediate();
  }

  /** Adds the batch's agreements to the lists, and folds its case events onto the stored rows. */
  private writeLists(
    statements: ReturnType<typeof prepare>,
    agreements: readonly AgreementListRow[],
    caseEvents: readonly CaseListEvent[],
  ): void {
    for (const row of agreements) {
      // An agreement is created once; a second creation (never decided) would change nothing.
      if (statements.insertAgreementListed.run(...agreementListColumns(row)).changes === 0)
        continue;
      for (const party of agreementPartiesOf(row)) {
        statements.insertAgreementParty.run(party.organisationCode, party.agreementId, party.party);
      }
    }
    if (caseEvents.length === 0) return;
    const changed = foldCaseListEvents(
      caseEvents,
      (caseId) => {
        const record = statements.caseListRow.get(caseId);
        return record === undefined ? null : caseListFromRecord(record);
      },
      (agreementId) => statements.financialYearOf.get(agreementId),
    );
    for (const row of changed) statements.upsertCaseList.run(...caseListColumns(row));
  }

  checkpoint(projector: string = LEDGER_PROJECTOR): Promise<number> {
    return Promise.resolve(this.readCheckpoint(projector));
  }

  commit(projector: string, plan: (checkpoint: number) => BatchPlan | null): Promise<CommitResult> {
    const statements = this.prepared();
    const write = this.db.transaction((): CommitResult => {
      const checkpoint = this.readCheckpoint(projector);
      const batch = plan(checkpoint);
      if (batch === null) return { checkpoint, applied: 0 };
      for (const row of batch.postings) {
        statements.insertPosting.run(
          row.position,
          row.postingIndex,
          row.eventId,
          row.eventType,
          row.agreementId,
          row.period,
          row.postedIn,
          row.debitAccount,
          row.creditAccount,
          row.amountPence,
          row.source,
          row.reference,
          row.recordedAt,
          row.belongsToAgreementId ?? '',
        );
      }
      // Statement lines read the balances as they stood before this batch: write them first.
      for (const line of batch.statementLines) {
        statements.insertStatementLine.run(
          line.agreementId,
          line.account,
          line.position,
          line.postingIndex,
          line.changePence,
          line.batchChangePence,
          line.agreementId,
          line.account,
        );
      }
      for (const total of batch.periodTotals) {
        statements.addToPeriodTotal.run(
          total.agreementId,
          total.account,
          total.period,
          total.postedIn,
          total.amountPence,
        );
      }
      for (const registration of batch.caseRegistrations) {
        statements.registerCase.run(
          registration.caseId,
          registration.agreementId,
          registration.position,
        );
      }
      for (const fact of batch.facts) {
        const agreementId =
          fact.agreementId ??
          (fact.caseId === null ? undefined : statements.agreementOfCase.get(fact.caseId));
        // A case event of a case never referred belongs to no agreement: no report counts it.
        if (agreementId === undefined) continue;
        statements.insertFact.run(...agreementFactColumns(agreementId, fact.event));
      }
      this.writeLists(statements, batch.agreementsListed, batch.caseListEvents);
      for (const naming of batch.namings) {
        statements.insertNaming.run(...organisationNamingColumns(naming));
      }
      for (const change of batch.balanceChanges) {
        statements.addToBalance.run(
          change.agreementId,
          change.account,
          change.balancePence,
          change.lastPosition,
        );
      }
      statements.setCheckpoint.run(projector, batch.toPosition);
      return { checkpoint: batch.toPosition, applied: batch.applied };
    });
    try {
      return Promise.resolve(write.immediate());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  journal(): Promise<JournalRow[]> {
    const rows = this.db
      .prepare<[], JournalRecord>('SELECT * FROM journal_postings ORDER BY position, posting_index')
      .safeIntegers(true)
      .all();
    return Promise.resolve(rows.map(journalRowFromRecord));
  }

  balances(): Promise<BalanceRow[]> {
    const rows = this.db
      .prepare<[], BalanceRecord>('SELECT * FROM account_balances ORDER BY agreement_id, account')
      .safeIntegers(true)
      .all();
    return Promise.resolve(rows.map(balanceRowFromRecord));
  }

  periodTotals(agreementId: string): Promise<AtCheckpoint<PeriodTotalRow[]>> {
    return this.atCheckpoint(agreementId, (statements) =>
      statements.periodTotals.all(agreementId).map(periodTotalFromRecord),
    );
  }

  statementLines(query: StatementLinesQuery): Promise<AtCheckpoint<StatementLinesPage>> {
    const { agreementId, account, after, limit } = query;
    return this.atCheckpoint(agreementId, (statements) => {
      // Positions start at 1, so (0, 0) is before every line.
      const cursor = after ?? { position: 0, postingIndex: 0 };
      const opening = statements.balanceAt.get(
        agreementId,
        account,
        cursor.position,
        cursor.postingIndex,
      );
      const lines = statements.statementLines
        .all(agreementId, account, cursor.position, cursor.postingIndex, limit)
        .map(statementLineFromRecord);
      return { openingPence: opening ?? 0n, lines };
    });
  }

  agreementFacts(
    agreementId: string,
    scope: FactScope = 'all',
  ): Promise<AtCheckpoint<RecordedEvent[]>> {
    return this.atCheckpoint(agreementId, (statements) =>
      (scope === 'cases'
        ? statements.caseFacts.all(agreementId, agreementStreamId(agreementId))
        : statements.agreementFacts.all(agreementId)
      ).map(agreementFactFromRecord),
    );
  }

  chainFacts(
    agreementId: string,
    scope: FactScope = 'all',
  ): Promise<AtCheckpoint<RecordedEvent[]>> {
    return this.atCheckpoint(agreementId, (statements) => {
      const reads = walkChainSync(agreementId, scope, (id) =>
        linkFactsOf(
          statements.linkFacts
            .all(id, agreementStreamId(id), SUCCESSOR_LINK_TYPE)
            .map(agreementFactFromRecord),
        ),
      );
      return inLogOrder(
        reads.map((read) =>
          (read.scope === 'cases'
            ? statements.caseFacts.all(read.agreementId, agreementStreamId(read.agreementId))
            : statements.agreementFacts.all(read.agreementId)
          ).map(agreementFactFromRecord),
        ),
      );
    });
  }

  monthEndPostings(agreementId: string): Promise<AtCheckpoint<MonthEndRows>> {
    return this.atCheckpoint(agreementId, (statements) => ({
      closedPeriods: statements.closedPeriods.all(agreementId),
      postings: statements.monthEndPostings.all(agreementId).map(monthEndPostingFromRecord),
    }));
  }

  agreementList(query: AgreementListQuery): Promise<ListRows<AgreementListRow>> {
    return this.listPage(agreementListSql('sqlite', query), (record: AgreementListRecord) =>
      agreementListFromRecord(record),
    );
  }

  caseList(query: CaseListQuery): Promise<ListRows<CaseListRow>> {
    return this.listPage(caseListSql('sqlite', query), (record: CaseListRecord) =>
      caseListFromRecord(record),
    );
  }

  organisationNamings(odsCodes: readonly string[]): Promise<ListRows<OrganisationNamingRow>> {
    const codes = [...new Set(odsCodes)];
    if (codes.length === 0) {
      return this.checkpoint().then((checkpoint) => ({ checkpoint, rows: [] }));
    }
    return this.listPage(
      { text: organisationNamingsSql('sqlite', codes.length), values: codes },
      (record: OrganisationNamingRecord) => organisationNamingFromRecord(record),
    );
  }

  organisationRegister(query: OrganisationRegisterQuery): Promise<ListRows<OrganisationNamingRow>> {
    return this.listPage(
      { text: organisationRegisterSql('sqlite'), values: [query.after ?? '', query.limit] },
      (record: OrganisationNamingRecord) => organisationNamingFromRecord(record),
    );
  }

  /** One list read in one read transaction, with the checkpoint it saw. */
  private listPage<Record, Row>(
    sql: ListSql,
    rowOf: (record: Record) => Row,
  ): Promise<ListRows<Row>> {
    this.prepared();
    try {
      let statement = this.listStatements.get(sql.text);
      if (statement === undefined) {
        statement = this.db.prepare<unknown[], unknown>(sql.text).safeIntegers(true);
        this.listStatements.set(sql.text, statement);
      }
      const read = statement;
      const snapshot = this.db.transaction(() => ({
        checkpoint: this.readCheckpoint(LEDGER_PROJECTOR),
        rows: (read.all(...sql.values) as Record[]).map(rowOf),
      }));
      return Promise.resolve(snapshot.deferred());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Runs the reads in one read transaction, with the checkpoint it saw. */
  private atCheckpoint<T>(
    agreementId: string,
    read: (statements: ReturnType<typeof prepare>) => T,
  ): Promise<AtCheckpoint<T>> {
    const statements = this.prepared();
    try {
      const snapshot = this.db.transaction(() => ({
        checkpoint: this.readCheckpoint(LEDGER_PROJECTOR),
        agreementKnown: statements.agreementKnown.get(agreementId) !== undefined,
        rows: read(statements),
      }));
      return Promise.resolve(snapshot.deferred());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Makes every commit so far durable, whatever `synchronous` they ran under: from now on
   * commits are FULL; the WAL is copied into the file and emptied; then the file and its
   * folder (which holds the file's new name) are fsynced. A checkpoint with nothing left to
   * copy fsyncs nothing, hence the explicit fsyncs.
   */
  makeDurable(): Promise<void> {
    try {
      this.db.pragma('synchronous = FULL');
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as WalCheckpointResult[];
      if (result.busy !== 0 || result.checkpointed !== result.log) {
        throw new Error(
          `read model: the checkpoint of ${this.filePath} copied ${result.checkpointed} of ` +
            `${result.log} WAL frames (busy ${result.busy}); it is not durable yet`,
        );
      }
      fsyncPath(this.filePath);
      fsyncPath(dirname(this.filePath));
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  private readCheckpoint(projector: string): number {
    const position = this.db
      .prepare<[string], bigint>('SELECT position FROM projector_checkpoint WHERE projector = ?')
      .pluck()
      .safeIntegers(true)
      .get(projector);
    return position === undefined ? 0 : Number(position);
  }

  private prepared(): ReturnType<typeof prepare> {
    if (this.statements === null) throw new Error('read model: call migrate() before commit()');
    return this.statements;
  }
}

/** `PRAGMA wal_checkpoint`: busy (1: something held it back), WAL frames, frames copied. */
interface WalCheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function prepare(db: Database.Database) {
  return {
    insertPosting: db.prepare<
      [
        number,
        number,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        bigint,
        string,
        string,
        string,
        string,
      ]
    >(
      `INSERT INTO journal_postings (position, posting_index, event_id, event_type, agreement_id,
         period, posted_in, debit_account, credit_account, amount_pence, source, reference, recorded_at,
         belongs_to_agreement_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    addToBalance: db.prepare<[string, string, bigint, number]>(
      `INSERT INTO account_balances (agreement_id, account, balance_pence, last_position)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (agreement_id, account) DO UPDATE SET
         balance_pence = balance_pence + excluded.balance_pence,
         last_position = excluded.last_position`,
    ),
    insertStatementLine: db.prepare<
      [string, string, number, number, bigint, bigint, string, string]
    >(
      `INSERT INTO statement_lines (agreement_id, account, position, posting_index, change_pence, balance_pence)
       VALUES (?, ?, ?, ?, ?, ? + coalesce(
         (SELECT balance_pence FROM account_balances WHERE agreement_id = ? AND account = ?), 0))`,
    ),
    addToPeriodTotal: db.prepare<[string, string, string, string, bigint]>(
      `INSERT INTO account_period_totals (agreement_id, account, period, posted_in, amount_pence)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (agreement_id, account, period, posted_in) DO UPDATE SET
         amount_pence = amount_pence + excluded.amount_pence`,
    ),
    registerCase: db.prepare<[string, string, number]>(
      'INSERT INTO case_register (case_id, agreement_id, position) VALUES (?, ?, ?)',
    ),
    agreementOfCase: db
      .prepare<[string], string>('SELECT agreement_id FROM case_register WHERE case_id = ?')
      .pluck(),
    insertFact: db.prepare<
      [string, number, string, string, number, string, string, string, string]
    >(
      `INSERT INTO agreement_facts (agreement_id, position, event_id, stream_id, revision,
         event_type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    periodTotals: db
      .prepare<[string], PeriodTotalRecord>(
        `SELECT * FROM account_period_totals WHERE agreement_id = ?
         ORDER BY account, period, posted_in`,
      )
      .safeIntegers(true),
    balanceAt: db
      .prepare<[string, string, number, number], bigint>(
        `SELECT balance_pence FROM statement_lines
         WHERE agreement_id = ? AND account = ? AND (position, posting_index) <= (?, ?)
         ORDER BY position DESC, posting_index DESC LIMIT 1`,
      )
      .pluck()
      .safeIntegers(true),
    statementLines: db
      .prepare<[string, string, number, number, number], StatementLineRecord>(
        `SELECT s.change_pence, s.balance_pence, j.*
           FROM statement_lines s
           JOIN journal_postings j ON j.position = s.position AND j.posting_index = s.posting_index
          WHERE s.agreement_id = ? AND s.account = ?
            AND (s.position, s.posting_index) > (?, ?)
          ORDER BY s.position, s.posting_index LIMIT ?`,
      )
      .safeIntegers(true),
    agreementKnown: db
      .prepare<[string], number>('SELECT 1 FROM agreement_facts WHERE agreement_id = ? LIMIT 1')
      .pluck(),
    agreementFacts: db
      .prepare<[string], AgreementFactRecord>(
        'SELECT * FROM agreement_facts WHERE agreement_id = ? ORDER BY position',
      )
      .safeIntegers(true),
    // The agreement stream's revision 0 is its creation; every other row is a case's.
    caseFacts: db
      .prepare<[string, string], AgreementFactRecord>(
        `SELECT * FROM agreement_facts WHERE agreement_id = ? AND (stream_id <> ? OR revision = 0)
         ORDER BY position`,
      )
      .safeIntegers(true),
    // An agreement's creation and its successor link: what a walk along its chain reads.
    linkFacts: db
      .prepare<[string, string, string], AgreementFactRecord>(
        `SELECT * FROM agreement_facts WHERE agreement_id = ? AND stream_id = ?
           AND (revision = 0 OR event_type = ?) ORDER BY position`,
      )
      .safeIntegers(true),
    monthEndPostings: db
      .prepare<[string], MonthEndPostingRecord>(monthEndPostingsSql('', '?'))
      .safeIntegers(true),
    closedPeriods: db
      .prepare<[string], string>(closedPeriodsSql('', '?', PERIOD_OF_DATA.sqlite))
      .pluck(),
    insertAgreementListed: db.prepare<
      [string, string, string, string, string, string, number, number]
    >(
      `INSERT INTO agreements_list (agreement_id, financial_year, commissioner_code,
         lead_provider_code, partner_provider_codes, service_lines, savings_horizon_days, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (agreement_id) DO NOTHING`,
    ),
    insertAgreementParty: db.prepare<[string, string, string]>(
      `INSERT INTO agreement_parties (organisation_code, agreement_id, party) VALUES (?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
    financialYearOf: db
      .prepare<[string], string>(
        'SELECT financial_year FROM agreements_list WHERE agreement_id = ?',
      )
      .pluck(),
    caseListRow: db
      .prepare<[string], CaseListRecord>('SELECT * FROM cases_list WHERE case_id = ?')
      .safeIntegers(true),
    upsertCaseList: db.prepare<CaseListValues>(
      `INSERT INTO cases_list (${CASE_LIST_COLUMNS.join(', ')})
       VALUES (${CASE_LIST_COLUMNS.map(() => '?').join(', ')})
       ON CONFLICT (case_id) DO UPDATE SET
         ${CASE_LIST_COLUMNS.slice(1)
           .map((column) => `${column} = excluded.${column}`)
           .join(', ')}`,
    ),
    insertNaming: db.prepare<[string, number, string, string, string, string]>(
      `INSERT INTO organisation_names (ods_code, position, event_id, name, effective_from, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    backfillOwed: db
      .prepare<[string], number>('SELECT 1 FROM read_model_backfills WHERE name = ?')
      .pluck(),
    backfillDone: db.prepare<[string]>('DELETE FROM read_model_backfills WHERE name = ?'),
    setCheckpoint: db.prepare<[string, number]>(
      `INSERT INTO projector_checkpoint (projector, position) VALUES (?, ?)
       ON CONFLICT (projector) DO UPDATE SET position = excluded.position`,
    ),
  };
}
