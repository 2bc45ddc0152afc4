/**
 * Tests the contract itself, not an adapter: its capability-off branches (the weaker promises
 * of `gapFreePositions`, `hashChainAtAppend`, `uniqueEventIds` and `multiStreamAppend` set to
 * false) must pass on a store that has exactly those capabilities off, so that they are known
 * to be coherent before they ever meet a server. No EventStoreDB server runs where this suite
 * was written, so without this the EventStoreDB branch of the contract would never run at all.
 *
 * The store under test is the in-memory store behind a wrapper that takes capabilities away:
 * it spends positions sparsely (not from 1, with gaps) and refuses any checkpoint that is not
 * 0 or one of its positions (as EventStoreDB refuses a read from a number that is not a record
 * position), records no hash chain, answers an identical retried append with its original
 * result (as EventStoreDB's idempotency check does), and refuses multi-stream appends. It says
 * nothing about EventStoreDB itself: eventstoredb-event-store.int.spec.ts runs the contract
 * against a real server.
 */
import { appendResultOf } from '../append/append-result';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../event-store.errors';
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
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { describeEventStoreContract } from './event-store.contract';

const OFFSET = 1_000;
const STRIDE = 97;

/** A store with the named capabilities taken away; see the file comment. */
class StoreWithoutCapabilities implements EventStore {
  readonly supportsMultiStreamAppend = false;
  readonly gapFreePositions = false;

  constructor(private readonly inner: InMemoryEventStore) {}

  async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    try {
      return this.toOuterResult(await this.inner.appendToStream(streamId, events, options));
    } catch (error) {
      const retried = await this.asRetry(error, streamId, events, options);
      if (retried === null) throw error;
      return retried;
    }
  }

  appendToStreams(batches: StreamAppend[]): Promise<AppendResult[]> {
    void batches;
    return Promise.reject(new Error('This store cannot append to several streams at once'));
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(streamId, options)).map(toOuter);
  }

  streamRevision(streamId: string): Promise<number | null> {
    return this.inner.streamRevision(streamId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const afterPosition = toInnerPosition(options.afterPosition ?? 0);
    return (await this.inner.readAll({ ...options, afterPosition })).map(toOuter);
  }

  async headPosition(): Promise<number> {
    return toOuterPosition(await this.inner.headPosition());
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler): Subscription {
    return this.inner.subscribeToAll(
      { afterPosition: toInnerPosition(options.afterPosition) },
      (event) => handler(toOuter(event)),
    );
  }

  async findAppendByIdempotencyKey(key: string): Promise<StoredIdempotentAppend | null> {
    const stored = await this.inner.findAppendByIdempotencyKey(key);
    return stored === null ? null : { ...stored, result: this.toOuterResult(stored.result) };
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /**
   * A refused append whose events are already in the stream, in order, right after the
   * revision it expected: a retry, answered with the original result.
   */
  private async asRetry(
    error: unknown,
    streamId: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult | null> {
    const refused =
      error instanceof DuplicateEventIdError || error instanceof WrongExpectedRevisionError;
    const { expectedRevision } = options;
    if (!refused || (typeof expectedRevision !== 'number' && expectedRevision !== 'no-stream')) {
      return null;
    }
    const fromRevision = expectedRevision === 'no-stream' ? 0 : expectedRevision + 1;
    const stored = await this.readStream(streamId, { fromRevision, maxCount: events.length });
    const same =
      stored.length === events.length &&
      stored.every((event, index) => event.eventId === events[index].eventId);
    return same ? appendResultOf(streamId, stored) : null;
  }

  private toOuterResult(result: AppendResult): AppendResult {
    return appendResultOf(result.streamId, result.events.map(toOuter));
  }
}

function toOuterPosition(position: number): number {
  return position === 0 ? 0 : OFFSET + STRIDE * position;
}

function toInnerPosition(position: number): number {
  if (position === 0) return 0;
  const inner = (position - OFFSET) / STRIDE;
  if (!Number.isSafeInteger(inner) || inner < 1) {
    throw new RangeError(`${position} is not a position this store handed out`);
  }
  return inner;
}

/** The event as this store records it: its own position, and no hash chain. */
function toOuter(event: RecordedEvent): RecordedEvent {
  const metadata = { ...event.metadata };
  delete metadata.hashChain;
  return { ...event, position: toOuterPosition(event.position), metadata };
}

describeEventStoreContract(
  'a store without gap-free positions, hash chain, unique ids or multi-stream appends',
  () => {
    const store = new StoreWithoutCapabilities(new InMemoryEventStore());
    return Promise.resolve({ store, cleanup: () => store.close() });
  },
  {
    gapFreePositions: false,
    hashChainAtAppend: false,
    uniqueEventIds: false,
    multiStreamAppend: false,
  },
);
