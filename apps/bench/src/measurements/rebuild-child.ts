/**
 * One timed pass over a SQLite event store, in a process of its own so that its peak RSS is
 * its own (not the benchmark's, which has just generated the log). Started by the rebuild
 * measurement with `fork(..., { execArgv: ['-r', '@swc-node/register'] })`; talks over IPC:
 * - parent → {type: 'run', job}: do the job once, answer 'done' (or 'failed'), then exit.
 *
 * Jobs:
 * - `sqlite`: a fresh SQLite read model as `ledger rebuild` writes one (SqliteReadModelWriter
 *   on a new file with `freshRebuild`, migrate), `catchUp(store, new SqlProjector(writer))`
 *   from position 0 to the head, then `makeDurable()` (the checkpoint and fsyncs that make it
 *   all durable), both timed;
 * - `postgres`: the same into a fresh PostgreSQL schema (the parent names it and drops it);
 * - `baseline`: the same event rows read straight from the file with better-sqlite3, a page at
 *   a time, and JSON.parse of each row's data and metadata: what any rebuild must at least do.
 *
 * Every job loads the same modules, so the peak RSS figures differ by the work, not the code.
 * Started with --expose-gc, to measure the heap still reachable after a full GC.
 */
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store';
import {
  catchUp,
  PostgresReadModelWriter,
  SqliteReadModelWriter,
  SqlProjector,
  type ReadModelWriter,
} from '@ledger/read-model/sql';

export type RebuildJob =
  | { kind: 'baseline'; eventStore: string; pageSize: number }
  | { kind: 'sqlite'; eventStore: string; pageSize: number; readModel: string }
  | {
      kind: 'postgres';
      eventStore: string;
      pageSize: number;
      connectionString: string;
      schema: string;
    };

export interface RebuildFigures {
  kind: RebuildJob['kind'];
  /** Events read (baseline) or applied (the checkpoint after the catch-up). */
  events: number;
  /** The timed part: from the first read to the last commit. */
  ms: number;
  /** process.resourceUsage().maxRSS (KiB) just before the timed part: start-up, modules, migrate. */
  rssBeforeKiB: number;
  /** process.resourceUsage().maxRSS (KiB) at the end: the process's peak. */
  peakRssKiB: number;
  /** V8 heap in use (KiB) after a full GC just before the timed part, and at its end. */
  liveHeapBeforeKiB: number;
  liveHeapAfterKiB: number;
  /** The log's head when the job started. */
  head: number;
}

export type RebuildRequest = { type: 'run'; job: RebuildJob };
export type RebuildReply =
  { type: 'done'; figures: RebuildFigures } | { type: 'failed'; message: string };

interface StoredRow {
  position: number;
  data: string;
  metadata: string;
}

function maxRssKiB(): number {
  return process.resourceUsage().maxRSS;
}

/**
 * The heap still reachable: a full GC first (the parent starts us with --expose-gc), so what
 * is left is what the pass holds, not garbage V8 has not collected yet.
 */
function liveHeapKiB(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('start the rebuild child with --expose-gc');
  collect();
  return Math.round(process.memoryUsage().heapUsed / 1024);
}

/** Runs the timed part between two measurements of memory. */
async function measured<T>(work: () => Promise<T> | T) {
  const liveHeapBeforeKiB = liveHeapKiB();
  const rssBeforeKiB = maxRssKiB();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  const peakRssKiB = maxRssKiB();
  return {
    result,
    ms,
    rssBeforeKiB,
    peakRssKiB,
    liveHeapBeforeKiB,
    liveHeapAfterKiB: liveHeapKiB(),
  };
}

/** Reads and parses every row after position 0, `pageSize` rows per query (keyset paging). */
async function baseline(job: Extract<RebuildJob, { kind: 'baseline' }>): Promise<RebuildFigures> {
  const db = new Database(job.eventStore, { readonly: true });
  try {
    const head =
      db.prepare<[], number>('SELECT COALESCE(MAX(position), 0) FROM events').pluck().get() ?? 0;
    // Every column, as the store reads them; keyset paging on the rowid, as readAll does.
    const page = db.prepare<[number, number], StoredRow>(
      'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    let parsed = 0;
    const { result: events, ...figures } = await measured(() => {
      let read = 0;
      for (let after = 0; ;) {
        const rows = page.all(after, job.pageSize);
        if (rows.length === 0) return read;
        for (const row of rows) {
          const data = JSON.parse(row.data) as Record<string, unknown>;
          const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
          // Use the result, so the parse cannot be left out.
          if (data !== null && metadata !== null) parsed += 1;
        }
        read += rows.length;
        after = rows[rows.length - 1].position;
      }
    });
    if (parsed !== events) throw new Error(`parsed ${parsed} of ${events} rows`);
    return { kind: 'baseline', events, head, ...figures };
  } finally {
    db.close();
  }
}

async function rebuild(job: Exclude<RebuildJob, { kind: 'baseline' }>): Promise<RebuildFigures> {
  const store = new SqliteEventStore(job.eventStore, { readOnly: true });
  const sqlite =
    job.kind === 'sqlite' ? new SqliteReadModelWriter(job.readModel, { freshRebuild: true }) : null;
  const writer: ReadModelWriter =
    job.kind === 'sqlite'
      ? (sqlite as SqliteReadModelWriter)
      : new PostgresReadModelWriter({ connectionString: job.connectionString, schema: job.schema });
  try {
    await writer.migrate();
    const head = await store.headPosition();
    const projector = new SqlProjector(writer);
    const { result: events, ...figures } = await measured(async () => {
      const applied = await catchUp(store, projector, { batchSize: job.pageSize, upTo: head });
      await sqlite?.makeDurable();
      return applied;
    });
    return { kind: job.kind, events, head, ...figures };
  } finally {
    await writer.close();
    await store.close();
  }
}

function run(job: RebuildJob): Promise<RebuildFigures> {
  return job.kind === 'baseline' ? baseline(job) : rebuild(job);
}

// Never outlive the benchmark that started us.
process.once('disconnect', () => process.exit(1));
process.once('message', (request: RebuildRequest) => {
  run(request.job).then(
    (figures) => {
      process.send?.({ type: 'done', figures } satisfies RebuildReply, () => process.exit(0));
    },
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.send?.({ type: 'failed', message } satisfies RebuildReply, () => process.exit(1));
    },
  );
});
