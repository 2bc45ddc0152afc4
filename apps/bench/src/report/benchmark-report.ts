import type { MeasurementReport, ReportTable } from '../measurements/measurement';
import type { ProfileSummary } from '../profiling/cpu-profile';
import { MEASUREMENT_NAMES, type MeasurementName } from '../options';
import type { MachineInfo } from '../support/machine';
import { ms, percent, yes } from './format';

export interface RunInfo {
  startedAt: Date;
  command: string;
  git: string;
  quick: boolean;
  /** `--only`: the one measurement run, or null for all of them. */
  only: MeasurementName | null;
  /** Every measurement at the full sizes: the only kind of run docs/benchmarks.md holds. */
  fullRun: boolean;
  seed: number;
  repetitions: number;
  machine: MachineInfo;
  loadBefore: string;
  loadAfter: string;
  seconds: number;
  profileSeconds: number;
}

export interface ProfileOutcome {
  key: string;
  targets: string[];
  summary?: ProfileSummary;
  error?: string;
}

/**
 * Left out of this benchmark: not built when it was specified. Some of the read side has
 * landed since and its rebuild is measured; the rest is the next step, so it is listed here
 * rather than silently missed.
 */
const NOT_MEASURED = [
  '**Read models**: a full rebuild of the SQL read model and head-report latency are measured; not yet the live projector (`apps/projector`) following appends, or its lag behind the log.',
  '**Reports at a knowledge time** (`knownAt`): they replay the log, O(position), and are not measured; head reports are ("Report queries").',
  '**Kafka**: the relay\'s throughput is measured ("Kafka relay"); not yet consumer lag under a live write load.',
  '**EventStoreDB**: every figure here is on the embedded SQLite store.',
];

/** docs/benchmarks.md: the run, the targets, one section per measurement, profiles of misses. */
export function renderReport(
  run: RunInfo,
  reports: MeasurementReport[],
  profiles: ProfileOutcome[],
): string {
  const lines: string[] = [];
  const push = (...more: string[]): void => void lines.push(...more);
  push(
    ...header(run),
    '',
    'The figures come from one machine at one moment: on a shared machine, trust the ratios to',
    'the baselines (measured in the same run) more than the absolute numbers.',
    '',
    '## Run',
    '',
    ...table({
      header: ['', ''],
      rows: [
        ['date', `${run.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`],
        ['command', `\`${run.command}\``],
        ['code', run.git],
        [
          'mode',
          run.quick
            ? '--quick: one repetition per figure, smaller sizes'
            : `full: each figure is the median of ${run.repetitions} repetitions`,
        ],
        ['measurements', run.only === null ? 'all' : `only ${run.only} (\`--only\`)`],
        ['seed', String(run.seed)],
        [
          'machine',
          `${run.machine.cpuModel}, ${run.machine.cores} cores, ${run.machine.ramGiB.toFixed(1)} GiB RAM, ${run.machine.platform}`,
        ],
        ['Node', run.machine.node],
        ['load before', run.loadBefore],
        ['load after', run.loadAfter],
        ['duration', durationLine(run, reports)],
      ],
    }),
    '',
    '## Targets',
    '',
  );
  const targets = reports.flatMap((report) =>
    report.targets.map((target) => [report.title, target.target, target.measured, yes(target.met)]),
  );
  push(
    ...(targets.length === 0
      ? ['No measurement with targets ran.']
      : table({ header: ['measurement', 'target', 'measured', ''], rows: targets })),
  );
  reports.forEach((report, index) => {
    push('', `## ${index + 1}. ${report.title}`, '');
    report.method.forEach((paragraph) => push(paragraph, ''));
    report.tables.forEach((reportTable) => {
      if (reportTable.caption) push(`${reportTable.caption}:`, '');
      push(...table(reportTable), '');
    });
    report.notes.forEach((note) => push(note, ''));
    push(
      `Took ${Math.round(report.seconds)} s; 1-minute load average at its start: ` +
        `${report.loadAtStart.toFixed(2)} (${run.machine.cores} cores).`,
      '',
    );
    lines.pop();
  });
  if (profiles.length > 0) push('', ...profileSection(profiles));
  push(
    '',
    '## Not yet built, not yet measured',
    '',
    ...NOT_MEASURED.map((item) => `- ${item}`),
    '',
    '## How to run',
    '',
    '- `npm run bench`: the full run (aims at ≤ 20 minutes), medians of 3 repetitions.',
    '- `npm run bench -- --quick`: under 2 minutes, one repetition, smaller sizes.',
    '- Only a full run (no `--quick`, no `--only`) writes `docs/benchmarks.md`; a partial run',
    '  writes `docs/benchmarks.partial.md` (or `--out FILE`) and leaves the full run as it was.',
    '- `npm run bench -- --only rebuild`: the read-model rebuild alone, at 10,000, 100,000 and',
    '  1,000,000 events. In the full run it comes last and gets what is left of the budget, so',
    '  its largest log may be skipped (the report says so).',
    `- \`--only ${MEASUREMENT_NAMES.join('|')}\` runs one measurement; \`--seed N\` changes the`,
    '  synthetic histories; `--skip-profiles` skips the CPU profiles of missed targets;',
    '  `--postgres-url URL` names the PostgreSQL the rebuild writes its fresh schemas into.',
    '- Synthetic data: seeded (mulberry32), drawn from `shared/docs/reference-figures.md`: South',
    '  London Partnership (13R, RV5, RPG, RQY) and other collaboratives; adult medium secure,',
    '  adult low secure and CAMHS tier 4 lines; out-of-area daily rates £520–£720 (medium',
    '  secure), £450–£620 (low secure), £580–£760 (CAMHS tier 4), in-area £380–£560; distances',
    '  from the December 2016 OAP distribution; 96% of OAPs for reason 10 (no local bed).',
    '',
  );
  return lines.join('\n');
}

/**
 * What the reader is looking at. A full run's file is the record: every section from one run.
 * A partial run's file says it is partial, what it left out, and where the record is.
 */
function header(run: RunInfo): string[] {
  if (run.fullRun) {
    return [
      '# Benchmarks',
      '',
      'Written by a full run of `npm run bench` (`apps/bench`), which overwrites this file: every',
      'section below comes from that one run (same code, same machine, same hour, full sizes).',
      'Partial runs (`--quick`, `--only`) write `docs/benchmarks.partial.md` instead and never',
      'change this file.',
    ];
  }
  const what = [
    run.only === null ? 'every measurement' : `the "${run.only}" measurement only`,
    run.quick ? 'at the `--quick` sizes (one repetition, smaller logs)' : 'at the full sizes',
  ].join(', ');
  return [
    '# Benchmarks: partial run',
    '',
    `Written by a partial run of \`npm run bench\` (\`apps/bench\`): ${what}. Every partial`,
    'run overwrites this file. It is not the benchmark record: `docs/benchmarks.md` holds the',
    'last full run, every section from one run, and a partial run never changes it. Compare',
    'figures here with that file only where the mode and sizes are the same.',
  ];
}

function profileSection(profiles: ProfileOutcome[]): string[] {
  const lines = [
    '## Profiles of missed targets',
    '',
    'Each missed target was run again, short (smaller than `--quick`, one repetition), under',
    '`node --cpu-prof`. Self time is time spent in the function itself, not in what it calls;',
    'shares are of the non-idle samples. A native call into SQLite is counted in the JavaScript',
    'function that made it: `sqliteTransaction` (better-sqlite3) holds BEGIN IMMEDIATE and COMMIT,',
    'so the fsync wait; the anonymous functions in `sqlite-event-store.ts` run the prepared',
    'statements of the reads. "(program)" is other native code, "(garbage collector)" is GC.',
  ];
  for (const outcome of profiles) {
    lines.push('', `### ${outcome.key}`, '', `Missed: ${outcome.targets.join('; ')}.`, '');
    if (!outcome.summary) {
      lines.push(`The profile could not be taken: ${outcome.error ?? 'unknown error'}.`);
      continue;
    }
    const summary = outcome.summary;
    lines.push(
      `Profile of ${summary.process}, timed part only (after start-up and warm-up): ` +
        `${ms(summary.sampledMs)} ms sampled, ${percent(summary.idleShare)} idle.`,
      `Command: \`${summary.command}\`.`,
      '',
      ...table({
        header: ['#', 'function', 'where', 'self time (ms)', 'share'],
        rows: summary.top.map((entry, index) => [
          String(index + 1),
          entry.calledFrom
            ? `\`${entry.functionName}\` in \`${entry.calledFrom}\``
            : `\`${entry.functionName}\``,
          `\`${entry.location}\``,
          ms(entry.selfMs),
          percent(entry.share),
        ]),
      }),
    );
  }
  return lines;
}

function durationLine(run: RunInfo, reports: MeasurementReport[]): string {
  const parts = reports.map((report) => `${report.name} ${Math.round(report.seconds)} s`);
  if (run.profileSeconds > 0) parts.push(`profiles ${Math.round(run.profileSeconds)} s`);
  return `${minutes(run.seconds)} (${parts.join(', ')})`;
}

function minutes(seconds: number): string {
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** A Markdown table; pipes in cells are escaped. */
export function table(reportTable: ReportTable): string[] {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const row = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [
    row(reportTable.header),
    `|${reportTable.header.map(() => '---').join('|')}|`,
    ...reportTable.rows.map(row),
  ];
}
