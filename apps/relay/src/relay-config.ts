import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  parseConnectionString,
  parseEventStoreKind,
  SQLITE_FILE_NAME,
  type EventStoreSettings,
} from '@ledger/event-store/configured';

export const LEDGER_FILE_NAME = SQLITE_FILE_NAME;

export interface RelayConfig {
  /**
   * The event store to follow: the SQLite file in `dataDir` (opened read-only), or EventStoreDB
   * (`eventStoreConnectionString`).
   */
  store: EventStoreSettings;
  brokers: string[];
  transactionalId: string;
  checkpointGroup: string;
  topicPrefix: string;
  batchSize: number;
  pollMs: number;
  /** Port of GET /health (0: none). */
  healthPort: number;
  healthHost: string;
}

/** A setting is missing or wrong: the process stops with this message, which names it. */
export class RelayConfigError extends Error {}

type Environment = Record<string, string | undefined>;

/**
 * The relay's settings, validated once at start:
 * - `LEDGER_EVENT_STORE`: `sqlite` (default) or `eventstoredb`;
 * - `LEDGER_DATA_DIR` (required with SQLite): the folder holding `ledger.sqlite`;
 * - `EVENTSTORE_CONNECTION_STRING` (required with EventStoreDB): checked as the API checks it;
 * - `KAFKA_BROKERS` (required): `host:port[,host:port…]`;
 * - `LEDGER_RELAY_TRANSACTIONAL_ID` and `LEDGER_RELAY_CHECKPOINT_GROUP` (default `ledger-relay`);
 * - `LEDGER_RELAY_TOPIC_PREFIX` (default none), `LEDGER_RELAY_BATCH_SIZE` (500),
 *   `LEDGER_RELAY_POLL_MS` (100), `LEDGER_RELAY_HEALTH_PORT` (3100; 0 turns it off),
 *   `LEDGER_RELAY_HEALTH_HOST` (127.0.0.1).
 * A wrong store setting throws the shared ConfigError (as the API's does), any other a
 * RelayConfigError; both name the setting.
 */
export function loadRelayConfig(env: Environment): RelayConfig {
  const eventStore = parseEventStoreKind(env.LEDGER_EVENT_STORE, ['sqlite', 'eventstoredb']);
  const store: EventStoreSettings = {
    eventStore,
    dataDir: eventStore === 'sqlite' ? sqliteDataDir(env.LEDGER_DATA_DIR) : '',
    eventStoreConnectionString: parseConnectionString(eventStore, env.EVENTSTORE_CONNECTION_STRING),
  };
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  if (brokers.length === 0) {
    throw new RelayConfigError('KAFKA_BROKERS is required, e.g. 127.0.0.1:19092');
  }
  const bad = brokers.find((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker));
  if (bad !== undefined) {
    throw new RelayConfigError(`KAFKA_BROKERS: "${bad}" is not host:port`);
  }
  const prefix = env.LEDGER_RELAY_TOPIC_PREFIX ?? '';
  if (!/^[a-zA-Z0-9._-]*$/.test(prefix)) {
    throw new RelayConfigError('LEDGER_RELAY_TOPIC_PREFIX may hold only letters, digits, . _ -');
  }
  return {
    store,
    brokers,
    transactionalId: env.LEDGER_RELAY_TRANSACTIONAL_ID || 'ledger-relay',
    checkpointGroup: env.LEDGER_RELAY_CHECKPOINT_GROUP || 'ledger-relay',
    topicPrefix: prefix,
    batchSize: wholeNumber(env, 'LEDGER_RELAY_BATCH_SIZE', 500, 1, 10_000),
    pollMs: wholeNumber(env, 'LEDGER_RELAY_POLL_MS', 100, 1, 60_000),
    healthPort: wholeNumber(env, 'LEDGER_RELAY_HEALTH_PORT', 3100, 0, 65_535),
    healthHost: env.LEDGER_RELAY_HEALTH_HOST || '127.0.0.1',
  };
}

/** The folder of the SQLite ledger to follow: it must hold `ledger.sqlite`. */
function sqliteDataDir(dataDir: string | undefined): string {
  if (!dataDir) throw new RelayConfigError('LEDGER_DATA_DIR is required: the ledger data folder');
  if (!existsSync(join(dataDir, LEDGER_FILE_NAME))) {
    throw new RelayConfigError(
      `LEDGER_DATA_DIR: ${dataDir} holds no ${LEDGER_FILE_NAME}; start the API on it first`,
    );
  }
  return resolve(dataDir);
}

function wholeNumber(env: Environment, name: string, fallback: number, min: number, max: number) {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new RelayConfigError(
      `${name} must be a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return Number(value);
}
