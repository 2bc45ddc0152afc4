import type { EventStore, RecordedEvent } from '@ledger/event-store';
import {
  LEDGER_PROJECTOR,
  type CommitResult,
  type ReadModelWriter,
} from './read-model-writer.port';
import { planBatch, projectEvent } from './read-model-rows';

/** Events per transaction by default: large enough for throughput, small enough to retry. */
export const DEFAULT_BATCH_SIZE = 500;

/**
 * Folds recorded events into the SQL read model. Each batch is one transaction holding its
 * postings, its balance changes and the new checkpoint, so an event at or below the checkpoint
 * (a redelivery after a crash or a reconnect) is skipped and every event is applied exactly once.
 * Postings come from the read side's `postingsOf`, the same derivation the pure folds use.
 */
export class SqlProjector {
  constructor(
    readonly writer: ReadModelWriter,
    readonly name: string = LEDGER_PROJECTOR,
  ) {}

  /** Events in position order; any at or below the checkpoint are skipped. */
  applyBatch(events: readonly RecordedEvent[]): Promise<CommitResult> {
    // Derive the rows before the transaction opens, so it stays short.
    const projected = events.map(projectEvent);
    return this.writer.commit(this.name, (checkpoint) => planBatch(projected, checkpoint));
  }

  checkpoint(): Promise<number> {
    return this.writer.checkpoint(this.name);
  }
}

export interface CatchUpOptions {
  batchSize?: number;
  /** Stop at this position (default: the head when the catch-up starts). */
  upTo?: number;
  /** Called after each committed batch. */
  onProgress?: (progress: { checkpoint: number; upTo: number }) => void;
}

/**
 * Reads the log from the projector's checkpoint, a page per transaction, up to `upTo` (the
 * head as it stood at the start by default). Used by `ledger rebuild` and the tests; the
 * projector process follows the store's subscription instead. Resolves to the checkpoint.
 */
export async function catchUp(
  store: EventStore,
  projector: SqlProjector,
  options: CatchUpOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const upTo = options.upTo ?? (await store.headPosition());
  let checkpoint = await projector.checkpoint();
  while (checkpoint < upTo) {
    const events = await store.readAll({
      afterPosition: checkpoint,
      maxCount: Math.min(batchSize, upTo - checkpoint),
    });
    if (events.length === 0) break;
    checkpoint = (await projector.applyBatch(events)).checkpoint;
    options.onProgress?.({ checkpoint, upTo });
  }
  return checkpoint;
}
