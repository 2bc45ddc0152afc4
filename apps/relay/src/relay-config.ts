import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const LEDGER_FILE_NAME = 'ledger.sqlite';

export interface RelayConfig {
  /** The SQLite event store to follow. */
  ledgerFile: string;
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
 * - `LEDGER_DATA_DIR` (required): the folder holding `ledger.sqlite`;
 * - `KAFKA_BROKERS` (required): `host:port[,host:port…]`;
 * - `LEDGER_RELAY_TRANSACTIONAL_ID` and `LEDGER_RELAY_CHECKPOINT_GROUP` (default `ledger-relay`);
 * - `LEDGER_RELAY_TOPIC_PREFIX` (default none), `LEDGER_RELAY_BATCH_SIZE` (500),
 *   `LEDGER_RELAY_POLL_MS` (100), `LEDGER_RELAY_HEALTH_PORT` (3100; 0 turns it off),
 *   `LEDGER_RELAY_HEALTH_HOST` (127.0.0.1).
 */
export function loadRelayConfig(env: Environment): RelayConfig {
  const dataDir = env.LEDGER_DATA_DIR;
  if (!dataDir) throw new RelayConfigError('LEDGER_DATA_DIR is required: the ledger data folder');
  const ledgerFile = join(dataDir, LEDGER_FILE_NAME);
  if (!existsSync(ledgerFile)) {
    throw new RelayConfigError(
      `LEDGER_DATA_DIR: ${dataDir} holds no ${LEDGER_FILE_NAME}; start the API on it first`,
    );
  }
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
    ledgerFile,
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
