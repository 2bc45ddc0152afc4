import type Database from 'better-sqlite3';
import type { Span } from '@opentelemetry/api';
import { type PreparedAppend, prepareAppend } from '../append/prepared-append';
import { toError } from '../append/to-error';
import { EventStoreUnavailableError } from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredIdempotentAppend,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { AppendSignal } from '../subscription/append-signal';
import { CatchUpSubscription } from '../subscription/catch-up-subscription';
import { GroupCommitQueue } from './group-commit-queue';
import { replayAppend } from './sqlite-append';
import { openEventStoreDatabase } from './sqlite-connection';
import { toStoreError } from './sqlite-errors';
import { defaultSqliteMigrationsDir } from './sqlite-migrations';
import {
  fromEventColumnsKeepingJson,
  fromEventRow,
  type EventColumns,
  NO_LIMIT,
  prepareStatements,
  type SqliteStatements,
} from './sqlite-statements';
import { SqliteWriter } from './sqlite-writer';
import { inLeafSpan, LedgerAttributes, ledgerTracer } from '../tracing';

const tracer = ledgerTracer('@ledger/event-store');
/** On each append's span: how many appends (calls) the group commit it joined held. */
export const GROUP_COMMIT_SIZE_ATTRIBUTE = 'ledger.group_commit.size';

export { recordedEventJson, type RecordedEventJson } from './sqlite-statements';

export interface SqliteEventStoreOptions {
  /** Server clock for `recordedAt`; tests inject a fixed one. */
  clock?: () => Date;
  /** How long a write waits for another process's transaction before failing (default 5000). */
  busyTimeoutMs?: number;
  /** How often subscriptions look for appends made by other processes (default 250). */
  pollIntervalMs?: number;
  /** Events per page when a subscription catches up (default 500). */
  catchUpPageSize?: number;
  /** Folder of the SQLite migrations (default: the repository's `migrations/sqlite`). */
  migrationsDir?: string;
  /**
   * Called after each committed group with the number of appends (calls) it held and how long
   * its transaction took, fsync included, in seconds: an observer for metrics.
   */
  onGroupCommit?: (appendCount: number, seconds: number) => void;
  /**
   * Open an existing, up-to-date file for reading only (`ledger verify`): nothing is created
   * or migrated, and appends fail with EventStoreUnavailableError. Default false.
   */
  readOnly?: boolean;
}

/**
 * The event store on one SQLite file (or ':memory:'). Appends go through a group-commit
 * queue; reads run directly on the connection. better-sqlite3 is synchronous, so a read
 * never runs in the middle of a write transaction of this process, and WAL gives it a
 * committed snapshot with respect to other processes: a reader never sees half an append.
 */
export class SqliteEventStore implements EventStore {
  readonly supportsMultiStreamAppend = true;
  readonly gapFreePositions = true;
  private readonly db: Database.Database;
  private readonly statements: SqliteStatements;
  private readonly writes: GroupCommitQueue<PreparedAppend[], AppendResult[]>;
  /** The span of each append waiting in the queue, to be told the size of its group. */
  private readonly waitingSpans = new WeakMap<PreparedAppend[], Span>();
  private readonly signal = new AppendSignal();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly pollIntervalMs: number;
  private readonly catchUpPageSize: number;
  private readonly readOnly: boolean;
  private closed = false;

  constructor(filePath: string, options: SqliteEventStoreOptions = {}) {
    this.readOnly = options.readOnly ?? false;
    this.db = openEventStoreDatabase(filePath, {
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
      migrationsDir: options.migrationsDir ?? defaultSqliteMigrationsDir(),
      readOnly: this.readOnly,
    });
    this.statements = prepareStatements(this.db);
    const writer = new SqliteWriter(this.db, this.statements, options.clock ?? (() => new Date()));
    this.writes = new GroupCommitQueue((group) => {
      for (const request of group) {
        this.waitingSpans.get(request)?.setAttribute(GROUP_COMMIT_SIZE_ATTRIBUTE, group.length);
      }
      const started = process.hrtime.bigint();
      const outcomes = writer.commitGroup(group);
      options.onGroupCommit?.(group.length, Number(process.hrtime.bigint() - started) / 1e9);
      this.signal.notify();
      return outcomes;
    });
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.catchUpPageSize = options.catchUpPageSize ?? 500;
  }

  async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamId, events, options }]);
    return result;
  }

  appendToStreams(batches: StreamAppend[]): Promise<AppendResult[]> {
    let prepared: PreparedAppend[];
    try {
      this.assertOpen();
      if (this.readOnly) {
        throw new EventStoreUnavailableError('The SQLite event store is open read-only');
      }
      prepared = batches.map(prepareAppend);
    } catch (error) {
      return rejectWith(error);
    }
    return prepared.length === 0 ? Promise.resolve([]) : this.enqueue(prepared);
  }

  /** Queues an append for the next group commit, in an `event-store.append` span. */
  private enqueue(prepared: PreparedAppend[]): Promise<AppendResult[]> {
    return inLeafSpan(tracer, 'event-store.append', {}, async (span) => {
      if (span.isRecording()) {
        span.setAttributes({
          'db.system.name': 'sqlite',
          [LedgerAttributes.EVENTS_COUNT]: prepared.reduce(
            (n, batch) => n + batch.events.length,
            0,
          ),
          ...(prepared.length === 1
            ? { [LedgerAttributes.STREAM_ID]: prepared[0].streamId }
            : { 'ledger.streams.count': prepared.length }),
        });
        this.waitingSpans.set(prepared, span);
      }
      const results = await this.writes.enqueue(prepared);
      if (span.isRecording() && results.length > 0) {
        // Reduced, not spread: a bulk import appends to thousands of streams in one call.
        span.setAttributes({
          [LedgerAttributes.FIRST_POSITION]: results.reduce(
            (first, result) => Math.min(first, result.events[0].position),
            Infinity,
          ),
          [LedgerAttributes.LAST_POSITION]: results.reduce(
            (last, result) => Math.max(last, result.lastPosition),
            0,
          ),
        });
      }
      return results;
    });
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.read(() =>
      this.statements.readStream
        .all(streamId, options.fromRevision ?? 0, options.maxCount ?? NO_LIMIT)
        .map(fromEventRow),
    );
  }

  streamRevision(streamId: string): Promise<number | null> {
    return this.read(() => this.statements.streamRevision.get(streamId) ?? null);
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.afterPosition ?? 0;
    const maxCount = options.maxCount ?? NO_LIMIT;
    return this.read(() =>
      (options.maxBytes === undefined
        ? this.statements.readAll.all(after, maxCount)
        : this.pageWithin(after, maxCount, options.maxBytes)
      ).map(fromEventColumnsKeepingJson),
    );
  }

  headPosition(): Promise<number> {
    return this.read(() => this.statements.head.get() ?? 0);
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    this.assertOpen();
    const subscription = new CatchUpSubscription(
      (page) => this.readAll(page),
      this.signal,
      { pageSize: this.catchUpPageSize, pollIntervalMs: this.pollIntervalMs },
      handler,
      options.afterPosition,
    );
    this.subscriptions.add(subscription);
    const forget = (): void => void this.subscriptions.delete(subscription);
    void subscription.done.then(forget, forget);
    return subscription;
  }

  findAppendByIdempotencyKey(idempotencyKey: string): Promise<StoredIdempotentAppend | null> {
    return this.read(() => {
      const stored = this.statements.findKey.get(idempotencyKey);
      if (stored === undefined) return null;
      const result = replayAppend(this.statements, stored);
      return { idempotencyKey, requestHash: stored.request_hash, result };
    });
  }

  ping(): Promise<void> {
    return this.read(() => void this.statements.ping.get());
  }

  /**
   * Stops the subscriptions, commits the appends already accepted, then closes the file.
   * Later calls throw EventStoreUnavailableError; closing twice is harmless.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.writes.flush();
    this.db.close();
  }

  /** Rows after `after` until `maxCount` of them or their data and metadata reach `maxBytes`. */
  private pageWithin(after: number, maxCount: number, maxBytes: number): EventColumns[] {
    const page: EventColumns[] = [];
    let bytes = 0;
    for (const row of this.statements.readAll.iterate(after, maxCount)) {
      page.push(row);
      // UTF-16 code units, not UTF-8 bytes: close enough to bound a page's memory.
      bytes += row[5].length + row[6].length;
      if (bytes >= maxBytes) break;
    }
    return page;
  }

  private read<T>(query: () => T): Promise<T> {
    try {
      this.assertOpen();
      return Promise.resolve(query());
    } catch (error) {
      return rejectWith(toStoreError(error));
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The SQLite event store is closed');
  }
}

function rejectWith<T>(error: unknown): Promise<T> {
  return Promise.reject(toError(error));
}
