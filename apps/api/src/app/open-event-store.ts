import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '@ledger/commands';
import { InMemoryEventStore, SqliteEventStore, type EventStore } from '@ledger/event-store';
import { EventStoreDbEventStore, redactConnectionString } from '@ledger/event-store/eventstoredb';
import { ConfigError, type LedgerConfig } from '../config/ledger-config';

export const SQLITE_FILE_NAME = 'ledger.sqlite';
const CONNECTION_SETTING = 'EVENTSTORE_CONNECTION_STRING';

/**
 * Opens the configured store without waiting on the network; a data directory that cannot be
 * used stops the boot, named. The EventStoreDB store is only constructed here (the client
 * connects on first use): a process that must know the server is there at boot calls
 * connectEventStore instead.
 *
 * The clock sets `recordedAt` on the embedded stores. EventStoreDB sets it from its own clock.
 */
export function openEventStore(config: LedgerConfig, clock: Clock): EventStore {
  const recordedAt = (): Date => clock.now();
  if (config.eventStore === 'memory') return new InMemoryEventStore({ clock: recordedAt });
  if (config.eventStore === 'eventstoredb') {
    return new EventStoreDbEventStore({ connectionString: eventStoreConnection(config) });
  }
  try {
    mkdirSync(config.dataDir, { recursive: true });
    return new SqliteEventStore(join(config.dataDir, SQLITE_FILE_NAME), { clock: recordedAt });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      'LEDGER_DATA_DIR',
      `(${config.dataDir}) cannot hold the ledger: ${reason}`,
    );
  }
}

export interface ConnectOptions {
  /** How long the boot waits for EventStoreDB to answer a ping (default 5000 ms). */
  pingDeadlineMs?: number;
}

/**
 * Opens the configured store and, for EventStoreDB, connects and pings it before returning:
 * a server that cannot be reached (or refuses this user) stops the boot at once, with a
 * message naming EVENTSTORE_CONNECTION_STRING, instead of failing the first request.
 */
export async function connectEventStore(
  config: LedgerConfig,
  clock: Clock,
  options: ConnectOptions = {},
): Promise<EventStore> {
  if (config.eventStore !== 'eventstoredb') return openEventStore(config, clock);
  const connectionString = eventStoreConnection(config);
  const store = new EventStoreDbEventStore({
    connectionString,
    pingDeadlineMs: options.pingDeadlineMs ?? 5000,
  });
  try {
    await store.ping();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      CONNECTION_SETTING,
      `(${redactConnectionString(connectionString)}) does not lead to a working EventStoreDB: ` +
        `${reason}. Start the server, or point ${CONNECTION_SETTING} at one.`,
    );
  }
}

function eventStoreConnection(config: LedgerConfig): string {
  if (config.eventStoreConnectionString === null) {
    throw new ConfigError(
      CONNECTION_SETTING,
      'must be set when LEDGER_EVENT_STORE is "eventstoredb"',
    );
  }
  return config.eventStoreConnectionString;
}
