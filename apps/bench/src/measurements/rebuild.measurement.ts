import { SqliteEventStore } from '@ledger/event-store';
import { catchUp, redacted, SqliteReadModelWriter, SqlProjector } from '@ledger/read-model/sql';
import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT } from '../profiling/cpu-profile';
import { ms as twoFigures, rate, ratio, whole } from '../report/format';
import { tempSqlite } from '../support/temp-store';
import { median, timed } from '../support/timing';
import { prefillHistory } from '../synthetic/history-prefill';
import type { BenchContext, Measurement, ReportTable, TargetResult } from './measurement';
import type { RebuildFigures, RebuildJob, RebuildReply, RebuildRequest } from './rebuild-child';

type Kind = RebuildJob['kind'];
const KINDS: readonly Kind[] = ['baseline', 'sqlite', 'postgres'];
const LABEL: Record<Kind, string> = {
  baseline: 'baseline: read + JSON.parse',
  sqlite: 'SQLite read model',
  postgres: 'PostgreSQL read model',
};
const SHORT: Record<Kind, string> = {
  baseline: 'baseline',
  sqlite: 'SQLite',
  postgres: 'PostgreSQL',
};
/** Bookkeeping, not read-model rows. */
const NOT_COUNTED = new Set(['read_model_migrations', 'schema_migrations', 'projector_checkpoint']);
const CHILD = join(__dirname, 'rebuild-child.ts');

/** The figures of one kind of pass at one log size, over the repetitions. */
interface PassFigures {
  perSecond: number;
  seconds: number;
  /** The largest peak RSS of the repetitions (MiB). */
  peakMiB: number;
  /** The largest RSS before the timed part (start-up, modules, migrate), MiB. */
  beforeMiB: number;
  /** The largest heap still reachable after a full GC before and after the timed part, MiB. */
  liveBeforeMiB: number;
  liveAfterMiB: number;
}

interface LogPoint {
  events: number;
  fileMiB: number;
  prefillSeconds: number;
  /** The whole point: filling the log and every pass. */
  seconds: number;
  repetitions: number;
  passes: Partial<Record<Kind, PassFigures>>;
  /** Rows per read-model table after the rebuild, per dialect (last repetition). */
  rows: Partial<Record<'sqlite' | 'postgres', Record<string, number>>>;
  sqliteFileMiB: number;
}

/** Runs one job in a fresh child process and returns its figures. */
function runChild(job: RebuildJob): Promise<RebuildFigures> {
  const child = fork(CHILD, [], {
    cwd: REPO_ROOT,
    execArgv: ['-r', '@swc-node/register', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let reply: RebuildReply | null = null;
    child.once('message', (message: RebuildReply) => {
      reply = message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (reply?.type === 'done') resolve(reply.figures);
      else if (reply?.type === 'failed') reject(new Error(`rebuild ${job.kind}: ${reply.message}`));
      else reject(new Error(`rebuild ${job.kind}: child exited (code ${String(code)}) unanswered`));
    });
    child.send({ type: 'run', job } satisfies RebuildRequest);
  });
}

async function withPostgres<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Null when PostgreSQL answers, else why not. */
async function postgresProblem(url: string): Promise<string | null> {
  try {
    await withPostgres(url, (client) => client.query('SELECT 1'));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function sqliteRowCounts(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all()
      .filter((name) => !NOT_COUNTED.has(name));
    return Object.fromEntries(
      tables.map((name) => [
        name,
        db.prepare<[], number>(`SELECT COUNT(*) FROM "${name}"`).pluck().get() ?? 0,
      ]),
    );
  } finally {
    db.close();
  }
}

async function postgresRowCounts(client: Client, schema: string): Promise<Record<string, number>> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [schema],
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    if (NOT_COUNTED.has(name)) continue;
    const result = await client.query<{ count: string }>(
      `SELECT COUNT(*) AS count FROM "${schema}"."${name}"`,
    );
    counts[name] = Number(result.rows[0].count);
  }
  return counts;
}

function removeSqlite(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

let schemas = 0;

/** A schema no one else uses: `bench_rebuild_<pid>_<n>`. */
function benchSchema(): string {
  schemas += 1;
  return `bench_rebuild_${process.pid}_${schemas}`;
}

/**
 * One pass of `kind` over the log at `eventStore`, in a child process; for the read models, a
 * fresh target (file or schema), counted and removed afterwards.
 */
async function pass(
  context: BenchContext,
  kind: Kind,
  eventStore: string,
  dir: string,
  onRows: (rows: Record<string, number>, fileMiB: number) => void,
): Promise<RebuildFigures> {
  const pageSize = context.sizes.rebuild.pageSize;
  const url = context.options.postgresUrl;
  if (kind === 'baseline') return runChild({ kind, eventStore, pageSize });
  if (kind === 'sqlite') {
    const readModel = join(dir, 'read-model.sqlite');
    removeSqlite(readModel);
    try {
      const figures = await runChild({ kind, eventStore, pageSize, readModel });
      onRows(sqliteRowCounts(readModel), statSync(readModel).size / 1024 ** 2);
      return figures;
    } finally {
      removeSqlite(readModel);
    }
  }
  const schema = benchSchema();
  try {
    const figures = await runChild({ kind, eventStore, pageSize, connectionString: url, schema });
    onRows(await withPostgres(url, (client) => postgresRowCounts(client, schema)), 0);
    return figures;
  } finally {
    await withPostgres(url, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  }
}

async function logPoint(
  context: BenchContext,
  events: number,
  repetitions: number,
  kinds: Kind[],
): Promise<LogPoint> {
  const pointStart = performance.now();
  const master = tempSqlite(`rebuild${events}`);
  try {
    const { ms: prefillMs, result: written } = await timed(() =>
      prefillHistory(master.path, events, context.options.seed),
    );
    context.log(
      `rebuild: ${whole(written)} events of history written in ${rate(prefillMs / 1000)} s`,
    );
    const runs = new Map<Kind, RebuildFigures[]>(kinds.map((kind) => [kind, []]));
    const rows: LogPoint['rows'] = {};
    let sqliteFileMiB = 0;
    for (let rep = 0; rep < repetitions; rep += 1) {
      // Interleaved, so that a change in the machine's load touches every kind alike.
      for (const kind of kinds) {
        const figures = await pass(context, kind, master.path, master.dir, (counts, fileMiB) => {
          if (kind !== 'baseline') rows[kind] = counts;
          if (kind === 'sqlite') sqliteFileMiB = fileMiB;
        });
        if (figures.events !== written || figures.head !== written) {
          throw new Error(
            `rebuild ${kind}: went through ${figures.events} of ${written} events (head ${figures.head})`,
          );
        }
        runs.get(kind)?.push(figures);
      }
      context.log(
        `rebuild rep ${rep + 1} at ${whole(written)} events: ` +
          kinds
            .map((kind) => {
              const last = runs.get(kind)?.at(-1);
              return last
                ? `${kind} ${whole((last.events * 1000) / last.ms)}/s, peak RSS ${rate(last.peakRssKiB / 1024)} MiB`
                : kind;
            })
            .join('; '),
      );
    }
    const passes: LogPoint['passes'] = {};
    for (const [kind, figures] of runs) {
      passes[kind] = {
        perSecond: median(figures.map((f) => (f.events * 1000) / f.ms)),
        seconds: median(figures.map((f) => f.ms / 1000)),
        peakMiB: Math.max(...figures.map((f) => f.peakRssKiB)) / 1024,
        beforeMiB: Math.max(...figures.map((f) => f.rssBeforeKiB)) / 1024,
        liveBeforeMiB: Math.max(...figures.map((f) => f.liveHeapBeforeKiB)) / 1024,
        liveAfterMiB: Math.max(...figures.map((f) => f.liveHeapAfterKiB)) / 1024,
      };
    }
    return {
      events: written,
      fileMiB: statSync(master.path).size / 1024 ** 2,
      prefillSeconds: prefillMs / 1000,
      seconds: (performance.now() - pointStart) / 1000,
      repetitions,
      passes,
      rows,
      sqliteFileMiB,
    };
  } finally {
    master.remove();
  }
}

/** "3 repetitions at 10,000 and 100,000 events, 1 at 1,000,000". */
function repetitionsText(points: LogPoint[]): string {
  const groups = new Map<number, number[]>();
  for (const point of points) {
    groups.set(point.repetitions, [...(groups.get(point.repetitions) ?? []), point.events]);
  }
  return [...groups]
    .map(([count, sizes], index) => {
      const what = index === 0 ? (count === 1 ? ' repetition' : ' repetitions') : '';
      const at = sizes.map(whole);
      const list = at.length > 1 ? `${at.slice(0, -1).join(', ')} and ${at[at.length - 1]}` : at[0];
      return `${count}${what} at ${list} events`;
    })
    .join(', ');
}

/**
 * How long the next log size will take with `repetitions`, from the last one done: everything
 * grows with the events (plus a margin), the passes with the repetitions too.
 */
function projectedSeconds(done: LogPoint[], events: number, repetitions: number): number {
  const last = done[done.length - 1];
  if (!last) return 0;
  const growth = events / last.events;
  // The timed parts grow with the log; each pass's child start-up (swc, modules, migrate) and
  // the schema's drop do not, and at small logs they are most of a pass.
  const timed = Object.values(last.passes).reduce((sum, pass) => sum + pass.seconds, 0);
  const perRepetition = (last.seconds - last.prefillSeconds) / last.repetitions;
  const fixed = Math.max(0, perRepetition - timed);
  return (last.prefillSeconds + timed * repetitions) * growth * 1.2 + fixed * repetitions;
}

function throughputTable(points: LogPoint[], kinds: Kind[]): ReportTable {
  return {
    caption: 'Rebuild throughput (baseline: reading and JSON-parsing the same log, same run)',
    header: [
      'events in the log',
      'log file (MiB)',
      'pass',
      'seconds',
      'events/s',
      'ratio to baseline',
      'peak RSS (MiB)',
    ],
    rows: points.flatMap((point) =>
      kinds.flatMap((kind) => {
        const figures = point.passes[kind];
        const base = point.passes.baseline;
        if (!figures || !base) return [];
        return [
          [
            kind === 'baseline' ? whole(point.events) : '',
            kind === 'baseline' ? rate(point.fileMiB) : '',
            LABEL[kind],
            twoFigures(figures.seconds),
            whole(figures.perSecond),
            kind === 'baseline' ? '1×' : ratio(figures.perSecond, base.perSecond),
            rate(figures.peakMiB),
          ],
        ];
      }),
    ),
  };
}

function memoryTable(points: LogPoint[], kinds: Kind[]): ReportTable {
  const first = points[0];
  return {
    caption:
      'Memory against the size of the log (ratio: peak RSS against the same pass on the ' +
      'smallest log; flat means the pass streams the log rather than holding it)',
    header: [
      'events in the log',
      'pass',
      'peak RSS (MiB)',
      'ratio',
      'RSS before the timed part (MiB)',
      'live heap after a full GC, before → after the timed part (MiB)',
    ],
    rows: points.flatMap((point) =>
      kinds.flatMap((kind) => {
        const figures = point.passes[kind];
        const base = first.passes[kind];
        if (!figures || !base) return [];
        return [
          [
            kind === kinds[0] ? whole(point.events) : '',
            LABEL[kind],
            rate(figures.peakMiB),
            ratio(figures.peakMiB, base.peakMiB),
            rate(figures.beforeMiB),
            `${rate(figures.liveBeforeMiB)} → ${rate(figures.liveAfterMiB)}`,
          ],
        ];
      }),
    ),
  };
}

/** Peak RSS and the heap held at the end, smallest log against largest, pass by pass. */
/** Heap held at the end may grow this much from the smallest log to the largest (MiB). */
const STREAMING_SLACK_MIB = 4;

function growthNote(points: LogPoint[], kinds: Kind[]): string[] {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || first === last) return [];
  let heldMore = 0;
  const parts = kinds.flatMap((kind) => {
    const small = first.passes[kind];
    const large = last.passes[kind];
    if (!small || !large) return [];
    heldMore = Math.max(heldMore, large.liveAfterMiB - small.liveAfterMiB);
    return [
      `${SHORT[kind]} peak RSS ${rate(small.peakMiB)} → ${rate(large.peakMiB)} MiB ` +
        `(${ratio(large.peakMiB, small.peakMiB)}), heap held at the end ` +
        `${rate(small.liveAfterMiB)} → ${rate(large.liveAfterMiB)} MiB`,
    ];
  });
  const verdict =
    heldMore <= STREAMING_SLACK_MIB
      ? `The heap held at the end did not grow with the log (at most ` +
        `${rate(Math.max(0, heldMore))} MiB more): no pass keeps the log, or anything per ` +
        `event, in memory. The rise in peak RSS is heap V8 grew before collecting garbage ` +
        `(and memory the drivers have not given back), not data held.`
      : `**The heap held at the end grew by up to ${rate(heldMore)} MiB with the log**: some ` +
        `pass keeps something per event.`;
  return [
    `From ${whole(first.events)} to ${whole(last.events)} events ` +
      `(${whole(last.events / first.events)}× the log): ${parts.join('; ')}. ${verdict}`,
  ];
}

function rowsNote(point: LogPoint): string {
  const sqlite = point.rows.sqlite ?? {};
  const postgres = point.rows.postgres;
  const listed = Object.entries(sqlite)
    .map(([table, count]) => `${table} ${whole(count)}`)
    .join(', ');
  const differences = postgres
    ? [...new Set([...Object.keys(sqlite), ...Object.keys(postgres)])]
        .filter((table) => sqlite[table] !== postgres[table])
        .map(
          (table) =>
            `${table}: SQLite ${sqlite[table] === undefined ? 'no table' : whole(sqlite[table])}, ` +
            `PostgreSQL ${postgres[table] === undefined ? 'no table' : whole(postgres[table])}`,
        )
    : [];
  const agreement = !postgres
    ? ''
    : differences.length === 0
      ? ' The PostgreSQL schema held the same number of rows in every table.'
      : ` **The dialects differ**: ${differences.join('; ')}.`;
  return (
    `Rows in the rebuilt read model at ${whole(point.events)} events: ${listed} ` +
    `(SQLite file ${rate(point.sqliteFileMiB)} MiB).${agreement}`
  );
}

export const rebuildMeasurement: Measurement = {
  name: 'rebuild',
  title: 'Read-model rebuild',
  profileKeys: ['rebuild'],

  async run(context) {
    const sizes = context.sizes.rebuild;
    const url = context.options.postgresUrl;
    const problem = await postgresProblem(url);
    const kinds = KINDS.filter((kind) => kind !== 'postgres' || problem === null);
    if (problem) context.log(`rebuild: PostgreSQL not reachable (${problem}); SQLite only`);
    const points: LogPoint[] = [];
    const skipped: string[] = [];
    for (const events of sizes.logSizes) {
      // Keep some of the budget for the profiles of missed targets, which run after this.
      const left = context.secondsLeft() - 0.15 * context.sizes.budgetSeconds;
      // The run's repetitions if they fit the budget, else one, else the size is skipped.
      const repetitions = [context.sizes.repetitions, 1].find(
        (count) => projectedSeconds(points, events, count) <= left,
      );
      if (repetitions === undefined) {
        skipped.push(
          `${whole(events)} events were skipped: about ` +
            `${Math.round(projectedSeconds(points, events, 1))} s of work with ` +
            `${Math.max(0, Math.round(context.secondsLeft()))} s left of the run's ` +
            `${context.sizes.budgetSeconds} s budget (\`--only rebuild\` gives it the whole budget).`,
        );
        continue;
      }
      points.push(await logPoint(context, events, repetitions, kinds));
    }
    const largest = points[points.length - 1];
    return {
      name: 'rebuild',
      title: 'Read-model rebuild',
      method: [
        `The SQL read model (every table SqlProjector writes, listed below with their rows) ` +
          `rebuilt from an empty start: the synthetic history of "Scaling" (48 agreements over ` +
          `three financial years, case journeys and month closes, seeded, not timed) is written to a SQLite ` +
          `event store in os.tmpdir(), then each pass runs in a child process of its ` +
          `own (\`node -r @swc-node/register\`, the same modules loaded in every pass), so the ` +
          `generator's memory is not counted. SQLite: as \`ledger rebuild\` does, SqliteReadModelWriter on a new file ` +
          `(WAL, freshRebuild: synchronous=OFF while projecting), migrate(), then catchUp(store, new SqlProjector(writer)) ` +
          `from position 0 to the head, ${whole(sizes.pageSize)} events per page and per ` +
          `transaction, the store opened read-only, and makeDurable() (synchronous=FULL, the WAL ` +
          `checkpointed whole, the file and its folder fsynced), timed too. PostgreSQL: the same into a fresh schema ` +
          `(\`bench_rebuild_<pid>_<n>\`, dropped afterwards) at ${redacted(url)}, on the same machine.`,
        `That history ends with every ended month of each agreement closed, in order (480 ` +
          `PeriodClosed events: 2023/24 and 2024/25 whole, 2025/26 April to September), after ` +
          `all of the case facts. Each close posts its month's accrued cost per placement and ` +
          `recognised saving per case, so the journal and statement tables grow with the number ` +
          `of cases, not only with the budget movements; the per-event tables (the agreements' ` +
          `facts, the case register) grow with every event. A close is one event with up to ` +
          `thousands of postings, so the log's last pages are far heavier than the rest.`,
        `Baseline: the same rows read straight from the event-store file with better-sqlite3 ` +
          `(every column, ${whole(sizes.pageSize)} rows per query, keyset paging on position) and ` +
          `JSON.parse of each row's data and metadata: the least any rebuild must do. Timed: ` +
          `from the first read to the last commit (not process start-up or migrate). Peak RSS: ` +
          `process.resourceUsage().maxRSS at the end of the child, the largest of the ` +
          `repetitions; events/s are medians (${repetitionsText(points)}, passes interleaved). The log file was just written, so it is read from the page cache.`,
        `Peak RSS counts garbage V8 has not collected yet as well as what the pass holds: V8 ` +
          `lets its heap grow before it collects, the more so the more a pass allocates. So each ` +
          `child (started with --expose-gc) also runs a full GC just before and just after its ` +
          `timed part and reports the heap still reachable: if the pass held the log, or ` +
          `anything per event, that figure would grow with the log.`,
      ],
      tables: [throughputTable(points, kinds), memoryTable(points, kinds)],
      targets: rebuildTargets(points, kinds),
      notes: [
        ...(problem
          ? [
              `PostgreSQL was not reachable at ${redacted(url)} (${problem}), so only SQLite was rebuilt.`,
            ]
          : []),
        ...skipped,
        ...growthNote(points, kinds),
        ...(largest
          ? [
              rowsNote(largest),
              `RSS before the timed part is the child's start-up: Node, swc compiling the ` +
                `TypeScript, the modules, the open databases. Filling the largest log ` +
                `(${whole(largest.events)} events, ${rate(largest.fileMiB)} MiB) took ` +
                `${rate(largest.prefillSeconds)} s; the whole point took ${Math.round(largest.seconds)} s.`,
            ]
          : []),
      ],
    };
  },

  /** A SQLite rebuild as `ledger rebuild` does it, in this process, of a smaller history. */
  async profile(context, _key, markStart) {
    const log = tempSqlite('rebuild-profile');
    const readModelFile = join(log.dir, 'read-model.sqlite');
    try {
      await prefillHistory(log.path, PROFILE_EVENTS, context.options.seed);
      const store = new SqliteEventStore(log.path, { readOnly: true });
      const writer = new SqliteReadModelWriter(readModelFile, { freshRebuild: true });
      try {
        await writer.migrate();
        markStart();
        await catchUp(store, new SqlProjector(writer));
        await writer.makeDurable();
      } finally {
        await writer.close();
        await store.close();
      }
    } finally {
      log.remove();
    }
  },
};

/** Events in the history the profile of the rebuild runs on. */
const PROFILE_EVENTS = 100_000;
const REBUILD_FLOOR = 150_000;
const REBUILD_RATIO_FLOOR = 0.3;
/** "Flat": peak RSS on the largest log at most this many times that on the smallest. */
const FLAT_RSS_CEILING = 1.5;

/** The targets, on the largest log rebuilt, for each read model. */
function rebuildTargets(points: LogPoint[], kinds: Kind[]): TargetResult[] {
  const first = points[0];
  const last = points[points.length - 1];
  const baseline = last?.passes.baseline;
  if (!first || !last || !baseline) return [];
  return kinds
    .filter((kind) => kind !== 'baseline')
    .flatMap((kind): TargetResult[] => {
      const pass = last.passes[kind];
      const small = first.passes[kind];
      if (!pass || !small) return [];
      const at = `at ${whole(last.events)} events`;
      const growth = pass.peakMiB / small.peakMiB;
      return [
        {
          target: `${SHORT[kind]} rebuild ≥ ${whole(REBUILD_FLOOR)} events/s ${at}`,
          measured: `${whole(pass.perSecond)} events/s`,
          met: pass.perSecond >= REBUILD_FLOOR,
          profileKey: 'rebuild',
        },
        {
          target: `${SHORT[kind]} rebuild ≥ ${Math.round(REBUILD_RATIO_FLOOR * 100)}% of read + JSON.parse ${at}`,
          measured:
            `${Math.round((pass.perSecond / baseline.perSecond) * 100)}% ` +
            `(${whole(pass.perSecond)} vs ${whole(baseline.perSecond)} events/s)`,
          met: pass.perSecond >= REBUILD_RATIO_FLOOR * baseline.perSecond,
          profileKey: 'rebuild',
        },
        {
          target:
            `${SHORT[kind]} rebuild peak RSS flat: ≤ ${FLAT_RSS_CEILING}× from ` +
            `${whole(first.events)} to ${whole(last.events)} events`,
          measured: `${rate(small.peakMiB)} → ${rate(pass.peakMiB)} MiB (${ratio(pass.peakMiB, small.peakMiB)})`,
          met: last !== first && growth <= FLAT_RSS_CEILING,
          profileKey: 'rebuild',
        },
      ];
    });
}
