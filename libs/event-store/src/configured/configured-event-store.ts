import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '../event-store.port';
import { InMemoryEventStore } from '../in-memory';
import { SqliteEventStore } from '../sqlite';
import {
  connectionStringProblem,
  redactConnectionString,
} from '../eventstoredb/eventstoredb-connection';
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store';

/**
 * The one way every process opens the ledger's configured event store: the API, the projector,
 * the relay and the CLI read the same settings and get the same store, with the same messages
 * when a setting is wrong.
 *
 * - `LEDGER_EVENT_STORE`: `sqlite` (default), `memory` or `eventstoredb`;
 * - `LEDGER_DATA_DIR`: the folder of `ledger.sqlite` (SQLite only);
 * - `EVENTSTORE_CONNECTION_STRING`: required with `eventstoredb`, ignored otherwise.
 *
 * Imported as `@ledger/event-store/configured`, apart from the port's entry point, because it
 * loads the EventStoreDB client.
 */

/** Which event store holds the log. */
export type EventStoreKind = 'sqlite' | 'memory' | 'eventstoredb';
export const EVENT_STORE_KINDS: readonly EventStoreKind[] = ['sqlite', 'memory', 'eventstoredb'];

/** The event store's file in the data directory. */
export const SQLITE_FILE_NAME = 'ledger.sqlite';
export const EVENT_STORE_SETTING = 'LEDGER_EVENT_STORE';
export const CONNECTION_SETTING = 'EVENTSTORE_CONNECTION_STRING';
export const DATA_DIR_SETTING = 'LEDGER_DATA_DIR';

/** A setting that cannot be used. The message names it, so the operator knows what to fix. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`Invalid configuration: ${setting} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** What a process needs to know to open the store. */
export interface EventStoreSettings {
  eventStore: EventStoreKind;
  /** Absolute folder holding `ledger.sqlite` (used by the SQLite store only). */
  dataDir: string;
  /** How to reach EventStoreDB: set exactly when `eventStore` is 'eventstoredb'. */
  eventStoreConnectionString: string | null;
}

/** `LEDGER_EVENT_STORE`, default `sqlite`; a process that cannot use a kind leaves it out. */
export function parseEventStoreKind(
  raw: string | undefined,
  allowed: readonly EventStoreKind[] = EVENT_STORE_KINDS,
): EventStoreKind {
  if (raw === undefined) return 'sqlite';
  const kind = allowed.find((known) => known === raw);
  if (kind !== undefined) return kind;
  const known = allowed.map((name) => `"${name}"`).join(', ');
  throw new ConfigError(EVENT_STORE_SETTING, `must be one of ${known}, got "${raw}"`);
}

/**
 * `EVENTSTORE_CONNECTION_STRING`: required with the EventStoreDB store, and checked the way the
 * client will read it (no connection is made here). Ignored otherwise, so switching
 * LEDGER_EVENT_STORE back to sqlite needs no other change.
 */
export function parseConnectionString(
  kind: EventStoreKind,
  raw: string | undefined,
): string | null {
  if (kind !== 'eventstoredb') return null;
  if (raw === undefined || raw.trim() === '') {
    throw new ConfigError(
      CONNECTION_SETTING,
      'must be set when LEDGER_EVENT_STORE is "eventstoredb" (e.g. esdb://localhost:2113?tls=false)',
    );
  }
  const problem = connectionStringProblem(raw.trim());
  if (problem !== null) throw new ConfigError(CONNECTION_SETTING, problem);
  return raw.trim();
}

export interface OpenStoreOptions {
  /** Sets `recordedAt` on the embedded stores (EventStoreDB uses its own clock). */
  clock?: () => Date;
  /**
   * SQLite: open the existing file read-only, never creating, migrating or writing it (the
   * processes that follow the log). Ignored by the other stores.
   */
  readOnly?: boolean;
  /** SQLite: how often a follower looks for appends made by other processes, in ms. */
  pollIntervalMs?: number;
  /** SQLite and in-memory: events per page when a subscription catches up. */
  catchUpPageSize?: number;
  /** EventStoreDB: how long connect waits for the server to answer a ping (default 5000 ms). */
  pingDeadlineMs?: number;
  /** SQLite: told each committed group's size and duration (SqliteEventStoreOptions), for metrics. */
  onGroupCommit?: (appendCount: number, seconds: number) => void;
}

/**
 * Opens the configured store without waiting on the network; a data directory that cannot be
 * used stops the process, named. The EventStoreDB store is only constructed here (the client
 * connects on first use): a process that must know the server is there at start calls
 * connectConfiguredEventStore instead.
 */
export function openConfiguredEventStore(
  settings: EventStoreSettings,
  options: OpenStoreOptions = {},
): EventStore {
  if (settings.eventStore === 'memory') {
    return new InMemoryEventStore({
      ...(options.clock && { clock: options.clock }),
      ...(options.catchUpPageSize !== undefined && { catchUpPageSize: options.catchUpPageSize }),
    });
  }
  if (settings.eventStore === 'eventstoredb') {
    return new EventStoreDbEventStore({
      connectionString: requiredConnectionString(settings),
      pingDeadlineMs: options.pingDeadlineMs ?? DEFAULT_PING_DEADLINE_MS,
    });
  }
  const file = join(settings.dataDir, SQLITE_FILE_NAME);
  try {
    if (!options.readOnly) mkdirSync(settings.dataDir, { recursive: true });
    return new SqliteEventStore(file, {
      ...(options.clock && { clock: options.clock }),
      ...(options.readOnly && { readOnly: true }),
      ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
      ...(options.catchUpPageSize !== undefined && { catchUpPageSize: options.catchUpPageSize }),
      ...(options.onGroupCommit && { onGroupCommit: options.onGroupCommit }),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      DATA_DIR_SETTING,
      `(${settings.dataDir}) cannot ${options.readOnly ? 'be read as' : 'hold'} the ledger: ${reason}`,
    );
  }
}

const DEFAULT_PING_DEADLINE_MS = 5000;

/**
 * Opens the configured store and, for EventStoreDB, connects and pings it (reads the last event
 * of `$all`, within `pingDeadlineMs`) before returning: a server that cannot be reached, that
 * accepts and never answers, or that refuses this user stops the process at once, with a
 * message naming EVENTSTORE_CONNECTION_STRING (password hidden), instead of failing later.
 */
export async function connectConfiguredEventStore(
  settings: EventStoreSettings,
  options: OpenStoreOptions = {},
): Promise<EventStore> {
  const store = openConfiguredEventStore(settings, options);
  if (settings.eventStore !== 'eventstoredb') return store;
  try {
    await store.ping();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      CONNECTION_SETTING,
      `(${redactConnectionString(requiredConnectionString(settings))}) does not lead to a ` +
        `working EventStoreDB: ${reason}. Start the server, or point ${CONNECTION_SETTING} at one.`,
    );
  }
}

/** Where the store is, for a log line: the SQLite file, or the server with its password hidden. */
export function describeEventStore(settings: EventStoreSettings): string {
  if (settings.eventStore === 'memory') return 'the in-memory store';
  if (settings.eventStore === 'eventstoredb') {
    return `EventStoreDB ${redactConnectionString(requiredConnectionString(settings))}`;
  }
  return join(settings.dataDir, SQLITE_FILE_NAME);
}

function requiredConnectionString(settings: EventStoreSettings): string {
  if (settings.eventStoreConnectionString === null) {
    throw new ConfigError(
      CONNECTION_SETTING,
      'must be set when LEDGER_EVENT_STORE is "eventstoredb"',
    );
  }
  return settings.eventStoreConnectionString;
}
