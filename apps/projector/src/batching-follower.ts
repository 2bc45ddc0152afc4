import type { EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import type { SqlProjector } from '@ledger/read-model/sql';

export interface FollowerOptions {
  batchSize: number;
  /** How long a partial batch waits for more events before it is written, in ms. */
  lingerMs?: number;
  /**
   * Called after each committed batch: the new checkpoint, the events applied, and how long the
   * batch's write took, in seconds.
   */
  onCommit?: (progress: { checkpoint: number; applied: number; seconds: number }) => void;
}

/**
 * Follows the store's subscription from the projector's checkpoint and writes the events in
 * batches: a batch is written when it is full (the handler waits for it, so a catch-up is held
 * back while a transaction runs) or when no event has come for `lingerMs`. Writes are chained,
 * one at a time, in position order. A failed write ends delivery: `done` rejects with it, and
 * the checkpoint in the read model says where a restart resumes.
 */
export class BatchingFollower {
  private buffer: RecordedEvent[] = [];
  private writes: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private subscription: Subscription | null = null;
  private failure: ((error: unknown) => void) | null = null;
  /** Settles when delivery ends: on stop(), or with the first error. */
  done: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly projector: SqlProjector,
    private readonly options: FollowerOptions,
  ) {}

  async start(): Promise<number> {
    const checkpoint = await this.projector.checkpoint();
    const failed = new Promise<never>((_, reject) => {
      this.failure = reject;
    });
    this.subscription = this.store.subscribeToAll({ afterPosition: checkpoint }, (event) =>
      this.handle(event),
    );
    this.done = Promise.race([this.subscription.done, failed]);
    return checkpoint;
  }

  /** Stops delivery, then writes what is buffered. */
  async stop(): Promise<void> {
    await this.subscription?.stop();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async handle(event: RecordedEvent): Promise<void> {
    this.buffer.push(event);
    if (this.buffer.length >= this.options.batchSize) {
      await this.flush();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.flush().catch((error: unknown) => this.failure?.(error));
      }, this.options.lingerMs ?? 20);
    }
  }

  private flush(): Promise<void> {
    if (this.buffer.length === 0) return this.writes;
    const batch = this.buffer;
    this.buffer = [];
    this.writes = this.writes.then(async () => {
      const started = process.hrtime.bigint();
      const result = await this.projector.applyBatch(batch);
      this.options.onCommit?.({
        ...result,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    });
    return this.writes;
  }
}
