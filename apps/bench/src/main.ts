import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { relative } from 'node:path';
import { appendMeasurement } from './measurements/append.measurement';
import { httpMeasurement } from './measurements/http.measurement';
import { importMeasurement } from './measurements/import.measurement';
import type { BenchContext, Measurement, MeasurementReport } from './measurements/measurement';
import { rebuildMeasurement } from './measurements/rebuild.measurement';
import { relayMeasurement } from './measurements/relay.measurement';
import { reportQueriesMeasurement } from './measurements/report-queries.measurement';
import { scalingMeasurement } from './measurements/scaling.measurement';
import { telemetryMeasurement } from './measurements/telemetry.measurement';
import {
  parseBenchArgs,
  profileSizes,
  sizesFor,
  USAGE,
  UsageError,
  type BenchOptions,
} from './options';
import { profileMeasurement, REPO_ROOT } from './profiling/cpu-profile';
import { renderReport, type ProfileOutcome } from './report/benchmark-report';
import { isFullRun, reportPathFor, ReportPathError, writeReport } from './report/report-file';
import { gitState, loadSnapshot, machineInfo } from './support/machine';

/**
 * `npm run bench`: measures the ledger's write paths against baselines taken in the same run
 * and writes docs/benchmarks.md (a partial run: docs/benchmarks.partial.md). Not a test: it
 * asserts no timings, and jest never runs it.
 */
const MEASUREMENTS: Measurement[] = [
  appendMeasurement,
  httpMeasurement,
  telemetryMeasurement,
  importMeasurement,
  scalingMeasurement,
  relayMeasurement,
  reportQueriesMeasurement,
  // Last: it fits its repetitions to what is left of the time budget.
  rebuildMeasurement,
];

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function contextFor(options: BenchOptions): BenchContext {
  const sizes = options.profileRun ? profileSizes() : sizesFor(options.quick);
  const start = performance.now();
  const secondsLeft = (): number => sizes.budgetSeconds - (performance.now() - start) / 1000;
  return { options, sizes, log, secondsLeft };
}

/** The command as the person typed it, for the report. */
function commandLine(argv: string[], options: BenchOptions): string {
  const args = argv.join(' ');
  if (options.startedByNpm) {
    return args === '' ? 'npm run bench' : `npm run bench -- ${args}`;
  }
  return `node -r @swc-node/register apps/bench/src/main.ts${args === '' ? '' : ` ${args}`}`;
}

async function profileRun(options: BenchOptions, key: string): Promise<void> {
  const measurement = MEASUREMENTS.find((candidate) => candidate.profileKeys.includes(key));
  if (!measurement) throw new UsageError(`No measurement has a profile run named ${key}`);
  const markFile = options.profileMark;
  await measurement.profile(contextFor(options), key, () => {
    // The same monotonic clock as the CPU profile's timestamps, in microseconds.
    if (markFile) writeFileSync(markFile, String(process.hrtime.bigint() / 1000n));
  });
}

async function profileMisses(
  options: BenchOptions,
  reports: MeasurementReport[],
): Promise<ProfileOutcome[]> {
  const missed = new Map<string, string[]>();
  for (const target of reports.flatMap((report) => report.targets)) {
    if (target.met) continue;
    missed.set(target.profileKey, [...(missed.get(target.profileKey) ?? []), target.target]);
  }
  const outcomes: ProfileOutcome[] = [];
  for (const [key, targets] of missed) {
    log(`profiling ${key} (missed: ${targets.join('; ')})`);
    try {
      outcomes.push({ key, targets, summary: await profileMeasurement(key, options.seed) });
    } catch (error) {
      outcomes.push({
        key,
        targets,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return outcomes;
}

async function main(argv: string[]): Promise<void> {
  const options = parseBenchArgs(argv);
  if (options.profileRun) return profileRun(options, options.profileRun);
  // Before any work: a run that may not write where it was told should not take 20 minutes.
  const reportPath = reportPathFor(options, REPO_ROOT);
  const context = contextFor(options);
  const startedAt = new Date();
  const runStart = performance.now();
  const loadBefore = loadSnapshot();
  const git = gitState(REPO_ROOT);
  log(`${options.quick ? 'quick' : 'full'} run, seed ${options.seed}; ${loadBefore}`);
  const reports: MeasurementReport[] = [];
  for (const measurement of MEASUREMENTS) {
    if (options.only && options.only !== measurement.name) continue;
    log(`${measurement.title}…`);
    const loadAtStart = loadavg()[0];
    const start = performance.now();
    const report = await measurement.run(context);
    reports.push({ ...report, seconds: (performance.now() - start) / 1000, loadAtStart });
  }
  const loadAfter = loadSnapshot();
  const profileStart = performance.now();
  const profiles = options.skipProfiles ? [] : await profileMisses(options, reports);
  const profileSeconds = profiles.length === 0 ? 0 : (performance.now() - profileStart) / 1000;
  const markdown = renderReport(
    {
      startedAt,
      command: commandLine(argv, options),
      git,
      quick: options.quick,
      only: options.only,
      fullRun: isFullRun(options),
      seed: options.seed,
      repetitions: context.sizes.repetitions,
      machine: machineInfo(),
      loadBefore,
      loadAfter,
      seconds: (performance.now() - runStart) / 1000,
      profileSeconds,
    },
    reports,
    profiles,
  );
  writeReport(reportPath, markdown);
  for (const report of reports) {
    for (const target of report.targets) {
      log(`${target.met ? 'met   ' : 'MISSED'} ${target.target}: ${target.measured}`);
    }
  }
  log(`wrote ${relative(process.cwd(), reportPath) || reportPath}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      error instanceof ReportPathError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      const message = (error as Error).message;
      if (message === '') {
        console.log(USAGE); // --help
        process.exit(0);
      }
      console.error(`${message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
