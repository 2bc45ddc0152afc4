/**
 * What `ledger rebuild` reports, whichever dialect holds the read model: for each table, its row
 * count and checksum in the live read model and in the rebuild, and the first rows that differ.
 * The dialects compute the checksums their own way (`postgres/postgres-compare.ts`,
 * `sqlite/sqlite-compare.ts`), over the same tables in the same order, each row written out as
 * one `|`-separated line in primary-key order.
 */

/** Every table the projector writes, in the order a comparison reports them. */
export const READ_MODEL_TABLES = [
  'journal_postings',
  'account_balances',
  'account_period_totals',
  'statement_lines',
  'case_register',
  'agreement_facts',
  'agreements_list',
  'agreement_parties',
  'cases_list',
  'organisation_names',
  'projector_checkpoint',
] as const;

export type ReadModelTable = (typeof READ_MODEL_TABLES)[number];

/** Rows listed per differing table unless told otherwise. */
export const DEFAULT_MAX_DIFFERENCES = 20;

export interface TableChecksum {
  rows: number;
  /** PostgreSQL: md5, computed in the database; SQLite: SHA-256, computed as the rows stream. */
  algorithm: 'md5' | 'sha256';
  /** Hex digest of the table's lines, in primary-key order, separated by `\n`. */
  digest: string;
}

export interface RowDifference {
  /** The row's line in each read model; null where it has no row with that key. */
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

/** What a rebuild compared, in either dialect. */
export interface ComparedRebuild {
  /** The position both read models were compared at: the live checkpoint. */
  position: number;
  /** The log's head when the comparison was made. */
  head: number;
  comparison: ReadModelComparison;
}
