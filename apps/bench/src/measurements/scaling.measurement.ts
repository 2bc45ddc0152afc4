import type { ImportMode } from '@ledger/commands';
import { SqliteEventStore } from '@ledger/event-store';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, statSync } from 'node:fs';
import { ms as formatMs, rate, ratio, whole } from '../report/format';
import { LedgerWorld } from '../support/ledger-world';
import { tempSqlite, type TempSqlite } from '../support/temp-store';
import { median, perSecond, timed } from '../support/timing';
import { prefillHistory, prefillLongAgreement } from '../synthetic/history-prefill';
import { SyntheticLedger } from '../synthetic/synthetic-ledger';
import { runCommandPath, runCommandPathOnFreshFile } from './command-path';
import { IMPORT_MODES_MEASURED, importInto, syntheticImportFile } from './import.measurement';
import type { BenchContext, Measurement, ReportTable } from './measurement';

interface HistoryPoint {
  events: number;
  /** The whole point: filling, copies and timed runs. */
  seconds: number;
  fileMiB: number;
  prefillSeconds: number;
  append: number;
  imports: Record<ImportMode, number>;
}

interface StreamPoint {
  length: number;
  /** AdjustBudget commands timed; each makes the stream one event longer. */
  adjustments: number;
  /** Case commands timed; they leave the agreement stream as it is. */
  commands: number;
  agreementCommands: number;
  caseCommands: number;
}

/**
 * A copy of a prefilled file for one timed run, so every repetition starts from the same
 * history instead of the history plus what the previous repetition wrote.
 */
async function onCopyOf<T>(master: TempSqlite, work: (path: string) => Promise<T>): Promise<T> {
  const copy = tempSqlite('copy');
  try {
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(master.path + suffix)) copyDurably(master.path + suffix, copy.path + suffix);
    }
    return await work(copy.path);
  } finally {
    copy.remove();
  }
}

/**
 * Copies and fsyncs, so the copy's dirty pages are on disk before the timed run: otherwise the
 * run's own fsyncs would pay for flushing them.
 */
function copyDurably(from: string, to: string): void {
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * How long a history point will take, from the last one measured: filling grows with the
 * events written, the timed runs (on copies of the file) a little with the file's size.
 */
function projectedSeconds(done: HistoryPoint[], events: number): number {
  const last = done[done.length - 1];
  if (!last || last.events === 0) return 0;
  const growth = events / last.events;
  return last.prefillSeconds * growth * 1.2 + (last.seconds - last.prefillSeconds) * 1.5;
}

async function historyPoint(context: BenchContext, events: number): Promise<HistoryPoint> {
  const pointStart = performance.now();
  const sizes = context.sizes.scaling;
  const seed = context.options.seed;
  const master = tempSqlite(`hist${events}`);
  try {
    const { ms: prefillMs, result: written } = await timed(async () => {
      if (events === 0) {
        await new SqliteEventStore(master.path).close();
        return 0;
      }
      return prefillHistory(master.path, events, seed);
    });
    if (written > 0) {
      context.log(
        `scaling: ${whole(written)} events of history written in ${rate(prefillMs / 1000)} s`,
      );
    }
    const appends: number[] = [];
    const imports: Record<ImportMode, number[]> = { 'all-or-nothing': [], continue: [] };
    // A log ten times larger than what a repetition writes hardly changes during it, so the
    // repetition's three runs may share one copy (a copy of a large file costs seconds).
    const shareCopy = events >= 10 * (sizes.appendCommands + 2 * sizes.importLines);
    for (let rep = 0; rep < context.sizes.repetitions; rep += 1) {
      const label = `h${events}r${rep}`;
      const runs = async (onFile: <T>(work: (path: string) => Promise<T>) => Promise<T>) => {
        const appended = await onFile((path) =>
          runCommandPath({
            path,
            writers: 64,
            commands: sizes.appendCommands,
            seed: seed + rep,
            label,
          }),
        );
        appends.push(appended.perSecond);
        for (const mode of IMPORT_MODES_MEASURED) {
          const ndjson = syntheticImportFile(seed + rep, sizes.importLines, `${label}${mode[0]}`);
          const imported = await onFile((path) => importInto(path, ndjson, mode));
          imports[mode].push(imported.perSecond);
        }
      };
      if (shareCopy) {
        await onCopyOf(master, (shared) => runs((work) => work(shared)));
      } else {
        await runs((work) => onCopyOf(master, work));
      }
      context.log(
        `scaling rep ${rep + 1} at ${whole(events)} events: append ${whole(appends[rep])}/s, ` +
          IMPORT_MODES_MEASURED.map((mode) => `${mode} ${whole(imports[mode][rep])}/s`).join(', '),
      );
    }
    return {
      events,
      seconds: (performance.now() - pointStart) / 1000,
      fileMiB: statSync(master.path).size / 1024 ** 2,
      prefillSeconds: prefillMs / 1000,
      append: median(appends),
      imports: {
        'all-or-nothing': median(imports['all-or-nothing']),
        continue: median(imports.continue),
      },
    };
  } finally {
    master.remove();
  }
}

async function streamPoint(context: BenchContext, length: number): Promise<StreamPoint> {
  const sizes = context.sizes.scaling;
  const seed = context.options.seed;
  const commands = Math.round(Math.min(4_000, Math.max(64, sizes.streamWork / length)));
  const master = tempSqlite(`len${length}`);
  try {
    const plan = await prefillLongAgreement(master.path, length, seed, `len${length}`);
    const agreementRates: number[] = [];
    const caseRates: number[] = [];
    for (let rep = 0; rep < context.sizes.repetitions; rep += 1) {
      const synthetic = new SyntheticLedger({ seed: seed + rep, otherCollaboratives: 0 });
      const adjustments = synthetic.adjustments(plan, sizes.agreementCommands, `r${rep}`);
      agreementRates.push(await onCopyOf(master, (path) => adjustOneByOne(path, adjustments)));
      const cases = await onCopyOf(master, (path) =>
        runCommandPath({
          path,
          writers: 64,
          commands,
          seed: seed + rep,
          label: `len${length}r${rep}`,
          underAgreements: [plan],
        }),
      );
      caseRates.push(cases.perSecond);
      context.log(
        `scaling rep ${rep + 1} at a ${whole(length)}-event agreement stream: ` +
          `AdjustBudget ${rate(agreementRates[rep])}/s, case commands ${rate(cases.perSecond)}/s`,
      );
    }
    return {
      length,
      adjustments: sizes.agreementCommands,
      commands,
      agreementCommands: median(agreementRates),
      caseCommands: median(caseRates),
    };
  } finally {
    master.remove();
  }
}

/** One writer recording commissioner adjustments on the long agreement, one after another. */
async function adjustOneByOne(
  path: string,
  adjustments: Parameters<LedgerWorld['executeAll']>[0],
): Promise<number> {
  const world = new LedgerWorld(path);
  try {
    const { ms } = await timed(() => world.executeAll(adjustments));
    return perSecond(adjustments.length, ms);
  } finally {
    await world.close();
  }
}

async function warmUp(context: BenchContext): Promise<void> {
  const seed = context.options.seed + 1000;
  await runCommandPathOnFreshFile({ writers: 64, commands: 640, seed, label: 'warm' });
  const ndjson = syntheticImportFile(seed, 1_000, 'warm');
  for (const mode of IMPORT_MODES_MEASURED) {
    const file = tempSqlite('warm');
    try {
      await importInto(file.path, ndjson, mode);
    } finally {
      file.remove();
    }
  }
}

function historyTable(points: HistoryPoint[]): ReportTable {
  const base = points[0];
  return {
    caption: 'Cost against the size of the log (baseline: the same run on an empty log)',
    header: [
      'events already in the log',
      'file (MiB)',
      '64 writers append (commands/s)',
      'ratio',
      'import all-or-nothing (commands/s)',
      'ratio',
      'import continue (commands/s)',
      'ratio',
    ],
    rows: points.map((point) => [
      point.events === 0 ? '0 (baseline)' : whole(point.events),
      rate(point.fileMiB),
      whole(point.append),
      ratio(point.append, base.append),
      whole(point.imports['all-or-nothing']),
      ratio(point.imports['all-or-nothing'], base.imports['all-or-nothing']),
      whole(point.imports.continue),
      ratio(point.imports.continue, base.imports.continue),
    ]),
  };
}

function streamTable(points: StreamPoint[]): ReportTable {
  const base = points[0];
  return {
    caption:
      'Cost against the length of one agreement stream (baseline: the shortest stream, same run)',
    header: [
      'events in the agreement stream',
      'AdjustBudget on it, 1 writer (commands/s)',
      'ms per command',
      'ratio',
      'case commands under it, 64 writers (commands/s)',
      'ms per command',
      'ratio',
    ],
    rows: points.map((point, index) => [
      `${whole(point.length)}${index === 0 ? ' (baseline)' : ''}`,
      `${rate(point.agreementCommands)} (${whole(point.adjustments)} timed)`,
      formatMs(1000 / point.agreementCommands),
      ratio(point.agreementCommands, base.agreementCommands),
      `${rate(point.caseCommands)} (${whole(point.commands)} timed)`,
      formatMs(1000 / point.caseCommands),
      ratio(point.caseCommands, base.caseCommands),
    ]),
  };
}

export const scalingMeasurement: Measurement = {
  name: 'scaling',
  title: 'Scaling',
  profileKeys: [],

  async run(context) {
    const sizes = context.sizes.scaling;
    await warmUp(context);
    const history: HistoryPoint[] = [];
    const skipped: string[] = [];
    for (const events of sizes.historySizes) {
      const projected = projectedSeconds(history, events);
      // Keep some of the budget for the stream-length points and the profiles of misses.
      if (projected > context.secondsLeft() - 0.15 * context.sizes.budgetSeconds) {
        skipped.push(
          `${whole(events)} events of history were skipped: about ${Math.round(projected)} s ` +
            `of work with ${Math.max(0, Math.round(context.secondsLeft()))} s left of the ` +
            `run's ${context.sizes.budgetSeconds} s budget.`,
        );
        continue;
      }
      history.push(await historyPoint(context, events));
    }
    const streams: StreamPoint[] = [];
    for (const length of sizes.streamLengths) streams.push(await streamPoint(context, length));
    const largest = history[history.length - 1];
    return {
      name: 'scaling',
      title: 'Scaling',
      method: [
        `Log size: a file is first filled with synthetic history (48 agreements over three ` +
          `financial years, case journeys, then every ended month of each agreement closed; ` +
          `decided by the real deciders in memory and appended through ` +
          `SqliteEventStore.appendToStreams in large transactions; not timed). ` +
          `Each timed run works on a fresh copy of that file (from 10× the events a repetition ` +
          `writes, a repetition's three runs share one copy): ${whole(sizes.appendCommands)} case ` +
          `commands from 64 writers through LedgerCommands (as in "Append, command path"), and ` +
          `an import of ${whole(sizes.importLines)} lines in each mode (as in "Bulk import").`,
        `Stream length: one agreement stream holds N events (its creation, allocations, then ` +
          `commissioner adjustments). Timed: AdjustBudget commands on it from one writer (the ` +
          `command layer re-reads and folds the whole agreement stream for each), and case ` +
          `commands from 64 writers on new cases under it (each needs the agreement's terms to ` +
          `authorise and decide). This measures how cost grows with the stream; it does not ` +
          `change it.`,
      ],
      tables: [historyTable(history), streamTable(streams)],
      targets: [],
      notes: [
        ...skipped,
        `Filling the largest log (${whole(largest.events)} events, ${rate(largest.fileMiB)} MiB) ` +
          `took ${rate(largest.prefillSeconds)} s.`,
      ],
    };
  },

  profile() {
    return Promise.reject(new Error('Scaling has no targets, so nothing to profile'));
  },
};
