import { Client, type ClientConfig } from 'pg';
import type { CommitResult, ReadModelWriter } from '../read-model-writer.port';
import {
  defaultReadModelMigrationsDir,
  READ_MODEL_MIGRATIONS_TABLE,
} from '../read-model-migrations';
import type { RecordedEvent } from '@ledger/event-store';
import { migratePostgres } from '@ledger/event-store/migration-runner';
import {
  agreementPartiesOf,
  foldCaseListEvents,
  type AgreementListRow,
  type CaseListEvent,
} from '../../lists/list-rows';
import { BACKFILL_PAGE, LIST_EVENT_TYPES, listChangesOf, LISTS_BACKFILL } from '../list-backfill';
import {
  AGREEMENT_LIST_COLUMNS,
  agreementFactColumns,
  agreementListColumns,
  balanceRowFromRecord,
  CASE_LIST_COLUMNS,
  caseListColumns,
  caseListFromRecord,
  type AgreementFactRecord,
  type CaseListRecord,
  journalRowFromRecord,
  type AgreementFactRow,
  type BalanceRecord,
  type BalanceRow,
  type BatchPlan,
  type CaseRegistrationRow,
  type JournalRecord,
  type JournalRow,
  type PeriodTotalRow,
  type StatementLineChange,
  ORGANISATION_NAME_COLUMNS,
  organisationNamingColumns,
} from '../read-model-rows';
import type { OrganisationNamingRow } from '../../organisations/organisation-names';
import { quoted } from './postgres-schema';

export interface PostgresReadModelOptions {
  /** `postgres://user@host:port/database`. */
  connectionString: string;
  /** The schema holding the read model's tables (created by `migrate`). */
  schema: string;
  /** Folder of the PostgreSQL read-model migrations (default: `migrations/read-model/postgres`). */
  migrationsDir?: string;
  /** Extra client settings (timeouts, application name). */
  client?: Omit<ClientConfig, 'connectionString'>;
}

/** Rows per multi-row INSERT: 13 parameters a posting, well under PostgreSQL's 65,535. */
const ROWS_PER_INSERT = 1000;

/**
 * The read model in one PostgreSQL schema, on one connection whose search_path is that schema.
 * A commit is one transaction: the checkpoint row is locked (`FOR UPDATE`), so two projectors
 * on the same schema apply each batch once between them; postings go in with multi-row INSERTs
 * and balances with one upsert per 1000 accounts.
 */
export class PostgresReadModelWriter implements ReadModelWriter {
  readonly dialect = 'postgres' as const;
  readonly schema: string;
  private readonly client: Client;
  private readonly migrationsDir: string;
  private connected: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(private readonly options: PostgresReadModelOptions) {
    this.schema = options.schema;
    quoted(options.schema);
    this.client = new Client({ ...options.client, connectionString: options.connectionString });
    // A lost connection is reported by the next query; without a listener it would crash.
    this.client.on('error', (error) => {
      this.failure = error;
    });
    this.migrationsDir = options.migrationsDir ?? defaultReadModelMigrationsDir('postgres');
  }

  /** Connects (once) and points the connection at the schema. */
  connect(): Promise<void> {
    this.connected ??= (async () => {
      try {
        await this.client.connect();
      } catch (error) {
        throw new Error(
          `cannot reach the PostgreSQL read model at ${redacted(this.options.connectionString)}: ` +
            (error as Error).message,
        );
      }
      await this.client.query(`SET search_path TO ${quoted(this.schema)}`);
    })();
    return this.connected;
  }

  /**
   * Applies the read model's migrations not applied yet, with the repository's one migration
   * runner: each in its own transaction, recorded with its checksum in the schema's
   * `schema_migrations`; refuses when an applied file has changed or is missing.
   */
  async migrate(): Promise<void> {
    await this.connect();
    if (this.failure) throw this.failure;
    await migratePostgres(this.client, {
      dir: this.migrationsDir,
      schema: this.schema,
      table: READ_MODEL_MIGRATIONS_TABLE.postgres,
    });
    await this.backfillLists();
  }

  /**
   * A read model that had projected events before the lists existed fills them once from its
   * `agreement_facts` (see list-backfill.ts), in one transaction that also clears the mark the
   * migration left (locked, so two processes migrating at once backfill once between them).
   * Any order that keeps each agreement's facts together in log order will do: the primary
   * key's, in the schema's own collation, so each page is an index range.
   */
  private async backfillLists(): Promise<void> {
    await this.transaction(async () => {
      const owed = await this.client.query(
        'SELECT 1 FROM read_model_backfills WHERE name = $1 FOR UPDATE',
        [LISTS_BACKFILL],
      );
      if (owed.rows.length === 0) return;
      const types = LIST_EVENT_TYPES.map((_, index) => `$${index + 4}`).join(', ');
      let after: [string, number] = ['', 0];
      for (;;) {
        const page = await this.client.query<AgreementFactRecord>(
          `SELECT * FROM agreement_facts
            WHERE (agreement_id, position) > ($1, $2) AND event_type IN (${types})
            ORDER BY agreement_id, position LIMIT $3`,
          [...after, BACKFILL_PAGE, ...LIST_EVENT_TYPES],
        );
        if (page.rows.length === 0) break;
        const { agreements, caseEvents } = listChangesOf(page.rows);
        await this.writeLists(agreements, caseEvents);
        const last = page.rows[page.rows.length - 1];
        after = [last.agreement_id, Number(last.position)];
      }
      await this.client.query('DELETE FROM read_model_backfills WHERE name = $1', [LISTS_BACKFILL]);
    });
  }

  async checkpoint(projector: string): Promise<number> {
    await this.connect();
    const result = await this.client.query<{ position: string }>(
      'SELECT position FROM projector_checkpoint WHERE projector = $1',
      [projector],
    );
    return result.rows.length === 0 ? 0 : Number(result.rows[0].position);
  }

  async commit(
    projector: string,
    plan: (checkpoint: number) => BatchPlan | null,
  ): Promise<CommitResult> {
    await this.connect();
    return this.transaction(async () => {
      await this.client.query(
        'INSERT INTO projector_checkpoint (projector, position) VALUES ($1, 0) ON CONFLICT (projector) DO NOTHING',
        [projector],
      );
      const locked = await this.client.query<{ position: string }>(
        'SELECT position FROM projector_checkpoint WHERE projector = $1 FOR UPDATE',
        [projector],
      );
      const checkpoint = Number(locked.rows[0].position);
      const batch = plan(checkpoint);
      if (batch === null) return { checkpoint, applied: 0 };
      for (let start = 0; start < batch.postings.length; start += ROWS_PER_INSERT) {
        await this.insertPostings(batch.postings.slice(start, start + ROWS_PER_INSERT));
      }
      // Statement lines read the balances as they stood before this batch: write them first.
      for (const rows of chunks(batch.statementLines)) await this.insertStatementLines(rows);
      for (const rows of chunks(batch.periodTotals)) await this.addToPeriodTotals(rows);
      for (const rows of chunks(batch.caseRegistrations)) await this.registerCases(rows);
      for (const rows of chunks(await this.attributeFacts(batch.facts))) {
        await this.insertFacts(rows);
      }
      await this.writeLists(batch.agreementsListed, batch.caseListEvents);
      for (const rows of chunks(batch.namings)) await this.insertNamings(rows);
      for (let start = 0; start < batch.balanceChanges.length; start += ROWS_PER_INSERT) {
        await this.addToBalances(batch.balanceChanges.slice(start, start + ROWS_PER_INSERT));
      }
      await this.client.query(
        'UPDATE projector_checkpoint SET position = $2 WHERE projector = $1',
        [projector, batch.toPosition],
      );
      return { checkpoint: batch.toPosition, applied: batch.applied };
    });
  }

  async journal(): Promise<JournalRow[]> {
    await this.connect();
    const result = await this.client.query<JournalRecord>(
      'SELECT * FROM journal_postings ORDER BY position, posting_index',
    );
    return result.rows.map(journalRowFromRecord);
  }

  async balances(): Promise<BalanceRow[]> {
    await this.connect();
    const result = await this.client.query<BalanceRecord>(
      'SELECT * FROM account_balances ORDER BY agreement_id COLLATE "C", account COLLATE "C"',
    );
    return result.rows.map(balanceRowFromRecord);
  }

  /** Drops the schema and everything in it (tests, abandoned rebuilds). */
  async dropSchema(): Promise<void> {
    await this.connect();
    await this.client.query(`DROP SCHEMA IF EXISTS ${quoted(this.schema)} CASCADE`);
  }

  async close(): Promise<void> {
    if (this.connected === null) return;
    this.connected = null;
    await this.client.end();
  }

  private async insertPostings(rows: JournalRow[]): Promise<void> {
    const values: unknown[] = [];
    const tuples = rows.map((row) => {
      const at = values.length;
      values.push(
        row.position,
        row.postingIndex,
        row.eventId,
        row.eventType,
        row.agreementId,
        row.period,
        row.postedIn,
        row.debitAccount,
        row.creditAccount,
        row.amountPence.toString(),
        row.source,
        row.reference,
        row.recordedAt,
        row.belongsToAgreementId ?? '',
      );
      return `(${Array.from({ length: 14 }, (_, i) => `$${at + i + 1}`).join(', ')})`;
    });
    await this.client.query(
      `INSERT INTO journal_postings (position, posting_index, event_id, event_type, agreement_id,
         period, posted_in, debit_account, credit_account, amount_pence, source, reference, recorded_at,
         belongs_to_agreement_id)
       VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  private async insertStatementLines(lines: StatementLineChange[]): Promise<void> {
    const values: unknown[] = [];
    const tuples = lines.map((line) => {
      const at = values.length;
      values.push(
        line.agreementId,
        line.account,
        line.position,
        line.postingIndex,
        line.changePence.toString(),
        line.batchChangePence.toString(),
      );
      return `($${at + 1}, $${at + 2}, $${at + 3}::bigint, $${at + 4}::int, $${at + 5}::bigint, $${at + 6}::bigint)`;
    });
    await this.client.query(
      `INSERT INTO statement_lines (agreement_id, account, position, posting_index, change_pence, balance_pence)
       SELECT v.agreement_id, v.account, v.position, v.posting_index, v.change_pence,
              v.batch_change_pence + coalesce(b.balance_pence, 0)
         FROM (VALUES ${tuples.join(', ')})
              AS v (agreement_id, account, position, posting_index, change_pence, batch_change_pence)
         LEFT JOIN account_balances b USING (agreement_id, account)`,
      values,
    );
  }

  private async addToPeriodTotals(totals: PeriodTotalRow[]): Promise<void> {
    const values: unknown[] = [];
    const tuples = totals.map((total) => {
      const at = values.length;
      values.push(
        total.agreementId,
        total.account,
        total.period,
        total.postedIn,
        total.amountPence.toString(),
      );
      return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}::bigint)`;
    });
    await this.client.query(
      `INSERT INTO account_period_totals AS t (agreement_id, account, period, posted_in, amount_pence)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (agreement_id, account, period, posted_in) DO UPDATE SET
         amount_pence = t.amount_pence + EXCLUDED.amount_pence`,
      values,
    );
  }

  private async registerCases(registrations: CaseRegistrationRow[]): Promise<void> {
    const values: unknown[] = [];
    const tuples = registrations.map((registration) => {
      const at = values.length;
      values.push(registration.caseId, registration.agreementId, registration.position);
      return `($${at + 1}, $${at + 2}, $${at + 3}::bigint)`;
    });
    await this.client.query(
      `INSERT INTO case_register (case_id, agreement_id, position) VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  /**
   * Names each case event's agreement from `case_register` (this batch's referrals are in it
   * already). A case event of a case never referred belongs to no agreement and is left out.
   */
  private async attributeFacts(
    facts: AgreementFactRow[],
  ): Promise<{ agreementId: string; event: RecordedEvent }[]> {
    const unknown = [
      ...new Set(facts.filter((f) => f.agreementId === null).map((f) => f.caseId)),
    ].filter((caseId): caseId is string => caseId !== null);
    const agreementOf = new Map<string, string>();
    if (unknown.length > 0) {
      const found = await this.client.query<{ case_id: string; agreement_id: string }>(
        'SELECT case_id, agreement_id FROM case_register WHERE case_id = ANY($1::text[])',
        [unknown],
      );
      for (const row of found.rows) agreementOf.set(row.case_id, row.agreement_id);
    }
    return facts.flatMap((fact) => {
      const agreementId =
        fact.agreementId ?? (fact.caseId === null ? undefined : agreementOf.get(fact.caseId));
      return agreementId === undefined ? [] : [{ agreementId, event: fact.event }];
    });
  }

  private async insertFacts(facts: { agreementId: string; event: RecordedEvent }[]): Promise<void> {
    const values: unknown[] = [];
    const tuples = facts.map(({ agreementId, event }) => {
      const at = values.length;
      values.push(...agreementFactColumns(agreementId, event));
      return `(${Array.from({ length: 9 }, (_, i) => `$${at + i + 1}`).join(', ')})`;
    });
    await this.client.query(
      `INSERT INTO agreement_facts (agreement_id, position, event_id, stream_id, revision,
         event_type, data, metadata, recorded_at)
       VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  /** The batch's namings, for the organisation register. */
  private async insertNamings(namings: OrganisationNamingRow[]): Promise<void> {
    const values: unknown[] = [];
    const tuples = namings.map((naming) => {
      const at = values.length;
      values.push(...organisationNamingColumns(naming));
      return `(${ORGANISATION_NAME_COLUMNS.map((_, i) => `$${at + i + 1}`).join(', ')})`;
    });
    await this.client.query(
      `INSERT INTO organisation_names (${ORGANISATION_NAME_COLUMNS.join(', ')})
       VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  /** Adds the batch's agreements to the lists, and folds its case events onto the stored rows. */
  private async writeLists(
    agreements: readonly AgreementListRow[],
    caseEvents: readonly CaseListEvent[],
  ): Promise<void> {
    for (const rows of chunks(agreements)) {
      const values: unknown[] = [];
      const tuples = rows.map((row) => {
        const at = values.length;
        values.push(...agreementListColumns(row));
        return `(${AGREEMENT_LIST_COLUMNS.map((_, i) => `$${at + i + 1}`).join(', ')})`;
      });
      // An agreement is created once; a second creation (never decided) would change nothing.
      const inserted = await this.client.query<{ agreement_id: string }>(
        `INSERT INTO agreements_list (${AGREEMENT_LIST_COLUMNS.join(', ')})
         VALUES ${tuples.join(', ')}
         ON CONFLICT (agreement_id) DO NOTHING RETURNING agreement_id`,
        values,
      );
      const added = new Set(inserted.rows.map((row) => row.agreement_id));
      const parties = rows.filter((row) => added.has(row.agreementId)).flatMap(agreementPartiesOf);
      for (const some of chunks(parties)) {
        const partyValues = some.flatMap((p) => [p.organisationCode, p.agreementId, p.party]);
        await this.client.query(
          `INSERT INTO agreement_parties (organisation_code, agreement_id, party)
           VALUES ${some.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(', ')}
           ON CONFLICT DO NOTHING`,
          partyValues,
        );
      }
    }
    if (caseEvents.length === 0) return;
    const caseIds = [...new Set(caseEvents.map((listed) => listed.event.data.caseId))];
    const stored = await this.client.query<CaseListRecord>(
      'SELECT * FROM cases_list WHERE case_id = ANY($1::text[])',
      [caseIds],
    );
    const rows = new Map(stored.rows.map((record) => [record.case_id, caseListFromRecord(record)]));
    const referred = [
      ...new Set(
        caseEvents.flatMap(({ event }) =>
          event.type === 'ReferralRegistered' ? [event.data.agreementId] : [],
        ),
      ),
    ];
    const years = new Map<string, string>();
    if (referred.length > 0) {
      const found = await this.client.query<{ agreement_id: string; financial_year: string }>(
        'SELECT agreement_id, financial_year FROM agreements_list WHERE agreement_id = ANY($1::text[])',
        [referred],
      );
      for (const row of found.rows) years.set(row.agreement_id, row.financial_year);
    }
    const changed = foldCaseListEvents(
      caseEvents,
      (caseId) => rows.get(caseId) ?? null,
      (agreementId) => years.get(agreementId),
    );
    const updates = CASE_LIST_COLUMNS.slice(1)
      .map((column) => `${column} = EXCLUDED.${column}`)
      .join(', ');
    for (const some of chunks(changed)) {
      const values: unknown[] = [];
      const tuples = some.map((row) => {
        const at = values.length;
        values.push(
          ...caseListColumns(row).map((value) =>
            typeof value === 'bigint' ? value.toString() : value,
          ),
        );
        return `(${CASE_LIST_COLUMNS.map((_, i) => `$${at + i + 1}`).join(', ')})`;
      });
      await this.client.query(
        `INSERT INTO cases_list (${CASE_LIST_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
         ON CONFLICT (case_id) DO UPDATE SET ${updates}`,
        values,
      );
    }
  }

  private async addToBalances(changes: BalanceRow[]): Promise<void> {
    const values: unknown[] = [];
    const tuples = changes.map((change) => {
      const at = values.length;
      values.push(
        change.agreementId,
        change.account,
        change.balancePence.toString(),
        change.lastPosition,
      );
      return `($${at + 1}, $${at + 2}, $${at + 3}::bigint, $${at + 4}::bigint)`;
    });
    await this.client.query(
      `INSERT INTO account_balances AS b (agreement_id, account, balance_pence, last_position)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (agreement_id, account) DO UPDATE SET
         balance_pence = b.balance_pence + EXCLUDED.balance_pence,
         last_position = EXCLUDED.last_position`,
      values,
    );
  }

  private async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.failure) throw this.failure;
    await this.client.query('BEGIN');
    try {
      const result = await work();
      await this.client.query('COMMIT');
      return result;
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

/** Rows per multi-row statement. */
function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    out.push(rows.slice(start, start + ROWS_PER_INSERT));
  }
  return out;
}

/** The connection string without its password, for messages. */
export function redacted(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(an unparsable connection string)';
  }
}
