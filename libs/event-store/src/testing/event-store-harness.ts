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

/** Where adapters differ. Each difference is a named capability, never a test on the name. */
export interface EventStoreContractOptions {
  /** The adapter appends to several streams in one transaction (default true). */
  multiStreamAppend?: boolean;
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

/** Gives every test its own fresh store, and cleans it up afterwards. */
export function useHarness(
  factory: EventStoreFactory,
  options: EventStoreContractOptions,
): ContractContext {
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
    options: {
      multiStreamAppend: options.multiStreamAppend ?? true,
      survivesReopen: options.survivesReopen ?? false,
      waitTimeoutMs: options.waitTimeoutMs ?? 10_000,
    },
  };
}
