import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  DEFAULT_MAX_DIFFERENCES,
  READ_MODEL_TABLES,
  type ReadModelComparison,
  type ReadModelTable,
  type RowDifference,
  type TableChecksum,
  type TableComparison,
} from '../read-model-comparison';

/**
 * The columns each table is written out as, one `|`-separated line per row (the same lines
 * as the PostgreSQL comparison's); the first `key` of them are its primary key.
 * `concat_ws` leaves a null out, so a column that may be null is written through `coalesce`.
 */
const TABLES: Record<ReadModelTable, { key: number; columns: readonly string[] }> = {
  journal_postings: {
    key: 2,
    columns: [
      'position',
      'posting_index',
      'event_id',
      'event_type',
      'agreement_id',
      'period',
      'posted_in',
      'debit_account',
      'credit_account',
      'amount_pence',
      'source',
      'reference',
      'recorded_at',
      'belongs_to_agreement_id',
    ],
  },
  account_balances: {
    key: 2,
    columns: ['agreement_id', 'account', 'balance_pence', 'last_position'],
  },
  account_period_totals: {
    key: 4,
    columns: ['agreement_id', 'account', 'period', 'posted_in', 'amount_pence'],
  },
  statement_lines: {
    key: 4,
    columns: [
      'agreement_id',
      'account',
      'position',
      'posting_index',
      'change_pence',
      'balance_pence',
    ],
  },
  case_register: { key: 1, columns: ['case_id', 'agreement_id', 'position'] },
  agreement_facts: {
    key: 2,
    columns: [
      'agreement_id',
      'position',
      'event_id',
      'stream_id',
      'revision',
      'event_type',
      'data',
      'metadata',
      'recorded_at',
    ],
  },
  agreements_list: {
    key: 1,
    columns: [
      'agreement_id',
      'financial_year',
      'commissioner_code',
      'lead_provider_code',
      'partner_provider_codes',
      'service_lines',
      'savings_horizon_days',
      'position',
    ],
  },
  agreement_parties: { key: 3, columns: ['organisation_code', 'agreement_id', 'party'] },
  cases_list: {
    key: 1,
    // A column that may be null is written '' (no value it holds is empty), as PostgreSQL's is.
    columns: [
      'case_id',
      'agreement_id',
      'financial_year',
      'service_line',
      'patient_ref',
      'referral_date',
      'status',
      "coalesce(discharge_date, '')",
      "coalesce(placement_id, '')",
      "coalesce(placement_setting, '')",
      "coalesce(placement_provider_code, '')",
      "coalesce(placement_daily_rate_pence, '')",
      "coalesce(placement_rate_from, '')",
      "coalesce(placement_start_date, '')",
      'last_position',
    ],
  },
  organisation_names: {
    key: 2,
    columns: ['ods_code', 'position', 'event_id', 'name', 'effective_from', 'recorded_at'],
  },
  projector_checkpoint: { key: 1, columns: ['projector', 'position'] },
};

/** A key column's value: STRICT tables hold integers (read as bigint) and text. */
type KeyValue = bigint | string | null;

/** A row read for the merge walk: its key columns, then its line. */
type KeyedRow = KeyValue[];

/** Characters of lines handed to the hash at once: few calls, flat memory. */
const HASH_CHUNK = 1 << 20;

/**
 * SHA-256 of the table's rows, one `|`-separated line each (built by SQLite's `concat_ws`, as
 * PostgreSQL builds its), separated by `\n`, in primary-key order. The lines stream through
 * `.iterate()`, so memory stays flat whatever the table's size.
 */
export function sqliteTableChecksum(db: Database.Database, table: ReadModelTable): TableChecksum {
  const hash = createHash('sha256');
  let rows = 0;
  let chunk = '';
  const lines = db
    .prepare<[], string>(`SELECT ${lineOf(table)} FROM ${table} ORDER BY ${keyOrder(table)}`)
    .pluck()
    .iterate();
  for (const line of lines) {
    chunk += rows === 0 ? line : `\n${line}`;
    rows += 1;
    if (chunk.length >= HASH_CHUNK) {
      hash.update(chunk, 'utf8');
      chunk = '';
    }
  }
  hash.update(chunk, 'utf8');
  return { rows, algorithm: 'sha256', digest: hash.digest('hex') };
}

/**
 * Compares every read-model table of two SQLite read models (two connections) by row count and
 * checksum; for a table that differs, lists the first `maxDifferences` rows that do, side by
 * side. Synchronous, like better-sqlite3: run it inside one read transaction on the live
 * connection, so that it sees one state of a file the API may be writing.
 */
export function compareSqliteReadModels(
  live: Database.Database,
  rebuilt: Database.Database,
  maxDifferences = DEFAULT_MAX_DIFFERENCES,
): ReadModelComparison {
  const tables: TableComparison[] = [];
  for (const table of READ_MODEL_TABLES) {
    const liveChecksum = sqliteTableChecksum(live, table);
    const rebuiltChecksum = sqliteTableChecksum(rebuilt, table);
    const equal =
      liveChecksum.rows === rebuiltChecksum.rows && liveChecksum.digest === rebuiltChecksum.digest;
    tables.push({
      table,
      live: liveChecksum,
      rebuilt: rebuiltChecksum,
      equal,
      differences: equal ? [] : differingRows(live, rebuilt, table, maxDifferences),
    });
  }
  return { equal: tables.every((table) => table.equal), tables };
}

/**
 * Walks both tables in key order at once (a merge): a key in one only is a row missing from
 * the other, a key in both with different lines is a changed row, shown on both sides.
 */
function differingRows(
  live: Database.Database,
  rebuilt: Database.Database,
  table: ReadModelTable,
  limit: number,
): RowDifference[] {
  const keyColumns = TABLES[table].key;
  const lineAt = (row: KeyedRow) => row[keyColumns] as string;
  const differences: RowDifference[] = [];
  const max = Math.max(1, Math.floor(limit));
  const left = new Cursor(keyedRows(live, table));
  const right = new Cursor(keyedRows(rebuilt, table));
  try {
    while (differences.length < max) {
      const [liveRow, rebuiltRow] = [left.row, right.row];
      if (liveRow === null && rebuiltRow === null) break;
      const order =
        liveRow === null
          ? 1
          : rebuiltRow === null
            ? -1
            : compareKeys(liveRow, rebuiltRow, keyColumns);
      if (order < 0 && liveRow !== null) {
        differences.push({ live: lineAt(liveRow), rebuilt: null });
        left.next();
      } else if (order > 0 && rebuiltRow !== null) {
        differences.push({ live: null, rebuilt: lineAt(rebuiltRow) });
        right.next();
      } else if (liveRow !== null && rebuiltRow !== null) {
        const [liveLine, rebuiltLine] = [lineAt(liveRow), lineAt(rebuiltRow)];
        if (liveLine !== rebuiltLine) differences.push({ live: liveLine, rebuilt: rebuiltLine });
        left.next();
        right.next();
      }
    }
  } finally {
    // An open iterator keeps its connection busy: close both, however the walk ended.
    left.close();
    right.close();
  }
  return differences;
}

/** The table's key columns and line, row by row in primary-key order. */
function keyedRows(db: Database.Database, table: ReadModelTable): IterableIterator<KeyedRow> {
  const { key, columns } = TABLES[table];
  return db
    .prepare<[], KeyedRow>(
      `SELECT ${columns.slice(0, key).join(', ')}, ${lineOf(table)}
         FROM ${table} ORDER BY ${keyOrder(table)}`,
    )
    .raw(true)
    .safeIntegers(true)
    .iterate();
}

/** The row as one line: its columns joined with `|` (the values as SQLite writes them as text). */
function lineOf(table: ReadModelTable): string {
  return `concat_ws('|', ${TABLES[table].columns.join(', ')})`;
}

/** Primary-key order, in SQLite's BINARY collation: byte order of UTF-8, so code-point order. */
function keyOrder(table: ReadModelTable): string {
  const { key, columns } = TABLES[table];
  return columns
    .slice(0, key)
    .map((column) => `${column} COLLATE BINARY`)
    .join(', ');
}

/** Orders two rows' keys as SQLite's ORDER BY did: integers by value, text by code point. */
function compareKeys(a: KeyedRow, b: KeyedRow, columns: number): number {
  for (let index = 0; index < columns; index += 1) {
    const order = compareValues(a[index], b[index]);
    if (order !== 0) return order;
  }
  return 0;
}

function compareValues(a: KeyValue, b: KeyValue): number {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  // Mixed storage classes, never in these STRICT tables: SQLite puts NULL, numbers, then text.
  const rank = (value: KeyValue) => (value === null ? 0 : typeof value === 'bigint' ? 1 : 2);
  return rank(a) - rank(b);
}

/**
 * Code-point order, which is UTF-8 byte order and so SQLite's BINARY collation. JavaScript's
 * `<` compares UTF-16 code units instead, which puts a character beyond U+FFFF (a surrogate
 * pair) before U+E000-U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** One row looked ahead of an iterator. */
class Cursor {
  row: KeyedRow | null = null;

  constructor(private readonly rows: IterableIterator<KeyedRow>) {
    this.next();
  }

  next(): void {
    const result = this.rows.next();
    this.row = result.done ? null : result.value;
  }

  close(): void {
    this.rows.return?.();
  }
}
