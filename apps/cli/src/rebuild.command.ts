import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { rebuildAndCompare, type RebuildReport } from '@ledger/read-model/sql';
import { SQLITE_FILE_NAME } from '../../api/src/app/open-event-store';
import { UsageError } from './usage-error';

export interface RebuildOptions {
  dataDir?: string;
  readModelUrl?: string;
  schema: string;
  /** Rows listed per table that differs. */
  maxDifferences: number;
  json: boolean;
}

export interface RebuildOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleOutput: RebuildOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/**
 * `ledger rebuild`: rebuilds the PostgreSQL read model from position 0 into a fresh schema
 * (`<schema>_rebuild_<timestamp>`), then compares every table with the live schema by checksum
 * and lists the first rows that differ. Opens the event store read-only. Resolves to 0 when
 * the two are equal, 1 when they differ; throws (exit 3) when it cannot run.
 */
export async function rebuildReadModel(
  options: RebuildOptions,
  env: Record<string, string | undefined>,
  output: RebuildOutput = consoleOutput,
): Promise<number> {
  const dataDir = options.dataDir ?? env.LEDGER_DATA_DIR;
  if (!dataDir) throw new UsageError('Name the ledger with --data-dir (or LEDGER_DATA_DIR)');
  const readModelUrl = options.readModelUrl ?? env.LEDGER_READ_MODEL_URL;
  if (!readModelUrl) {
    throw new UsageError('Name the read model with --read-model (or LEDGER_READ_MODEL_URL)');
  }
  const file = join(dataDir, SQLITE_FILE_NAME);
  if (!existsSync(file)) throw new Error(`No ledger to rebuild from: ${file} does not exist`);
  const store = new SqliteEventStore(file, { readOnly: true });
  const started = Date.now();
  let lastProgress = 0;
  try {
    const report = await rebuildAndCompare(store, {
      connectionString: readModelUrl,
      schema: options.schema,
      maxDifferences: options.maxDifferences,
      onProgress: ({ checkpoint, upTo }) => {
        if (checkpoint < upTo && Date.now() - lastProgress < 1000) return;
        lastProgress = Date.now();
        output.err(`rebuilt ${count(checkpoint)} of ${count(upTo)} events`);
      },
    });
    const seconds = (Date.now() - started) / 1000;
    if (options.json) output.out(JSON.stringify({ ...report, seconds }, null, 2));
    else for (const line of reportLines(report, options.schema, seconds)) output.out(line);
    return report.comparison.equal ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** What a person reads: where the rebuild went, then each table, then any differing rows. */
export function reportLines(report: RebuildReport, schema: string, seconds: number): string[] {
  const lines = [
    `rebuilt ${count(report.position)} events into schema ${report.rebuiltSchema} in ` +
      `${seconds.toFixed(1)} s; compared with ${schema} at position ${count(report.position)} ` +
      `(log head ${count(report.head)})`,
  ];
  for (const table of report.comparison.tables) {
    lines.push(
      table.equal
        ? `  ${table.table}: equal (${count(table.live.rows)} rows, md5 ${table.live.md5})`
        : `  ${table.table}: DIFFERENT (live ${count(table.live.rows)} rows, md5 ${table.live.md5}; ` +
            `rebuilt ${count(table.rebuilt.rows)} rows, md5 ${table.rebuilt.md5})`,
    );
    for (const difference of table.differences) {
      lines.push(`    live:    ${difference.live ?? '(no row)'}`);
      lines.push(`    rebuilt: ${difference.rebuilt ?? '(no row)'}`);
    }
  }
  lines.push(
    report.comparison.equal
      ? 'the live read model equals the rebuild'
      : 'the live read model DIFFERS from the rebuild',
  );
  return lines;
}

const grouped = new Intl.NumberFormat('en-GB');

function count(value: number): string {
  return grouped.format(value);
}
