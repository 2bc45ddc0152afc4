import type { Clock } from '@ledger/commands';
import type { ApiConfig } from '@ledger/config';
import type { EventStore } from '@ledger/event-store';
import {
  connectConfiguredEventStore,
  openConfiguredEventStore,
} from '@ledger/event-store/configured';

/**
 * Opens the configured store without waiting on the network; a data directory that cannot be
 * used stops the boot, named. The EventStoreDB store is only constructed here (the client
 * connects on first use): a process that must know the server is there at boot calls
 * connectEventStore instead. The projector, the relay and the CLI open theirs through the same
 * shared module (`@ledger/event-store/configured`).
 *
 * The clock sets `recordedAt` on the embedded stores. EventStoreDB sets it from its own clock.
 */
export function openEventStore(config: ApiConfig, clock: Clock): EventStore {
  return openConfiguredEventStore(config.store, { clock: () => clock.now() });
}

export interface ConnectOptions {
  /** How long the boot waits for EventStoreDB to answer a ping (default 5000 ms). */
  pingDeadlineMs?: number;
  /** SQLite: told each committed group's size and duration in seconds, for metrics. */
  onGroupCommit?: (appendCount: number, seconds: number) => void;
}

/**
 * Opens the configured store and, for EventStoreDB, connects and pings it before returning:
 * a server that cannot be reached (or refuses this user) stops the boot at once, with a
 * message naming EVENTSTORE_CONNECTION_STRING, instead of failing the first request.
 */
export function connectEventStore(
  config: ApiConfig,
  clock: Clock,
  options: ConnectOptions = {},
): Promise<EventStore> {
  return connectConfiguredEventStore(config.store, {
    clock: () => clock.now(),
    ...(options.pingDeadlineMs !== undefined && { pingDeadlineMs: options.pingDeadlineMs }),
    ...(options.onGroupCommit && { onGroupCommit: options.onGroupCommit }),
  });
}
