import { loadBenchConfig, type BenchConfig } from '@ledger/config';
import { DEFAULT_BATCH_SIZE } from '@ledger/read-model/sql';
import { parseArgs } from 'node:util';

export const MEASUREMENT_NAMES = [
  'append',
  'http',
  'import',
  'scaling',
  'rebuild',
  'queries',
  'relay',
  'telemetry',
] as const;
export type MeasurementName = (typeof MEASUREMENT_NAMES)[number];

export interface BenchOptions {
  quick: boolean;
  only: MeasurementName | null;
  seed: number;
  /** Skip the CPU profiles of missed targets. */
  skipProfiles: boolean;
  /** `--out`: the report file, instead of docs/benchmarks.md (full run) or the partial file. */
  out: string | null;
  /** The PostgreSQL the rebuild measurement writes fresh schemas into (and drops them). */
  postgresUrl: string;
  /** KAFKA_BROKERS, when set: the relay measurement's broker instead of a private one. */
  kafkaBrokers: string[] | null;
  /** Whether `npm run bench` started it, for the command line shown in the report. */
  startedByNpm: boolean;
  /** Internal: run one short measurement under `node --cpu-prof` for a profile, then exit. */
  profileRun: string | null;
  /** Internal, with profileRun: where child processes write their own CPU profiles. */
  profileDir: string | null;
  /** Internal, with profileRun: file to write the monotonic time (µs) the timed part starts at. */
  profileMark: string | null;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--only ${MEASUREMENT_NAMES.join('|')}] [--seed N] [--skip-profiles] [--postgres-url URL] [--out FILE]

  --quick             the whole run in under 2 minutes (1 repetition, smaller sizes)
  --only NAME         run one measurement
  --seed N            seed of the synthetic histories (default 20170401)
  --skip-profiles     do not profile the measurements whose targets were missed
  --postgres-url URL  PostgreSQL for the rebuild measurement's fresh schemas (default
                      LEDGER_TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/test);
                      when it cannot be reached, only the SQLite read model is rebuilt
  --out FILE          write the report to FILE

A full run (no --quick, no --only) writes docs/benchmarks.md. A partial run (--quick or
--only) writes docs/benchmarks.partial.md and leaves docs/benchmarks.md, the last full run,
as it is; it may not be given --out docs/benchmarks.md.`;

export class UsageError extends Error {}

/** The command line, with the environment's defaults (`loadBenchConfig`, `@ledger/config`). */
export function parseBenchArgs(
  argv: string[],
  config: BenchConfig = loadBenchConfig(),
): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      seed: { type: 'string' },
      'skip-profiles': { type: 'boolean', default: false },
      'postgres-url': { type: 'string' },
      out: { type: 'string' },
      'profile-run': { type: 'string' },
      'profile-dir': { type: 'string' },
      'profile-mark': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new UsageError('');
  const only = values.only ?? null;
  if (only !== null && !(MEASUREMENT_NAMES as readonly string[]).includes(only)) {
    throw new UsageError(`--only must be one of ${MEASUREMENT_NAMES.join(', ')}`);
  }
  const seed = values.seed === undefined ? 20170401 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new UsageError('--seed must be a whole number ≥ 0');
  }
  return {
    quick: values.quick ?? false,
    only: only as MeasurementName | null,
    seed,
    skipProfiles: values['skip-profiles'] ?? false,
    out: values.out ?? null,
    postgresUrl: values['postgres-url'] ?? config.postgresUrl,
    kafkaBrokers: config.kafka?.brokers ?? null,
    startedByNpm: config.startedByNpm,
    profileRun: values['profile-run'] ?? null,
    profileDir: values['profile-dir'] ?? null,
    profileMark: values['profile-mark'] ?? null,
  };
}

/** How much work each measurement does: the full run aims at ≤ 20 minutes, --quick at < 2. */
export interface BenchSizes {
  /** The whole run should take no longer; optional work (10^6 events of history) is skipped. */
  budgetSeconds: number;
  repetitions: number;
  append: { oneWriterCommands: number; manyWriterCommands: number; writers: number };
  http: { seconds: number; warmupSeconds: number; connections: number };
  importLines: number;
  scaling: {
    historySizes: number[];
    appendCommands: number;
    importLines: number;
    streamLengths: number[];
    /** AdjustBudget commands timed on the long agreement (each one makes it one event longer). */
    agreementCommands: number;
    /** Case commands per stream-length point = clamp(streamWork / length, 64, 4000). */
    streamWork: number;
  };
  rebuild: {
    /**
     * Events in the log for each point of the rebuild measurement. A point gets the run's
     * repetitions if they fit the time budget, else one; a point that does not fit is skipped.
     */
    logSizes: number[];
    /** Events per page read and per read-model transaction (SqlProjector's default). */
    pageSize: number;
  };
}

export function sizesFor(quick: boolean): BenchSizes {
  if (quick) {
    return {
      budgetSeconds: 120,
      repetitions: 1,
      append: { oneWriterCommands: 1_000, manyWriterCommands: 5_000, writers: 64 },
      http: { seconds: 3, warmupSeconds: 1, connections: 64 },
      importLines: 10_000,
      scaling: {
        historySizes: [0, 10_000, 100_000],
        appendCommands: 2_000,
        importLines: 1_000,
        streamLengths: [10, 1_000],
        agreementCommands: 30,
        streamWork: 150_000,
      },
      rebuild: {
        logSizes: [10_000, 100_000],
        pageSize: DEFAULT_BATCH_SIZE,
      },
    };
  }
  return {
    budgetSeconds: 1200,
    repetitions: 3,
    append: { oneWriterCommands: 3_000, manyWriterCommands: 20_000, writers: 64 },
    http: { seconds: 10, warmupSeconds: 2, connections: 64 },
    importLines: 100_000,
    scaling: {
      historySizes: [0, 10_000, 100_000, 1_000_000],
      appendCommands: 10_000,
      importLines: 10_000,
      streamLengths: [10, 1_000, 10_000],
      agreementCommands: 60,
      streamWork: 300_000,
    },
    rebuild: {
      logSizes: [10_000, 100_000, 1_000_000],
      pageSize: DEFAULT_BATCH_SIZE,
    },
  };
}

/** A profile run (`--profile-run`): the quick sizes, shorter still, since only the shape counts. */
export function profileSizes(): BenchSizes {
  const quick = sizesFor(true);
  return {
    ...quick,
    append: { ...quick.append, oneWriterCommands: 500, manyWriterCommands: 3_000 },
    http: { ...quick.http, seconds: 2 },
    importLines: 5_000,
  };
}
