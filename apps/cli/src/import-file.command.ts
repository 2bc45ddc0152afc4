import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BulkImport,
  IMPORT_MODES,
  systemClock,
  type CommandDataValidator,
  type ImportMode,
} from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';
import { withDataDir, type CliConfig } from '@ledger/config';
import { describeFailure, importReportView, validateImportLine } from '@ledger/contracts';
import { connectConfiguredEventStore } from '@ledger/event-store/configured';
import { UsageError } from './usage-error';

export interface ImportFileOptions {
  file: string;
  mode: ImportMode;
  actor: Actor;
  dataDir?: string;
  /** Sending the same file again with the same key writes nothing twice (docs/imports.md). */
  idempotencyKey?: string;
  json: boolean;
  /** Print a progress line to stderr each time this many more lines are decided (1000). */
  progressEvery?: number;
}

/** Where the command writes: the report to stdout, progress to stderr. */
export interface ImportOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleOutput: ImportOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/**
 * `ledger import`: records an NDJSON file of commands straight into the configured store, with
 * the same field rules, business rules and authorisation as POST /v1/imports. The operator
 * names who they act as, because every event records who did it. Progress goes to stderr, as
 * verify's and rebuild's do: every `progressEvery` lines decided, then one line with the time
 * and the rate once all are.
 * Resolves to exit code 0 when every line was applied, 1 when any line failed.
 */
export async function importFile(
  options: ImportFileOptions,
  config: CliConfig,
  output: ImportOutput = consoleOutput,
): Promise<number> {
  const settings = withDataDir(config.store, options.dataDir);
  // Before the store is opened, so a mistyped name creates no data directory or ledger.
  if (!isFile(options.file)) {
    throw new Error(`No file to import: ${resolve(options.file)} does not exist`);
  }
  // On EventStoreDB a wrong or unreachable server stops the import at once, naming the setting.
  const store = await connectConfiguredEventStore(settings, { clock: () => systemClock.now() });
  try {
    if (options.mode === 'all-or-nothing' && !store.supportsMultiStreamAppend) {
      throw new UsageError(
        `--mode all-or-nothing writes the whole file in one transaction across streams, which ` +
          `LEDGER_EVENT_STORE "${settings.eventStore}" cannot do (EventStoreDB commits one stream ` +
          'at a time); nothing was written. Use --mode continue, or import into SQLite.',
      );
    }
    const ndjson = readFileSync(options.file, 'utf8');
    const progress = new ImportProgress(
      nonBlankLines(ndjson),
      options.progressEvery ?? DEFAULT_PROGRESS_EVERY,
      output.err,
    );
    const bulk = new BulkImport({
      store,
      clock: systemClock,
      validate: progress.counting(validateImportLine),
    });
    const importId = `import-${randomUUID()}`;
    const report = await bulk.run(ndjson, options.mode, {
      actor: options.actor,
      correlationId: importId,
      causationId: importId,
      idempotencyKey: options.idempotencyKey ?? null,
    });
    progress.finished(report.lines);
    const view = importReportView(report);
    if (options.json) {
      output.out(JSON.stringify(view, null, 2));
    } else {
      output.out(
        `${options.mode}: ${view.lines} lines, ${view.applied} applied, ${view.failed} failed` +
          (options.mode === 'all-or-nothing' && view.failed > 0 ? ' (nothing written)' : ''),
      );
      view.results
        .filter((line) => line.error)
        .forEach((line) => output.out(describeFailure(line)));
    }
    return view.failed > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

/** Lines between two progress lines when the caller does not say. */
export const DEFAULT_PROGRESS_EVERY = 1000;

/**
 * Counts the lines as the import decides them, from outside BulkImport: the command layer checks
 * each line's fields (the validator) just before it decides the line, so each call is one more
 * line under way. A line refused before that (not JSON, not a command) is not seen, but costs
 * next to nothing; a chunk decided again after a race is seen twice. So the count is close, never
 * passes the file's lines, and the last line gives the exact number from the report.
 */
class ImportProgress {
  private decided = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly every: number,
    private readonly print: (line: string) => void,
  ) {}

  counting(validate: CommandDataValidator): CommandDataValidator {
    return (commandType, data) => {
      this.tick();
      return validate(commandType, data);
    };
  }

  /** The last line: every line decided, in how long, at what rate. */
  finished(lines: number): void {
    const seconds = this.seconds();
    this.print(
      `decided ${count(lines)} ${lines === 1 ? 'line' : 'lines'} in ${seconds.toFixed(1)} s ` +
        `(${count(Math.round(lines / seconds))} lines/s)`,
    );
  }

  private tick(): void {
    if (this.decided >= this.total) return;
    this.decided += 1;
    if (this.decided % this.every !== 0 || this.decided === this.total) return;
    this.print(
      `decided ${count(this.decided)} of ${count(this.total)} lines ` +
        `(${count(Math.round(this.decided / this.seconds()))} lines/s)`,
    );
  }

  private seconds(): number {
    return Math.max(Date.now() - this.started, 1) / 1000;
  }
}

/** The lines BulkImport counts: blank lines are skipped (but keep their numbers). */
function nonBlankLines(ndjson: string): number {
  return ndjson.split(/\r?\n/).filter((line) => line.trim() !== '').length;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const grouped = new Intl.NumberFormat('en-GB');

function count(value: number): string {
  return grouped.format(value);
}

export function parseImportMode(raw: string | undefined): ImportMode {
  if (raw !== undefined && (IMPORT_MODES as readonly string[]).includes(raw)) {
    return raw as ImportMode;
  }
  throw new UsageError(`--mode must be one of ${IMPORT_MODES.join(', ')} (there is no default)`);
}
