import { assertExpectedRevision } from '@ledger/event-store';
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
  Subscription,
} from '@ledger/event-store';

/**
 * An event store that reads through to the ledger's store but keeps every append in memory
 * until `commit`. All-or-nothing import runs every line through the ordinary command layer
 * against this overlay, so each line is decided on the state the earlier lines left, and then
 * writes the whole file in one atomic `appendToStreams`, or nothing.
 *
 * Staged events get provisional positions after the store's head; the real positions are
 * assigned at commit. The expected revision of each staged append is the one its stream had
 * in the store (or in the overlay), so a concurrent writer that touches the same streams in
 * the meantime makes the commit fail whole rather than interleave.
 */
export class StagedEventStore implements EventStore {
  readonly supportsMultiStreamAppend = true;
  /** The committed positions are the store's, so its promise is the one that holds. */
  readonly gapFreePositions: boolean;
  private readonly staged: StreamAppend[] = [];
  private readonly stagedByStream = new Map<string, RecordedEvent[]>();
  private readonly storeRevisions = new Map<string, number | null>();
  /** Streams read once from the store; staging never changes them, and commit re-checks. */
  private readonly storedStreams = new Map<string, RecordedEvent[]>();
  private nextPosition: number | null = null;

  constructor(private readonly store: EventStore) {
    this.gapFreePositions = store.gapFreePositions;
  }

  /** How many appends are waiting to be committed. */
  get stagedAppends(): number {
    return this.staged.length;
  }

  async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const current = await this.streamRevision(streamId);
    assertExpectedRevision(streamId, options.expectedRevision, current);
    const head = await this.provisionalHead();
    const recorded = events.map((event, index) => ({
      ...event,
      streamId,
      revision: (current ?? -1) + 1 + index,
      position: head + 1 + index,
      recordedAt: 'staged',
    }));
    this.nextPosition = head + events.length;
    // The key travels with the append, so the commit stores it in the same transaction.
    this.staged.push({
      streamId,
      events,
      options: { ...options, expectedRevision: current ?? 'no-stream' },
    });
    this.stagedByStream.set(streamId, [...(this.stagedByStream.get(streamId) ?? []), ...recorded]);
    const last = recorded[recorded.length - 1];
    return {
      streamId,
      nextExpectedRevision: last.revision,
      lastPosition: last.position,
      events: recorded,
    };
  }

  /** Writes every staged append in one atomic transaction of the underlying store. */
  commit(): Promise<AppendResult[]> {
    return this.store.appendToStreams(this.staged);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stored = await this.storedStream(streamId);
    const all = [...stored, ...(this.stagedByStream.get(streamId) ?? [])];
    const from = options.fromRevision ?? 0;
    const selected = all.filter((event) => event.revision >= from);
    return options.maxCount === undefined ? selected : selected.slice(0, options.maxCount);
  }

  async streamRevision(streamId: string): Promise<number | null> {
    const staged = this.stagedByStream.get(streamId);
    if (staged && staged.length > 0) return staged[staged.length - 1].revision;
    if (!this.storeRevisions.has(streamId)) {
      this.storeRevisions.set(streamId, await this.store.streamRevision(streamId));
    }
    return this.storeRevisions.get(streamId) ?? null;
  }

  /** Idempotency keys are not staged: a line's key is looked up in the real store only. */
  findAppendByIdempotencyKey(key: string): Promise<StoredIdempotentAppend | null> {
    return this.store.findAppendByIdempotencyKey(key);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }

  headPosition(): Promise<number> {
    return this.provisionalHead();
  }

  /**
   * A command that writes several streams (a successor's creation and its predecessor's link):
   * every expected revision is checked first, then each batch is staged in order, so the
   * overlay holds all of them or none; `commit` writes them with the rest of the file.
   */
  async appendToStreams(batches: StreamAppend[]): Promise<AppendResult[]> {
    for (const batch of batches) {
      const current = await this.streamRevision(batch.streamId);
      assertExpectedRevision(batch.streamId, batch.options.expectedRevision, current);
    }
    const results: AppendResult[] = [];
    for (const batch of batches) {
      results.push(await this.appendToStream(batch.streamId, batch.events, batch.options));
    }
    return results;
  }

  subscribeToAll(_options: unknown, _handler: EventHandler): Subscription {
    throw new Error('A staged store has no subscriptions');
  }

  ping(): Promise<void> {
    return this.store.ping();
  }

  /** The overlay never closes the store it reads through. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private async storedStream(streamId: string): Promise<RecordedEvent[]> {
    let stored = this.storedStreams.get(streamId);
    if (!stored) {
      stored = await this.store.readStream(streamId);
      this.storedStreams.set(streamId, stored);
    }
    return stored;
  }

  private async provisionalHead(): Promise<number> {
    if (this.nextPosition === null) this.nextPosition = await this.store.headPosition();
    return this.nextPosition;
  }
}
