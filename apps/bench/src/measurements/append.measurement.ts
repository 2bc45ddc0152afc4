import { percent, rate, ratio, whole } from '../report/format';
import type { EventRow } from '../support/ledger-world';
import { median } from '../support/timing';
import { SyntheticLedger } from '../synthetic/synthetic-ledger';
import { runCommandPathOnFreshFile, type CommandPathResult } from './command-path';
import type { BenchContext, Measurement } from './measurement';
import { rawInsertRate } from './raw-sqlite';

const RAW_BATCH = 64;
const AGREEMENTS = new SyntheticLedger({ seed: 0 }).agreements.length;

/** Targets from the issue. */
const MANY_WRITERS_FLOOR = 20_000;
const MANY_WRITERS_SHARE_OF_BATCHED = 0.25;
const ONE_WRITER_SHARE_OF_PER_ROW = 0.6;

interface Repetition {
  one: CommandPathResult;
  perRow: number;
  many: CommandPathResult;
  batched: number;
}

export const appendMeasurement: Measurement = {
  name: 'append',
  title: 'Append, command path',
  profileKeys: ['append-1', 'append-64'],

  async run(context) {
    const { writers, oneWriterCommands, manyWriterCommands } = context.sizes.append;
    const seed = context.options.seed;
    await warmUp(context);
    const repetitions: Repetition[] = [];
    for (let rep = 0; rep < context.sizes.repetitions; rep += 1) {
      const one = await runCommandPathOnFreshFile({
        writers: 1,
        commands: oneWriterCommands,
        seed: seed + rep,
        label: `a1r${rep}`,
        keepRows: true,
      });
      const perRow = (await rawInsertRate(one.rows, 1)).perSecond;
      const many = await runCommandPathOnFreshFile({
        writers,
        commands: manyWriterCommands,
        seed: seed + rep,
        label: `a64r${rep}`,
        keepRows: true,
      });
      const batched = (await rawInsertRate(many.rows, RAW_BATCH)).perSecond;
      context.log(
        `append rep ${rep + 1}: 1 writer ${whole(one.perSecond)}/s (raw per-row ${whole(perRow)}/s); ` +
          `${writers} writers ${whole(many.perSecond)}/s (raw batched ${whole(batched)}/s)`,
      );
      repetitions.push({ one, perRow, many, batched });
    }
    const oneRate = median(repetitions.map((r) => r.one.perSecond));
    const perRowRate = median(repetitions.map((r) => r.perRow));
    const manyRate = median(repetitions.map((r) => r.many.perSecond));
    const batchedRate = median(repetitions.map((r) => r.batched));
    const groupSize = median(repetitions.map((r) => r.many.meanGroupSize));
    const rowBytes = meanRowBytes(repetitions[0].many.rows);
    return {
      name: 'append',
      title: 'Append, command path',
      method: [
        `LedgerCommands.execute on SqliteEventStore (WAL, synchronous=FULL, group commit), no HTTP, ` +
          `on a fresh SQLite file in os.tmpdir() per repetition. Each run first sets up ` +
          `${AGREEMENTS} delegation agreements (8 collaboratives × adult secure and CAMHS tier 4, with ` +
          `allocations and in-year movements; not timed), then writers record case journeys ` +
          `(referral, out-of-area placement, rate change, repatriation or end, discharge). ` +
          `Each writer owns its cases, so writers never conflict; every command reads its case ` +
          `stream and its agreement's terms, authorises, decides and appends one event.`,
        `Baselines: the very rows the command path wrote (every column as stored, hashes ` +
          `included; mean ${whole(rowBytes)} bytes per row) inserted with plain better-sqlite3 ` +
          `into the store's own events table (same migrations, constraints and indexes), WAL, ` +
          `synchronous=FULL, no reads: (a) one transaction per row, (b) ${RAW_BATCH} rows per ` +
          `transaction.`,
      ],
      tables: [
        {
          header: [
            'writers',
            'commands',
            'command path (commands/s)',
            'baseline',
            'baseline (rows/s)',
            'ratio',
          ],
          rows: [
            [
              '1',
              whole(repetitions[0].one.commands),
              whole(oneRate),
              '(a) raw insert, 1 row per transaction',
              whole(perRowRate),
              ratio(oneRate, perRowRate),
            ],
            [
              String(writers),
              whole(repetitions[0].many.commands),
              whole(manyRate),
              `(b) raw insert, ${RAW_BATCH} rows per transaction`,
              whole(batchedRate),
              ratio(manyRate, batchedRate),
            ],
          ],
        },
      ],
      targets: [
        {
          target: `${writers} writers ≥ ${whole(MANY_WRITERS_FLOOR)} commands/s`,
          measured: `${whole(manyRate)} commands/s`,
          met: manyRate >= MANY_WRITERS_FLOOR,
          profileKey: 'append-64',
        },
        {
          target: `${writers} writers ≥ ${percent(MANY_WRITERS_SHARE_OF_BATCHED)} of raw batched insert`,
          measured: `${percent(manyRate / batchedRate)} (${whole(manyRate)} vs ${whole(batchedRate)} rows/s)`,
          met: manyRate >= MANY_WRITERS_SHARE_OF_BATCHED * batchedRate,
          profileKey: 'append-64',
        },
        {
          target: `1 writer ≥ ${percent(ONE_WRITER_SHARE_OF_PER_ROW)} of raw per-row commit`,
          measured: `${percent(oneRate / perRowRate)} (${whole(oneRate)} vs ${whole(perRowRate)} rows/s)`,
          met: oneRate >= ONE_WRITER_SHARE_OF_PER_ROW * perRowRate,
          profileKey: 'append-1',
        },
      ],
      notes: [
        `With ${writers} writers the store's group commit put a median of ${rate(groupSize)} appends ` +
          `in each transaction (one fsync each).`,
      ],
    };
  },

  async profile(context, key, markStart) {
    await warmUp(context);
    markStart();
    const quick = context.sizes.append;
    const writers = key === 'append-1' ? 1 : quick.writers;
    const commands = key === 'append-1' ? quick.oneWriterCommands : quick.manyWriterCommands;
    await runCommandPathOnFreshFile({
      writers,
      commands,
      seed: context.options.seed,
      label: 'prof',
    });
  },
};

async function warmUp(context: BenchContext): Promise<void> {
  const seed = context.options.seed + 1000;
  const warm = await runCommandPathOnFreshFile({
    writers: 64,
    commands: 640,
    seed,
    label: 'warm64',
    keepRows: true,
  });
  await runCommandPathOnFreshFile({ writers: 1, commands: 200, seed, label: 'warm1' });
  await rawInsertRate(warm.rows.slice(0, 200), 1);
  await rawInsertRate(warm.rows, RAW_BATCH);
}

/** Mean bytes per row over all columns: text by its length, numbers as 8 bytes. */
function meanRowBytes(rows: readonly EventRow[]): number {
  if (rows.length === 0) return 0;
  const bytesOf = (value: string | number | null): number =>
    typeof value === 'string' ? Buffer.byteLength(value) : value === null ? 0 : 8;
  const total = rows.reduce(
    (sum, row) => sum + Object.values(row).reduce<number>((rowSum, v) => rowSum + bytesOf(v), 0),
    0,
  );
  return total / rows.length;
}
