import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withDataDir, type CliConfig } from '@ledger/config';
import { SqliteEventStore, type EventStore } from '@ledger/event-store';
import { connectConfiguredEventStore, SQLITE_FILE_NAME } from '@ledger/event-store/configured';
import {
  quoted,
  READ_MODEL_FILE_NAME,
  rebuildAndCompare,
  rebuildFileName,
  rebuildSchemaName,
  rebuildSqliteAndCompare,
  type ComparedRebuild,
} from '@ledger/read-model/sql';
import { Client } from 'pg';
import { UsageError } from './usage-error';

export interface RebuildOptions {
  dataDir?: string;
  readModelUrl?: string;
  /**
   * The live PostgreSQL schema (default LEDGER_READ_MODEL_SCHEMA, else `ledger_read`); only with
   * a PostgreSQL read model.
   */
  schema?: string;
  /** Rows listed per table that differs. */
  maxDifferences: number;
  /** Keep the rebuilt file or schema even when it equals the live read model. */
  keep?: boolean;
  json: boolean;
}

export interface RebuildOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** What was rebuilt and compared, as a person reads it in the first line of the report. */
export interface RebuildPlaces {
  /** `schema <schema>_rebuild_<time>` or `file DIR/read-model.rebuild-<time>.sqlite` */
  into: string;
  /** e.g. `ledger_read` or `DIR/read-model.sqlite` */
  against: string;
}

const consoleOutput: RebuildOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/**
 * `ledger rebuild`: rebuilds the read model from position 0 and compares every table with the
 * live one by checksum, listing the first rows that differ.
 * - Without a PostgreSQL URL: the embedded read model the API keeps beside the log
 *   (`DIR/read-model.sqlite`), rebuilt into a fresh file `DIR/read-model.rebuild-<time>.sqlite`.
 *   DIR is `--data-dir`, else LEDGER_DATA_DIR, else `./data`, as for the other commands.
 * - With `--read-model` (or LEDGER_READ_MODEL_URL): the PostgreSQL read model in `--schema`,
 *   rebuilt into a fresh schema `<schema>_rebuild_<time>`.
 * The rebuild is removed when the two are equal (unless `keep`), and kept when they differ, for
 * inspection, its place said in the report; a rebuild that stops half-way is removed (unless
 * `keep`). The event store and the live SQLite read model are opened read-only. Resolves to 0
 * when the two are equal, 1 when they differ; throws (exit 3) when it cannot run.
 */
export async function rebuildReadModel(
  options: RebuildOptions,
  config: CliConfig,
  output: RebuildOutput = consoleOutput,
): Promise<number> {
  const settings = withDataDir(config.store, options.dataDir);
  const kind = settings.eventStore;
  const dataDir = settings.dataDir;
  if (options.readModelUrl === '') {
    throw new UsageError('--read-model needs a PostgreSQL URL (postgres://...)');
  }
  const readModelUrl = options.readModelUrl ?? config.readModel.url ?? undefined;
  if (!readModelUrl && options.schema !== undefined) {
    throw new UsageError(
      '--schema names a PostgreSQL schema: give the PostgreSQL read model with --read-model ' +
        '(or LEDGER_READ_MODEL_URL), or leave --schema out to rebuild the embedded read model',
    );
  }
  let store: EventStore;
  let liveFile = '';
  if (kind === 'eventstoredb') {
    if (!readModelUrl) {
      throw new UsageError(
        'LEDGER_EVENT_STORE is "eventstoredb": its read model is the PostgreSQL one that ' +
          'apps/projector keeps (there is no embedded read-model file); name it with ' +
          '--read-model postgres://... (or LEDGER_READ_MODEL_URL)',
      );
    }
    // A wrong or unreachable server stops the rebuild at once, naming the setting.
    store = await connectConfiguredEventStore(settings);
  } else {
    const file = join(dataDir, SQLITE_FILE_NAME);
    if (!existsSync(file)) throw new Error(`No ledger to rebuild from: ${file} does not exist`);
    liveFile = join(dataDir, READ_MODEL_FILE_NAME);
    if (!readModelUrl && !existsSync(liveFile)) {
      throw new Error(
        `No embedded read model to compare with: ${liveFile} does not exist. Start the API on ` +
          `${dataDir} first (it creates the read model and keeps it up to date), or name a ` +
          'PostgreSQL read model with --read-model',
      );
    }
    store = new SqliteEventStore(file, { readOnly: true });
  }
  // Positions count events only on a gap-free store; on EventStoreDB they are byte offsets.
  const counts = store.gapFreePositions;
  const started = Date.now();
  let lastProgress = 0;
  const onProgress = ({ checkpoint, upTo }: { checkpoint: number; upTo: number }) => {
    if (checkpoint < upTo && Date.now() - lastProgress < 1000) return;
    lastProgress = Date.now();
    output.err(
      counts
        ? `rebuilt ${count(checkpoint)} of ${count(upTo)} events`
        : `rebuilt up to position ${checkpoint} of ${upTo}`,
    );
  };
  const schema = options.schema ?? config.readModel.schema;
  const rebuild: RebuildPlace = readModelUrl
    ? { kind: 'schema', name: rebuildSchemaName(schema), connectionString: readModelUrl }
    : { kind: 'file', name: rebuildFileName(liveFile) };
  // A file that is there already is someone else's: the rebuild refuses it, and leaves it be.
  const fresh = rebuild.kind === 'schema' || !existsSync(rebuild.name);
  let report: ComparedRebuild;
  let places: RebuildPlaces;
  try {
    if (rebuild.kind === 'schema') {
      report = await rebuildAndCompare(store, {
        connectionString: rebuild.connectionString,
        schema,
        rebuildSchema: rebuild.name,
        maxDifferences: options.maxDifferences,
        onProgress,
      });
      places = { into: `schema ${rebuild.name}`, against: schema };
    } else {
      report = await rebuildSqliteAndCompare(store, {
        liveFile,
        rebuildFile: rebuild.name,
        maxDifferences: options.maxDifferences,
        onProgress,
      });
      places = { into: `file ${rebuild.name}`, against: liveFile };
    }
  } catch (error) {
    // Half a rebuild is of no use to anyone: take it away, unless asked to keep it.
    if (fresh && !options.keep) await removeRebuild(rebuild).catch(() => undefined);
    throw error;
  } finally {
    await store.close();
  }
  const seconds = (Date.now() - started) / 1000;
  let kept = options.keep === true || !report.comparison.equal;
  if (!kept) {
    try {
      await removeRebuild(rebuild);
    } catch (error) {
      kept = true;
      output.err(`could not remove the rebuild ${places.into}: ${(error as Error).message}`);
    }
  }
  if (options.json) output.out(JSON.stringify({ ...report, kept, seconds }, null, 2));
  else for (const line of reportLines(report, places, seconds, counts, kept)) output.out(line);
  return report.comparison.equal ? 0 : 1;
}

type RebuildPlace =
  { kind: 'file'; name: string } | { kind: 'schema'; name: string; connectionString: string };

/** Takes the rebuild away: the file with the files SQLite may have left beside it, or the schema. */
async function removeRebuild(rebuild: RebuildPlace): Promise<void> {
  if (rebuild.kind === 'file') {
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      rmSync(`${rebuild.name}${suffix}`, { force: true });
    }
    return;
  }
  const client = new Client({ connectionString: rebuild.connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoted(rebuild.name)} CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * What a person reads: where the rebuild went, then each table, then any differing rows. On a
 * store whose positions are not gap-free (`gapFreePositions` false: EventStoreDB) a position
 * counts nothing, so the first line gives the positions as they are instead of a number of
 * events.
 */
export function reportLines(
  report: ComparedRebuild,
  places: RebuildPlaces,
  seconds: number,
  gapFreePositions = true,
  kept = true,
): string[] {
  const lines = [
    gapFreePositions
      ? `rebuilt ${count(report.position)} events into ${places.into} in ` +
        `${seconds.toFixed(1)} s; compared with ${places.against} at position ` +
        `${count(report.position)} (log head ${count(report.head)})`
      : `rebuilt up to position ${report.position} into ${places.into} in ` +
        `${seconds.toFixed(1)} s; compared with ${places.against} at position ` +
        `${report.position} (log head ${report.head})`,
  ];
  for (const table of report.comparison.tables) {
    const { live, rebuilt } = table;
    lines.push(
      table.equal
        ? `  ${table.table}: equal (${count(live.rows)} rows, ${live.algorithm} ${live.digest})`
        : `  ${table.table}: DIFFERENT (live ${count(live.rows)} rows, ` +
            `${live.algorithm} ${live.digest}; rebuilt ${count(rebuilt.rows)} rows, ` +
            `${rebuilt.algorithm} ${rebuilt.digest})`,
    );
    for (const difference of table.differences) {
      lines.push(`    live:    ${difference.live ?? '(no row)'}`);
      lines.push(`    rebuilt: ${difference.rebuilt ?? '(no row)'}`);
    }
  }
  if (!kept) lines.push(`removed the rebuild ${places.into} (--keep keeps it)`);
  else if (report.comparison.equal) lines.push(`kept the rebuild in ${places.into}`);
  else lines.push(`kept the rebuild in ${places.into}, to compare with ${places.against}`);
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
