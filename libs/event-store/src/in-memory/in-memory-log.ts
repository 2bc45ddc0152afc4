import { appendResultOf } from '../append/append-result';
import { assertExpectedRevision } from '../append/expected-revision';
import { assertSameRequest, requestHashOf } from '../append/idempotency';
import {
  chainedRecordedEvent,
  type EventPlacement,
  type PreparedAppend,
  type SerializedEvent,
} from '../append/prepared-append';
import { DuplicateEventIdError } from '../event-store.errors';
import type { AppendResult, RecordedEvent } from '../event-store.port';

interface StoredKey {
  requestHash: string;
  streamId: string;
  firstPosition: number;
  lastPosition: number;
}

/**
 * The log kept in arrays. Every change is an append, so `atomically` can undo a failed
 * multi-stream write by replaying a journal of inverse steps, leaving no trace and no gap.
 */
export class InMemoryLog {
  private readonly events: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly eventIds = new Set<string>();
  private readonly keys = new Map<string, StoredKey>();
  private undoJournal: (() => void)[] = [];

  get head(): number {
    return this.events.length;
  }

  atomically<T>(write: () => T): T {
    this.undoJournal = [];
    try {
      return write();
    } catch (error) {
      for (const undo of this.undoJournal.reverse()) undo();
      throw error;
    } finally {
      this.undoJournal = [];
    }
  }

  append(batch: PreparedAppend, recordedAt: string): AppendResult {
    const key = batch.options.idempotencyKey;
    const stored = key === undefined ? undefined : this.keys.get(key);
    if (key !== undefined && stored !== undefined) {
      assertSameRequest(key, stored.requestHash, batch.options);
      return this.replay(stored);
    }
    const actual = this.streamRevision(batch.streamId);
    assertExpectedRevision(batch.streamId, batch.options.expectedRevision, actual);
    const recorded = batch.events.map((event, index) =>
      this.record(event, {
        streamId: batch.streamId,
        revision: (actual ?? -1) + 1 + index,
        position: this.head + 1,
        recordedAt,
      }),
    );
    const result = appendResultOf(batch.streamId, recorded);
    if (key !== undefined) this.rememberKey(key, requestHashOf(batch.options), result);
    return result;
  }

  streamRevision(streamId: string): number | null {
    const stream = this.streams.get(streamId);
    return stream === undefined ? null : stream.length - 1;
  }

  stream(streamId: string): readonly RecordedEvent[] {
    return this.streams.get(streamId) ?? [];
  }

  /** Events with position in (afterPosition, afterPosition + maxCount]; positions are indexes + 1. */
  slice(afterPosition: number, maxCount: number): RecordedEvent[] {
    return this.events.slice(afterPosition, afterPosition + maxCount);
  }

  findKey(key: string): { requestHash: string; result: AppendResult } | null {
    const stored = this.keys.get(key);
    return stored === undefined
      ? null
      : { requestHash: stored.requestHash, result: this.replay(stored) };
  }

  private replay(stored: StoredKey): AppendResult {
    const events = this.events.slice(stored.firstPosition - 1, stored.lastPosition);
    return appendResultOf(stored.streamId, events);
  }

  /** Records the event with its hash-chain link to the stream's previous event. */
  private record(event: SerializedEvent, placement: EventPlacement): RecordedEvent {
    if (this.eventIds.has(event.eventId)) throw new DuplicateEventIdError(event.eventId);
    const stream = this.streams.get(placement.streamId) ?? [];
    const previous = stream[stream.length - 1];
    const recorded = chainedRecordedEvent(
      event,
      placement,
      previous?.metadata.hashChain?.hash ?? null,
    );
    this.streams.set(placement.streamId, stream);
    stream.push(recorded);
    this.events.push(recorded);
    this.eventIds.add(event.eventId);
    this.undoJournal.push(() => this.forget(recorded));
    return recorded;
  }

  private forget(recorded: RecordedEvent): void {
    this.events.pop();
    this.eventIds.delete(recorded.eventId);
    const stream = this.streams.get(recorded.streamId) ?? [];
    stream.pop();
    if (stream.length === 0) this.streams.delete(recorded.streamId);
  }

  private rememberKey(key: string, requestHash: string, result: AppendResult): void {
    const firstPosition = result.lastPosition - result.events.length + 1;
    this.keys.set(key, {
      requestHash,
      streamId: result.streamId,
      firstPosition,
      lastPosition: result.lastPosition,
    });
    this.undoJournal.push(() => this.keys.delete(key));
  }
}
