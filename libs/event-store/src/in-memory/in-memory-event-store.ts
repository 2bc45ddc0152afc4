import { copyJson, prepareAppend } from '../append/prepared-append';
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
import { InMemoryLog } from './in-memory-log';

export interface InMemoryEventStoreOptions {
  /** Server clock for `recordedAt`; tests inject a fixed one. */
  clock?: () => Date;
  /** Events per page when a subscription catches up (default 500). */
  catchUpPageSize?: number;
}

/**
 * The event store in process memory, for unit tests and demos. Each append runs start to
 * finish without yielding, so it is atomic and ordered without locks. Callers get deep
 * copies, so nothing they hold can change the log.
 */
export class InMemoryEventStore implements EventStore {
  readonly supportsMultiStreamAppend: boolean = true;
  readonly gapFreePositions = true;
  private readonly log = new InMemoryLog();
  private readonly signal = new AppendSignal();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly clock: () => Date;
  private readonly catchUpPageSize: number;
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
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
    return this.whileOpen(() => {
      const prepared = batches.map(prepareAppend);
      const recordedAt = this.clock().toISOString();
      const results = this.log.atomically(() =>
        prepared.map((batch) => this.log.append(batch, recordedAt)),
      );
      this.signal.notify();
      return copyJson(results);
    });
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.whileOpen(() => {
      const from = options.fromRevision ?? 0;
      const events = this.log.stream(streamId).slice(from, from + (options.maxCount ?? Infinity));
      return copyJson(events);
    });
  }

  streamRevision(streamId: string): Promise<number | null> {
    return this.whileOpen(() => this.log.streamRevision(streamId));
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.whileOpen(() =>
      copyJson(this.log.slice(options.afterPosition ?? 0, options.maxCount ?? Infinity)),
    );
  }

  headPosition(): Promise<number> {
    return this.whileOpen(() => this.log.head);
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    this.assertOpen();
    const subscription = new CatchUpSubscription(
      (page) => this.readAll(page),
      this.signal,
      { pageSize: this.catchUpPageSize, pollIntervalMs: null },
      handler,
      options.afterPosition,
    );
    this.subscriptions.add(subscription);
    const forget = (): void => void this.subscriptions.delete(subscription);
    void subscription.done.then(forget, forget);
    return subscription;
  }

  findAppendByIdempotencyKey(idempotencyKey: string): Promise<StoredIdempotentAppend | null> {
    return this.whileOpen(() => {
      const stored = this.log.findKey(idempotencyKey);
      return stored === null ? null : copyJson({ idempotencyKey, ...stored });
    });
  }

  ping(): Promise<void> {
    return this.whileOpen(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  /** Runs synchronously, so the work is atomic; a closed store rejects like a lost server. */
  private whileOpen<T>(work: () => T): Promise<T> {
    try {
      this.assertOpen();
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(toError(error));
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('The in-memory event store is closed');
  }
}
