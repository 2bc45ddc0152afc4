import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { inLeafSpan, LedgerAttributes, ledgerTracer } from '@ledger/event-store/tracing';
import {
  LEDGER_PROJECTOR,
  type CommitResult,
  type ReadModelWriter,
} from './read-model-writer.port';
import { assertIncreasing, planBatch, projectEvent, type ProjectedEvent } from './read-model-rows';

const tracer = ledgerTracer('@ledger/read-model');

/** Events per transaction by default: large enough for throughput, small enough to retry. */
export const DEFAULT_BATCH_SIZE = 500;

/** Stored text per page of the log at most, unless one event holds more (see catchUp). */
export const DEFAULT_PAGE_BYTES = 4 * 1024 * 1024;

/** Postings per transaction at most, unless one event posts more (an event is never split). */
export const MAX_POSTINGS_PER_COMMIT = 10_000;

export interface SqlProjectorOptions {
  /** The name the checkpoint is kept under (default `LEDGER_PROJECTOR`). */
  name?: string;
  /**
   * Whether the log's positions are gap-free: pass the store's `gapFreePositions` (default
   * true). With it a batch that would skip a position is refused, so a lost event is caught;
   * without it (EventStoreDB's sparse positions) positions need only strictly increase.
   */
  gapFreePositions?: boolean;
  /** Postings per transaction at most (default MAX_POSTINGS_PER_COMMIT); an event is never split. */
  maxPostingsPerCommit?: number;
}

/**
 * Folds recorded events into the SQL read model. Each batch is one transaction holding its
 * postings, its balance changes and the new checkpoint, so an event at or below the checkpoint
 * (a redelivery after a crash or a reconnect) is skipped and every event is applied exactly once.
 * Postings come from the read side's `postingsOf`, the same derivation the pure folds use.
 */
export class SqlProjector {
  readonly name: string;
  readonly gapFreePositions: boolean;
  readonly maxPostingsPerCommit: number;

  constructor(
    readonly writer: ReadModelWriter,
    options: SqlProjectorOptions = {},
  ) {
    this.name = options.name ?? LEDGER_PROJECTOR;
    this.gapFreePositions = options.gapFreePositions ?? true;
    this.maxPostingsPerCommit = options.maxPostingsPerCommit ?? MAX_POSTINGS_PER_COMMIT;
  }

  /**
   * Events in position order; any at or below the checkpoint are skipped. A batch whose events
   * post more than `maxPostingsPerCommit` is committed in parts (each event whole, each part
   * with its checkpoint), so a page of period closes, thousands of postings each, never holds
   * millions of rows in memory or in one transaction.
   *
   * One `read-model.apply_batch` span: the events and positions given, the events applied
   * (the others were at or below the checkpoint) and the checkpoint reached.
   */
  applyBatch(events: readonly RecordedEvent[]): Promise<CommitResult> {
    const attributes = {
      'ledger.read_model.projector': this.name,
      [LedgerAttributes.EVENTS_COUNT]: events.length,
      ...(events.length > 0 && {
        [LedgerAttributes.FIRST_POSITION]: events[0].position,
        [LedgerAttributes.LAST_POSITION]: events[events.length - 1].position,
      }),
    };
    return inLeafSpan(tracer, 'read-model.apply_batch', { attributes }, async (span) => {
      const result = await this.applyInParts(events);
      span.setAttributes({
        'ledger.read_model.applied': result.applied,
        'ledger.read_model.checkpoint': result.checkpoint,
      });
      return result;
    });
  }

  private async applyInParts(events: readonly RecordedEvent[]): Promise<CommitResult> {
    if (!this.gapFreePositions) assertIncreasing(events);
    let part: ProjectedEvent[] = [];
    let postings = 0;
    let applied = 0;
    for (const event of events) {
      // Derive the rows before the transaction opens, so it stays short.
      const projected = projectEvent(event);
      if (part.length > 0 && postings + projected.postings.length > this.maxPostingsPerCommit) {
        applied += (await this.commit(part)).applied;
        part = [];
        postings = 0;
      }
      part.push(projected);
      postings += projected.postings.length;
    }
    const last = await this.commit(part);
    return { checkpoint: last.checkpoint, applied: applied + last.applied };
  }

  private commit(events: readonly ProjectedEvent[]): Promise<CommitResult> {
    const options = { gapFreePositions: this.gapFreePositions };
    return this.writer.commit(this.name, (checkpoint) => planBatch(events, checkpoint, options));
  }

  checkpoint(): Promise<number> {
    return this.writer.checkpoint(this.name);
  }
}

export interface CatchUpOptions {
  batchSize?: number;
  /**
   * A page ends early once its events' stored text reaches this many bytes (default
   * DEFAULT_PAGE_BYTES), where the store can tell: the memory a page takes stays bounded
   * however large single events grow (a national agreement's period close is megabytes).
   */
  maxPageBytes?: number;
  /** Stop at this position (default: the head when the catch-up starts). */
  upTo?: number;
  /** Called after each committed batch. */
  onProgress?: (progress: { checkpoint: number; upTo: number }) => void;
}

/**
 * Reads the log from the projector's checkpoint, a page of `batchSize` events per transaction,
 * up to `upTo` (the head as it stood at the start by default). Nothing is computed from
 * positions (EventStoreDB's are sparse): each page is read after the checkpoint, and the events
 * past `upTo` are left for later. Used by `ledger rebuild`, the embedded API's inline
 * projection and the tests; the projector process follows the store's subscription instead.
 * Resolves to the checkpoint.
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
    const page = await store.readAll({
      afterPosition: checkpoint,
      maxCount: batchSize,
      maxBytes: options.maxPageBytes ?? DEFAULT_PAGE_BYTES,
    });
    const events = page.filter((event) => event.position <= upTo);
    if (events.length === 0) break;
    checkpoint = (await projector.applyBatch(events)).checkpoint;
    options.onProgress?.({ checkpoint, upTo });
    if (events.length < page.length) break;
  }
  return checkpoint;
}
