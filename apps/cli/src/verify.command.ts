import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SqliteEventStore, verifyChain, type ChainVerification } from '@ledger/event-store';
import { withDataDir, type CliConfig } from '@ledger/config';
import { SQLITE_FILE_NAME } from '@ledger/event-store/configured';
import { UsageError } from './usage-error';

export interface VerifyOptions {
  /** The folder of `ledger.sqlite` (default LEDGER_DATA_DIR, else ./data). */
  dataDir?: string;
  /** A SQLite ledger file of any name (a backup copy); instead of the data directory. */
  file?: string;
  json: boolean;
  /** Print a progress line to stderr each time this many more events are verified. */
  progressEvery: number;
}

/** Where the command writes: the result to stdout, progress and details to stderr. */
export interface VerifyOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleOutput: VerifyOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/**
 * `ledger verify`: recomputes the hash of every event of a SQLite ledger and checks each
 * stream's chain (docs/integrity.md). The ledger is `--file` (a backup copy, whatever its name),
 * else the data directory's `ledger.sqlite`, else the one other ledger file in that directory
 * (a copy such as `ledger-2025-10-01.sqlite`, said on stderr). It opens the file read-only: it
 * never creates, upgrades or writes the ledger it checks, so it is safe on a live ledger or a
 * copy. Resolves to exit code 0 when every link holds, 1 at the first broken link; throws (exit
 * 3) when there is no ledger to verify or it cannot be read, and a UsageError (exit 2) when the
 * directory holds several copies and none is named. On EventStoreDB it refuses to run without
 * --file (UsageError, exit 2): that store keeps no hash chain, so there is nothing to verify,
 * and walking it would only report every stream as broken.
 */
export async function verifyLedger(
  options: VerifyOptions,
  config: CliConfig,
  output: VerifyOutput = consoleOutput,
): Promise<number> {
  const file =
    options.file === undefined
      ? ledgerIn(options.dataDir, config, output)
      : givenFile(options.file);
  const store = new SqliteEventStore(file, { readOnly: true });
  try {
    const result = await verifyChain(store, {
      progressEvery: options.progressEvery,
      onProgress: ({ events, headPosition }) =>
        output.err(`verified ${count(events)} of ${count(headPosition)} events`),
    });
    if (options.json) {
      output.out(JSON.stringify(result, null, 2));
    } else {
      if (!result.ok) output.err(result.detail);
      output.out(summaryLine(result));
    }
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

function givenFile(file: string): string {
  const path = resolve(file);
  if (!existsSync(path)) throw new Error(`No ledger to verify: ${path} does not exist`);
  if (statSync(path).isDirectory()) {
    throw new UsageError(`--file ${file} is a folder: name a ledger file, or use --data-dir`);
  }
  return path;
}

/**
 * The data directory's `ledger.sqlite`; failing that, the one other ledger file there (a
 * backup copy keeps its date in its name), never a read model (`read-model*.sqlite`).
 */
function ledgerIn(dataDir: string | undefined, config: CliConfig, output: VerifyOutput): string {
  const store = withDataDir(config.store, dataDir);
  if (store.eventStore === 'eventstoredb') throw new UsageError(NO_CHAIN_ON_EVENTSTOREDB);
  const file = join(store.dataDir, SQLITE_FILE_NAME);
  if (existsSync(file)) return file;
  const copies = otherLedgerFiles(store.dataDir);
  if (copies.length === 1) {
    const copy = join(store.dataDir, copies[0]);
    output.err(
      `${store.dataDir} holds no ${SQLITE_FILE_NAME}: verifying ${copy}, its one ledger file`,
    );
    return copy;
  }
  if (copies.length > 1) {
    throw new UsageError(
      `${store.dataDir} holds no ${SQLITE_FILE_NAME} but ${copies.length} other ledger files ` +
        `(${copies.join(', ')}): name the one to verify with --file, e.g. ` +
        `--file ${join(store.dataDir, copies[copies.length - 1])}`,
    );
  }
  throw new Error(`No ledger to verify: ${file} does not exist`);
}

function otherLedgerFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.sqlite') && !name.startsWith('read-model'))
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
}

export const NO_CHAIN_ON_EVENTSTOREDB =
  'ledger verify checks the hash chain that the SQLite store writes at append. ' +
  'LEDGER_EVENT_STORE is "eventstoredb", and EventStoreDB keeps no hash chain ' +
  '(docs/operations.md, "No hash chain at append"), so there is nothing to verify there: ' +
  'its events are not broken, they were never chained. Verify a SQLite ledger with ' +
  'LEDGER_EVENT_STORE=sqlite and --data-dir DIR, or name its file with --file FILE.';

/** The one line a person reads: how much holds, or where the first break is. */
export function summaryLine(result: ChainVerification): string {
  if (result.ok) {
    return (
      `verified ${count(result.events)} ${plural(result.events, 'event')} in ` +
      `${count(result.streams)} ${plural(result.streams, 'stream')}: every link holds`
    );
  }
  return `BROKEN at position ${result.position} (stream ${result.streamId}, revision ${result.revision}): ${result.reason}`;
}

const grouped = new Intl.NumberFormat('en-GB');

function count(value: number): string {
  return grouped.format(value);
}

function plural(value: number, noun: string): string {
  return value === 1 ? noun : `${noun}s`;
}
