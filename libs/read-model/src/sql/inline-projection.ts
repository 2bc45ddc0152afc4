import type {
  AppendResult,
  EventHandler,
  EventStore,
  ReadAllOptions,
  RecordedEvent,
  StoredIdempotentAppend,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '@ledger/event-store';
import { inLeafSpan, inSpan, ledgerTracer } from '@ledger/event-store/tracing';
import { catchUp, type SqlProjector } from './sql-projector';

const tracer = ledgerTracer('@ledger/read-model');

/**
 * The embedded read model's projector: it runs in the API's own process, right after each
 * append and before each head read, so a write is visible to the next read without a separate
 * projector process. Callers that arrive together share one pass: a caller joins the pass that
 * is queued and not started yet (it will read the head after the caller's append), and queues
 * one behind a running pass (which may have read the head before it).
 */
export class InlineProjection {
  private queued: Promise<number> | null = null;
  private latest: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly store: EventStore,
    readonly projector: SqlProjector,
  ) {}

  /**
   * Projects every event the store holds when the pass starts; resolves to the checkpoint. A
   * caller that joins a pass another queued sees `ledger.read_model.joined_pass` on its
   * `read-model.project` span; the pass's own spans (`read-model.apply_batch`) are in the trace
   * of the caller that queued it.
   */
  catchUp(): Promise<number> {
    // A caller that joins a queued pass starts no span of its own inside it: a leaf, cheaper.
    const joining = this.queued !== null;
    return (joining ? inLeafSpan : inSpan)(tracer, 'read-model.project', {}, async (span) => {
      span.setAttribute('ledger.read_model.joined_pass', joining);
      const checkpoint = await this.pass();
      span.setAttribute('ledger.read_model.checkpoint', checkpoint);
      return checkpoint;
    });
  }

  private pass(): Promise<number> {
    if (this.queued) return this.queued;
    const pass = this.latest
      .catch(() => 0)
      .then(() => {
        this.queued = null;
        return catchUp(this.store, this.projector);
      });
    this.queued = pass;
    this.latest = pass;
    return pass;
  }
}

/**
 * The log, with every append followed by the inline projection: the append resolves once its
 * events are in the read model too, so a write acknowledged by the API is visible to the next
 * read. The append is durable before the projection starts; if the projection then fails, the
 * write still stands (the log is the truth) and the failure is reported to `onProjectionError`:
 * the next read catches up again before it answers.
 */
export class InlineProjectingStore implements EventStore {
  readonly supportsMultiStreamAppend: boolean;
  readonly gapFreePositions: boolean;

  constructor(
    private readonly store: EventStore,
    private readonly inline: InlineProjection,
    private readonly onProjectionError: (error: unknown) => void,
  ) {
    this.supportsMultiStreamAppend = store.supportsMultiStreamAppend;
    this.gapFreePositions = store.gapFreePositions;
  }

  async appendToStream(...args: Parameters<EventStore['appendToStream']>): Promise<AppendResult> {
    const result = await this.store.appendToStream(...args);
    await this.project();
    return result;
  }

  async appendToStreams(batches: StreamAppend[]): Promise<AppendResult[]> {
    const results = await this.store.appendToStreams(batches);
    await this.project();
    return results;
  }

  readStream(...args: Parameters<EventStore['readStream']>): Promise<RecordedEvent[]> {
    return this.store.readStream(...args);
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

  private async project(): Promise<void> {
    try {
      await this.inline.catchUp();
    } catch (error) {
      this.onProjectionError(error);
    }
  }
}
