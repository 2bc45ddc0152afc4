import type Database from 'better-sqlite3';
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
  /** Called after each committed group with the number of appends it held, for metrics. */
  onGroupCommit?: (appendCount: number) => void;
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
      const outcomes = writer.commitGroup(group);
      options.onGroupCommit?.(group.length);
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
    return prepared.length === 0 ? Promise.resolve([]) : this.writes.enqueue(prepared);
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
