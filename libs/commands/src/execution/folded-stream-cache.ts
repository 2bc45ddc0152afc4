import type { AgreementTerms } from '@ledger/domain';

/** A stream's state as folded from the store, and the revision of the last event folded. */
export interface FoldedStream<State> {
  state: State;
  revision: number;
}

/** How many streams a cache keeps folded before it forgets the least recently used. */
export const DEFAULT_CACHED_STREAMS = 20_000;

/**
 * The command layer's memory of the streams it has read: for each, the state folded from the
 * store and the revision it is valid for. A command on a cached stream reads only the events
 * recorded after that revision (usually none) and folds them on, instead of re-reading and
 * re-folding the whole stream: the cost of a command no longer grows with its stream.
 *
 * Only states folded from events the store returned are kept (read back, or returned by the
 * append that wrote them, which the port promises equal what a read returns), never what a
 * command decided, so a cached state is always exactly the fold of the stream up to its
 * revision. It may be stale, when another writer (a second process on the same file, an
 * import) has appended since: see `StreamReads` for how a command stays right regardless.
 *
 * An agreement's terms come from its first event and never change, so they are cached by
 * agreement id and read once.
 */
export class FoldedStreamCache {
  private readonly streams = new Map<string, FoldedStream<unknown>>();
  private readonly terms = new Map<string, AgreementTerms>();

  constructor(private readonly capacity: number = DEFAULT_CACHED_STREAMS) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`A stream cache holds at least one stream, got ${capacity}`);
    }
  }

  /** The stream's folded state, marked as the most recently used; undefined when not cached. */
  stream<State>(streamId: string): FoldedStream<State> | undefined {
    const folded = this.streams.get(streamId);
    if (folded === undefined) return undefined;
    this.streams.delete(streamId);
    this.streams.set(streamId, folded);
    return folded as FoldedStream<State>;
  }

  rememberStream<State>(streamId: string, folded: FoldedStream<State>): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, folded);
    evictOldest(this.streams, this.capacity);
  }

  agreementTerms(agreementId: string): AgreementTerms | undefined {
    return this.terms.get(agreementId);
  }

  rememberAgreementTerms(agreementId: string, terms: AgreementTerms): void {
    this.terms.set(agreementId, terms);
    evictOldest(this.terms, this.capacity);
  }

  forgetStream(streamId: string): void {
    this.streams.delete(streamId);
  }

  get size(): { streams: number; agreementTerms: number } {
    return { streams: this.streams.size, agreementTerms: this.terms.size };
  }
}

/** Maps iterate in insertion order, and every use re-inserts: the first key is the coldest. */
function evictOldest(entries: Map<string, unknown>, capacity: number): void {
  while (entries.size > capacity) {
    const oldest = entries.keys().next();
    if (oldest.done === true) return;
    entries.delete(oldest.value);
  }
}

/**
 * One attempt's reads through the cache. On a first attempt (`trustCache`), a cached stream is
 * decided on without reading the store at all: if it was stale, the append's expected-revision
 * check refuses the write, so a stale state can never be written on. A stale state could
 * still make the decider refuse the command (say, "no placement" when another process has
 * just started one), so any failure of an attempt that used an unread cached state is not
 * shown to the caller: the command layer forgets those streams and decides again on what the
 * store holds (`trustCache` false, reading whatever is newer than the cache).
 */
export class StreamReads {
  private readonly unread = new Set<string>();

  constructor(
    readonly cache: FoldedStreamCache,
    readonly trustCache: boolean,
  ) {}

  /** Notes that a cached state was decided on without reading the store. */
  decidedOnCache(streamId: string): void {
    this.unread.add(streamId);
  }

  /** True when the attempt used a cached state unread: its failure must be re-decided. */
  get usedUnreadCache(): boolean {
    return this.unread.size > 0;
  }

  /** Forgets the streams decided on unread, so the next attempt reads them whole. */
  forgetUnread(): void {
    for (const streamId of this.unread) this.cache.forgetStream(streamId);
    this.unread.clear();
  }
}
