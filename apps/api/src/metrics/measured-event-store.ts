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
} from '@ledger/event-store';

/**
 * The store the API's commands and imports append through: the same store, with each append's
 * latency told to `observe` (in seconds, as the caller waited for it: on SQLite its wait for
 * the group commit included), whether it succeeded or was refused. Whatever the store.
 */
export class MeasuredEventStore implements EventStore {
  constructor(
    private readonly store: EventStore,
    private readonly observe: (seconds: number) => void,
  ) {}

  get supportsMultiStreamAppend(): boolean {
    return this.store.supportsMultiStreamAppend;
  }

  get gapFreePositions(): boolean {
    return this.store.gapFreePositions;
  }

  appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return this.timed(() => this.store.appendToStream(streamId, events, options));
  }

  appendToStreams(batches: StreamAppend[]): Promise<AppendResult[]> {
    return this.timed(() => this.store.appendToStreams(batches));
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId, options);
  }

  streamRevision(streamId: string): Promise<number | null> {
    return this.store.streamRevision(streamId);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    return this.store.subscribeToAll(options, handler);
  }

  findAppendByIdempotencyKey(idempotencyKey: string): Promise<StoredIdempotentAppend | null> {
    return this.store.findAppendByIdempotencyKey(idempotencyKey);
  }

  ping(): Promise<void> {
    return this.store.ping();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private async timed<T>(append: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    try {
      return await append();
    } finally {
      this.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}
