import { BulkImport, fixedClock, type ImportMode } from '@ledger/commands';
import { SqliteEventStore } from '@ledger/event-store';
import { validateImportLine } from '@ledger/contracts';
import { rate, ratio, whole } from '../report/format';
import { BENCH_NOW } from '../support/ledger-world';
import { tempSqlite } from '../support/temp-store';
import { median, perSecond, timed } from '../support/timing';
import { IMPORT_OPERATOR, SyntheticLedger, toImportLine } from '../synthetic/synthetic-ledger';
import type { Measurement } from './measurement';

const IMPORT_FLOOR = 20_000;
export const IMPORT_MODES_MEASURED: ImportMode[] = ['all-or-nothing', 'continue'];

/** An NDJSON file of `lines` commands: agreements, allocations and case journeys by date. */
export function syntheticImportFile(seed: number, lines: number, prefix: string): string {
  const synthetic = new SyntheticLedger({
    seed,
    prefix: `${prefix}-`,
    financialYears: ['2024/25', '2025/26'],
  });
  return synthetic.importLines(lines, `${prefix}-case`).map(toImportLine).join('\n');
}

/**
 * BulkImport.run on the SQLite store at `path`, exactly as the CLI runs it (same validator);
 * throws if any line failed, because every synthetic line is valid.
 */
export async function importInto(path: string, ndjson: string, mode: ImportMode) {
  const clock = fixedClock(BENCH_NOW);
  const store = new SqliteEventStore(path, { clock: () => clock.now() });
  try {
    const bulk = new BulkImport({ store, clock, validate: validateImportLine });
    const { ms, result } = await timed(() =>
      bulk.run(ndjson, mode, {
        actor: IMPORT_OPERATOR,
        correlationId: 'bench-import',
        causationId: 'bench-import',
      }),
    );
    if (result.failed > 0 || result.applied !== result.lines) {
      const first = result.results.find((line) => line.status === 'failed');
      const reason = first?.error instanceof Error ? first.error.message : String(first?.error);
      throw new Error(
        `Import (${mode}) applied ${result.applied} of ${result.lines} lines; line ${first?.lineNumber}: ${reason}`,
      );
    }
    return { lines: result.lines, ms, perSecond: perSecond(result.lines, ms) };
  } finally {
    await store.close();
  }
}

async function importOnFreshFile(ndjson: string, mode: ImportMode) {
  const file = tempSqlite('import');
  try {
    return await importInto(file.path, ndjson, mode);
  } finally {
    file.remove();
  }
}

/** The floor: only reading the file, JSON.parse of every line. */
export function parseRate(ndjson: string): number {
  const runs = [1, 2, 3].map(() => {
    const start = performance.now();
    const parsed = ndjson.split('\n').map((line) => JSON.parse(line) as unknown);
    const ms = performance.now() - start;
    return perSecond(parsed.length, ms);
  });
  return median(runs);
}

export const importMeasurement: Measurement = {
  name: 'import',
  title: 'Bulk import',
  profileKeys: IMPORT_MODES_MEASURED.map((mode) => `import-${mode}`),

  async run(context) {
    const lines = context.sizes.importLines;
    const ndjson = syntheticImportFile(context.options.seed, lines, 'imp');
    const warm = syntheticImportFile(context.options.seed + 1000, 1_000, 'warm');
    for (const mode of IMPORT_MODES_MEASURED) await importOnFreshFile(warm, mode);
    parseRate(warm);
    const rates = new Map<ImportMode, number[]>(IMPORT_MODES_MEASURED.map((mode) => [mode, []]));
    const parses: number[] = [];
    for (let rep = 0; rep < context.sizes.repetitions; rep += 1) {
      for (const mode of IMPORT_MODES_MEASURED) {
        const { perSecond: commandsPerSecond } = await importOnFreshFile(ndjson, mode);
        rates.get(mode)?.push(commandsPerSecond);
        context.log(`import rep ${rep + 1}: ${mode} ${whole(commandsPerSecond)} commands/s`);
      }
      parses.push(parseRate(ndjson));
    }
    const parse = median(parses);
    const medians = IMPORT_MODES_MEASURED.map((mode) => ({
      mode,
      perSecond: median(rates.get(mode) ?? []),
    }));
    const bytes = Buffer.byteLength(ndjson);
    return {
      name: 'import',
      title: 'Bulk import',
      method: [
        `BulkImport.run (the CLI's and POST /v1/imports' code, with the API's DTO validator) on a ` +
          `fresh SQLite file per repetition and mode, as an admin operator. The file holds ` +
          `${whole(lines)} NDJSON commands (${(bytes / 1024 ** 2).toFixed(1)} MiB) in business-date ` +
          `order: 32 agreements (8 collaboratives × adult secure and CAMHS tier 4 × 2024/25 and ` +
          `2025/26) with their allocations and movements, then case journeys. Every line is valid ` +
          `and applied; the run fails otherwise.`,
        `all-or-nothing writes the whole file or nothing; continue skips failing lines and ` +
          `records the rest (how each mode batches its durable commits is the command layer's ` +
          `business: see libs/commands/src/bulk-import). Baseline: JSON.parse of every line of ` +
          `the same file, the least any import must do.`,
      ],
      tables: [
        {
          header: ['mode', 'lines', 'commands/s', 'baseline: JSON.parse (lines/s)', 'ratio'],
          rows: medians.map(({ mode, perSecond: commandsPerSecond }) => [
            mode,
            whole(lines),
            whole(commandsPerSecond),
            whole(parse),
            ratio(commandsPerSecond, parse),
          ]),
        },
      ],
      targets: medians.map(({ mode, perSecond: commandsPerSecond }) => ({
        target: `import (${mode}) ≥ ${whole(IMPORT_FLOOR)} commands/s`,
        measured: `${whole(commandsPerSecond)} commands/s`,
        met: commandsPerSecond >= IMPORT_FLOOR,
        profileKey: `import-${mode}`,
      })),
      notes: [
        `Seconds per ${whole(lines)} lines: ` +
          medians.map(({ mode, perSecond: r }) => `${mode} ${rate(lines / r)} s`).join(', ') +
          '.',
      ],
    };
  },

  async profile(context, key, markStart) {
    const mode = IMPORT_MODES_MEASURED.find((candidate) => key === `import-${candidate}`);
    if (!mode) throw new Error(`Unknown import profile ${key}`);
    const warm = syntheticImportFile(context.options.seed + 1000, 1_000, 'warm');
    await importOnFreshFile(warm, mode);
    const ndjson = syntheticImportFile(context.options.seed, context.sizes.importLines, 'imp');
    markStart();
    await importOnFreshFile(ndjson, mode);
  },
};
