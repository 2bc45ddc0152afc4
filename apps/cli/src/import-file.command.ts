import { readFileSync } from 'node:fs';
import { BulkImport, IMPORT_MODES, systemClock, type ImportMode } from '@ledger/commands';
import type { Actor } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';
import { connectEventStore } from '../../api/src/app/open-event-store';
import { loadLedgerConfig } from '../../api/src/config/ledger-config';
import { validateImportLine } from '../../api/src/imports/import-commands/import-line-validation';
import {
  describeFailure,
  importReportView,
} from '../../api/src/imports/import-commands/import-report.view';
import { UsageError } from './usage-error';

export interface ImportFileOptions {
  file: string;
  mode: ImportMode;
  actor: Actor;
  dataDir?: string;
  /** Sending the same file again with the same key writes nothing twice (docs/imports.md). */
  idempotencyKey?: string;
  json: boolean;
}

/**
 * `ledger import`: records an NDJSON file of commands straight into the configured store, with
 * the same field rules, business rules and authorisation as POST /v1/imports. The operator
 * names who they act as, because every event records who did it.
 * Resolves to exit code 0 when every line was applied, 1 when any line failed.
 */
export async function importFile(
  options: ImportFileOptions,
  env: Record<string, string | undefined>,
): Promise<number> {
  const config = loadLedgerConfig(env, options.dataDir ? ['--data-dir', options.dataDir] : []);
  // On EventStoreDB a wrong or unreachable server stops the import at once, naming the setting.
  const store = await connectEventStore(config, systemClock);
  try {
    if (options.mode === 'all-or-nothing' && !store.supportsMultiStreamAppend) {
      throw new UsageError(
        `--mode all-or-nothing writes the whole file in one transaction across streams, which ` +
          `LEDGER_EVENT_STORE "${config.eventStore}" cannot do (EventStoreDB commits one stream ` +
          'at a time); nothing was written. Use --mode continue, or import into SQLite.',
      );
    }
    const bulk = new BulkImport({ store, clock: systemClock, validate: validateImportLine });
    const importId = `import-${randomUUID()}`;
    const report = await bulk.run(readFileSync(options.file, 'utf8'), options.mode, {
      actor: options.actor,
      correlationId: importId,
      causationId: importId,
      idempotencyKey: options.idempotencyKey ?? null,
    });
    const view = importReportView(report);
    if (options.json) {
      console.log(JSON.stringify(view, null, 2));
    } else {
      console.log(
        `${options.mode}: ${view.lines} lines, ${view.applied} applied, ${view.failed} failed` +
          (options.mode === 'all-or-nothing' && view.failed > 0 ? ' (nothing written)' : ''),
      );
      view.results
        .filter((line) => line.error)
        .forEach((line) => console.log(describeFailure(line)));
    }
    return view.failed > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

export function parseImportMode(raw: string | undefined): ImportMode {
  if (raw !== undefined && (IMPORT_MODES as readonly string[]).includes(raw)) {
    return raw as ImportMode;
  }
  throw new UsageError(`--mode must be one of ${IMPORT_MODES.join(', ')} (there is no default)`);
}
