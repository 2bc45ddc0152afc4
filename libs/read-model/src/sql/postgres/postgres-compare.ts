import type { Client } from 'pg';
import {
  DEFAULT_MAX_DIFFERENCES,
  READ_MODEL_TABLES,
  type ReadModelComparison,
  type ReadModelTable,
  type RowDifference,
  type TableChecksum,
  type TableComparison,
} from '../read-model-comparison';
import { quoted } from './postgres-schema';

/** How each table is keyed, ordered and written out as one line per row. */
const TABLES: Record<ReadModelTable, { keys: string; key: string; line: string }> = {
  journal_postings: {
    keys: 'position, posting_index',
    key: 'position, posting_index',
    line:
      "concat_ws('|', position, posting_index, event_id, event_type, agreement_id, period, " +
      'posted_in, debit_account, credit_account, amount_pence, source, reference, recorded_at, ' +
      'belongs_to_agreement_id)',
  },
  account_balances: {
    keys: 'agreement_id, account',
    key: 'agreement_id COLLATE "C", account COLLATE "C"',
    line: "concat_ws('|', agreement_id, account, balance_pence, last_position)",
  },
  account_period_totals: {
    keys: 'agreement_id, account, period, posted_in',
    key: 'agreement_id COLLATE "C", account COLLATE "C", period COLLATE "C", posted_in COLLATE "C"',
    line: "concat_ws('|', agreement_id, account, period, posted_in, amount_pence)",
  },
  statement_lines: {
    keys: 'agreement_id, account, position, posting_index',
    key: 'agreement_id COLLATE "C", account COLLATE "C", position, posting_index',
    line: "concat_ws('|', agreement_id, account, position, posting_index, change_pence, balance_pence)",
  },
  case_register: {
    keys: 'case_id',
    key: 'case_id COLLATE "C"',
    line: "concat_ws('|', case_id, agreement_id, position)",
  },
  agreement_facts: {
    keys: 'agreement_id, position',
    key: 'agreement_id COLLATE "C", position',
    line:
      "concat_ws('|', agreement_id, position, event_id, stream_id, revision, event_type, data, " +
      'metadata, recorded_at)',
  },
  agreements_list: {
    keys: 'agreement_id',
    key: 'agreement_id COLLATE "C"',
    line:
      "concat_ws('|', agreement_id, financial_year, commissioner_code, lead_provider_code, " +
      'partner_provider_codes, service_lines, savings_horizon_days, position)',
  },
  agreement_parties: {
    keys: 'organisation_code, agreement_id, party',
    key: 'organisation_code COLLATE "C", agreement_id COLLATE "C", party COLLATE "C"',
    line: "concat_ws('|', organisation_code, agreement_id, party)",
  },
  cases_list: {
    keys: 'case_id',
    key: 'case_id COLLATE "C"',
    // concat_ws leaves a null out: a column that may be null is written '', as SQLite's is.
    line:
      "concat_ws('|', case_id, agreement_id, financial_year, service_line, patient_ref, " +
      "referral_date, status, coalesce(discharge_date, ''), coalesce(placement_id, ''), " +
      "coalesce(placement_setting, ''), coalesce(placement_provider_code, ''), " +
      "coalesce(placement_daily_rate_pence::text, ''), coalesce(placement_rate_from, ''), " +
      "coalesce(placement_start_date, ''), last_position)",
  },
  organisation_names: {
    keys: 'ods_code, position',
    key: 'ods_code COLLATE "C", position',
    line: "concat_ws('|', ods_code, position, event_id, name, effective_from, recorded_at)",
  },
  projector_checkpoint: {
    keys: 'projector',
    key: 'projector COLLATE "C"',
    line: "concat_ws('|', projector, position)",
  },
};

/** md5 of the table's rows, one `|`-separated line each, in primary-key order. */
export async function tableChecksum(
  client: Client,
  schema: string,
  table: ReadModelTable,
): Promise<TableChecksum> {
  const spec = TABLES[table];
  const result = await client.query<{ rows: string; md5: string }>(
    `SELECT count(*) AS rows, md5(coalesce(string_agg(line, E'\\n' ORDER BY n), '')) AS md5
       FROM (SELECT ${spec.line} AS line, row_number() OVER (ORDER BY ${spec.key}) AS n
               FROM ${quoted(schema)}.${table}) AS ordered`,
  );
  return { rows: Number(result.rows[0].rows), algorithm: 'md5', digest: result.rows[0].md5 };
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
  maxDifferences = DEFAULT_MAX_DIFFERENCES,
): Promise<ReadModelComparison> {
  const tables: TableComparison[] = [];
  for (const table of READ_MODEL_TABLES) {
    const live = await tableChecksum(client, liveSchema, table);
    const rebuilt = await tableChecksum(client, rebuiltSchema, table);
    const equal = live.rows === rebuilt.rows && live.digest === rebuilt.digest;
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
  const spec = TABLES[table];
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
