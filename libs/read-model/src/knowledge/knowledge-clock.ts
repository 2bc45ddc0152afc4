import type { RecordedEvent } from '@ledger/event-store';
import { AppendOnlyStore, storeProjection, type Snapshot } from '../projection/append-only-store';

/**
 * An instant in the one ISO 8601 form the store writes (`2025-07-02T09:00:00.000Z`), in which
 * text order is time order, so the fold compares strings and never parses a date.
 */
function canonicalInstant(raw: string): string | null {
  if (raw.length === 24 && raw[10] === 'T' && raw[23] === 'Z') return raw;
  const epochMs = Date.parse(raw);
  return Number.isNaN(epochMs) ? null : new Date(epochMs).toISOString();
}

/**
 * Turns a knowledge time (`knownAt=<ISO timestamp>`) into a log position. Positions order the
 * log; server clocks may step back, so the answer is the longest prefix of the log whose events
 * were all recorded at or before the timestamp.
 */
export class KnowledgeClockStore extends AppendOnlyStore<KnowledgeClockStore> {
  constructor(
    private readonly positions: number[] = [],
    /** Latest recordedAt of the log up to and including each position. */
    private readonly latestRecorded: string[] = [],
  ) {
    super();
  }

  record(event: RecordedEvent): void {
    const recorded = canonicalInstant(event.recordedAt);
    if (recorded === null) {
      throw new RangeError(
        `Event ${event.eventId} has no readable recordedAt: ${event.recordedAt}`,
      );
    }
    const previous = this.latestRecorded[this.latestRecorded.length - 1];
    this.positions.push(event.position);
    this.latestRecorded.push(previous !== undefined && previous > recorded ? previous : recorded);
  }

  copyUpTo(position: number): KnowledgeClockStore {
    const count = this.countUpTo(position);
    return new KnowledgeClockStore(
      this.positions.slice(0, count),
      this.latestRecorded.slice(0, count),
    );
  }

  private countUpTo(position: number): number {
    let count = this.positions.length;
    while (count > 0 && this.positions[count - 1] > position) count -= 1;
    return count;
  }

  /** The last position whose prefix was all recorded by `instant`, up to position `limit`. */
  positionKnownAt(instant: string, limit: number): number {
    const count = this.countUpTo(limit);
    let low = 0;
    let high = count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.latestRecorded[mid] <= instant) low = mid + 1;
      else high = mid;
    }
    return low === 0 ? 0 : this.positions[low - 1];
  }
}

export type KnowledgeClockState = Snapshot<KnowledgeClockStore>;

export const knowledgeClockProjection = storeProjection(() => new KnowledgeClockStore());

/** The log position a knowledge-time query reads up to, e.g. "what did we say at end of April?". */
export function positionKnownAt(clock: KnowledgeClockState, knownAt: string): number {
  const instant = canonicalInstant(knownAt);
  if (instant === null) {
    throw new RangeError(`knownAt must be an ISO 8601 timestamp, got ${knownAt}`);
  }
  return clock.store.positionKnownAt(instant, clock.position);
}
