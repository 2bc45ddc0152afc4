import type { Client } from 'pg';
import { quoted } from './postgres-schema';

/** How each table is keyed, ordered and written out as one line per row. */
const TABLES = [
  {
    table: 'journal_postings',
    keys: 'position, posting_index',
    key: 'position, posting_index',
    line:
      "concat_ws('|', position, posting_index, event_id, event_type, agreement_id, period, " +
      'posted_in, debit_account, credit_account, amount_pence, source, reference, recorded_at)',
  },
  {
    table: 'account_balances',
    keys: 'agreement_id, account',
    key: 'agreement_id COLLATE "C", account COLLATE "C"',
    line: "concat_ws('|', agreement_id, account, balance_pence, last_position)",
  },
  {
    table: 'account_period_totals',
    keys: 'agreement_id, account, period, posted_in',
    key: 'agreement_id COLLATE "C", account COLLATE "C", period COLLATE "C", posted_in COLLATE "C"',
    line: "concat_ws('|', agreement_id, account, period, posted_in, amount_pence)",
  },
  {
    table: 'statement_lines',
    keys: 'agreement_id, account, position, posting_index',
    key: 'agreement_id COLLATE "C", account COLLATE "C", position, posting_index',
    line: "concat_ws('|', agreement_id, account, position, posting_index, change_pence, balance_pence)",
  },
  {
    table: 'case_register',
    keys: 'case_id',
    key: 'case_id COLLATE "C"',
    line: "concat_ws('|', case_id, agreement_id, position)",
  },
  {
    table: 'agreement_facts',
    keys: 'agreement_id, position',
    key: 'agreement_id COLLATE "C", position',
    line:
      "concat_ws('|', agreement_id, position, event_id, stream_id, revision, event_type, data, " +
      'metadata, recorded_at)',
  },
  {
    table: 'projector_checkpoint',
    keys: 'projector',
    key: 'projector COLLATE "C"',
    line: "concat_ws('|', projector, position)",
  },
] as const;

export type ReadModelTable = (typeof TABLES)[number]['table'];

export interface TableChecksum {
  rows: number;
  md5: string;
}

export interface RowDifference {
  /** The row's number in key order (1-based) in each schema; null where it has no such row. */
  live: string | null;
  rebuilt: string | null;
}

export interface TableComparison {
  table: ReadModelTable;
  live: TableChecksum;
  rebuilt: TableChecksum;
  equal: boolean;
  /** The first rows that differ, in key order (empty when equal). */
  differences: RowDifference[];
}

export interface ReadModelComparison {
  equal: boolean;
  tables: TableComparison[];
}

/** md5 of the table's rows, one `|`-separated line each, in primary-key order. */
export async function tableChecksum(
  client: Client,
  schema: string,
  table: ReadModelTable,
): Promise<TableChecksum> {
  const spec = TABLES.find((candidate) => candidate.table === table)!;
  const result = await client.query<{ rows: string; md5: string }>(
    `SELECT count(*) AS rows, md5(coalesce(string_agg(line, E'\\n' ORDER BY n), '')) AS md5
       FROM (SELECT ${spec.line} AS line, row_number() OVER (ORDER BY ${spec.key}) AS n
               FROM ${quoted(schema)}.${table}) AS ordered`,
  );
  return { rows: Number(result.rows[0].rows), md5: result.rows[0].md5 };
}

/**
 * Compares every read-model table of two schemas by checksum; for a table that differs, lists
 * the first `maxDifferences` rows that do, side by side. Run it inside one REPEATABLE READ
 * transaction to compare against a live schema that a projector is writing.
 */
export async function compareReadModels(
  client: Client,
  liveSchema: string,
  rebuiltSchema: string,
  maxDifferences = 20,
): Promise<ReadModelComparison> {
  const tables: TableComparison[] = [];
  for (const { table } of TABLES) {
    const live = await tableChecksum(client, liveSchema, table);
    const rebuilt = await tableChecksum(client, rebuiltSchema, table);
    const equal = live.rows === rebuilt.rows && live.md5 === rebuilt.md5;
    const differences = equal
      ? []
      : await differingRows(client, table, liveSchema, rebuiltSchema, maxDifferences);
    tables.push({ table, live, rebuilt, equal, differences });
  }
  return { equal: tables.every((table) => table.equal), tables };
}

/** Rows present in one schema and not the other (a changed row shows on both sides). */
async function differingRows(
  client: Client,
  table: ReadModelTable,
  liveSchema: string,
  rebuiltSchema: string,
  limit: number,
): Promise<RowDifference[]> {
  const spec = TABLES.find((candidate) => candidate.table === table)!;
  const keyColumns = spec.keys;
  const result = await client.query<{ live: string | null; rebuilt: string | null }>(
    `WITH live AS (SELECT ${keyColumns}, ${spec.line} AS line FROM ${quoted(liveSchema)}.${table}),
          rebuilt AS (SELECT ${keyColumns}, ${spec.line} AS line FROM ${quoted(rebuiltSchema)}.${table})
     SELECT live.line AS live, rebuilt.line AS rebuilt
       FROM live FULL OUTER JOIN rebuilt USING (${keyColumns})
      WHERE live.line IS DISTINCT FROM rebuilt.line
      ORDER BY ${spec.key}
      LIMIT ${Math.max(1, Math.floor(limit))}`,
  );
  return result.rows;
}
