import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { agreementStreamId } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type {
  AtCheckpoint,
  FactScope,
  ReadModelReader,
  StatementLinesPage,
  StatementLinesQuery,
} from '../../head/read-model-reader.port';
import { inLogOrder, linkFactsOf, SUCCESSOR_LINK_TYPE, walkChain } from '../../head/chain-walk';
import type { AgreementListQuery, CaseListQuery, ListRows } from '../../lists/list-query';
import type { AgreementListRow, CaseListRow } from '../../lists/list-rows';
import {
  closedPeriodsSql,
  monthEndPostingFromRecord,
  monthEndPostingsSql,
  PERIOD_OF_DATA,
  type MonthEndPostingRecord,
  type MonthEndRows,
} from '../../management-accounts/month-end-sql';
import type {
  OrganisationNamingRow,
  OrganisationRegisterQuery,
} from '../../organisations/organisation-names';
import { agreementListSql, caseListSql, type ListSql } from '../list-sql';
import {
  agreementFactFromRecord,
  agreementListFromRecord,
  caseListFromRecord,
  type AgreementListRecord,
  type CaseListRecord,
  periodTotalFromRecord,
  statementLineFromRecord,
  type AgreementFactRecord,
  type PeriodTotalRecord,
  type PeriodTotalRow,
  type StatementLineRecord,
  organisationNamingFromRecord,
  organisationNamingsSql,
  organisationRegisterSql,
  type OrganisationNamingRecord,
} from '../read-model-rows';
import { LEDGER_PROJECTOR } from '../read-model-writer.port';
import { quoted } from './postgres-schema';

export interface PostgresReadModelReaderOptions {
  connectionString: string;
  /** The schema a projector writes the read model into. */
  schema: string;
  /** Connections in the pool (default 4). */
  maxConnections?: number;
  pool?: Omit<PoolConfig, 'connectionString' | 'max'>;
}

/**
 * Report reads from the PostgreSQL read model that `apps/projector` keeps. Each read is one
 * REPEATABLE READ, READ ONLY transaction, so the rows and the checkpoint it returns come from
 * the same committed state, however the projector's commits interleave.
 */
export class PostgresReadModelReader implements ReadModelReader {
  private readonly pool: Pool;
  private readonly schema: string;

  constructor(options: PostgresReadModelReaderOptions) {
    this.schema = quoted(options.schema);
    this.pool = new Pool({
      ...options.pool,
      connectionString: options.connectionString,
      max: options.maxConnections ?? 4,
    });
    // An idle connection that drops is replaced by the pool; the next query reports a failure.
    this.pool.on('error', () => undefined);
  }

  async checkpoint(): Promise<number> {
    const result = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.schema}.projector_checkpoint WHERE projector = $1`,
      [LEDGER_PROJECTOR],
    );
    return result.rows.length === 0 ? 0 : Number(result.rows[0].position);
  }

  periodTotals(agreementId: string): Promise<AtCheckpoint<PeriodTotalRow[]>> {
    return this.atCheckpoint(agreementId, async (client) => {
      const result = await client.query<PeriodTotalRecord>(
        `SELECT * FROM ${this.schema}.account_period_totals WHERE agreement_id = $1
          ORDER BY account COLLATE "C", period COLLATE "C", posted_in COLLATE "C"`,
        [agreementId],
      );
      return result.rows.map(periodTotalFromRecord);
    });
  }

  statementLines(query: StatementLinesQuery): Promise<AtCheckpoint<StatementLinesPage>> {
    const { agreementId, account, limit } = query;
    // Positions start at 1, so (0, 0) is before every line.
    const after = query.after ?? { position: 0, postingIndex: 0 };
    return this.atCheckpoint(agreementId, async (client) => {
      const opening = await client.query<{ balance_pence: string }>(
        `SELECT balance_pence FROM ${this.schema}.statement_lines
          WHERE agreement_id = $1 AND account = $2 AND (position, posting_index) <= ($3, $4)
          ORDER BY position DESC, posting_index DESC LIMIT 1`,
        [agreementId, account, after.position, after.postingIndex],
      );
      const lines = await client.query<StatementLineRecord>(
        `SELECT s.change_pence, s.balance_pence, j.*
           FROM ${this.schema}.statement_lines s
           JOIN ${this.schema}.journal_postings j
             ON j.position = s.position AND j.posting_index = s.posting_index
          WHERE s.agreement_id = $1 AND s.account = $2 AND (s.position, s.posting_index) > ($3, $4)
          ORDER BY s.position, s.posting_index LIMIT $5`,
        [agreementId, account, after.position, after.postingIndex, limit],
      );
      return {
        openingPence: opening.rows.length === 0 ? 0n : BigInt(opening.rows[0].balance_pence),
        lines: lines.rows.map(statementLineFromRecord),
      };
    });
  }

  agreementFacts(
    agreementId: string,
    scope: FactScope = 'all',
  ): Promise<AtCheckpoint<RecordedEvent[]>> {
    return this.atCheckpoint(agreementId, (client) => this.factsOf(client, agreementId, scope));
  }

  private async factsOf(
    client: PoolClient,
    agreementId: string,
    scope: FactScope,
  ): Promise<RecordedEvent[]> {
    // The agreement stream's revision 0 is its creation; every other row is a case's.
    const result =
      scope === 'cases'
        ? await client.query<AgreementFactRecord>(
            `SELECT * FROM ${this.schema}.agreement_facts
             WHERE agreement_id = $1 AND (stream_id <> $2 OR revision = 0) ORDER BY position`,
            [agreementId, agreementStreamId(agreementId)],
          )
        : await client.query<AgreementFactRecord>(
            `SELECT * FROM ${this.schema}.agreement_facts WHERE agreement_id = $1 ORDER BY position`,
            [agreementId],
          );
    return result.rows.map(agreementFactFromRecord);
  }

  chainFacts(
    agreementId: string,
    scope: FactScope = 'all',
  ): Promise<AtCheckpoint<RecordedEvent[]>> {
    return this.atCheckpoint(agreementId, async (client) => {
      const reads = await walkChain(agreementId, scope, async (id) => {
        const links = await client.query<AgreementFactRecord>(
          `SELECT * FROM ${this.schema}.agreement_facts WHERE agreement_id = $1 AND stream_id = $2
             AND (revision = 0 OR event_type = $3) ORDER BY position`,
          [id, agreementStreamId(id), SUCCESSOR_LINK_TYPE],
        );
        return linkFactsOf(links.rows.map(agreementFactFromRecord));
      });
      const facts: RecordedEvent[][] = [];
      for (const read of reads)
        facts.push(await this.factsOf(client, read.agreementId, read.scope));
      return inLogOrder(facts);
    });
  }

  monthEndPostings(agreementId: string): Promise<AtCheckpoint<MonthEndRows>> {
    const tables = `${this.schema}.`;
    return this.atCheckpoint(agreementId, async (client) => {
      const closed = await client.query<{ period: string }>(
        closedPeriodsSql(tables, '$1', PERIOD_OF_DATA.postgres),
        [agreementId],
      );
      const postings = await client.query<MonthEndPostingRecord>(
        monthEndPostingsSql(tables, '$1'),
        [agreementId],
      );
      return {
        closedPeriods: closed.rows.map((row) => row.period),
        postings: postings.rows.map(monthEndPostingFromRecord),
      };
    });
  }

  agreementList(query: AgreementListQuery): Promise<ListRows<AgreementListRow>> {
    return this.listPage(agreementListSql('postgres', query), (record: AgreementListRecord) =>
      agreementListFromRecord(record),
    );
  }

  caseList(query: CaseListQuery): Promise<ListRows<CaseListRow>> {
    return this.listPage(caseListSql('postgres', query), (record: CaseListRecord) =>
      caseListFromRecord(record),
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  organisationNamings(odsCodes: readonly string[]): Promise<ListRows<OrganisationNamingRow>> {
    const codes = [...new Set(odsCodes)];
    if (codes.length === 0) return this.snapshot(() => Promise.resolve([]));
    return this.listPage(
      { text: organisationNamingsSql('postgres', codes.length), values: codes },
      (record: OrganisationNamingRecord) => organisationNamingFromRecord(record),
    );
  }

  organisationRegister(query: OrganisationRegisterQuery): Promise<ListRows<OrganisationNamingRow>> {
    return this.listPage(
      { text: organisationRegisterSql('postgres'), values: [query.after ?? '', query.limit] },
      (record: OrganisationNamingRecord) => organisationNamingFromRecord(record),
    );
  }

  /** One list read, with the checkpoint, in one snapshot (the list's tables are schema-local). */
  private async listPage<Record extends object, Row>(
    sql: ListSql,
    rowOf: (record: Record) => Row,
  ): Promise<ListRows<Row>> {
    return this.snapshot(async (client) => {
      await client.query(`SET LOCAL search_path TO ${this.schema}`);
      const result = await client.query<Record>(sql.text, sql.values);
      return result.rows.map(rowOf);
    });
  }

  /** Runs `read` in one REPEATABLE READ, READ ONLY transaction, with the checkpoint it saw. */
  private async snapshot<T>(
    read: (client: PoolClient) => Promise<T>,
  ): Promise<{ checkpoint: number; rows: T }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const checkpoint = await client.query<{ position: string }>(
        `SELECT position FROM ${this.schema}.projector_checkpoint WHERE projector = $1`,
        [LEDGER_PROJECTOR],
      );
      const rows = await read(client);
      await client.query('COMMIT');
      return {
        checkpoint: checkpoint.rows.length === 0 ? 0 : Number(checkpoint.rows[0].position),
        rows,
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async atCheckpoint<T>(
    agreementId: string,
    read: (client: PoolClient) => Promise<T>,
  ): Promise<AtCheckpoint<T>> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const checkpoint = await client.query<{ position: string }>(
        `SELECT position FROM ${this.schema}.projector_checkpoint WHERE projector = $1`,
        [LEDGER_PROJECTOR],
      );
      const known = await client.query(
        `SELECT 1 FROM ${this.schema}.agreement_facts WHERE agreement_id = $1 LIMIT 1`,
        [agreementId],
      );
      const rows = await read(client);
      await client.query('COMMIT');
      return {
        checkpoint: checkpoint.rows.length === 0 ? 0 : Number(checkpoint.rows[0].position),
        agreementKnown: known.rows.length > 0,
        rows,
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
