import type { EventStore } from '../event-store.port';

/** What an adapter's test gives the contract: a fresh, empty store and a way to clean up. */
export interface EventStoreHarness {
  store: EventStore;
  /** Opens the same storage again (after `store.close()`), for the durability tests. */
  reopen?: () => Promise<EventStore>;
  /** Closes every store the harness opened and removes its storage. */
  cleanup: () => Promise<void>;
}

export type EventStoreFactory = () => Promise<EventStoreHarness>;

/**
 * Where adapters differ. Each difference is a named capability, never a test on the name. A
 * capability that is off never switches a test off silently: the test checks the weaker
 * promise the store still makes, or a describe of its own checks the opposite promise.
 */
export interface EventStoreContractOptions {
  /**
   * `appendToStreams` commits several streams in one transaction (default true): every batch
   * lands, or none does. Without it the store says so (`supportsMultiStreamAppend` is false)
   * and `appendToStreams` rejects, writing nothing.
   */
  multiStreamAppend?: boolean;
  /**
   * Global positions are gap-free (default true): the n-th event ever acknowledged has position
   * n, so the log starts at 1, the head is the number of events, and a refused append leaves
   * no hole behind it.
   *
   * Without it, positions still are, and the contract checks: safe integers of at least 1,
   * unique, strictly increasing in log order (readAll, subscriptions), and stable (the
   * position an append returns is the one every later readStream, readAll and subscription
   * shows). `readAll` and `subscribeToAll` after 0 or after the position of an event give
   * exactly the events after it, in order, and the head is the position of the last event.
   * What is not promised: that positions are consecutive, start at 1, or count anything. A
   * reader computes nothing from a position (no `p + 1`, no count by subtraction), and a
   * checkpoint is only ever 0 or a position the store handed out (EventStoreDB cannot read
   * from a number that is not one of its record positions).
   *
   * The store tells its readers which it is at run time (`EventStore.gapFreePositions`), and
   * the contract checks that the flag equals this option.
   */
  gapFreePositions?: boolean;
  /**
   * The store sets `metadata.hashChain` on every event at append, inside the write, so every
   * stream is a hash chain and `verifyChain` passes a clean log (default true). Needs
   * `gapFreePositions`: the canonical form hashes the gap-free position, and `verifyChain`
   * finds removed events by the gaps they leave.
   *
   * Without it, recorded events carry no `hashChain` at all: their metadata reads back exactly
   * as the appender gave it. An appender's own `hashChain` is still refused with RangeError
   * (only a store may set one), and `verifyChain` reports a non-empty log as broken at its
   * first event, never as intact. An empty log verifies, as there is nothing to check.
   */
  hashChainAtAppend?: boolean;
  /**
   * Event ids are unique across the store (default true): an append carrying an id that is
   * already stored, anywhere, is refused with DuplicateEventIdError and writes nothing.
   *
   * Without it, the store promises what a server-side deduplication gives: an identical retry
   * of an acknowledged append (the same events, to the same stream, with the same
   * `'no-stream'` or exact expected revision) writes nothing again and answers with the
   * original result, so a retry after a lost acknowledgement is harmless. An id reused inside
   * a different append may be stored a second time.
   */
  uniqueEventIds?: boolean;
  /** The log survives close and reopen; the factory must then give `reopen` (default false). */
  survivesReopen?: boolean;
  /** Guard for waits on subscriptions; a hang detector, not a speed bound (default 10000). */
  waitTimeoutMs?: number;
}

export interface ContractContext {
  readonly store: EventStore;
  readonly harness: EventStoreHarness;
  readonly options: Required<EventStoreContractOptions>;
}

/** The options with their defaults; refuses a combination no store can honour. */
export function contractOptions(
  options: EventStoreContractOptions,
): Required<EventStoreContractOptions> {
  const resolved: Required<EventStoreContractOptions> = {
    multiStreamAppend: options.multiStreamAppend ?? true,
    gapFreePositions: options.gapFreePositions ?? true,
    hashChainAtAppend: options.hashChainAtAppend ?? true,
    uniqueEventIds: options.uniqueEventIds ?? true,
    survivesReopen: options.survivesReopen ?? false,
    waitTimeoutMs: options.waitTimeoutMs ?? 10_000,
  };
  if (resolved.hashChainAtAppend && !resolved.gapFreePositions) {
    throw new TypeError(
      'hashChainAtAppend needs gapFreePositions: the hash covers the gap-free position, and ' +
        'verifyChain finds removed events by their gaps',
    );
  }
  return resolved;
}

/** Gives every test its own fresh store, and cleans it up afterwards. */
export function useHarness(
  factory: EventStoreFactory,
  options: EventStoreContractOptions,
): ContractContext {
  const resolved = contractOptions(options);
  let current: EventStoreHarness | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  const harness = (): EventStoreHarness => {
    if (current === undefined) throw new Error('The contract harness is used outside a test');
    return current;
  };
  return {
    get store() {
      return harness().store;
    },
    get harness() {
      return harness();
    },
    options: resolved,
  };
}
