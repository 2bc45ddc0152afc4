import type { EventStore } from '@ledger/event-store';
import { catchUp, type SqlProjector } from './sql-projector';

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

  /** Projects every event the store holds when the pass starts; resolves to the checkpoint. */
  catchUp(): Promise<number> {
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
